#!/usr/bin/env bash
# Sync client benchmarks (docs/bench-client.md): bytes on the wire per response and catch-up time,
# measured with real processes on 127.0.0.1 through tests/sync_e2e/fault_proxy.py (faults off, so
# the proxy only forwards and counts bytes; with faults for the recovery row).
#
#   tests/bench/client_sync_bench.sh [BUILD_DIR]      (default: build)
#
# Needs suara-server and suara-kiosk-headless (or suara-kiosk) built in BUILD_DIR. Writes JSON per
# run to BUILD_DIR/bench/client/ and prints a Markdown table. Takes about 2-3 minutes here: most of
# it is the kiosk storing 10,000 responses one fsync'd transaction at a time before the catch-up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
server="$build/sync/server/suara-server"
kiosk="$build/kiosk/headless/suara-kiosk-headless"
[ -x "$kiosk" ] || kiosk="$build/kiosk/app/suara-kiosk"
out="$build/bench/client"
mkdir -p "$out"
export SUARA_ASSETS="${SUARA_ASSETS:-$root/assets}"

run() { # name, then exactly_once.py arguments
    local name="$1"; shift
    python3 "$root/tests/sync_e2e/exactly_once.py" --server "$server" --kiosk "$kiosk" \
        --proxy "$root/tests/sync_e2e/fault_proxy.py" --workdir "$out/work-$name" --json "$out/$name.json" "$@" \
        > "$out/$name.log" 2>&1 || { echo "bench run $name failed; see $out/$name.log" >&2; exit 1; }
    rm -rf "$out/work-$name"
}

# 1. Catch-up: one kiosk that was offline with 10,000 pending, default limits (500 records / 256 KiB).
run catchup-10k --kiosks 1 --responses 10000 --store-first --no-faults --kills 0
# 2. The same with batch_max_bytes = 1 MiB, so every batch holds exactly 500 records.
run catchup-10k-500 --kiosks 1 --responses 10000 --store-first --no-faults --kills 0 \
    --extra-sync 'batch_max_bytes = 1048576'
# 3. Bytes per response by batch size (2,000 pending each).
for n in 10 50 100 250 500; do
    run batch-$n --kiosks 1 --responses 2000 --store-first --no-faults --kills 0 \
        --extra-sync "batch_max_records = $n\\nbatch_max_bytes = 1048576"
done
# 4. Live: 5 kiosks storing and syncing at once, no faults; then the same with faults and 3 kills.
run live-5x2000 --kiosks 5 --responses 2000 --no-faults --kills 0
run faults-5x2000 --kiosks 5 --responses 2000 --kills 3

python3 - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
def load(n): return json.load(open(os.path.join(out, n + ".json")))
print("| run | batches | JSON B/resp | gzip body B/resp | wire up B/resp (proxy) | wire down B/resp | catch-up s | sync wall s |")
print("|---|---|---|---|---|---|---|---|")
for name in ["catchup-10k", "catchup-10k-500"] + [f"batch-{n}" for n in (10, 50, 100, 250, 500)] + ["live-5x2000", "faults-5x2000"]:
    d = load(name)
    c = d["client"]
    print(f"| {name} | {c['batches']} | {d['client_json_bytes_per_response']} | {d['client_gzip_body_bytes_per_response']} | "
          f"{d['wire_bytes_up_per_response']} | {d['wire_bytes_down_per_response']} | {c['catchup_s_max']:.2f} | {d['sync_wall_s']} |")
EOF
