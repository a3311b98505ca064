#!/bin/sh
# The layering of the tree, checked rather than trusted (ARCHITECTURE.md):
#   - SDL only in render/ and the viewer commands (app/cmd_view.c, built
#     into linetwin-view only: the `linetwin` binary needs no SDL) and the
#     render tests; never in the live session (live/), which the viewer
#     drives and tests drive headless;
#   - libconfig only in the scene parser's reference test (and the fuzzer);
#   - chipmunk only in the physics backend (models/src/mdl_agv_physics.c)
#     and the layout check (models/src/mdl_layout.c);
#   - cairo only in the report's charts (app/report_chart.c), never in a
#     library (sim/ models/ scenes/ plan/ exp/ live/ render/ lib/);
#   - no library redirects the process's output (no dup/dup2/dup3/freopen/
#     close(1)) or writes to stdout, in sim/ models/ scenes/ live/ render/ lib/:
#     only app/ owns stdout;
# first in the sources (#include lines and calls), then in the built
# archives (undefined symbols, so that a dependency that comes in through
# a macro or a header of another name is seen too), and last at run time:
# `linetwin run --json` on a physics scene prints exactly one JSON document
# on stdout, without chipmunk's debug banner.
#
# usage: layering.sh SOURCE_DIR BUILD_DIR LINETWIN NM
set -u
src=$1 build=$2 linetwin=$3 nm=${4:-nm}
fails=0
fail() {
    echo "layering: $*" >&2
    fails=$((fails + 1))
}

cd "$src" || exit 1
sources() {  # the C sources and headers of the given folders
    find "$@" -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort
}

# Comments are not code: drop /* ... */ (also over several lines) and //
# comments, keeping the line numbers, so that a sentence about dup2 or SDL
# does not count.
strip_comments() {
    awk '{
        out = ""; line = $0
        while (length(line) > 0) {
            if (in_comment) {
                i = index(line, "*/")
                if (!i) { line = ""; break }
                line = substr(line, i + 2); in_comment = 0
            } else {
                i = index(line, "/*"); j = index(line, "//")
                if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); break }
                if (!i) { out = out line; break }
                out = out substr(line, 1, i - 1); line = substr(line, i + 2); in_comment = 1
            }
        }
        print out
    }' "$1"
}

# grep_code PATTERN FILE: the matching code lines of FILE, "file: line".
grep_code() {
    strip_comments "$2" | grep -nE "$1" | sed "s|^|$2:|"
}

# check WHAT PATTERN ALLOWED_REGEX FOLDERS...: PATTERN may appear only in
# files whose path matches ALLOWED_REGEX.
check() {
    what=$1 pattern=$2 allowed=$3
    shift 3
    for f in $(sources "$@"); do
        if echo "$f" | grep -qE "$allowed"; then continue; fi
        hits=$(grep_code "$pattern" "$f")
        [ -n "$hits" ] && fail "$what outside its room:
$hits"
    done
}

all="sim models plan scenes live exp render app lib bench tests"
check "SDL" '#[[:space:]]*include[[:space:]]*[<"](SDL|SDL2/)' \
    '^(render/|app/cmd_view\.c$|bench/bench_render[^/]*\.c$|tests/test_render[^/]*\.c$|tests/test_viewer[^/]*\.c$|tests/render_fixtures\.h$|tests/fuzz/)' $all
check "libconfig" '#[[:space:]]*include[[:space:]]*[<"]libconfig' \
    '^(tests/test_hardening_load\.c$|tests/fuzz/)' $all
check "chipmunk" '#[[:space:]]*include[[:space:]]*[<"]chipmunk' \
    '^(models/src/mdl_agv_physics\.c|models/src/mdl_layout\.c)$' $all
check "cairo" '#[[:space:]]*include[[:space:]]*[<"]cairo' \
    '^app/report_chart\.c$' $all
# What no library does, one rule a line, WHAT:ALLOWED:PATTERN (ALLOWED: a
# regex of the files that may, ^$ for none; PATTERN, the rest of the line,
# may hold colons). It redirects no output. stdout is the program's channel
# (`run --json` is one JSON document on it): no library writes there. Nor
# to stderr: a library returns its problems and warnings (out of memory
# too), app/ prints them; allowed: the one bug stop (SIM_CHECK,
# sim_check.c); scn_diag.c's printer writes to the stream its caller gives.
# Nor does it stop the process: no exit, no abort, no assert (which is off
# in release builds and says nothing a user can act on) outside the bug stop.
libs="sim models plan scenes live exp render lib"
while IFS=: read -r what allowed pattern; do
    check "$what" "$pattern" "$allowed" $libs
