# SPDX-License-Identifier: GPL-3.0-or-later
"""Scores a CSV's rows with python/awb_reference.py and compares them with the run's scores.csv.

usage: check_export.py REFERENCE_DIR RUN_DIR DATA   (DATA: a CSV whose last column is the label,
       or an IDX image file, read as the program reads it: pixels / 255)
"""
import csv
import struct
import sys

import torch

sys.path.insert(0, sys.argv[1])
import awb_reference as awb  # noqa: E402

run_dir, data = sys.argv[2], sys.argv[3]
run = awb.load_run(run_dir)
if data.endswith(".idx"):
    with open(data, "rb") as f:
        raw = f.read()
    assert raw[2] == 8, "only unsigned-byte IDX files are read here"
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    pixels = torch.tensor(list(raw[4 + 4 * dims:]), dtype=torch.float32) / 255.0
    samples = pixels.reshape(shape[0], 1, *shape[1:])
else:
    rows = []
    with open(data, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for line in reader:
            rows.append([float(v) for v in line[:-1]])
    samples = torch.tensor(rows)
scores = run.score(samples)
rows = samples  # one per scored sample (a series: a point)
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
