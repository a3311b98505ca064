#!/bin/sh
# Builds the scene-loader fuzzer with clang (libFuzzer + AddressSanitizer +
# UndefinedBehaviorSanitizer) and runs it for a bounded time.
#   tests/fuzz/run.sh [SECONDS [SEED]]     default 30 s, a random seed
# CI passes a fixed seed, so that a submission's fuzzing is repeatable (the
# same inputs, in the same order, as far as the time allows); longer runs
# with random seeds are how new problems are searched for.
# Seed corpus: every example scene and every broken scene. New inputs found
# go to build-fuzz/corpus (kept between runs); a crash leaves its input in
# build-fuzz/ and makes this script fail. The loader no longer uses
# libconfig; tests/lsan.supp (leak:libconfig.so) is for the test that
# compares our parser with it.
set -eu
cd "$(dirname "$0")/../.."
secs="${1:-30}"
seed="${2:-0}"
dir="${LINETWIN_FUZZ_DIR:-build-fuzz}"
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINETWIN_FUZZ=ON \
      -DLINETWIN_SANITIZE=ON -DLINETWIN_RENDER=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build "$dir" --target fuzz_scene -j"$(nproc 2>/dev/null || echo 2)"
fuzzer=$(find "$dir" -type f -name fuzz_scene -perm -u+x | head -n 1)
[ -n "$fuzzer" ] || { echo "fuzz_scene was not built" >&2; exit 1; }
fuzzer="$(cd "$(dirname "$fuzzer")" && pwd)/fuzz_scene"
dict="$(pwd)/tests/fuzz/scene.dict"
mkdir -p "$dir/corpus" "$dir/seeds"
cp scenes/*.cfg scenes/validation/*.cfg tests/broken/*.cfg "$dir/seeds/"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
cd "$dir"
exec "$fuzzer" -max_total_time="$secs" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
     -dict="$dict" -print_final_stats=1 corpus seeds
