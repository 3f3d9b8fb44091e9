#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks: initdb in a temporary directory as
# an unprivileged user, a free local port, the unix socket inside the temporary directory.
#
#   tests/pg/pg_cluster.sh start STATE_DIR [--durable]   prints the base URL, writes STATE_DIR/url
#   tests/pg/pg_cluster.sh stop STATE_DIR                 stops the cluster and removes its files
#   tests/pg/pg_cluster.sh url STATE_DIR                  prints the base URL of a running cluster
#
# The base URL names the database `postgres`; tests create their own databases from it. Without
# --durable the cluster runs with fsync=off (tests only: a power cut loses the throwaway data);
# the benchmarks pass --durable so commits are as durable as SQLite's synchronous=FULL.
# As root, the cluster runs as the `postgres` user of Debian's postgresql package (or `suara-pg`,
# created on demand, when that user is missing): initdb refuses to run as root. The data lives in
# /tmp (or $SUARA_PG_TMP), not in STATE_DIR, so the unprivileged user can reach it whatever the
# permissions of the build tree; STATE_DIR only records where it is.
set -euo pipefail

cmd="${1:-}"
state="${2:-}"
if [ -z "$cmd" ] || [ -z "$state" ]; then
    echo "usage: $0 start|stop|url STATE_DIR [--durable]" >&2
    exit 2
fi
durable=0
[ "${3:-}" = "--durable" ] && durable=1

pgbin="${SUARA_PG_BIN:-}"
if [ -z "$pgbin" ]; then
    for v in 17 16 15 14 13; do
        if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then pgbin="/usr/lib/postgresql/$v/bin"; break; fi
    done
fi
if [ -z "$pgbin" ] && command -v pg_config >/dev/null; then pgbin="$(pg_config --bindir)"; fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "pg_cluster: PostgreSQL server binaries not found (apt-get install postgresql, or set SUARA_PG_BIN)" >&2
    exit 1
fi

# Runs a command as the cluster's owner.
owner=""
as_owner() {
    if [ -z "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then
        owner=postgres
    else
        id suara-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin suara-pg
        owner=suara-pg
    fi
fi

stop_cluster() {
    local dir
    [ -f "$state/dir" ] || return 0
    dir="$(cat "$state/dir")"
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    # Whatever pg_ctl could not stop (a half-initialised cluster) is killed by its recorded pid.
    if [ -f "$dir/data/postmaster.pid" ]; then
        local pid
        pid="$(head -1 "$dir/data/postmaster.pid")"
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    case "$dir" in
        */suara-pg.*) rm -rf "$dir" ;;
    esac
    rm -f "$state/dir" "$state/url" "$state/port"
}

case "$cmd" in
stop)
    stop_cluster
    exit 0
    ;;
url)
    cat "$state/url"
    exit 0
    ;;
start) ;;
*)
    echo "pg_cluster: unknown command $cmd" >&2
    exit 2
    ;;
esac

# A cluster left over by an interrupted run is stopped first.
mkdir -p "$state"
stop_cluster

dir="$(mktemp -d "${SUARA_PG_TMP:-/tmp}/suara-pg.XXXXXX")"
chmod 700 "$dir"
[ -n "$owner" ] && chown "$owner" "$dir"
echo "$dir" >"$state/dir"
trap 'echo "pg_cluster: start failed; log:" >&2; cat "$dir/log" >&2 2>/dev/null || true; stop_cluster' ERR

# A free TCP port on 127.0.0.1 (the socket name is derived from it too).
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# The superuser `suara` logs in without a password over the unix socket (only the owner and root
# can open the 0700 directory) and with the password `suara-test` over TCP (scram-sha-256).
echo "suara-test" >"$dir/pwfile"
[ -n "$owner" ] && chown "$owner" "$dir/pwfile"
as_owner "$pgbin/initdb" -D "$dir/data" -U suara --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1
rm -f "$dir/pwfile"
fsync=off
[ "$durable" -eq 1 ] && fsync=on
cat >>"$dir/data/postgresql.conf" <<EOF
# suara throwaway cluster (tests/pg/pg_cluster.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
fsync = $fsync
synchronous_commit = $fsync
full_page_writes = $fsync
max_wal_size = 2GB
log_min_messages = warning
log_min_error_statement = panic
log_line_prefix = '%m [%p] '
deadlock_timeout = 100ms
EOF
as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start >/dev/null
trap - ERR

url="postgresql://suara@/postgres?host=$dir&port=$port"
echo "$url" >"$state/url"
echo "$port" >"$state/port"
echo "$url"
