#!/usr/bin/env python3
"""Turns each NAME.marked into brat standoff NAME.txt + NAME.ann: the gold for the first pass's
cold-start measure (`cargo run --release --example suggest_eval -- --cold tests/data/cold-news`).

In a .marked file, [words|Type] is a mention of that type; [words|Type|e1.Actor,e2.Place] one
that is also an argument of events e1 and e2; [words|EVENT:e1] the trigger of event e1 of that
type. Everything else is the text. The articles were written for this measure (invented people
and events, real places), every name, date and facility annotated, nominals ("the minister")
not; events where the schema's trigger lexicon has the word (`event_eval`). Two passive
sentences ("were shot by", "were wounded by") were written in on purpose, to measure roles in
the passive voice.
"""
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\[([^\[\]|]+)\|([A-Za-z]+)(?::(\w+))?(?:\|([\w.,]+))?\]")

for f in sorted(os.listdir(here)):
    if not f.endswith(".marked"):
        continue
    src = open(os.path.join(here, f), encoding="utf-8").read()
    text, anns, pos, last = [], [], 0, 0
    events, args = {}, []
    for m in MARK.finditer(src):
        text.append(src[last:m.start()])
        pos += len(src[last:m.start()])
        words, ty, event, roles = m.group(1), m.group(2), m.group(3), m.group(4)
        anns.append((ty, pos, pos + len(words), words))
        t = len(anns)
        if event:
            events[event] = (ty, t)
        for r in (roles or "").split(","):
            if r:
                e, role = r.split(".")
                args.append((e, role, t))
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
        for n, (e, (ty, t)) in enumerate(sorted(events.items()), 1):
            parts = [f"{ty}:T{t}"]
            seen = {}
            for e2, role, ta in args:
                if e2 == e:
                    # brat numbers a repeated role: Recipient, Recipient2.
                    k = seen.get(role, 0) + 1
                    seen[role] = k
                    parts.append(f"{role}{'' if k == 1 else k}:T{ta}")
            o.write(f"E{n}\t{' '.join(parts)}\n")
        unknown = {e for e, _, _ in args} - set(events)
        assert not unknown, (f, unknown)
    print(f"{f}: {len(anns) - len(events)} mentions, {len(events)} events", file=sys.stderr)
