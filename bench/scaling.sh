#!/usr/bin/env bash
# Scaling with cores: bench/throughput.sh's rows at 1, 2, 4, 8 and 16 threads, as many of them as
# this machine has usable cores for (its affinity), ours and python3-torch's medians side by side
# with the speed-up over one thread. For the README's scaling table on a bigger machine.
#   bash bench/scaling.sh                      every row, PAIRS=3 alternated pairs each
#   ROWS="conv dense" PAIRS=5 bash bench/scaling.sh
#   COUNTS="1 2 4" bash bench/scaling.sh       other thread counts
# Sweeps as parallel processes: bench/sweep_parallel.sh. Needs bash scripts/setup.sh --bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export LC_ALL=C
cores=$(nproc)
counts=()
for t in ${COUNTS:-1 2 4 8 16}; do
    [[ $t =~ ^[1-9][0-9]*$ ]] || { echo "COUNTS lists whole numbers, not '$t'"; exit 1; }
    if ((t <= cores)); then counts+=("$t"); else echo "$t threads skipped: $cores cores usable"; fi
done
[ ${#counts[@]} -gt 0 ] || { echo "no thread count fits $cores cores"; exit 1; }
declare -A ours peer
labels=()
for t in "${counts[@]}"; do
    echo "== $t threads" >&2
    out=$(THREADS=$t bash "$root/bench/throughput.sh") || { echo "$out" >&2; exit 1; }
    echo "$out" >&2
    # Rows: a 24-character label, then ours, its range, peer, its range, ratio, pair ratios.
    while IFS= read -r line; do
        label=$(echo "${line:0:24}" | sed 's/ *$//')
        set -- ${line:24}
        [ $# -ge 5 ] && [[ $1 =~ ^[0-9.]+$ ]] || continue
        [[ " ${labels[*]-} " == *" $label "* ]] || labels+=("$label")
        ours[$label,$t]=$1 peer[$label,$t]=$3
    done <<<"$out"
done
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $cores cores usable"
head="| row |"; rule="|---|"
for t in "${counts[@]}"; do head+=" ours $t | peer $t |"; rule+="---|---|"; done
echo "$head"; echo "$rule"
for label in "${labels[@]}"; do
    line="| $label |"
    for t in "${counts[@]}"; do
        o=${ours[$label,$t]:-} p=${peer[$label,$t]:-}
        o1=${ours[$label,${counts[0]}]:-} p1=${peer[$label,${counts[0]}]:-}
        if [ -n "$o" ] && [ -n "$o1" ]; then
            line+=" $o ($(printf '%.2f' "$(echo "$o / $o1" | bc -l)")x) | $p ($(printf '%.2f' "$(echo "$p / $p1" | bc -l)")x) |"
        else
            line+=" | |"
        fi
    done
    echo "$line"
done
echo "samples/s, medians of ${PAIRS:-3} alternated pairs; (Nx): against ${counts[0]} thread(s)"
