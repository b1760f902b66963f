#!/usr/bin/env python3
"""Counts the stack traces in a log: each event is a line starting with a time stamp and the lines after it
up to the next one; a trace is the event's frames and exception classes (messages left out). Prints how many
times each distinct trace was printed."""
import re, sys, collections
ts = re.compile(r'^\d{2}:\d{2}:\d{2}\.\d{3} |^\d{4}-\d{2}-\d{2}[T ]')
events, cur = [], None
for line in open(sys.argv[1], encoding='utf-8', errors='replace').read().split('\n'):
    if ts.match(line) or line.startswith('{'):
        if cur: events.append(cur)
        cur = [line]
    elif cur is not None:
        cur.append(line)
if cur: events.append(cur)
traces = collections.Counter()
for e in events:
    frames = []
    for l in e[1:]:
        s = l.strip()
        if s.startswith('at ') or s.startswith('... '):
            frames.append(s)
        m = re.match(r'^(Caused by: |Suppressed: )?([\w.$]+(Exception|Error|Throwable))\b', s)
        if m:
            frames.append((m.group(1) or '') + m.group(2))
    if any(f.startswith('at ') for f in frames):
        traces[tuple(frames)] += 1
print("events:", len(events), "with a stack trace:", sum(traces.values()), "distinct traces:", len(traces),
      "printed more than once:", sum(1 for n in traces.values() if n > 1))
for t, n in traces.most_common():
    print(n, "x", len([f for f in t if f.startswith('at ')]), "frames:", next((f for f in t if not f.startswith('at ')), '?'))
