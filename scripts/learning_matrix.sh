#!/usr/bin/env bash
# Runs every learning test (a test that asserts a model learned) over seeds and thread counts, one
# at a time, and writes a table of pass counts and the figures each test prints (mean ± std, worst
# and best over the runs). A learning test's bounds are set from this table's worst case, so that
# it holds on another CPU or library build too.
#   bash scripts/learning_matrix.sh                 seeds 1-5, threads 1 2 4
#   bash scripts/learning_matrix.sh "1 2" "2"       fewer
# Needs a build (scripts/build.sh). Output: build/learning_matrix/{runs.log,table.md}; the test
# binaries' exit status counts (a crash is a failure). Takes about 25 minutes on 2 cores.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AWB_BUILD_DIR:-$root/build}
seeds=${1:-1 2 3 4 5}
threads=${2:-1 2 4}
out=$build/learning_matrix
mkdir -p "$out"
# AWB_MATRIX_TABLE_ONLY=1: only rebuild the table from an earlier runs.log.
[ -n "${AWB_MATRIX_TABLE_ONLY:-}" ] && seeds="" || : >"$out/runs.log"
# executable:gtest filter of its learning tests
suites=(
    "test_training:Training.LearnsToSeparateSyntheticHeartbeats:Training.DenoisingAndSgdAndMseTrainToo:Training.MaskingAndSaltPepperNoiseTrain:ConvAutoencoder.LearnsNormalImagesAndFlagsOthers"
    "test_image_folder:ImageFolder.ConvAutoencoderSeparatesForeignImages"
    "test_family_registry:Training.TwoPhasesStepTheirGroupsAndFreezeTheRest"
    "test_defaults:Defaults.ADefaultDenseRunLearnsASmallTable:Defaults.TheImagePresetLearnsASmallSet"
    "test_time_series_learning:*"
    "test_family_defaults:*"
    "test_ecg5000:Ecg5000.TutorialPresetReachesThePublishedFigures"
    "test_nab:Nab.Usad*"
)
export QT_QPA_PLATFORM=offscreen OPENBLAS_NUM_THREADS=1
for t in $threads; do
    for s in $seeds; do
        for suite in "${suites[@]}"; do
            exe=${suite%%:*}
            filter=${suite#*:}
            start=$(date +%s)
            AWB_TEST_SEED=$s AWB_TEST_THREADS=$t "$build/tests/$exe" --gtest_filter="$filter" >"$out/last.log" 2>&1
            rc=$?
            # A crash or a missing binary prints no FAILED line: record it as one.
            if [ $rc -ne 0 ] && ! grep -q "^\[  FAILED  \]" "$out/last.log"; then
                echo "[  FAILED  ] $exe.exit$rc ($rc ms)" >>"$out/last.log"
            fi
            # "run SEED THREADS" lines, then the test's own OK/FAILED/SKIPPED and figure lines
            awk -v s="$s" -v t="$t" '/^\[       OK \]|^\[  FAILED  \]|^\[  SKIPPED \]|^\[figure\]/ { print "seed=" s, "threads=" t, $0 }' \
                "$out/last.log" >>"$out/runs.log"
            grep -q "FAILED" "$out/last.log" && { echo "--- seed $s threads $t $exe:"; grep -B30 "^\[  FAILED  \]" "$out/last.log" | grep -E "Failure|Expected|actual|Which is|FAILED" | head -20; }
            echo "seed $s threads $t $exe: $(($(date +%s) - start)) s"
        done
    done
done
# The table: per test, passes; per figure, mean ± std, min and max over every seed and thread count.
awk '
function testName(line) { sub(/^.*\] /, "", line); sub(/ .*$/, "", line); return line }
/\[       OK \]/     { name = testName($0); pass[name]++; runs[name]++; order(name) }
/\[  FAILED  \]/     { if ($0 ~ / ms\)$/) { name = testName($0); runs[name]++; fail[name] = fail[name] " " $1 "/" $2; order(name) } }
/\[  SKIPPED \]/     { name = testName($0); skip[name]++; order(name) }
/\[figure\]/         { name = $4; split($5, kv, "="); key = name " " kv[1]; v = kv[2] + 0; n[key]++; sum[key] += v; sq[key] += v * v;
                       if (!(key in lo) || v < lo[key]) lo[key] = v; if (!(key in hi) || v > hi[key]) hi[key] = v; figs[name] = figs[name] " " kv[1] }
function order(x) { if (!(x in seen)) { seen[x] = 1; names[++count] = x } }
END {
    print "| test | passed | figure: mean ± std (min – max) |"
    print "|---|---|---|"
    for (i = 1; i <= count; i++) {
        x = names[i]; text = ""
        delete done
        m = split(figs[x], keys, " ")
        for (j = 1; j <= m; j++) {
            k = keys[j]; if (k in done) continue; done[k] = 1
            key = x " " k; mean = sum[key] / n[key]; var = sq[key] / n[key] - mean * mean; if (var < 0) var = 0
            text = text sprintf("%s %.3f ± %.3f (%.3f – %.3f); ", k, mean, sqrt(var), lo[key], hi[key])
        }
        status = (x in skip) ? "skipped " skip[x] : sprintf("%d / %d", pass[x], runs[x])
        if (fail[x] != "") status = status " (failed:" fail[x] ")"
        printf "| %s | %s | %s |\n", x, status, text
    }
}' "$out/runs.log" >"$out/table.md"
cat "$out/table.md"
! grep -q "FAILED" "$out/runs.log"
