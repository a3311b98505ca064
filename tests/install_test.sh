#!/bin/sh
# `cmake --install` into a temporary prefix, then what a user of the
# installed linetwin does: build a small C program against it with
# `pkg-config --cflags --libs linetwin`, load scenes/validation/mm1.cfg, run
# 2 replications and print the throughput (checked against `linetwin run
# --json` of the installed command: the same numbers). Also checks that
# everything listed in dist/CMakeLists.txt was installed, that the man page
# has every command, and that the completion script loads.
#
# usage: install_test.sh BUILD_DIR CC PKG_CONFIG [EXTRA_CFLAGS]
set -eu
build=$1 cc=$2 pkgconfig=$3 extra=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "install test: $*" >&2
    exit 1
}

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    fail "cmake --install failed: $(cat "$tmp/install.log")"
p=$tmp/prefix
libdir=$(ls -d "$p"/lib*/pkgconfig | head -n 1 | xargs dirname)
for f in bin/linetwin include/linetwin.h share/man/man1/linetwin.1 \
    share/bash-completion/completions/linetwin share/linetwin/scenes/demo.cfg \
    share/linetwin/scenes/validation/mm1.cfg share/doc/linetwin/README.md \
    share/doc/linetwin/ARCHITECTURE.md share/doc/linetwin/LICENSE share/doc/linetwin/cli.md; do
    [ -e "$p/$f" ] || fail "$f not installed"
done
[ -e "$libdir/pkgconfig/linetwin.pc" ] || fail "linetwin.pc not installed"
# The headless command needs no SDL; the viewer is its own program next
# to it, which `linetwin view` and `linetwin snapshot` find from there.
objdump -p "$p/bin/linetwin" 2>/dev/null | grep -E 'NEEDED.*(SDL|X11|GL)' &&
    fail "the installed linetwin needs the viewer's libraries"
if [ -e "$build/app/linetwin-mpi" ]; then
    [ -x "$p/bin/linetwin-mpi" ] || fail "bin/linetwin-mpi not installed"
    objdump -p "$p/bin/linetwin" 2>/dev/null | grep -E 'NEEDED.*mpi' &&
        fail "the installed linetwin needs libmpi (only linetwin-mpi may)"
fi
if [ -e "$build/app/linetwin-view" ]; then
    [ -x "$p/bin/linetwin-view" ] || fail "bin/linetwin-view not installed"
    "$p/bin/linetwin" snapshot --help >"$tmp/snap.txt" 2>&1 && grep -q "usage: linetwin snapshot" "$tmp/snap.txt" ||
        fail "the installed linetwin does not reach its viewer: $(cat "$tmp/snap.txt")"
fi
ls "$libdir"/liblinetwin.so* >/dev/null 2>&1 || fail "liblinetwin.so not installed"
grep -q "^prefix=$p\$" "$libdir/pkgconfig/linetwin.pc" || fail "linetwin.pc has the wrong prefix:
$(cat "$libdir/pkgconfig/linetwin.pc")"
# The dependencies a static link would need, and no SDL.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
static=$("$pkgconfig" --libs --static linetwin)
for l in -llinetwin -lchipmunk -lm -pthread; do
    echo " $static " | grep -q -- " $l " || fail "pkg-config --static --libs lacks $l: $static"
done
echo "$static" | grep -qi sdl && fail "linetwin.pc names SDL: $static"

# The man page: one section per command, made from the help texts.
for c in check run compare view snapshot; do
    grep -q "^\.SS linetwin $c\$" "$p/share/man/man1/linetwin.1" || fail "man page lacks $c"
done
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$p/share/man/man1/linetwin.1" 2>&1 | grep -q -- "--json" ||
        fail "man cannot render the page"
fi
# The completion script: loads, completes commands and options.
if command -v bash >/dev/null 2>&1; then
    got=$(PATH="$p/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(linetwin ru); COMP_CWORD=1; _linetwin;
          echo "${COMPREPLY[*]}"; COMP_WORDS=(linetwin run --js); COMP_CWORD=2; _linetwin;
          echo "${COMPREPLY[*]}"' sh "$p/share/bash-completion/completions/linetwin")
    [ "$got" = "run
--json" ] || fail "bash completion: got '$got'"
fi

cat >"$tmp/throughput.c" <<'PROGRAM'
#include <stdio.h>
#include <linetwin.h>

int main(int argc, char **argv) {
    const char *sets[] = {"run.horizon=\"30d\""};
    linetwin_scene *s = linetwin_scene_load(argc > 1 ? argv[1] : "mm1.cfg", sets, 1);
    if (!linetwin_scene_ok(s)) {
        fputs(s ? linetwin_scene_diagnostics(s) : "out of memory\n", stderr);
        return 2;
    }
    char err[256];
    linetwin_result *r = linetwin_run(s, 2, linetwin_scene_seed(s), 2, err, sizeof err);
    double mean, ci95;
    if (!r || !linetwin_result_kpi(r, "throughput_per_h", &mean, &ci95)) {
        fprintf(stderr, "run failed: %s\n", err);
        return 1;
    }
    printf("%s %s: %d replications, throughput %.12g units/h\n", linetwin_version(),
           linetwin_scene_name(s), linetwin_result_replications(r), mean);
    linetwin_result_free(r);
    linetwin_scene_free(s);
    return 0;
}
PROGRAM
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror $extra -o "$tmp/throughput" "$tmp/throughput.c" \
    $("$pkgconfig" --cflags --libs linetwin) >"$tmp/cc.log" 2>&1 ||
    fail "building against the installed library failed: $(cat "$tmp/cc.log")"
scene=$p/share/linetwin/scenes/validation/mm1.cfg
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/throughput" "$scene") || fail "the program failed: $out"
echo "$out"
# The same run by the installed command: its JSON's throughput mean.
want=$("$p/bin/linetwin" run "$scene" --set 'run.horizon="30d"' --reps 2 --json |
    tr -d ' \n' | sed -n 's/.*"throughput_per_h":{"mean":\([^,]*\),.*/\1/p')
version=$("$p/bin/linetwin" --version | cut -d' ' -f2)
case $out in
"$version "*": 2 replications, throughput "*" units/h") ;;
*) fail "unexpected output: $out" ;;
esac
got=$(echo "$out" | sed 's/.*throughput \(.*\) units\/h/\1/')
# Both print 12 significant digits (the JSON's precision): the same text.
[ -n "$want" ] && [ "$got" = "$want" ] ||
    fail "throughput $got from the library, $want from linetwin run --json"
