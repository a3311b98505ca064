#!/bin/sh
# Headless start-up of the command (issue 21): what `linetwin` costs before
# it does any work, now that the viewer is a separate program
# (linetwin-view) that only `view` and `snapshot` start.
#   1. CPU time of `linetwin --version` (user + system, per run, mean of
#      200), and of linetwin-view printing its usage, which maps SDL2 and
#      its ~70 libraries: the cost every process paid before;
#   2. peak resident set of `linetwin run` on the M/M/1 scene (10
#      replications of 101 days, one thread and the default threads);
#   3. wall time of 20 replications of the demo on 1 and 2 threads, best of
#      3, and the speed-up.
# Prints figures; asserts nothing. Usage: bench/headless.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/app/linetwin
view=$build/app/linetwin-view
[ -x "$bin" ] || { echo "headless.sh: $bin is not built" >&2; exit 1; }
T=/usr/bin/time
[ -x $T ] || { echo "headless.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

cpu_per_run() {  # N CMD...: mean user+system CPU seconds of N runs of CMD
    n=$1
    shift
    $T -f "%U %S" sh -c 'n=$1; shift; i=0; while [ $i -lt $n ]; do "$@" >/dev/null 2>&1 || true; i=$((i+1)); done' \
        sh "$n" "$@" 2>&1 >/dev/null | tail -n 1 | awk -v n="$n" '{ printf "%.2f ms", ($1 + $2) * 1000 / n }'
}
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "linetwin needs: $(objdump -p "$bin" | awk '/NEEDED/ {printf "%s ", $2}')"
echo "--version CPU time per run:       $(cpu_per_run 200 "$bin" --version)"
[ -x "$view" ] && echo "linetwin-view (SDL2) start, per run: $(cpu_per_run 50 "$view")"

rss() {  # CMD...: peak RSS in MB
    $T -f "%M" "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.1f MB", $1 / 1024 }'
}
mm1=scenes/validation/mm1.cfg
echo "peak RSS, run $mm1 -j 1:  $(rss "$bin" run $mm1 -j 1)"
echo "peak RSS, run $mm1 (default threads): $(rss "$bin" run $mm1)"

wall() {  # CMD...: best wall seconds of 3
    best=
    for _ in 1 2 3; do
        t=$($T -f "%e" "$@" 2>&1 >/dev/null | tail -n 1)
        best=$(echo "$t $best" | awk '{ if (NF == 1 || $1 + 0 < $2 + 0) print $1; else print $2 }')
    done
    echo "$best"
}
one=$(wall "$bin" run scenes/demo.cfg --reps 20 -j 1)
two=$(wall "$bin" run scenes/demo.cfg --reps 20 -j 2)
echo "demo, 20 replications: -j 1 ${one} s, -j 2 ${two} s, speed-up $(echo "$one $two" | awk '{ printf "%.2f", $1 / $2 }')x"
