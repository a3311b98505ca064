#!/usr/bin/python3
"""Checks compare's per-entity tables in a `compare --report` page as a
browser built it (tests/report_browser.sh) against `compare --json` of the
same run.

usage: report_tables.py DOM.html COMPARE.json [TITLE...]

DOM.html is Chromium's --dump-dom of the page. Each <table class="diff">
names the JSON member that holds its numbers (data-json: `station_diff`,
`asrs_diff`, ... or `people_diff`), each entity's head row its id
(data-id) and each row its KPI's key (data-key). The page passes when
  - every table whose title is given is there;
  - every entity of every `*_diff` array (and every component of an
    assembly) has a head row, and every KPI of it a row;
  - each cell shows the JSON's number: base, retrofit, the difference's
    mean and its 95 % half-width, to the digits shown (a share "41.2%" or
    "+1.2 pp", a duration "2h 15min" or "12.5s", a number "1,234.5",
    a count), and "-" exactly where the JSON has null.
Python's standard library only.
"""
import html.parser
import json
import math
import re
import sys


class Tables(html.parser.HTMLParser):
    """The diff tables: [(title, data-json, [(tr attrs, [(td attrs, text)])])]."""

    def __init__(self):
        super().__init__()
        self.tables, self.title, self.in_h3 = [], "", False
        self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h3":
            self.in_h3, self.title = True, ""
        elif tag == "table" and a.get("class") == "diff":
            self.tables.append((self.title, a.get("data-json"), []))
        elif tag == "tr" and self.tables is not None and self.row is None and self.cell is None:
            self.row = (a, [])
        elif tag in ("td", "th") and self.row is not None:
            self.cell = (a, "")

    def handle_endtag(self, tag):
        if tag == "h3":
            self.in_h3 = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row[1].append((self.cell[0], self.cell[1].strip()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.tables:
                self.tables[-1][2].append(self.row)
            self.row = None
        elif tag == "table":
            self.row = None

    def handle_data(self, data):
        if self.in_h3:
            self.title += data
        if self.cell is not None:
            self.cell = (self.cell[0], self.cell[1] + data)


UNITS = {"w": 604800.0, "d": 86400.0, "h": 3600.0, "min": 60.0, "s": 1.0}


def shown(text):
    """(value, tolerance) of a cell's text; (None, 0) for "-"."""
    t = text.replace("\u2212", "-").strip()
    if t == "-":
        return None, 0.0
    sign = -1.0 if t.startswith("-") else 1.0
    body = t.lstrip("+-").strip()
    m = re.fullmatch(r"([\d.]+)\s*(%|pp)", body)
    if m:
        return sign * float(m.group(1)) / 100.0, 0.0005 + 1e-9
    parts = re.findall(r"([\d.]+)(min|w|d|h|s)\b", body)
    if parts and "".join(n + u for n, u in parts) == body.replace(" ", ""):
        value = sum(float(n) * UNITS[u] for n, u in parts)
        if len(parts) == 1 and parts[0][1] == "s" and value < 60:
            # "%.3gs" or "%.2fs": half a unit of the last digit shown
            decimals = len(parts[0][0].split(".")[1]) if "." in parts[0][0] else 0
            return sign * value, 0.5 * 10 ** -decimals + 1e-9
        # whole seconds floored to the last unit shown (scn_format_duration)
        return sign * value, UNITS[parts[-1][1]] + 0.5
    m = re.fullmatch(r"[\d,]+(\.\d+)?", body)
    if m:
        decimals = len(m.group(1)) - 1 if m.group(1) else 0
        return sign * float(body.replace(",", "")), 0.5 * 10 ** -decimals + 1e-9
    raise ValueError("cannot read the cell %r" % text)


def number(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def check_cells(where, cells, want, problems):
    """cells: the row's 4 number cells; want: base, retrofit, diff mean, ci95."""
    for name, text, w in zip(("base", "retrofit", "difference", "+/-95%"), cells, want):
        try:
            v, tol = shown(text)
        except ValueError as e:
            problems.append("%s: %s" % (where, e))
            continue
        w = number(w)
        if (v is None) != (w is None):
            problems.append("%s: %s shows %r, the JSON has %r" % (where, name, text, w))
        elif v is not None and abs(v - w) > tol * (1 + 1e-9):
            problems.append("%s: %s shows %r (%g), the JSON has %r" % (where, name, text, v, w))


def want_of(obj, key):
    """base, retrofit, diff mean, ci95 of a KPI (or a setting) in the JSON."""
    k = obj.get(key)
    if k is None:
        return None
    if "diff" not in k:   # a scene's setting: the difference without interval
        b, r = number(k.get("base")), number(k.get("retrofit"))
        return b, r, (r - b if b is not None and r is not None else None), None
    d = k["diff"]
    if isinstance(d, dict):
        return k.get("base"), k.get("retrofit"), d.get("mean"), d.get("ci95")
    return k.get("base"), k.get("retrofit"), d, None


def check_table(title, member, rows, doc, problems):
    data = doc.get(member)
    if data is None:
        problems.append("%s: the JSON has no %s" % (title, member))
        return 0
    entities = {e["id"]: e for e in data} if isinstance(data, list) else None
    seen, checked = set(), 0
    entity = component = None
    for attrs, cells in rows:
        first = cells[0][0] if cells else {}
        if first.get("data-id") is not None:
            if "d1" in first.get("class", ""):
                entity = entities.get(first["data-id"]) if entities is not None else None
                component = None
                if entities is not None and entity is None:
                    problems.append("%s: entity %s is not in %s" % (title, first["data-id"], member))
                seen.add(first["data-id"])
            else:
                comps = {c["product"]: c for c in (entity or {}).get("components", [])}
                component = comps.get(first["data-id"])
                if component is None:
                    problems.append("%s: component %s not in the JSON" % (title, first["data-id"]))
            continue
        key = attrs.get("data-key")
        if key is None or len(cells) < 5:
            continue
        where = "%s / %s / %s" % (title, (entity or {}).get("id", "-"), cells[0][1])
        if entities is None:
            obj = data
            if key == "headcount_by_shift":
                name = cells[0][1].split("shift ", 1)[1]
                h = data["headcount_by_shift"].get(name)
                want = (h["base"], h["retrofit"], h["diff"], None) if h else None
            else:
                want = want_of(obj, key)
        else:
            obj = component if component is not None else entity
            want = want_of(obj or {}, key)
        if want is None:
            problems.append("%s: key %s not in the JSON" % (where, key))
            continue
        check_cells(where, [c[1] for c in cells[1:5]], want, problems)
        checked += 1
    if entities is not None:
        for eid in entities:
            if eid not in seen:
                problems.append("%s: entity %s of %s has no head row" % (title, eid, member))
    return checked


def main():
    dom = open(sys.argv[1], encoding="utf-8").read()
    doc = json.load(open(sys.argv[2], encoding="utf-8"))
    p = Tables()
    p.feed(dom)
    problems, checked = [], 0
    titles = [t for t, _, _ in p.tables]
    for want in sys.argv[3:]:
        if want not in titles:
            problems.append("no table %r (tables: %s)" % (want, ", ".join(titles)))
    for title, member, rows in p.tables:
        if member:
            checked += check_table(title, member, rows, doc, problems)
    for member in doc:
        if member.endswith("_diff") and member != "people_diff" and isinstance(doc[member], list):
            if member not in [m for _, m, _ in p.tables]:
                problems.append("the JSON's %s has no table in the page" % member)
    print("report_tables: %d tables (%s), %d rows checked against the JSON" % (len(p.tables), ", ".join(titles),
                                                                               checked))
    for pr in problems:
        print("report_tables: " + pr, file=sys.stderr)
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
