#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CUDA path, on a machine with an NVIDIA GPU whose python3 has a CUDA build of PyTorch (Debian's
# LibTorch has no CUDA, so this is not part of CI): builds core, the CLI, the benchmarks and the core
# tests against that PyTorch's LibTorch, runs the core tests, runs the CLI on the GPU and on the CPU
# with the same settings, and prints the training/scoring throughput rows on the GPU beside the same
# PyTorch from Python (bench/peer_throughput.py).
#
# DEBS: a folder of Debian packages the machine may lack, unpacked into a private prefix (never
# into /): nlohmann-json3-dev libcli11-dev libstb-dev libstb0 zlib1g-dev libgtest-dev, fetched
# beforehand with `apt-get download`. DATA (optional): a folder holding
# machine_temperature_system_failure_labeled.csv for a NAB run.
# Usage: [TESTS_ONLY=1] bench/cuda_check.sh DEBS OUT [DATA]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
debs=$(cd "$1" && pwd)
out=$2
data=${3:-}
mkdir -p "$out"
prefix=/tmp/awb-deps
build=/tmp/awb-cuda-build
rm -rf "$prefix" && mkdir -p "$prefix"
for f in "$debs"/*.deb; do dpkg -x "$f" "$prefix"; done
libdir=$prefix/usr/lib/x86_64-linux-gnu
# zlib1g-dev's libz.so points at Debian's exact zlib file: point it at this machine's.
system_z=$(ldconfig -p | awk '/libz.so.1 .*x86-64/ {print $NF; exit}')
ln -sf "$system_z" "$libdir/libz.so"
torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
echo "== $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader); torch $(python3 -c 'import torch; print(torch.__version__, torch.version.cuda)')"

export PKG_CONFIG_LIBDIR=$libdir/pkgconfig:$prefix/usr/share/pkgconfig PKG_CONFIG_SYSROOT_DIR=$prefix
export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAWB_BUILD_GUI=OFF \
    -DCMAKE_PREFIX_PATH="$torch_cmake;$prefix/usr" -DZLIB_ROOT="$prefix/usr" \
    -DGTest_DIR="$libdir/cmake/GTest" > "$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" > "$out/build.log" 2>&1 || { grep -E "error|Error" "$out/build.log" | head -40; exit 1; }
echo "== built"

echo "== core tests (CPU; the data tests skip without ../shared)"
(cd "$build" && ctest -j 8 -LE ui --timeout 600 --output-on-failure > "$out/ctest.log" 2>&1; tail -5 "$out/ctest.log"; grep -E "Failed|\*\*\*" "$out/ctest.log" | head -20)

[ "${TESTS_ONLY:-0}" = 1 ] && exit 0

cli=$build/app/cli/anomaly-workbench-cli
run() {  # name, then CLI arguments
    local name=$1
    shift
    for dev in cpu cuda; do
        local start=$(date +%s.%N)
        "$cli" run "$@" --device "$dev" --quiet --out "$out/run-$name-$dev" > "$out/$name-$dev.log" 2>&1
        local rc=$?
        local secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
        local auroc=$(python3 -c "import json; print(json.load(open('$out/run-$name-$dev/metrics.json'))['auroc'])" 2>/dev/null)
        printf "%-22s %-5s rc %d  %6.1f s  AUROC %s\n" "$name" "$dev" "$rc" "$secs" "$auroc"
        [ $rc -eq 0 ] || tail -3 "$out/$name-$dev.log"
    done
}
echo "== the CLI on both devices (same seed and settings)"
run heartbeats --preset synthetic-heartbeats
run series-dense --preset synthetic-timeseries
run series-usad --preset synthetic-timeseries --model usad
run series-lstm --preset synthetic-timeseries --model lstm-ae --layers 64 --window 64 --lr 3e-3 --epochs 10
if [ -n "$data" ] && [ -f "$data/machine_temperature_system_failure_labeled.csv" ]; then
    run nab-usad --data "$data/machine_temperature_system_failure_labeled.csv" --label-column label --normal-label 0 --model usad
fi
# The device refused with a message when a GPU index does not exist.
"$cli" run --preset synthetic-heartbeats --device cuda:7 --quiet --out "$out/run-bad" 2>&1 | head -2

echo "== throughput on cuda (samples/s, median of 3) beside Python on the same PyTorch"
median() { sort -g | sed -n 2p; }
printf "%-28s %14s %16s %8s\n" "row" "ours" "python" "ratio"
while read -r kind batch samples epochs; do
    ours=$(for i in 1 2 3; do "$build/bench/bench_train_throughput" "$kind" "$batch" "$samples" "$epochs" 8 cuda; done | median)
    peer=$(for i in 1 2 3; do python3 "$root/bench/peer_throughput.py" "$kind" "$batch" "$samples" "$epochs" 8 cuda; done | median)
    printf "%-28s %14s %16s %8.2f\n" "$kind batch $batch ($samples)" "$ours" "$peer" "$(awk -v a="$ours" -v b="$peer" 'BEGIN {print a / b}')"
done <<ROWS
dense 512 40000 6
dense 32 8000 4
conv 128 20480 4
conv 1024 40960 4
score 1024 60000 3
ROWS
