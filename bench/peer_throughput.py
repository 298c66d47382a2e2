#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer for bench_train_throughput: the same networks and loop in Debian's python3-torch.
Usage: peer_throughput.py dense|conv|score|wgan BATCH SAMPLES EPOCHS THREADS [DEVICE] -> samples/s (first epoch left out).
DEVICE: cpu (default) or cuda; the data is put on it once, as the core's trainer does.
Kind "score": the conv AE's per-sample MSE over SAMPLES images in batches of 1024 without
gradients, median of EPOCHS passes after a warm-up one."""
import sys
import time

import torch
from torch import nn

kind, batch, samples, epochs, threads = sys.argv[1], *map(int, sys.argv[2:6])
device = torch.device(sys.argv[6] if len(sys.argv) > 6 else "cpu")
torch.set_num_threads(threads)
torch.manual_seed(1)
if kind == "dense":
    shape, loss_fn, noise = (140,), nn.L1Loss(), 0.0
    model = nn.Sequential(nn.Linear(140, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(),
                          nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 140), nn.Sigmoid())
else:
    shape, loss_fn, noise = (1, 28, 28), nn.MSELoss(), 0.1
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 32), nn.ReLU(), nn.Linear(32, 64 * 7 * 7), nn.ReLU(),
        nn.Unflatten(1, (64, 7, 7)),
        nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
        nn.ConvTranspose2d(32, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())
data = torch.rand((samples,) + shape).to(device)
model = model.to(device)
if kind == "wgan":
    # f-AnoGAN's WGAN-GP phase as bench_train_throughput trains it: per batch 5 critic steps
    # (gradient penalty 10) and one generator step, Adam 1e-4 betas (0, 0.9), latent 64.
    latent = 64
    gen = nn.Sequential(nn.Linear(latent, 64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
                        nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
                        nn.ConvTranspose2d(32, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid()).to(device)
    critic = nn.Sequential(nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
                           nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.LeakyReLU(0.2), nn.Flatten(),
                           nn.Linear(64 * 7 * 7, 1)).to(device)
    opt_c = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.0, 0.9))
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-4, betas=(0.0, 0.9))
    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(samples).to(device)
        for first in range(0, samples, batch):
            real = data.index_select(0, order[first:first + batch])
            for _ in range(5):
                critic.zero_grad(); gen.zero_grad()
                with torch.no_grad():
                    fake = gen(torch.randn(real.size(0), latent, device=device))
                eps = torch.rand(real.size(0), 1, 1, 1, device=device)
                mixed = (eps * real + (1 - eps) * fake).requires_grad_(True)
                grad, = torch.autograd.grad(critic(mixed).sum(), mixed, create_graph=True)
                penalty = ((grad.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
                loss = critic(fake).mean() - critic(real).mean() + 10 * penalty
                loss.item()
                loss.backward()
                opt_c.step()
            critic.zero_grad(); gen.zero_grad()
            loss = -critic(gen(torch.randn(real.size(0), latent, device=device))).mean()
            loss.item()
            loss.backward()
            opt_g.step()
        times.append(time.perf_counter() - start)
    print(f"{samples * (epochs - 1) / sum(times[1:]):.1f}")
    sys.exit(0)
if kind == "score":
    model.eval()
    rates = []
    with torch.no_grad():
        for p in range(epochs + 1):
            start = time.perf_counter()
            scores = torch.cat([((model(data[i:i + 1024]) - data[i:i + 1024]) ** 2).mean(dim=(1, 2, 3))
                                for i in range(0, samples, 1024)])
            scores.tolist()
            if p > 0:
                rates.append(samples / (time.perf_counter() - start))
    print(f"{sorted(rates)[len(rates) // 2]:.1f}")
    sys.exit(0)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
times = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.randperm(samples).to(device)
    for first in range(0, samples, batch):
        target = data.index_select(0, order[first:first + batch])
        inp = target + torch.randn_like(target) * noise if noise > 0 else target
        opt.zero_grad()
        loss = loss_fn(model(inp), target)
        loss.item()
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - start)
print(f"{samples * (epochs - 1) / sum(times[1:]):.1f}")
