#!/usr/bin/env bash
# A run on a busy machine. Two jobs, each quiet and then beside two competing trainings (this
# program's conv AE, bench_train_throughput conv with a thread per core and OpenMP's active
# waiting: spinning threads, as python3-torch's or an older build's; the same neighbours for every
# variant):
#   ecg:  the ECG5000 tutorial preset end to end (the CLI: start-up, load, 20 epochs, score,
#         write), seconds; beside it python3-torch's notebook-style copy (bench/peer_ecg.py, torch's
#         defaults: a thread per core, libgomp's default waiting);
#   conv: the conv AE's training throughput (bench_train_throughput conv 128 2048 3), samples/s.
# Variants: auto (the programs' default: the cores less those busy at the start, one thread for a
# small network), all-cores (a thread per core whatever the load: the programs' earlier default),
# passive (all cores, OMP_WAIT_POLICY=passive). Each round runs every variant quiet and then
# loaded; medians of ROUNDS (default 3) and the slowdown loaded / quiet. The target: the ECG5000
# preset at most 2.5x its quiet time beside two trainings (about its fair share of the cores).
# NEIGHBOURS (default "same own") says how the two trainings are started:
#   same: in this script's session, as one script starting all three would: the kernel shares the
#         cores among runnable threads, so a neighbour with a thread per core takes twice the share
#         of a one-thread run;
#   own:  each in a session of its own (setsid), as trainings started from other terminal windows,
#         a desktop's launcher or a sweep's jobs are: with the kernel's autogroup scheduling
#         (/proc/sys/kernel/sched_autogroup_enabled, on in Debian's kernels) or a systemd desktop's
#         per-application cgroups the cores are shared among sessions, not threads.
# Needs a build and, for the peer, bash scripts/setup.sh --bench.
set -uo pipefail
set +m  # no job control: a background job stays in this process group, so setsid runs in place
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AWB_BUILD_DIR:-$root/build}
cli=$build/app/cli/anomaly-workbench-cli
bench=$build/bench/bench_train_throughput
data=${AWB_DATASETS_DIR:-$root/../shared/datasets}/ecg5000/ecg5000_tf_ecg.csv.gz
rounds=${ROUNDS:-3}
neighbours=${NEIGHBOURS:-same own}
for n in $neighbours; do
    [[ $n == same || $n == own ]] || { echo "NEIGHBOURS lists same and/or own, not '$n'"; exit 1; }
done
cores=$(nproc)
[ -f "$data" ] || { echo "ECG5000 not found: $data"; exit 1; }
peer=1
/usr/bin/python3 -c "import torch" 2>/dev/null || { peer=0; echo "python3-torch missing (bash scripts/setup.sh --bench): peer rows skipped"; }
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$out"' EXIT
export OPENBLAS_NUM_THREADS=1

measure() {  # JOB VARIANT -> one figure
    local threads=0 envs=()
    case $2 in
    all-cores) threads=$cores ;;
    passive) threads=$cores envs=(OMP_WAIT_POLICY=passive) ;;
    esac
    if [ "$1" = ecg ]; then
        if [ "$2" = python3-torch ]; then
            /usr/bin/env time -f %e /usr/bin/python3 "$root/bench/peer_ecg.py" "$data" 2>&1 >/dev/null | tail -1
        else
            /usr/bin/env "${envs[@]}" time -f %e "$cli" run --preset ecg5000-tutorial --data "$data" \
                --out "$out/run" --quiet --threads $threads 2>&1 >/dev/null | tail -1
        fi
    else
        /usr/bin/env "${envs[@]}" "$bench" conv 128 2048 3 $threads
    fi
}
rows=("ecg auto" "ecg all-cores" "ecg passive" "conv auto" "conv all-cores" "conv passive")
[ $peer = 1 ] && rows+=("ecg python3-torch")
declare -A quiet loaded
for ((r = 1; r <= rounds; ++r)); do
    for row in "${rows[@]}"; do quiet[$row]+="$(measure $row) "; done
    for n in $neighbours; do
        launch=()
        [ "$n" = own ] && launch=(setsid)  # not a group leader (set +m), so setsid execs in place
        OMP_WAIT_POLICY=active "${launch[@]}" "$bench" conv 128 2048 100000 $cores >/dev/null 2>&1 &
        OMP_WAIT_POLICY=active "${launch[@]}" "$bench" conv 128 2048 100000 $cores >/dev/null 2>&1 &
        sleep 3  # both started and training
        for row in "${rows[@]}"; do loaded[$n $row]+="$(measure $row) "; done
        kill $(jobs -p) 2>/dev/null
        wait 2>/dev/null
    done
    echo "round $r of $rounds done" >&2
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$cores cores, medians of $rounds; quiet, and beside two conv trainings with a thread per core each"
echo "autogroup scheduling: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo unknown) (1: on); neighbours: $neighbours"
echo "| job | variant | neighbours | quiet | loaded | slowdown | loaded runs |"
echo "|---|---|---|---|---|---|---|"
for n in $neighbours; do
    for row in "${rows[@]}"; do
        q=$(echo "${quiet[$row]}" | median)
        l=$(echo "${loaded[$n $row]}" | median)
        set -- $row
        if [ "$1" = ecg ]; then
            unit="s"; slow=$(echo "$l / $q" | bc -l)
        else
            unit="samples/s"; slow=$(echo "$q / $l" | bc -l)
        fi
        printf "| %s (%s) | %s | %s session | %s | %s | %.2fx | %s|\n" "$1" "$unit" "$2" "$n" "$q" "$l" \
            "$slow" "${loaded[$n $row]}"
    done
done
