#!/usr/bin/env python3
"""Times `halong serve` as an author sees it: save one park's .yaml, wait for its page.

Usage: start `halong serve --root SITE --output OUT`, then
    python3 bench/serve-edit.py SITE OUT
Each round raises one park's land price by 1 and polls en/parks/<slug>/index.html every
5 ms until it changes; prints the times from save to page on disk (which include the
watcher's 30 ms debounce). SITE is edited: use a copy."""
import re, sys, time, os
site, out = sys.argv[1], sys.argv[2]
parks = sorted(p for p in os.listdir(site + "/content/parks") if p.endswith(".yaml"))
results = []
for round_ in range(7):
    name = parks[round_ * 13 % len(parks)]
    path = f"{site}/content/parks/{name}"
    text = open(path).read()
    m = re.search(r"land_price:\n    - \{value: ([0-9]+)", text)
    if not m:
        continue
    new = int(m.group(1)) + 1
    page = f"{out}/en/parks/{name[:-5]}/index.html"
    before = open(page).read()
    started = time.perf_counter()
    with open(path, "w") as f:
        f.write(text[:m.start(1)] + str(new) + text[m.end(1):])
    while True:
        try:
            now = open(page).read()
        except FileNotFoundError:
            now = before
        if now != before:
            break
        if time.perf_counter() - started > 20:
            raise SystemExit("no change in 20 s")
        time.sleep(0.005)
    results.append((time.perf_counter() - started) * 1000)
    time.sleep(3.5)  # let the rest of the rebuild (lists, compare, search, data) finish
results.sort()
print("save -> page on disk, ms:", " ".join("%.0f" % r for r in results), "median %.0f" % results[len(results)//2])
