#!/usr/bin/env bash
# Training throughput of anomaly-workbench's core against Debian's python3-torch, same network,
# data size, batch, loss, optimizer and threads, in the same run. Each row runs PAIRS (default 3)
# pairs alternating which side goes first (ours-peer, peer-ours, ...), so that a machine whose
# speed drifts (a shared host, thermal limits) or favours the first of two runs moves both sides
# alike; it prints both medians, their ranges and the ratio of medians with the range of the
# per-pair ratios.
#   bash bench/throughput.sh                  every row, threads = nproc
#   THREADS=1 PAIRS=5 ROWS="conv wgan" bash bench/throughput.sh
#   PEER_ALLOCATOR=ours bash bench/throughput.sh   the peer with our glibc thresholds too
#     (MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_): how much of a ratio is the allocator's
#   AWB_PACK=0 bash bench/throughput.sh       ours with each parameter on its own, as before
#     packing (TrainingConfig::packParameters): how much of a ratio is packing's
# Needs python3-torch: bash scripts/setup.sh --bench installs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${AWB_BUILD_DIR:-$root/build}/bench/bench_train_throughput
threads=${THREADS:-$(nproc)}
pairs=${PAIRS:-3}
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "PAIRS must be a positive whole number, not '$pairs'"; exit 1; }
export LC_ALL=C  # bc's and printf's decimal point
only=${ROWS:-}
peer_env=()
case ${PEER_ALLOCATOR:-default} in
default) ;;
ours) peer_env=(MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=536870912) ;;
*) echo "PEER_ALLOCATOR is default or ours, not '${PEER_ALLOCATOR}'"; exit 1 ;;
esac
python=/usr/bin/python3
"$python" -c 'import torch' 2>/dev/null || { echo "python3-torch missing: bash scripts/setup.sh --bench"; exit 1; }
export OPENBLAS_NUM_THREADS=1
# The settings of both sides, stated with the figures.
echo "threads: $threads on both sides (ours: torch::set_num_threads; peer: torch.set_num_threads)"
if [ "${AWB_PACK:-1}" = 0 ]; then
    echo "parameters: ours each on its own (AWB_PACK=0), as the peer's"
else
    echo "parameters: ours packed into a block per optimizer group (set AWB_PACK=0 to turn off); the peer's each on its own, as torch.optim does by default on the CPU"
fi
echo "OpenBLAS: OPENBLAS_NUM_THREADS=1 on both; OpenMP waiting: libgomp's default on both (OMP_WAIT_POLICY ${OMP_WAIT_POLICY:-unset})"
if [ ${#peer_env[@]} -eq 0 ]; then
    echo "allocator: glibc malloc on both (ours: mmap threshold 256 MiB, trim threshold 512 MiB, as the program runs; peer: glibc's defaults, as a user runs it, python's own for small objects)"
else
    echo "allocator: glibc malloc on both, both with mmap threshold 256 MiB and trim threshold 512 MiB (peer: ${peer_env[*]})"
fi
echo "peer: $("$python" -c 'import torch, sys; print("python3-torch", torch.__version__, "python", sys.version.split()[0])')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores usable; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%s-%s", lo, hi}'; }
printf "%-24s %10s %17s %10s %17s %6s %11s\n" "row (threads $threads)" "ours" "ours range" "peer" "peer range" "ratio" "pair ratios"
while read -r kind batch samples epochs; do
    [ -n "$only" ] && [[ " $only " != *" $kind "* ]] && continue
    ours=() peer=() ratios=()
    for ((i = 0; i < pairs; ++i)); do
        if ((i % 2 == 0)); then
            o=$("$bin" "$kind" "$batch" "$samples" "$epochs" "$threads" </dev/null)
            p=$(env "${peer_env[@]}" "$python" "$root/bench/peer_throughput.py" "$kind" "$batch" "$samples" "$epochs" "$threads" </dev/null)
        else
            p=$(env "${peer_env[@]}" "$python" "$root/bench/peer_throughput.py" "$kind" "$batch" "$samples" "$epochs" "$threads" </dev/null)
            o=$("$bin" "$kind" "$batch" "$samples" "$epochs" "$threads" </dev/null)
        fi
        ours+=("$o") peer+=("$p") ratios+=("$(echo "$o / $p" | bc -l)")
    done
    om=$(printf '%s\n' "${ours[@]}" | median)
    pm=$(printf '%s\n' "${peer[@]}" | median)
    printf "%-24s %10s %17s %10s %17s %6.2f %11s\n" "$kind batch $batch ($samples)" "$om" \
        "$(printf '%s\n' "${ours[@]}" | range)" "$pm" "$(printf '%s\n' "${peer[@]}" | range)" \
        "$(echo "$om / $pm" | bc -l)" \
        "$(printf '%.2f\n' "${ratios[@]}" | range)"
done <<ROWS
dense 512 4000 6
dense 32 4000 4
conv 128 2048 3
score 1024 10000 3
wgan 64 2048 3
ROWS
echo "samples/s (training; score: scored samples/s), medians of $pairs pairs (first side alternating)"
