#!/usr/bin/env python3
"""Turns each NAME.marked into brat standoff NAME.txt + NAME.ann: the gold for the first pass's
cold-start measure (`cargo run --release --example suggest_eval -- --cold tests/data/cold-news`).

In a .marked file, [words|Type] is a mention of that type; everything else is the text. The
articles were written for this measure (invented people and events, real places), every name,
date and facility annotated, nominals ("the minister") not.
"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[([^\[\]|]+)\|([A-Za-z]+)\]")

for f in sorted(os.listdir(here)):
    if not f.endswith(".marked"):
        continue
    src = open(os.path.join(here, f), encoding="utf-8").read()
    text, anns, pos, last = [], [], 0, 0
    for m in MARK.finditer(src):
        text.append(src[last:m.start()])
        pos += len(src[last:m.start()])
        words, ty = m.group(1), m.group(2)
        anns.append((ty, pos, pos + len(words), words))
        text.append(words)
        pos += len(words)
        last = m.end()
    text.append(src[last:])
    text = "".join(text)
    base = os.path.join(here, f[: -len(".marked")])
    with open(base + ".txt", "w", encoding="utf-8") as o:
        o.write(text)
    with open(base + ".ann", "w", encoding="utf-8") as o:
        for i, (ty, a, z, w) in enumerate(anns, 1):
            assert text[a:z] == w, (f, w)
            o.write(f"T{i}\t{ty} {a} {z}\t{w}\n")
    print(f"{f}: {len(anns)} mentions", file=sys.stderr)