# A broken scene: diagnostics as text, exit 2.
printf 'stations = ( { id = "a"; cycle = "fast"; } );\n' >"$tmp/bad.cfg"
LD_LIBRARY_PATH="$libdir" "$tmp/throughput" "$tmp/bad.cfg" 2>"$tmp/bad.err" && fail "a broken scene ran"
grep -q "bad.cfg:1: " "$tmp/bad.err" || fail "no diagnostics for a broken scene: $(cat "$tmp/bad.err")"
# The rest of the interface: KPI names as in the JSON, refusals.
cat >"$tmp/api.c" <<'PROGRAM'
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <linetwin.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "api.c:%d: %s\n", __LINE__, #c); return 1; } } while (0)

int main(int argc, char **argv) {
    (void)argc;
    const char *sets[] = {"run.horizon=\"10d\""};
    linetwin_scene *s = linetwin_scene_load(argv[1], sets, 1);
    CHECK(linetwin_scene_ok(s) && strcmp(linetwin_scene_diagnostics(s), "") == 0);
    CHECK(linetwin_scene_replications(s) == 10 && linetwin_scene_seed(s) == 1);
    char err[256];
    CHECK(linetwin_run(s, 0, 1, 1, err, sizeof err) == NULL && strstr(err, "replications"));
    linetwin_result *one = linetwin_run(s, 3, 7, 1, err, sizeof err);
    linetwin_result *two = linetwin_run(s, 3, 7, 3, err, sizeof err);
    CHECK(one && two && linetwin_result_replications(two) == 3);
    double a, b, ci, x = 12345;
    const char *names[] = {"throughput_per_h", "wip", "stations.server.utilization",
                           "stations.server.states.busy", "lead_time_s"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK(linetwin_result_kpi(one, names[i], &a, &ci) && linetwin_result_kpi(two, names[i], &b, NULL));
        CHECK(memcmp(&a, &b, sizeof a) == 0 && isfinite(a) && isfinite(ci)); /* any number of threads */
    }
    CHECK(!linetwin_result_kpi(one, "throughput", &x, NULL) && x == 12345);
    CHECK(!linetwin_result_kpi(one, "stations.nope.utilization", &x, NULL));
    CHECK(!linetwin_result_kpi(one, "stations.server.nope", &x, NULL));
    printf("utilization %.12g\n", (linetwin_result_kpi(one, "stations.server.utilization", &a, NULL), a));
    linetwin_result_free(one);
    linetwin_result_free(two);
    linetwin_scene_free(s);
    linetwin_scene *bad = linetwin_scene_load("/nonexistent/line.cfg", NULL, 0);
    CHECK(bad && !linetwin_scene_ok(bad) && strstr(linetwin_scene_diagnostics(bad), "/nonexistent/line.cfg"));
    CHECK(linetwin_run(bad, 1, 1, 1, err, sizeof err) == NULL && err[0]);
    CHECK(linetwin_scene_name(bad) == NULL);
    linetwin_scene_free(bad);
    linetwin_scene_free(NULL);
    linetwin_result_free(NULL);
    return 0;
}
PROGRAM
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror $extra -o "$tmp/api" "$tmp/api.c" \
    $("$pkgconfig" --cflags --libs linetwin) -lm >"$tmp/cc.log" 2>&1 ||
    fail "building api.c failed: $(cat "$tmp/cc.log")"
util=$(LD_LIBRARY_PATH="$libdir" "$tmp/api" "$scene") || fail "api.c failed: $util"
want=$("$p/bin/linetwin" run "$scene" --set 'run.horizon="10d"' --reps 3 --seed 7 --json |
    tr -d ' \n' | sed -n 's/.*"stations":\[{[^]]*"utilization":{"mean":\([^,]*\),.*/\1/p')
[ "$util" = "utilization $want" ] || fail "station utilization: $util from the library, $want from run --json"
echo "install test: ok"
