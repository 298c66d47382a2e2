#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan, fuzzer coverage on all of core) in
# build-fuzz/ and runs each for SECONDS (default 60) from the seed corpora in fuzz/corpus/.
# Every target runs with -rss_limit_mb=2048 -malloc_limit_mb=1024: a read that is not bounded
# before it allocates is a finding. Findings are written to build-fuzz/findings/; a crash makes the script fail. AWB_FUZZ_SEED=N
# fixes libFuzzer's seed (CI uses 1; 0, the default, is random).
#   bash scripts/fuzz.sh [SECONDS]        (a longer run: bash scripts/fuzz.sh 3600)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/setup.sh --fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DAWB_BUILD_GUI=OFF -DAWB_BUILD_BENCH=OFF -DAWB_BUILD_TESTS=OFF \
    -DAWB_FUZZ=ON -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build build-fuzz --target fuzz_csv fuzz_idx fuzz_config fuzz_run_directory fuzz_image fuzz_gzip
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1
mkdir -p build-fuzz/findings
status=0
for t in csv idx config run_directory image gzip; do
    corpus=fuzz/corpus/${t%%_*}
    work=build-fuzz/corpus-$t
    mkdir -p "$work"
    echo "fuzz_$t: ${seconds}s from $corpus"
    if ! build-fuzz/fuzz/fuzz_$t "$work" "$corpus" -max_total_time="$seconds" -max_len=65536 \
        -rss_limit_mb=2048 -malloc_limit_mb=1024 -seed="${AWB_FUZZ_SEED:-0}" -artifact_prefix=build-fuzz/findings/$t- -print_final_stats=1 2>build-fuzz/fuzz_$t.log; then
        echo "fuzz_$t FOUND A CRASH: see build-fuzz/fuzz_$t.log and build-fuzz/findings/"
        tail -30 build-fuzz/fuzz_$t.log
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-fuzz/fuzz_$t.log | tr '\n' ' '; echo
    fi
done
exit $status
