#!/bin/sh
# The HTML report (--report, docs/report.md) in a real browser: headless
# Chromium renders the pages of `compare` and `sweep`; tests/report_check.py
# checks the DOM it built (every chart an <svg> with drawn data marks) and
# its screenshot (a PNG of the window's size, with text and coloured charts).
# The per-entity tables of three compare pages (demo -> retrofit: material
# handling, stations, people; assembly -> batches changed: batching,
# assembly and its components, a station that batches in the retrofit
# only; docks -> faster belt, a third AGV: AS/RS, docks, conveyors) are
# checked against `compare --json` of the same run by tests/report_tables.py.
# Then the check itself is checked: the same page with the data marks of
# one chart turned grey must fail it.
#
# usage: report_browser.sh LINETWIN SOURCE_DIR
# Skipped (exit 77) when Chromium is missing (.ci/deps installs `chromium`)
# or linetwin cannot draw charts (built without cairo, or no libcairo.so.2).
set -u
lt=$1 src=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "report_browser: no chromium (Debian: apt-get install chromium; .ci/deps installs it): skipped"
    exit 77
fi
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
    echo "report_browser: $*" >&2
    fails=$((fails + 1))
}

# render NAME: the DOM and a 1200x3000 screenshot of $tmp/NAME.html.
render() {
    # Its own profile each time: two Chromiums must not share one.
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile-$1" \
        --dump-dom "file://$tmp/$1.html" > "$tmp/$1.dom" 2> "$tmp/$1.log" || fail "$1: chromium --dump-dom failed"
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile-$1" \
        --window-size=1200,3000 --screenshot="$tmp/$1.png" "file://$tmp/$1.html" >> "$tmp/$1.log" 2>&1 ||
        fail "$1: chromium --screenshot failed"
}

"$lt" compare "$src/scenes/demo.cfg" "$src/scenes/retrofit.cfg" --reps 3 --horizon 2d --warmup 8h \
    --report "$tmp/compare.html" > /dev/null 2> "$tmp/compare.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "report: .*cairo" "$tmp/compare.err"; then
    echo "report_browser: linetwin cannot draw charts here: $(head -1 "$tmp/compare.err"): skipped"
    exit 77
fi
[ $rc -eq 0 ] || fail "compare --report exited with $rc: $(cat "$tmp/compare.err")"
"$lt" sweep "$src/scenes/retrofit.cfg" --vary fleets.agv.count=1..3 --vary stations.wash.buffer=8,16 --reps 3 \
    --horizon 2d --warmup 8h --report "$tmp/sweep.html" > /dev/null 2> "$tmp/sweep.err" ||
    fail "sweep --report failed: $(cat "$tmp/sweep.err")"

# compare_pair NAME BASE RETROFIT: the report and the JSON of the same run.
compare_pair() {
    "$lt" compare "$2" "$3" --reps 3 --horizon 3d --warmup 1d --report "$tmp/$1.html" > /dev/null 2> "$tmp/$1.err" ||
        fail "$1: compare --report failed: $(cat "$tmp/$1.err")"
    "$lt" compare "$2" "$3" --reps 3 --horizon 3d --warmup 1d --json > "$tmp/$1.json" 2> "$tmp/$1.err" ||
        fail "$1: compare --json failed: $(cat "$tmp/$1.err")"
}
printf '@include "%s"\nstations = ( { id = "cure"; batch = 4; },\n { id = "saw"; batch = 2; batch_timeout = "10min"; },\n { id = "cnc"; buffer = "unlimited"; } );\n' \
    "$src/scenes/assembly.cfg" > "$tmp/batches.cfg"
printf '@include "%s"\nconveyors = ( { id = "out"; speed = 0.6; } );\nfleets = ( { id = "agv"; count = 3; } );\n' \
    "$src/scenes/docks.cfg" > "$tmp/faster.cfg"
compare_pair assembly "$src/scenes/assembly.cfg" "$tmp/batches.cfg"
compare_pair docks "$src/scenes/docks.cfg" "$tmp/faster.cfg"
"$lt" compare "$src/scenes/demo.cfg" "$src/scenes/retrofit.cfg" --reps 3 --horizon 2d --warmup 8h --json \
    > "$tmp/compare.json" 2> "$tmp/compare.err" || fail "compare --json failed: $(cat "$tmp/compare.err")"

# compare: the targets, 6 KPIs, states, throughput and WIP (10);
# sweep: 6 KPIs, 2 responses, the heat map, throughput and WIP (11).
for page in compare:10 sweep:11 assembly:10 docks:10; do
    name=${page%%:*} min=${page#*:}
    render "$name"
    "$py" "$src/tests/report_check.py" "$tmp/$name.dom" "$tmp/$name.png" "$min" || fail "$name: the page fails the check"
done

# The per-entity tables hold the JSON's numbers.
"$py" "$src/tests/report_tables.py" "$tmp/compare.dom" "$tmp/compare.json" "Material handling" Stations People ||
    fail "compare: the page's tables differ from compare --json"
"$py" "$src/tests/report_tables.py" "$tmp/assembly.dom" "$tmp/assembly.json" Stations Batching Assembly ||
    fail "assembly: the page's tables differ from compare --json"
"$py" "$src/tests/report_tables.py" "$tmp/docks.dom" "$tmp/docks.json" Stations AS/RS Docks Conveyors ||
    fail "docks: the page's tables differ from compare --json"
# saw batches in the retrofit only: one station in both scenes, its batch size a change
grep -q "Station 'saw' (retrofit only)" "$tmp/assembly.dom" && fail "assembly: saw, in both scenes, is listed as the retrofit's only"
grep -q 'data-key="batch"><td class="d1">batch size (scene)</td><td class="n">1</td><td class="n">2</td><td class="n">+1</td>' \
    "$tmp/assembly.dom" || fail "assembly: no batch size 1 -> 2 row for saw"

# The check must see an empty chart: grey out the data colours of the first one.
"$py" - "$tmp/compare.html" "$tmp/empty.html" << 'EOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
start = page.index('<figure class="chart"')
end = page.index("</figure>", start)
grey = re.sub(r"rgb\([^)]*\)", "rgb(50%,50%,50%)", page[start:end])
open(sys.argv[2], "w", encoding="utf-8").write(page[:start] + grey + page[end:])
EOF
render empty
if "$py" "$src/tests/report_check.py" "$tmp/empty.dom" "$tmp/empty.png" 10 2> "$tmp/empty.check"; then
    fail "a page with an empty chart passed the check"
elif ! grep -q "chart 1 .* is empty" "$tmp/empty.check"; then
    fail "the empty chart was not named: $(cat "$tmp/empty.check")"
fi

[ $fails -eq 0 ] && echo "report_browser: ok"
exit $((fails > 0))
