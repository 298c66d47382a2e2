#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# How to use the cores for a sweep: the ten Fashion-MNIST classes, each in turn the normal class
# (the fmnist-denoising preset, EPOCHS epochs on TRAIN training images, tested on the 10,000 test
# images), run as one point after another with every core each (--jobs 1) and as JOBS parallel
# processes with cores / JOBS threads each (--jobs JOBS), the two alternated ROUNDS times. Prints
# each sweep's wall time, the medians and the speed-up, and the mean AUROC of each (the same
# points: they should agree).
#   bash bench/sweep_parallel.sh [BUILD_DIR]    env: ROUNDS (2), JOBS (cores), EPOCHS (2),
#                                                    TRAIN (2000), CLASSES ("0,1,...,9")
set -euo pipefail
build=${1:-build}
cli="$build/app/cli/anomaly-workbench-cli"
[ -x "$cli" ] || { echo "build first: $cli"; exit 1; }
rounds=${ROUNDS:-2}
cores=$(nproc)
jobs=${JOBS:-$cores}
epochs=${EPOCHS:-2}
train=${TRAIN:-2000}
classes=${CLASSES:-"0,1,2,3,4,5,6,7,8,9"}
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] ||
    { echo "needs Debian's dataset-fashion-mnist (scripts/setup.sh)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
sweep() {  # JOBS DIR: prints the wall seconds, then the mean AUROC
    local t0 t1
    t0=$(date +%s%N)
    if ! "$cli" sweep --preset fmnist-denoising --epochs "$epochs" --max-train "$train" \
        --grid "normal-label=$classes" --jobs "$1" --out "$2" >"$2.log" 2>&1 </dev/null; then
        echo "the sweep failed: $(tail -3 "$2.log")" >&2
        echo "failed"
        return
    fi
    t1=$(date +%s%N)
    awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.1f", ns / 1e9}'
    printf ' %s\n' "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; ++i) if ($i == "auroc_mean") c = i; next }
        c { s += $c; n++ } END { if (n) printf "%.4f", s / n; else printf "n/a" }' "$2/compare.csv")"
}
echo "cores $cores, jobs $jobs (threads each: cores / jobs), epochs $epochs, training images $train;"
echo "CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load at start $(cut -d' ' -f1 /proc/loadavg)"
seq_t=() par_t=()
one() {  # ROUND KIND: runs and reports one sweep
    local s auroc
    if [ "$2" = seq ]; then
        read -r s auroc < <(sweep 1 "$tmp/seq-$1")
        [ "$s" != failed ] || exit 1
        seq_t+=("$s")
        echo "round $(($1 + 1)): one after another  ${s} s  (mean AUROC $auroc)"
    else
        read -r s auroc < <(sweep "$jobs" "$tmp/par-$1")
        [ "$s" != failed ] || exit 1
        par_t+=("$s")
        echo "round $(($1 + 1)): $jobs in parallel      ${s} s  (mean AUROC $auroc)"
    fi
}
for ((r = 0; r < rounds; ++r)); do  # which goes first alternates
    if ((r % 2 == 0)); then one "$r" seq; one "$r" par; else one "$r" par; one "$r" seq; fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${seq_t[@]}")
mp=$(median "${par_t[@]}")
echo "median: one after another $ms s, $jobs in parallel $mp s, speed-up $(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.2f", a / b}')x"
