# SPDX-License-Identifier: GPL-3.0-or-later
"""Scores a CSV's rows with python/awb_reference.py and compares them with the run's scores.csv.

usage: check_export.py REFERENCE_DIR RUN_DIR DATA.csv   (the last column of DATA.csv is the label)
"""
import csv
import sys

import torch

sys.path.insert(0, sys.argv[1])
import awb_reference as awb  # noqa: E402

run_dir, data = sys.argv[2], sys.argv[3]
run = awb.load_run(run_dir)
rows = []
with open(data, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    next(reader)
    for line in reader:
        rows.append([float(v) for v in line[:-1]])
scores = run.score(torch.tensor(rows))
want = {}
flagged = {}
with open(run_dir + "/scores.csv", newline="", encoding="utf-8") as f:
    for line in csv.DictReader(f):
        want[int(line["index"])] = float(line["score"])
        flagged[int(line["index"])] = line["predicted"] == "1"
assert len(want) == len(rows), (len(want), len(rows))
worst = max(abs(scores[i].item() - want[i]) / (1 + abs(want[i])) for i in want)
same = sum((scores[i].item() > run.threshold) == flagged[i] for i in want)
print("rows %d, worst relative difference %.3g, %d of %d flagged alike" % (len(rows), worst, same, len(rows)))
if worst > 1e-5 or same != len(rows):
    sys.exit(1)
