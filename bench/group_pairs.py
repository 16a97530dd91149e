#!/usr/bin/env python3
"""group_pairs.py ITEMS.json TRUTH [--min-precision P] [--min-recall R]

Precision and recall of same-story pairs: ITEMS.json is the output of
`dateline items --json` (every item with same_as), TRUTH lines of
"NAME STORY" (# comments), where NAME is the last path part of the
item's link without its extension. Two items are a predicted pair when
they have the same non-null same_as, a true pair when TRUTH gives them
the same story. Items whose NAME is not in TRUTH are an error.

Prints one line: pairs, precision, recall and the wrong pairs; exits 1
when a --min figure is not met (or TRUTH does not cover the items)."""
import argparse
import itertools
import json
import os
import sys
from urllib.parse import urlsplit


def name_of(link):
    base = os.path.basename(urlsplit(link or "").path)
    return os.path.splitext(base)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("items")
    ap.add_argument("truth")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    a = ap.parse_args()
    truth = {}
    for line in open(a.truth, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            n, s = line.split()[:2]
            truth[n] = s
    items = json.load(open(a.items, encoding="utf-8"))
    names = {}
    for it in items:
        n = name_of(it["link"])
        if n not in truth:
            print("group_pairs: no truth for %s (item %d)" % (n, it["id"]))
            return 1
        names[it["id"]] = n
    tp = fp = fn = 0
    wrong = []
    for x, y in itertools.combinations(items, 2):
        same = x["same_as"] is not None and x["same_as"] == y["same_as"]
        true = truth[names[x["id"]]] == truth[names[y["id"]]]
        tp += same and true
        fp += same and not true
        fn += true and not same
        if same != true:
            wrong.append("%s%s~%s" % ("+" if same else "-",
                                      names[x["id"]], names[y["id"]]))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print("items %d true pairs %d found %d precision %.3f recall %.3f%s"
          % (len(items), tp + fn, tp + fp, p, r,
             (" wrong: " + " ".join(wrong[:20])) if wrong else ""))
    return 0 if p >= a.min_precision and r >= a.min_recall else 1


sys.exit(main())
