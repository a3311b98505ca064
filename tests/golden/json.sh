#!/bin/sh
# The kept results: every scene of the project (scenes/*.cfg,
# scenes/validation/*.cfg, tests/scenes/*.cfg) run with `run --reps 3
# --json` must give the JSON stored in tests/golden/json/ byte for byte
# (the version line aside). A change that moves a number on purpose
# regenerates them with `tests/golden/json.sh --update BUILD/app/linetwin`
# and says in its commit message which scenes changed and why.
#
# usage: json.sh [--update] LINETWIN [SOURCE_DIR]
update=0
if [ "$1" = "--update" ]; then update=1; shift; fi
bin=$1
src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -x "$bin" ] || { echo "json.sh: no linetwin at '$bin'" >&2; exit 2; }
dir=$src/tests/golden/json
mkdir -p "$dir"
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
cd "$src" || exit 2
fail=0 n=0
for f in scenes/*.cfg scenes/validation/*.cfg tests/scenes/*.cfg; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    gold=$dir/$(echo "$f" | tr / _ | sed 's/\.cfg$//').json
    if ! "$bin" run "$f" --reps 3 --json 2>&1 | grep -v '^  "linetwin": ' >"$tmp"; then
        echo "FAIL $f: the run failed"; fail=1; continue
    fi
    if [ $update = 1 ]; then
        cp "$tmp" "$gold"; echo "kept $f"
    elif [ ! -f "$gold" ]; then
        echo "FAIL $f: no kept result (tests/golden/json.sh --update)"; fail=1
    elif ! cmp -s "$tmp" "$gold"; then
        echo "FAIL $f: the JSON differs from $gold:"; diff "$gold" "$tmp" | head -20; fail=1
    fi
done
for g in "$dir"/*.json; do
    [ -f "$g" ] || continue
    s=$(basename "$g" .json)
    found=0
    for f in scenes/*.cfg scenes/validation/*.cfg tests/scenes/*.cfg; do
        [ "$(echo "$f" | tr / _ | sed 's/\.cfg$//')" = "$s" ] && found=1
    done
    [ $found = 1 ] || { echo "FAIL $g: kept result of a scene that no longer exists"; fail=1; }
done
[ $n -gt 0 ] || { echo "FAIL: no scenes found under $src"; exit 1; }
[ $fail = 0 ] && echo "all $n scenes give their kept JSON"
exit $fail
