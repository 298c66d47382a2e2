#!/usr/bin/env bash
# Training throughput of anomaly-workbench's core against Debian's python3-torch, same network,
# data size, batch, loss, optimizer and threads, in the same run. Medians of 3 runs each.
# Needs python3-torch: bash scripts/setup.sh --bench installs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${AWB_BUILD_DIR:-$root/build}/bench/bench_train_throughput
threads=${THREADS:-$(nproc)}
python=/usr/bin/python3
"$python" -c 'import torch' 2>/dev/null || { echo "python3-torch missing: bash scripts/setup.sh --bench"; exit 1; }
median() { sort -g | sed -n 2p; }
printf "%-28s %14s %14s %8s\n" "row (threads $threads)" "ours samples/s" "python samples/s" "ratio"
while read -r kind batch samples epochs; do
    ours=$(for i in 1 2 3; do OPENBLAS_NUM_THREADS=1 "$bin" "$kind" "$batch" "$samples" "$epochs" "$threads"; done | median)
    peer=$(for i in 1 2 3; do OPENBLAS_NUM_THREADS=1 "$python" "$root/bench/peer_throughput.py" "$kind" "$batch" "$samples" "$epochs" "$threads"; done | median)
    printf "%-28s %14s %14s %8.2f\n" "$kind batch $batch ($samples)" "$ours" "$peer" "$(echo "$ours / $peer" | bc -l)"
done <<ROWS
dense 512 4000 6
dense 32 4000 4
conv 128 2048 3
score 1024 10000 3
wgan 64 2048 3
ROWS
