#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer for bench_load_data: the same files read with numpy into float32 arrays (pixels / 255;
CSV features with the label column apart), the way a notebook would.
Usage: peer_load.py idx IMAGES LABELS | csv FILE LABEL_COLUMN(last)
Prints: seconds samples values-per-sample resident-MiB-before peak-MiB."""
import gzip
import sys
import time

import numpy as np


def status_mib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def read_maybe_gzip(path):
    with open(path, "rb") as f:
        head = f.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        return f.read()


def load_idx(images, labels):
    raw = read_maybe_gzip(images)
    n, rows, cols = np.frombuffer(raw, dtype=">u4", count=3, offset=4)
    x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(int(n), 1, int(rows), int(cols))
    x = x.astype(np.float32) / 255.0
    lab = np.frombuffer(read_maybe_gzip(labels), dtype=np.uint8, offset=8)
    return x, lab


def load_csv(path, label_column):
    table = np.loadtxt(path, delimiter=",", dtype=np.float32)
    assert label_column == "last"
    return table[:, :-1].copy(), table[:, -1].copy()


kind = sys.argv[1]
before = status_mib("VmRSS")
start = time.perf_counter()
x, y = load_idx(sys.argv[2], sys.argv[3]) if kind == "idx" else load_csv(sys.argv[2], sys.argv[3])
seconds = time.perf_counter() - start
print(f"{seconds:.4f} {x.shape[0]} {int(np.prod(x.shape[1:]))} {before:.1f} {status_mib('VmHWM'):.1f}")
