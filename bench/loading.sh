#!/usr/bin/env bash
# Reading data into memory: anomaly-workbench's readers against numpy (python3-numpy, installed
# with python3-torch by: bash scripts/setup.sh --bench), same files, same run. Median of 5 runs
# for the seconds; memory is the peak resident size of the process minus its size before reading.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${AWB_BUILD_DIR:-$root/build}/bench/bench_load_data
python=/usr/bin/python3
"$python" -c 'import numpy' 2>/dev/null || { echo "python3-numpy missing: bash scripts/setup.sh --bench"; exit 1; }
fm=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
ecg=${ECG5000_CSV:-$root/../shared/datasets/ecg5000/ecg5000_tf_ecg.csv.gz}
# median of column 1 (seconds) and of the memory increase (column 5 - column 4) over 5 runs
measure() {
    local out
    out=$(for i in 1 2 3 4 5; do "$@"; done)
    echo "$(echo "$out" | awk '{ print $1 }' | sort -g | sed -n 3p)" \
         "$(echo "$out" | awk '{ printf "%.0f\n", $5 - $4 }' | sort -g | sed -n 3p)" \
         "$(echo "$out" | awk 'NR == 1 { print $2 }')"
}
printf "%-44s %10s %10s %8s %10s %10s %8s\n" "file" "ours s" "numpy s" "ratio" "ours MiB" "numpy MiB" "ratio"
row() {
    local name=$1; shift
    read -r os om n < <(measure "$bin" "$@")
    read -r ps pm _ < <(measure "$python" "$root/bench/peer_load.py" "$@")
    printf "%-44s %10s %10s %8.2f %10s %10s %8.2f\n" "$name ($n samples)" "$os" "$ps" \
        "$(echo "$ps / $os" | bc -l)" "$om" "$pm" "$(echo "$pm / $om" | bc -l)"
}
if [ -f "$fm/train-images-idx3-ubyte.gz" ]; then
    row "Fashion-MNIST train, gzip IDX" idx "$fm/train-images-idx3-ubyte.gz" "$fm/train-labels-idx1-ubyte.gz"
    row "Fashion-MNIST test, gzip IDX" idx "$fm/t10k-images-idx3-ubyte.gz" "$fm/t10k-labels-idx1-ubyte.gz"
else
    echo "Fashion-MNIST not found in $fm (Debian package dataset-fashion-mnist)"
fi
if [ -f "$ecg" ]; then
    row "ECG5000, gzip CSV (5000 x 140 + label)" csv "$ecg" last
else
    echo "ECG5000 not found at $ecg"
fi
echo "ratio = numpy / ours: above 1 means ours is faster (seconds) or smaller (memory)"
