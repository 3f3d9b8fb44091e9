#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (their own build directory, only the targets they need)
# and runs one of them with its seed corpus.
#
#   run_fuzzer.sh SOURCE_DIR BUILD_DIR build             build (or bring up to date) every harness
#   run_fuzzer.sh SOURCE_DIR BUILD_DIR NAME [SECONDS] [-- extra libFuzzer args]
#
# NAME is batch, csv, accumulator, instrument or redact (tests/fuzz/NAME_fuzzer.cpp, seeds in
# tests/fuzz/corpus/NAME). The working corpus (seeds + what the run found) stays in
# BUILD_DIR/corpus/NAME, so every run goes on from where the last one got to; a crash lands in
# BUILD_DIR/artifacts/NAME and makes the script fail. Once fixed, the crashing input joins the seed
# corpus as tests/fuzz/corpus/NAME/regression-* (the seeds are kept small and readable; the grown
# corpus is thousands of files and stays in the build directory).
set -euo pipefail
src="$1"; build="$2"; name="$3"; seconds="${4:-20}"
shift $(( $# >= 4 ? 4 : $# ))
[ "${1:-}" = "--" ] && shift
harnesses=(batch csv accumulator instrument redact)

build_all() {
    local newest="$build/tests/fuzz/redact_fuzzer"
    if [ -x "$newest" ] && [ -z "$(find "$src/sync/protocol" "$src/analytics" "$src/present" "$src/base" \
            "$src/tests/fuzz" -newer "$newest" -name '*.[ch]*' -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSUARA_BUILD_KIOSK=OFF -DSUARA_BUILD_BENCHMARKS=OFF \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer" >/dev/null
    cmake --build "$build" --target "${harnesses[@]/%/_fuzzer}" -j "${SUARA_FUZZ_JOBS:-2}" >/dev/null
    touch "$newest"
}

if [ "$name" = build ]; then
    build_all
    exit 0
fi
build_all
[ -d "$src/tests/fuzz/corpus/$name" ] || { echo "run_fuzzer.sh: no harness '$name' (${harnesses[*]})" >&2; exit 2; }

corpus="$build/corpus/$name" artifacts="$build/artifacts/$name"
mkdir -p "$corpus" "$artifacts"
export SUARA_ASSETS="${SUARA_ASSETS:-$src/assets}"
exec "$build/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus" "$src/tests/fuzz/corpus/$name"
