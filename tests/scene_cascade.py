#!/usr/bin/env python3
"""scene_cascade.py LINETWIN SCENES_DIR - one problem is reported once.

Every example scene is checked again with one value broken at a time
(`--set`): each key of each entry of each list (stations, products,
fleets, asrs, conveyors, paths.nodes, ...) and each key of a group inside
an entry (power.busy, maintenance.on_warning, transport.paint), given an
array where a scalar belongs and then an out-of-range number or a wrong
type. The scene must be refused (exit 2) with problems reported at the
override's line only: an entry refused for its own problem must not make
the entries that name it report problems they do not have (e.g. "dwell:
only with to = asrs:ID" for a product whose AS/RS was refused, or "detect:
only for inspection stations" for a station whose kind was refused).
"""
import glob
import os
import re
import subprocess
import sys


def block_end(text, i, open_ch, close_ch):
    """Index of the bracket closing the one at text[i]."""
    depth = 0
    while True:
        ch = text[i]
        if ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return i
        i += 1


SCALAR = r'(-?[0-9.]+|"[^"]*")'


def entries(body):
    """(id, text) of each `{ id = "x"; ... }` entry of a list's body."""
    for m in re.finditer(r'\{\s*id\s*=\s*"([^"]+)"\s*;', body):
        yield m.group(1), body[m.end():block_end(body, m.start(), '{', '}')]


def overrides(text):
    """The `--set` paths of every scalar key the scene writes in an entry."""
    paths = []
    for lst in re.finditer(r'^(\w+)\s*=\s*\(', text, re.M):  # top-level lists
        body = text[lst.end():block_end(text, lst.end() - 1, '(', ')')]
        for eid, entry in entries(body):
            flat = re.sub(r'\{[^{}]*\}', '', entry)  # the entry's own keys
            for key, _ in re.findall(r'\b(\w+)\s*=\s*' + SCALAR + r'\s*;', flat):
                paths.append(f'{lst.group(1)}.{eid}.{key}')
            for grp in re.finditer(r'\b(\w+)\s*=\s*\{([^{}]*)\}', entry):
                for key, _ in re.findall(r'\b(\w+)\s*=\s*' + SCALAR + r'\s*;', grp.group(2)):
                    paths.append(f'{lst.group(1)}.{eid}.{grp.group(1)}.{key}')
    for grp in re.finditer(r'^(\w+)\s*=\s*\{', text, re.M):  # lists in groups
        body = text[grp.end():block_end(text, grp.end() - 1, '{', '}')]
        for lst in re.finditer(r'(\w+)\s*=\s*\(', body):
            inner = body[lst.end():block_end(body, lst.end() - 1, '(', ')')]
            for eid, entry in entries(inner):
                for key, _ in re.findall(r'\b(\w+)\s*=\s*(-?[0-9.]+|"[^"]*"|\[[^\]]*\])\s*;', entry):
                    paths.append(f'{grp.group(1)}.{lst.group(1)}.{eid}.{key}')
    return sorted(set(paths))


def main():
    linetwin, scenes = sys.argv[1], sys.argv[2]
    runs = bad = 0
    for scene in sorted(glob.glob(os.path.join(scenes, '*.cfg'))):
        for path in overrides(open(scene).read()):
            for value in ('[1, 2, 3]', '-1e9', '"zz"'):
                runs += 1
                p = subprocess.run([linetwin, 'check', scene, '--set', f'{path}={value}'],
                                   capture_output=True, text=True)
                lines = [l for l in (p.stdout + p.stderr).splitlines() if l.strip()]
                problems = [l for l in lines if ': warning: ' not in l]
                elsewhere = [l for l in problems if not l.startswith('--set:1: ')]
                # a value the key takes (a string key given "zz" may be fine)
                if p.returncode == 0 and not problems:
                    continue
                if p.returncode != 2 or not problems or elsewhere:
                    bad += 1
                    print(f'{os.path.basename(scene)} --set {path}={value}: exit {p.returncode}')
                    for l in (elsewhere or lines)[:6]:
                        print('    ' + l[:300])
    print(f'{runs} overrides, {bad} reported a problem elsewhere or no problem')
    if runs < 200:
        print('too few overrides found: the scenes or this script changed')
        return 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
