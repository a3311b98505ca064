"""Validates an OCEL 2.0 JSON event log against the official schema with a
real JSON-schema validator (Debian's python3-jsonschema), then checks what
the schema cannot: every event's objects exist, ids are unique, times are
in order and parse as ISO 8601 date-times.

usage: /usr/bin/python3 validate_ocel.py SCHEMA LOG
exit: 0 valid, 1 invalid (the reasons on stderr), 77 no jsonschema module.
"""
import json
import re
import sys

try:
    import jsonschema
except ImportError:
    print("validate_ocel: the python3-jsonschema package is not installed", file=sys.stderr)
    sys.exit(77)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    log = json.load(open(sys.argv[2], encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(log))
    for e in errors[:10]:
        print("schema: %s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message), file=sys.stderr)
    bad = len(errors)

    def problem(message):
        nonlocal bad
        print(message, file=sys.stderr)
        bad += 1

    objects = {}
    for o in log["objects"]:
        if o["id"] in objects:
            problem("object id %s twice" % o["id"])
        objects[o["id"]] = o["type"]
    types = {t["name"] for t in log["objectTypes"]}
    for o in log["objects"]:
        if o["type"] not in types:
            problem("object %s of undeclared type %s" % (o["id"], o["type"]))
        for r in o.get("relationships", []):
            if r["objectId"] not in objects:
                problem("object %s relates to unknown %s" % (o["id"], r["objectId"]))
    etypes = {t["name"]: {a["name"] for a in t["attributes"]} for t in log["eventTypes"]}
    ids = set()
    last = ""
    for ev in log["events"]:
        if ev["id"] in ids:
            problem("event id %s twice" % ev["id"])
        ids.add(ev["id"])
        if ev["type"] not in etypes:
            problem("event %s of undeclared type %s" % (ev["id"], ev["type"]))
            continue
        for a in ev.get("attributes", []):
            if a["name"] not in etypes[ev["type"]]:
                problem("event %s: attribute %s not declared" % (ev["id"], a["name"]))
        for r in ev.get("relationships", []):
            if r["objectId"] not in objects:
                problem("event %s relates to unknown object %s" % (ev["id"], r["objectId"]))
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", ev["time"]):
            problem("event %s: time %s is not an RFC 3339 date-time" % (ev["id"], ev["time"]))
        if ev["time"] < last:
            problem("event %s out of time order" % ev["id"])
        last = ev["time"]
        if bad > 20:
            break
    print("%d events, %d objects, %d problems" % (len(log["events"]), len(log["objects"]), bad))
    return 1 if bad else 0


sys.exit(main())
