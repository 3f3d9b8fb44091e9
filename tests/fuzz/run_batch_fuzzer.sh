#!/usr/bin/env bash
# Builds the batch fuzzer with clang (its own build directory, only the targets it needs) and runs
# it for SECONDS with the seed corpus. Usage: run_batch_fuzzer.sh SOURCE_DIR BUILD_DIR [SECONDS] [-- extra libFuzzer args]
# The working corpus (seeds + what the run found) stays in BUILD_DIR/corpus; crashes land in
# BUILD_DIR/artifacts and make the script fail.
set -euo pipefail
src="$1"; build="$2"; seconds="${3:-20}"
shift $(( $# >= 3 ? 3 : $# ))
[ "${1:-}" = "--" ] && shift

if [ ! -x "$build/tests/fuzz/batch_fuzzer" ] || [ -n "$(find "$src/sync/protocol" "$src/analytics/src" "$src/analytics/include" "$src/tests/fuzz" -newer "$build/tests/fuzz/batch_fuzzer" -name '*.[ch]*' -print -quit)" ]; then
    CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSUARA_BUILD_KIOSK=OFF -DSUARA_BUILD_BENCHMARKS=OFF \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer" >/dev/null
    cmake --build "$build" --target batch_fuzzer -j "${SUARA_FUZZ_JOBS:-2}" >/dev/null
fi

mkdir -p "$build/corpus" "$build/artifacts"
export SUARA_ASSETS="${SUARA_ASSETS:-$src/assets}"
exec "$build/tests/fuzz/batch_fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$@" "$build/corpus" "$src/tests/fuzz/corpus/batch"
