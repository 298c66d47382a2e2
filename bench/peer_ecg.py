#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer for bench/under_load.sh: the ECG5000 tutorial preset end to end in Debian's python3-torch,
as a notebook would run it: read the gzip CSV (numpy), 80/20 split, min-max scaling by the training
part's global min and max, a dense 140-32-16-8-16-32-140 ReLU AE with sigmoid output trained on the
normal training rows, MAE, Adam 1e-3, 20 epochs at batch 512, then the test part's errors and the
mean + 1 std threshold. Torch's default threads (one per core) and OpenMP's default waiting.
Usage: peer_ecg.py FILE -> seconds (import and all) and the accuracy on stderr."""
import sys
import time

start = time.perf_counter()
import numpy as np
import torch
from torch import nn

torch.manual_seed(42)
raw = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float32)
x, y = raw[:, :-1], raw[:, -1] == 1  # 1 = normal
rng = np.random.default_rng(42)
order = rng.permutation(len(x))
cut = int(0.8 * len(x))
train, test = order[:cut], order[cut:]
lo, hi = x[train].min(), x[train].max()
x = (x - lo) / (hi - lo)
normal = torch.from_numpy(x[train][y[train]])
model = nn.Sequential(nn.Linear(140, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(),
                      nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 140), nn.Sigmoid())
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.L1Loss()
for epoch in range(20):
    perm = torch.randperm(len(normal))
    for i in range(0, len(normal), 512):
        batch = normal[perm[i:i + 512]]
        opt.zero_grad()
        loss = loss_fn(model(batch), batch)
        loss.backward()
        opt.step()
with torch.no_grad():
    train_err = (model(normal) - normal).abs().mean(dim=1)
    threshold = train_err.mean() + train_err.std()
    t = torch.from_numpy(x[test])
    err = (model(t) - t).abs().mean(dim=1)
accuracy = float(((err <= threshold).numpy() == y[test]).mean())
print(f"{time.perf_counter() - start:.3f}")
print(f"accuracy {accuracy:.3f}", file=sys.stderr)
