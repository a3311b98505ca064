#!/usr/bin/python3
"""Checks a `linetwin --report` page as a browser showed it (tests/report_browser.sh).

usage: report_check.py DOM.html SCREENSHOT.png MIN_CHARTS

DOM.html is Chromium's --dump-dom of the page, SCREENSHOT.png its
--screenshot. The page passes when
  - it has at least MIN_CHARTS charts (<figure class="chart">), each with an
    <svg> in which at least one element is drawn in a saturated colour:
    report_chart.c draws data marks, and only data marks, in the palette's
    saturated colours, so a chart without data has none;
  - the screenshot is a PNG of the window's size that is not blank: it has
    dark pixels (text) and at least 1,000 saturated pixels among a quarter of
    them (charts, not only text, were painted).
Python's standard library only (zlib for the PNG).
"""
import re
import struct
import sys
import zlib


def saturated(r, g, b):
    return max(r, g, b) - min(r, g, b) > 60


def colour_of(text):
    """(r, g, b) 0..255 of an SVG colour: rgb(a%,b%,c%), rgb(a,b,c) or #rrggbb."""
    m = re.match(r"rgb\(\s*([\d.]+)(%?)\s*,\s*([\d.]+)%?\s*,\s*([\d.]+)%?\s*\)", text)
    if m:
        scale = 2.55 if m.group(2) else 1.0
        return tuple(float(m.group(i)) * scale for i in (1, 3, 4))
    m = re.match(r"#([0-9a-fA-F]{6})", text)
    if m:
        h = m.group(1)
        return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
    return None


def chart_problems(dom, min_charts):
    problems = []
    figures = re.findall(r'<figure class="chart"[^>]*>(.*?)</figure>', dom, re.S)
    if len(figures) < min_charts:
        problems.append("%d charts, expected at least %d" % (len(figures), min_charts))
    for i, fig in enumerate(figures):
        if "<svg" not in fig:
            problems.append("chart %d has no <svg>" % (i + 1))
            continue
        marks = 0
        for colour in re.findall(r"(?:fill|stroke)[:=]\"?\s*(rgb\([^)]*\)|#[0-9a-fA-F]{6})", fig):
            c = colour_of(colour)
            if c and saturated(*c):
                marks += 1
        if marks == 0:
            caption = re.search(r"<figcaption>(.*?)</figcaption>", fig, re.S)
            problems.append("chart %d (%s) is empty: nothing drawn in a data colour"
                            % (i + 1, caption.group(1) if caption else "?"))
    return problems, len(figures)


def read_png(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("PNG colour type %d depth %d not handled" % (ctype, depth))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, rows, bpp


def screenshot_problems(path, charts):
    try:
        width, height, rows, bpp = read_png(path)
    except (OSError, ValueError, zlib.error) as e:
        return ["screenshot %s: %s" % (path, e)]
    dark = colourful = 0
    for line in rows[::2]:   # every other row and column: a quarter of the pixels is plenty
        for x in range(0, width * bpp, 2 * bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 80 and g < 80 and b < 80:
                dark += 1
            elif saturated(r, g, b):
                colourful += 1
    problems = []
    if dark < 200:
        problems.append("the screenshot has almost no text (%d dark pixels)" % dark)
    if charts and colourful < 1000:
        problems.append("the screenshot shows no chart (%d coloured pixels)" % colourful)
    print("report_check: %dx%d screenshot, %d dark and %d coloured pixels of a quarter sampled, %d charts" %
          (width, height, dark, colourful, charts))
    return problems


def main():
    dom = open(sys.argv[1], encoding="utf-8").read()
    problems, charts = chart_problems(dom, int(sys.argv[3]))
    problems += screenshot_problems(sys.argv[2], min(charts, 2))
    for p in problems:
        print("report_check: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