done <<'EOF'
redirecting the process's output:^$:(^|[^_a-zA-Z0-9])(dup|dup2|dup3|freopen)[[:space:]]*\(|close[[:space:]]*\([[:space:]]*(1|STDOUT_FILENO|2|STDERR_FILENO)[[:space:]]*\)
writing to stdout:^$:(^|[^_a-zA-Z0-9])(printf|puts|putchar|vprintf)[[:space:]]*\(|(^|[^_a-zA-Z0-9])stdout([^_a-zA-Z0-9]|$)
writing to stderr:^sim/src/sim_check\.c$:(^|[^_a-zA-Z0-9])(stderr|perror)([^_a-zA-Z0-9]|$)
stopping the process:^sim/src/sim_check\.c$:(^|[^_a-zA-Z0-9])(exit|_Exit|quick_exit|abort|assert)[[:space:]]*\(|#[[:space:]]*include[[:space:]]*<assert\.h>
EOF
# The live session runs with no window: SDL, and anything else of the
# viewer's, stays out of it (and libconfig: reload goes through the
# caller's loader).
check "a window library in the live session" \
    '#[[:space:]]*include[[:space:]]*[<"](SDL|SDL2/|GL/|X11/|libconfig|chipmunk)' '^$' live
# The kernel uses libc and libm only.
check "a dependency in the kernel" '#[[:space:]]*include[[:space:]]*[<"](SDL|libconfig|chipmunk|pthread)' '^$' sim

# The archives: undefined symbols of each library and of each member.
# nm -A prints "archive:member: address type name".
undefined() {  # ARCHIVE -> "member symbol" lines of undefined symbols
    "$nm" -A -u "$1" 2>/dev/null | sed -e 's|^[^:]*:\([^:]*\):[[:space:]]*U[[:space:]]*| \1 |' \
        -e 's|^[^:]*:\([^:]*\):.* U |\1 |' -e 's|^ ||'
}
lib_check() {  # ARCHIVE WHAT SYMBOL_REGEX ALLOWED_MEMBER_REGEX
    [ -f "$1" ] || {
        fail "$1 not built"
        return
    }
    hits=$(undefined "$1" | grep -E " ($3)" | grep -vE "^($4) " || true)
    [ -n "$hits" ] && fail "$(basename "$1") uses $2:
$hits"
}
sdl='SDL_|TTF_|IMG_'
cfg='config_'
cp='cp[A-Z]'
redirect='(dup|dup2|dup3|freopen)$'
lib_check "$build/sim/libsim.a" "SDL" "$sdl" '^$'
lib_check "$build/sim/libsim.a" "libconfig" "$cfg" '^$'
lib_check "$build/sim/libsim.a" "chipmunk" "$cp" '^$'
lib_check "$build/sim/libsim.a" "pthreads" 'pthread_' '^$'
lib_check "$build/models/libmodels.a" "SDL" "$sdl" '^$'
lib_check "$build/models/libmodels.a" "libconfig" "$cfg" '^$'
lib_check "$build/models/libmodels.a" "chipmunk" "$cp" 'mdl_agv_physics\.c\.o|mdl_layout\.c\.o'
lib_check "$build/scenes/libscenes.a" "SDL" "$sdl" '^$'
lib_check "$build/scenes/libscenes.a" "chipmunk" "$cp" '^$'
lib_check "$build/scenes/libscenes.a" "libconfig" "$cfg" '^$'
lib_check "$build/live/liblive.a" "SDL" "$sdl" '^$'
lib_check "$build/live/liblive.a" "libconfig" "$cfg" '^$'
lib_check "$build/live/liblive.a" "chipmunk" "$cp" '^$'
for a in sim/libsim.a models/libmodels.a scenes/libscenes.a live/liblive.a render/librender.a plan/libplan.a \
         exp/libexp.a; do
    [ -f "$build/$a" ] || continue
    lib_check "$build/$a" "cairo" 'cairo_' '^$'
    lib_check "$build/$a" "an output redirection" "$redirect" '^$'
    lib_check "$build/$a" "stdout" '(printf|puts|putchar|vprintf|stdout)$' '^$'
    # The process stops only at the bug stop (SIM_CHECK, sim_check.c).
    lib_check "$build/$a" "a stop of the process" '(abort|exit|_exit|_Exit|quick_exit|__assert_fail)$' \
        'sim_check\.c\.o'
done
if [ -f "$build/render/librender.a" ]; then
    lib_check "$build/render/librender.a" "libconfig" "$cfg" '^$'
    lib_check "$build/render/librender.a" "chipmunk" "$cp" '^$'
fi
# The embeddable library must not need the viewer's libraries.
so=$(ls "$build"/lib/liblinetwin.so* 2>/dev/null | head -n 1)
if [ -n "$so" ]; then
    if objdump -p "$so" 2>/dev/null | grep -E 'NEEDED.*(SDL|X11|GL)'; then
        fail "liblinetwin needs the viewer's libraries"
    fi
    # Its interface is linetwin_* and nothing else.
    other=$("$nm" -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -vE '^(linetwin_|__bss_start$|_edata$|_end$|_init$|_fini$)' || true)
    [ -n "$other" ] && fail "liblinetwin exports more than linetwin_*: $(echo $other | head -c 300)"
fi

# The headless command links no viewer library: SDL2 is linetwin-view's
# (app/view_main.c), which `linetwin view` and `snapshot` exec.
if objdump -p "$linetwin" 2>/dev/null | grep -E 'NEEDED.*(SDL|X11|GL)'; then
    fail "linetwin needs the viewer's libraries (only linetwin-view may)"
fi

# Run time: a physics scene's --json is pure JSON (the banner is the
# process's first space; app/main.c swallows it, no library does).
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if "$linetwin" run tests/scenes/transport.cfg --set 'fleets.agv.mode="physics"' \
    --horizon 1d --warmup 1h --reps 2 -j 2 --json >"$out" 2>"$err"; then
    if grep -q 'Chipmunk\|Initializing' "$out"; then fail "chipmunk's banner on stdout of run --json"; fi
    first=$(head -c 1 "$out")
    [ "$first" = "{" ] || fail "run --json does not start with '{': $(head -n 2 "$out")"
    [ "$(tail -c 2 "$out" | head -c 1)" = "}" ] || fail "run --json does not end with '}'"
    grep -q '"mode": "physics"' "$out" || fail "the physics override did not take: $(head -c 300 "$out")"
else
    fail "linetwin run on a physics scene failed: $(cat "$err")"
fi

if [ "$fails" -ne 0 ]; then
    echo "layering: $fails problem(s); see ARCHITECTURE.md for who may use whom" >&2
    exit 1
fi
echo "layering: ok"
