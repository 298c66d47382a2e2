#!/usr/bin/env bash
# What README (Benchmarks, Under load) says of OpenMP waiting and threads, checked on the running
# engine (not timed): OpenMP's wait policy is left at libgomp's default (spin about 300,000 times,
# then sleep; OMP_DISPLAY_ENV shows GOMP_SPINCOUNT 300000), not passive (0) nor active; a user's
# OMP_WAIT_POLICY is honoured; automatic threads train a small network on one thread and a run
# records the threads it used. Skipped (77) where the OpenMP runtime is not libgomp.
set -u
engine=${1:?usage: test_wait_policy.sh ENGINE WORKDIR}
work=${2:?usage: test_wait_policy.sh ENGINE WORKDIR}
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
spincount() {  # the spin count libgomp reports at start-up, the caller's waiting settings removed
    env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$@" OMP_DISPLAY_ENV=verbose "$engine" --version 2>&1 |
        sed -n "s/.*GOMP_SPINCOUNT = '\([0-9]*\)'.*/\1/p" | head -1
}
default=$(spincount)
if [ -z "$default" ]; then
    echo "SKIP: the OpenMP runtime does not report GOMP_SPINCOUNT (not libgomp)"
    exit 77
fi
echo "default spin count: $default"
[ "$default" = 300000 ] || fail "the engine changed OpenMP's waiting: GOMP_SPINCOUNT $default, not libgomp's default 300000"
passive=$(spincount OMP_WAIT_POLICY=passive)
[ "$passive" = 0 ] || fail "OMP_WAIT_POLICY=passive is not honoured: GOMP_SPINCOUNT $passive"
active=$(spincount OMP_WAIT_POLICY=active)
[ -n "$active" ] && [ "$active" -gt 300000 ] || fail "OMP_WAIT_POLICY=active is not honoured: GOMP_SPINCOUNT $active"
# Automatic threads: the built-in heartbeats' small dense net trains on one thread, recorded.
"$engine" run --preset synthetic-heartbeats --epochs 1 --threads 0 --quiet --out "$work/run" >/dev/null ||
    fail "run"
grep -A3 '"environment"' "$work/run/metrics.json" >/dev/null || fail "no environment in metrics.json"
threads=$(tr -d ' \n' <"$work/run/metrics.json" | grep -o '"threads":[0-9]*' | head -1 | cut -d: -f2)
[ "$threads" = 1 ] || fail "a small network trained on $threads threads with automatic threads, not 1"
# A set count is kept.
"$engine" run --preset synthetic-heartbeats --epochs 1 --threads 2 --quiet --out "$work/run2" >/dev/null ||
    fail "run2"
threads=$(tr -d ' \n' <"$work/run2/metrics.json" | grep -o '"threads":[0-9]*' | head -1 | cut -d: -f2)
[ "$threads" = 2 ] || fail "--threads 2 trained on $threads threads"
echo "wait policy and threads: passed"
