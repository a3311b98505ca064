#!/bin/sh
# The headless command loads no viewer (ARCHITECTURE.md, docs/cli.md):
#   - `linetwin --version`, `check`, `run` and `sweep` map no SDL2, X11, GL
#     or MPI library into the process (the dynamic loader's own account, LD_DEBUG=libs, so
#     that a library pulled in indirectly or by dlopen is seen too);
#   - `linetwin view` still works through the viewer's program next to it
#     (linetwin-view): without a display it says so clearly and exits 1;
#   - a linetwin copied alone to another folder (no linetwin-view there)
#     still runs scenes, and `view` says that the viewer is missing, exit 2.
# usage: headless.sh SOURCE_DIR LINETWIN
set -u
src=$1 linetwin=$2
fails=0
fail() {
    echo "headless: $*" >&2
    fails=$((fails + 1))
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scene=$src/scenes/validation/mm1.cfg
viewer_libs='lib(SDL2|X11|xcb|GL|EGL|wayland|freetype|png|mpi|open-pal|open-rte|pmix|hwloc|event)'

loaded() {  # ARGS...: the libraries the dynamic loader maps for `linetwin ARGS`
    LD_DEBUG=libs "$linetwin" "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p'
}
for args in "--version" "check $scene" "run $scene --reps 2 --horizon 2d -j 2" \
            "sweep $scene --vary run.replications=1,2 --horizon 2d --out $tmp/sw"; do
    # shellcheck disable=SC2086
    libs=$(loaded $args)
    [ -n "$libs" ] || fail "LD_DEBUG=libs shows no library for linetwin $args (cannot check)"
    bad=$(echo "$libs" | grep -E "$viewer_libs" || true)
    [ -n "$bad" ] && fail "linetwin $args loads the viewer's or MPI's libraries: $bad"
done

# view without a display: the viewer's clear message, exit 1.
if [ -x "$(dirname "$linetwin")/linetwin-view" ]; then
    env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$linetwin" view "$scene" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] || fail "view without a display: exit $rc, expected 1 ($(cat "$tmp/err"))"
    grep -q "^linetwin view: cannot open a window: no display" "$tmp/err" ||
        fail "view without a display: unclear message: $(cat "$tmp/err")"
    [ -s "$tmp/out" ] && fail "view without a display wrote on stdout: $(cat "$tmp/out")"
fi

# linetwin alone: runs, and names the missing viewer.
cp "$linetwin" "$tmp/linetwin"
"$tmp/linetwin" run "$scene" --reps 1 --horizon 2d >/dev/null 2>"$tmp/err" ||
    fail "linetwin without its viewer cannot run a scene: $(cat "$tmp/err")"
"$tmp/linetwin" view "$scene" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "view without linetwin-view: exit $rc, expected 2"
grep -q "^linetwin view: built without the viewer (no .*linetwin-view next to linetwin" "$tmp/err" ||
    fail "view without linetwin-view: unclear message: $(cat "$tmp/err")"

if [ "$fails" -ne 0 ]; then
    echo "headless: $fails problem(s)" >&2
    exit 1
fi
echo "headless: ok"
