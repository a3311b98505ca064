#!/bin/sh
# Smoke test of the real window: under Xvfb, `linetwin view` opens a window on
# the demo scene, draws for two seconds of wall time and closes by itself;
# then the side-by-side view with the software renderer for 120 frames.
# Each must exit 0 and report the frames it drew.
#
# Usage: tests/render_smoke.sh [path/to/linetwin]   (default: build/app/linetwin)
# Needs xvfb-run and xauth (Debian: xvfb, xauth). LeakSanitizer reports ~1 KB
# from libdbus/X11 under Xvfb, which is not ours: leak detection is off here.
set -eu
cd "$(dirname "$0")/.."
bin="${1:-build/app/linetwin}"
if [ ! -x "$bin" ]; then
  echo "render_smoke: $bin is not built" >&2
  exit 1
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "render_smoke: xvfb-run not found (apt-get install xvfb xauth)" >&2
  exit 1
fi
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
unset SDL_VIDEODRIVER SDL_RENDER_DRIVER

run() {
  log=$(mktemp)
  if ! timeout 120 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" "$@" >"$log" 2>&1; then
    echo "render_smoke: FAILED: linetwin $*" >&2
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  # "linetwin view: N frames, renderer R, simulated to T s"
  line=$(grep -E '^linetwin view: [0-9]+ frames' "$log" || true)
  rm -f "$log"
  frames=$(echo "$line" | sed -E 's/^linetwin view: ([0-9]+) frames.*/\1/')
  if [ -z "$line" ] || [ "$frames" -lt 2 ]; then
    echo "render_smoke: FAILED: linetwin $* drew no frames" >&2
    exit 1
  fi
  echo "render_smoke: ok: linetwin $*: ${line#linetwin view: }"
}

run view scenes/demo.cfg --quit-after 2
run view scenes/demo.cfg scenes/retrofit.cfg --software --speed max --quit-after 120f
echo "render_smoke: 2 passed, 0 failed"
