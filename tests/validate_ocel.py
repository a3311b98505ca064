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
    objects = {}
    for o in log["objects"]:
        if o["id"] in objects:
            print("object id %s twice" % o["id"], file=sys.stderr)
            bad += 1
        objects[o["id"]] = o["type"]
    types = {t["name"] for t in log["objectTypes"]}
    for o in log["objects"]:
        if o["type"] not in types:
            print("object %s of undeclared type %s" % (o["id"], o["type"]), file=sys.stderr)
            bad += 1
        for r in o.get("relationships", []):
            if r["objectId"] not in objects:
                print("object %s relates to unknown %s" % (o["id"], r["objectId"]), file=sys.stderr)
                bad += 1
    etypes = {t["name"]: {a["name"] for a in t["attributes"]} for t in log["eventTypes"]}
    ids = set()
    last = ""
    for ev in log["events"]:
        if ev["id"] in ids:
            print("event id %s twice" % ev["id"], file=sys.stderr)
            bad += 1
        ids.add(ev["id"])
        if ev["type"] not in etypes:
            print("event %s of undeclared type %s" % (ev["id"], ev["type"]), file=sys.stderr)
            bad += 1
            continue
        for a in ev.get("attributes", []):
            if a["name"] not in etypes[ev["type"]]:
                print("event %s: attribute %s not declared" % (ev["id"], a["name"]), file=sys.stderr)
                bad += 1
        for r in ev.get("relationships", []):
            if r["objectId"] not in objects:
                print("event %s relates to unknown object %s" % (ev["id"], r["objectId"]), file=sys.stderr)
                bad += 1
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", ev["time"]):
            print("event %s: time %s is not an RFC 3339 date-time" % (ev["id"], ev["time"]), file=sys.stderr)
            bad += 1
        if ev["time"] < last:
            print("event %s out of time order" % ev["id"], file=sys.stderr)
            bad += 1
        last = ev["time"]
        if bad > 20:
            break
    print("%d events, %d objects, %d problems" % (len(log["events"]), len(log["objects"]), bad))
    return 1 if bad else 0


sys.exit(main())
