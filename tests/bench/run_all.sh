#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md that finish in minutes, one after another on this machine.
# The 10-million-response runs (server/PostgreSQL report latency, dashboard page time) generate
# their data for 10-20 minutes each; their commands are in docs/benchmarks.md.
#   tests/bench/run_all.sh BUILD_DIR
set -euo pipefail
build="$(cd "${1:?usage: run_all.sh BUILD_DIR}" && pwd)"
src="$(cd "$(dirname "$0")/../.." && pwd)"
export SUARA_ASSETS="$src/assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
section() { printf '\n== %s ==\n' "$*"; }

section "analytics: accumulation, report, merge, binary form (Google Benchmark)"
"$build/tests/bench/analytics_bench"

section "suara report on 1,000,000 rows vs pandas/numpy and R (hyperfine)"
RUNS=5 "$src/tests/bench/cli_report_vs_peers.sh" "$build" 1000000

section "kiosk store: commit latency, summary, export"
"$build/tests/kiosk_core/kiosk_store_bench" --dir "$work"

section "kiosk UI: first frame, idle CPU, RSS, frame times (Xvfb + llvmpipe, 1920x1080)"
"$src/tests/bench/kiosk_ui_bench.sh" "$build/kiosk/app/suara-kiosk" 1920x1080 60 5

section "protocol v1 vs v2: sign and verify one 38.5 KB batch (Google Benchmark)"
"$build/tests/bench/protocol_sign_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

section "server ingest over loopback and bytes on the wire"
"$build/tests/sync_server/server_ingest_bench" --kiosks 4 --batches-per-kiosk 25 --dir "$work/ingest"

section "sync client: bytes on the wire through the proxy, catch-up of 10,000 pending"
"$src/tests/bench/client_sync_bench.sh" "$build"
