#!/bin/sh
# bench_sweep.sh - a sweep of scenes/retrofit.cfg over robots x AGV count x
# a buffer (2 x 4 x 3 = 24 scenarios, 10 replications each: 240 runs):
# wall time and runs per second on 1 and 2 threads, under mpirun with 1 and
# 2 ranks, and with the journal (--out); every variant must print the same
# bytes as -j 1 (checked, a figure that is wrong is worth nothing).
#   bench/bench_sweep.sh [BUILD_DIR]   (default: build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
lt=$build/app/linetwin
[ -x "$lt" ] || { echo "bench_sweep: build $lt first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -- sweep scenes/retrofit.cfg \
    --vary 'robots.robot_op10.load=tri(15s, 20s, 30s),tri(8s, 10s, 15s)' \
    --vary fleets.agv.count=1..4 --vary stations.wash.buffer=8,16,32 --reps 10 --json
runs=240
now() { date +%s.%N; }
best=""
cpu=0
# time LABEL COMMAND...: the best of 3, and the output compared with -j 1's
timeit() {
    label=$1
    shift
    best=""
    for i in 1 2 3; do
        rm -rf "$tmp/out"
        t0=$(now)
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f "%U %S" -o "$tmp/cpu" "$@" > "$tmp/this.json" 2>/dev/null
        else
            "$@" > "$tmp/this.json" 2>/dev/null
            echo "0 0" > "$tmp/cpu"
        fi
        t1=$(now)
        t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
            best=$t
            cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$tmp/cpu")
        fi
    done
    if [ -f "$tmp/ref.json" ]; then
        cmp -s "$tmp/ref.json" "$tmp/this.json" || { echo "bench_sweep: $label printed other bytes" >&2; exit 1; }
    else
        cp "$tmp/this.json" "$tmp/ref.json"
    fi
    # runs per second of wall time; the CPU time (user + system, all
    # threads and ranks) of that run; CPU / wall: the cores it kept busy.
    printf '%-34s %7.2f s %7.1f runs/s   cpu %6.2f s, %6.1f runs/cpu-s, cpu/wall %.2f\n' "$label" "$best" \
        "$(awk -v r="$runs" -v t="$best" 'BEGIN { print r / t }')" "$cpu" \
        "$(awk -v r="$runs" -v c="$cpu" 'BEGIN { print (c > 0 ? r / c : 0) }')" \
        "$(awk -v c="$cpu" -v t="$best" 'BEGIN { print c / t }')"
}
echo "retrofit.cfg: 24 scenarios x 10 replications = $runs runs; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
timeit "-j 1" "$lt" "$@" -j 1
j1=$best
timeit "-j 2" "$lt" "$@" -j 2
j2=$best
timeit "-j 2, journal (--out)" "$lt" "$@" -j 2 --out "$tmp/out"
echo "speed-up 1 -> 2 threads: $(awk -v a="$j1" -v b="$j2" 'BEGIN { printf "%.2f", a / b }')"
if command -v mpirun >/dev/null 2>&1; then
    mpi="mpirun --oversubscribe"
    [ "$(id -u)" -eq 0 ] && mpi="$mpi --allow-run-as-root"
    timeit "mpirun -np 1, -j 1" $mpi -np 1 "$lt" "$@" -j 1
    m1=$best
    timeit "mpirun -np 2, -j 1" $mpi -np 2 "$lt" "$@" -j 1
    m2=$best
    echo "speed-up 1 -> 2 ranks: $(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(uptime))"
