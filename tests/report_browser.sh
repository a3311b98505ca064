#!/bin/sh
# The HTML report (--report, docs/report.md) in a real browser: headless
# Chromium renders the pages of `compare` and `sweep`; tests/report_check.py
# checks the DOM it built (every chart an <svg> with drawn data marks) and
# its screenshot (a PNG of the window's size, with text and coloured charts).
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

# compare: the targets, 6 KPIs, states, throughput and WIP (10);
# sweep: 6 KPIs, 2 responses, the heat map, throughput and WIP (11).
for page in compare:10 sweep:11; do
    name=${page%%:*} min=${page#*:}
    render "$name"
    "$py" "$src/tests/report_check.py" "$tmp/$name.dom" "$tmp/$name.png" "$min" || fail "$name: the page fails the check"
done

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
