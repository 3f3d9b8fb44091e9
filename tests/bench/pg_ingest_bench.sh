#!/usr/bin/env bash
# Ingest throughput, PostgreSQL with 1 and 2 suara-server processes next to SQLite with its one
# process, measured back to back with the same load (docs/bench-pg.md).
#
#   tests/bench/pg_ingest_bench.sh BUILD_DIR [KIOSKS] [BATCHES_PER_KIOSK] [SERVER_THREADS]
#
# Needs BUILD_DIR/tests/pg/pg_ingest_bench and BUILD_DIR/sync/server/suara-server. Starts its own
# durable cluster (fsync on, synchronous_commit on: as durable as SQLite's synchronous=FULL) and
# removes it at the end. Each run gets a fresh database / file.
set -euo pipefail
build="$(cd "$1" && pwd)"
kiosks="${2:-8}" batches="${3:-25}" threads="${4:-8}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SUARA_ASSETS="$root/assets"
bench="$build/tests/pg/pg_ingest_bench"
server="$build/sync/server/suara-server"
state="$build/bench-pg-ingest"
work="$(mktemp -d /tmp/suara-ingest-bench.XXXXXX)"
trap '"$root/tests/pg/pg_cluster.sh" stop "$state"; rm -rf "$work"' EXIT

base="$("$root/tests/pg/pg_cluster.sh" start "$state" --durable)"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(psql -X -At -d "$base" -c 'show server_version')"
echo "# $kiosks kiosks x $batches batches x 500 records, $threads threads per server"
run() { # label db servers
    echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$bench" --server "$server" --db "$2" --servers "$3" --kiosks "$kiosks" --batches-per-kiosk "$batches" \
        --threads "$threads" --label "$1"
}
run "sqlite, 1 process" "$work/ingest.db" 1
for n in 1 2; do
    psql -X -q -d "$base" -c "CREATE DATABASE ingest$n TEMPLATE template0"
    run "postgresql, $n process(es)" "${base/\/postgres\?//ingest$n?}" "$n"
done
