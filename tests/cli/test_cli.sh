#!/usr/bin/env bash
# End-to-end checks of anomaly-workbench-cli: exit codes, one-line errors, the run directory.
set -u
cli=${AWB_CLI:?AWB_CLI must name the CLI binary}
work=${1:?usage: test_cli.sh WORKDIR}
rm -rf "$work" && mkdir -p "$work"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_fail NAME FRAGMENT ARGS...: non-zero exit, one line on stderr containing FRAGMENT.
expect_fail() {
    local name=$1 fragment=$2
    shift 2
    "$cli" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    if [ $rc -eq 0 ]; then bad "$name: exit 0"; return; fi
    if [ $rc -gt 128 ] && [ $rc -ne 130 ]; then bad "$name: crashed (exit $rc)"; return; fi
    if ! grep -qF -- "$fragment" "$work/err"; then bad "$name: stderr lacks '$fragment':"; cat "$work/err"; return; fi
    if [ "$(wc -l <"$work/err")" -gt 2 ]; then bad "$name: more than a short reason on stderr"; cat "$work/err"; return; fi
    ok
}

# A small labelled CSV: two features, label 'kind'.
{
    echo "a,b,kind"
    for i in $(seq 1 120); do echo "0.$((i % 10)),0.$(((i * 3) % 10)),normal"; done
    for i in $(seq 1 20); do echo "5.$i,-4.$i,odd"; done
} >"$work/small.csv"
printf '1,2,0\n3,x,1\n' >"$work/text.csv"
printf '1,2,0\n3,4\n' >"$work/ragged.csv"
printf '1,2,0\n3,nan,1\n' >"$work/nan.csv"
: >"$work/empty.csv"
printf '{"training": {"epochs": 2, "epoch": 3}}' >"$work/unknown.json"
printf '{"training": {"epochs": "two"}}' >"$work/type.json"
head -c 300 /dev/urandom | gzip -c | head -c 100 >"$work/trunc.csv.gz"

expect_fail "no subcommand" "subcommand"
expect_fail "missing file" "cannot open" run --data "$work/none.csv" --normal-label 1 --out "$work/r"
expect_fail "empty file" "empty" run --data "$work/empty.csv" --normal-label 1 --out "$work/r"
expect_fail "text in column" "text.csv:2:2" run --data "$work/text.csv" --normal-label 1 --out "$work/r"
expect_fail "ragged" "ragged.csv:2" run --data "$work/ragged.csv" --normal-label 1 --out "$work/r"
expect_fail "nan" "not finite" run --data "$work/nan.csv" --normal-label 1 --out "$work/r"
expect_fail "truncated gzip" "trunc.csv.gz" run --data "$work/trunc.csv.gz" --normal-label 1 --out "$work/r"
expect_fail "unknown normal label" "normal label 'x'" run --data "$work/small.csv" --label-column kind --normal-label x --out "$work/r"
expect_fail "unknown column" "no column named 'nope'" run --data "$work/small.csv" --label-column nope --normal-label normal --out "$work/r"
expect_fail "negative epochs" "training.epochs" run --preset synthetic-heartbeats --epochs=-1 --out "$work/r"
expect_fail "absurd lr" "training.learning_rate" run --preset synthetic-heartbeats --lr 1e9 --out "$work/r"
expect_fail "bad layers" "--layers" run --preset synthetic-heartbeats --layers 32,x --out "$work/r"
expect_fail "negative layer" "model.layers[1]" run --preset synthetic-heartbeats --layers 32,-4 --out "$work/r"
expect_fail "bad threshold" "threshold 'median'" run --preset synthetic-heartbeats --threshold median --out "$work/r"
expect_fail "unknown model" "model.family" run --preset synthetic-heartbeats --model gan --out "$work/r"
expect_fail "unknown key" "training.epoch: unknown key" run --preset synthetic-heartbeats --config "$work/unknown.json" --out "$work/r"
expect_fail "wrong type" "training.epochs: expected an integer" run --preset synthetic-heartbeats --config "$work/type.json" --out "$work/r"
expect_fail "unknown preset" "preset 'nope'" run --preset nope --out "$work/r"
expect_fail "no out" "--out" run --preset synthetic-heartbeats --epochs 1
expect_fail "best-f1 without validation" "validation" run --data "$work/small.csv" --label-column kind --normal-label normal --threshold best-f1 --validation-fraction 0 --out "$work/r"
[ ! -e "$work/r" ] && ok || bad "a failed run left $work/r behind"

# A good run: progress lines, the run directory, and metrics keys.
if "$cli" run --data "$work/small.csv" --label-column kind --normal-label normal --layers 4,2 \
    --loss mse --epochs 3 --batch-size 16 --seed 5 --validation-fraction 0.2 --threshold best-f1 \
    --out "$work/run" >"$work/out" 2>"$work/err"; then ok; else bad "good run failed:"; cat "$work/err"; fi
[ "$(grep -c '^epoch [0-9]/3 ' "$work/out")" -eq 3 ] && ok || { bad "no progress line per epoch"; cat "$work/out"; }
for f in config.json model.pt history.csv scores.csv metrics.json; do
    [ -s "$work/run/$f" ] && ok || bad "run lacks $f"
done
for k in auroc auprc threshold accuracy precision recall f1 confusion '"tp"' '"fp"' '"tn"' '"fn"'; do
    grep -q "$k" "$work/run/metrics.json" && ok || bad "metrics.json lacks $k"
done
head -1 "$work/run/history.csv" | grep -q '^epoch,train_loss,val_loss' && ok || bad "history.csv header"
head -1 "$work/run/scores.csv" | grep -q '^index,split,label,anomaly,score,predicted$' && ok || bad "scores.csv header"
[ "$(wc -l <"$work/run/scores.csv")" -eq 141 ] && ok || bad "scores.csv should hold 140 rows"

# config.json is complete: re-running it alone gives the same metrics.
if "$cli" run --config "$work/run/config.json" --out "$work/rerun" --quiet 2>"$work/err"; then ok; else bad "re-run failed"; cat "$work/err"; fi
cmp -s <(grep -v seconds "$work/run/metrics.json") <(grep -v seconds "$work/rerun/metrics.json") && ok || bad "re-run metrics differ"

# Built-in preset, UCR layout (label first) through flags.
"$cli" run --preset synthetic-heartbeats --epochs 2 --out "$work/demo" --quiet && ok || bad "builtin preset failed"
"$cli" presets | grep -q ecg5000-tutorial && ok || bad "presets list"

# One-vs-rest sweep on the built-in classes.
if "$cli" run --preset synthetic-heartbeats --epochs 1 --one-class-sweep --out "$work/sweep" >"$work/out" 2>"$work/err"; then ok; else bad "sweep failed"; cat "$work/err"; fi
[ "$(wc -l <"$work/sweep/sweep.csv")" -eq 6 ] && ok || bad "sweep.csv should hold a header, 4 classes and the mean"
grep -q '^mean,' "$work/sweep/sweep.csv" && ok || bad "sweep.csv lacks the mean"
[ -s "$work/sweep/class-pvc/metrics.json" ] && ok || bad "sweep lacks the run of class pvc"
grep -q "mean AUROC over 4 classes" "$work/out" && ok || bad "sweep summary line"
expect_fail "anomaly label missing" "anomaly labels" run --preset synthetic-heartbeats --anomaly-label nope --out "$work/r2"
expect_fail "conv on series" "needs image samples" run --preset synthetic-heartbeats --model conv-ae --out "$work/r2"

# A folder of images, one sub-folder per class (written with ImageMagick, installed by setup).
if command -v convert >/dev/null; then
    mkdir -p "$work/imgs/plain" "$work/imgs/striped"
    for i in $(seq 10 29); do convert -size 10x8 "xc:gray$((i * 3))" "$work/imgs/plain/p$i.png"; done
    for i in $(seq 10 15); do convert -size 20x16 pattern:horizontal3 "$work/imgs/striped/s$i.png"; done
    if "$cli" run --data "$work/imgs" --model conv-ae --normal-label plain --image-size 8 --epochs 2 \
        --conv-channels 4,8 --latent 4 --out "$work/imgrun" >"$work/out" 2>"$work/err"; then ok; else bad "image folder run failed"; cat "$work/err"; fi
    grep -q '"image_width": 8' "$work/imgrun/config.json" && ok || bad "config.json lacks the image size"
    [ "$(wc -l <"$work/imgrun/scores.csv")" -eq 27 ] && ok || bad "image folder scores.csv should hold 26 rows"
    expect_fail "bad image size" "--image-size" run --data "$work/imgs" --model conv-ae --normal-label plain --image-size 8y --out "$work/r2"
    expect_fail "image channels" "image_channels" run --data "$work/imgs" --model conv-ae --normal-label plain --image-channels 2 --out "$work/r2"
    printf 'garbage' >"$work/imgs/plain/zz.png"
    expect_fail "broken image" "zz.png" run --data "$work/imgs" --model conv-ae --normal-label plain --out "$work/r2"
else
    echo "SKIP image folder checks: ImageMagick's convert is not installed"
fi

# A time series with a timestamp column and a label column, and the same with labels in their own file.
awk 'BEGIN { print "timestamp,value,label"; for (i = 0; i < 600; i++) { v = sin(i / 7.0); l = (i >= 520 && i < 540); if (l) v += 3; printf "2024-01-01 %05d,%.5f,%d\n", i, v, l } }' >"$work/ts.csv"
cut -d, -f1,2 "$work/ts.csv" >"$work/ts-values.csv"
tail -n +2 "$work/ts.csv" | cut -d, -f3 >"$work/ts-labels.csv"
if "$cli" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --window 16 --epochs 3 \
    --out "$work/tsrun" >"$work/out" 2>"$work/err"; then ok; else bad "time series run failed"; cat "$work/err"; fi
grep -q '"point_adjusted"' "$work/tsrun/metrics.json" && ok || bad "metrics.json lacks point_adjusted"
grep -q 'point-adjusted: a whole labelled segment' "$work/tsrun/metrics.json" && ok || bad "point_adjusted is not labelled as such"
grep -q '"window_length": 16' "$work/tsrun/config.json" && ok || bad "config.json lacks the window"
[ "$(wc -l <"$work/tsrun/scores.csv")" -eq 601 ] && ok || bad "time series scores.csv should hold one row per point (600)"
grep -q '"point_score": "local"' "$work/tsrun/config.json" && ok || bad "time-series presets should score points locally"
grep -q '"usad_variant": "reference-code"' "$work/tsrun/config.json" && ok || bad "config.json lacks the USAD variant"
grep -q 'the mean of its own error' "$work/tsrun/metrics.json" && ok || bad "metrics.json does not say how points are scored"
if "$cli" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --window 16 --epochs 3 \
    --usad-variant paper-equations --point-score max --quiet --out "$work/tsrun3" 2>"$work/err"; then ok; else bad "paper-equations run failed"; cat "$work/err"; fi
grep -q '"usad_variant": "paper-equations"' "$work/tsrun3/config.json" && ok || bad "the chosen USAD variant is not kept"
if "$cli" run --data "$work/ts-values.csv" --labels "$work/ts-labels.csv" --normal-label 0 --model lstm-ae --window 16 \
    --epochs 2 --out "$work/tsrun2" --quiet 2>"$work/err"; then ok; else bad "time series with a labels file failed"; cat "$work/err"; fi
head -3 "$work/ts-labels.csv" >"$work/short-labels.csv"
expect_fail "labels file count" "3 labels for the 600 rows" run --data "$work/ts-values.csv" --labels "$work/short-labels.csv" --normal-label 0 --model usad --out "$work/r2"
expect_fail "window too long" "longer than the series" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --window 5000 --quiet --out "$work/r2"
expect_fail "usad without windows" "data.window_length" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --window 0 --out "$work/r2"
expect_fail "bad point score" "data.point_score" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --point-score median --out "$work/r2"
expect_fail "usad variant" "model.usad_variant" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --usad-variant literal --out "$work/r2"
expect_fail "usad alpha" "--usad-alpha: model.usad_alpha: must be in [0, 1]" run --data "$work/ts.csv" --label-column label --normal-label 0 --model usad --usad-alpha 2 --out "$work/r2"

# IDX files that are not what they say (written byte by byte), and data with one class only.
printf '\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02\x01\x02\x03\x04\x05\x06\x07\x08' >"$work/two-images-idx3-ubyte"
printf '\x00\x00\x08\x01\x00\x00\x00\x03\x00\x01\x00' >"$work/three-labels-idx1-ubyte"
printf '\x00\x00\x09\x03\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02\x01\x02\x03\x04\x05\x06\x07\x08' >"$work/magic-images-idx3-ubyte"
printf '\x00\x00\x08\x03\x00\x00\x00\x09\x00\x00\x00\x02\x00\x00\x00\x02\x01\x02\x03\x04' >"$work/short-images-idx3-ubyte"
printf '\x00\x00\x08\x03\x77\x35\x94\x00\x00\x00\x00\x1c\x00\x00\x00\x1c\x01\x02' >"$work/huge-images-idx3-ubyte"
expect_fail "idx counts differ" "3 labels for 2 images" run --data "$work/two-images-idx3-ubyte" --labels "$work/three-labels-idx1-ubyte" --normal-label 0 --model conv-ae --out "$work/r2"
expect_fail "idx wrong magic" "magic-images-idx3-ubyte: binary data" run --data "$work/magic-images-idx3-ubyte" --model conv-ae --out "$work/r2"
expect_fail "idx size mismatch" "header announces 36 bytes" run --data "$work/short-images-idx3-ubyte" --model conv-ae --out "$work/r2"
expect_fail "idx billions" "2000000000, refused" run --data "$work/huge-images-idx3-ubyte" --model conv-ae --out "$work/r2"
grep -v ',odd$' "$work/small.csv" >"$work/oneclass.csv"
if "$cli" run --data "$work/oneclass.csv" --label-column kind --normal-label normal --epochs 1 --out "$work/one" >"$work/out" 2>"$work/err"; then ok; else bad "one-class data should still train"; cat "$work/err"; fi
grep -q "^note: the test part holds no anomalies" "$work/out" && ok || { bad "one-class data: no note"; cat "$work/out"; }
grep -q '"note": "the test part holds no anomalies' "$work/one/metrics.json" && ok || bad "metrics.json lacks the note"


# Reliability, round two. Reads are bounded before they allocate: run under a 3 GB address-space
# limit, each must end at once with a message naming the file.
# (Not under AddressSanitizer, which reserves terabytes of address space: scripts/sanitize.sh sets
# AWB_SANITIZED.)
limited() { ( [ -n "${AWB_SANITIZED:-}" ] || ulimit -v 3000000; timeout -k 5 60 "$@" ); }
expect_fail_limited() {
    local name=$1 fragment=$2
    shift 2
    limited "$cli" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    if [ $rc -eq 0 ] || [ $rc -eq 124 ] || { [ $rc -gt 128 ] && [ $rc -ne 130 ]; }; then bad "$name: exit $rc"; cat "$work/err"; return; fi
    grep -qF -- "$fragment" "$work/err" && ok || { bad "$name: stderr lacks '$fragment'"; cat "$work/err"; }
}
expect_fail_limited "/dev/zero as data" "/dev/zero: is a character device" run --data /dev/zero --normal-label 1 --out "$work/r3"
expect_fail_limited "/dev/zero as config" "/dev/zero: is a character device" run --config /dev/zero --out "$work/r3"
expect_fail_limited "/dev/zero as labels" "/dev/zero: is a character device" run --data "$work/ts-values.csv" --labels /dev/zero --normal-label 0 --out "$work/r3"
mkfifo "$work/fifo"
expect_fail_limited "FIFO without a writer" "fifo: is a named pipe" run --data "$work/fifo" --normal-label 1 --out "$work/r3"
# A gzip file whose trailer claims 4 GB (zlib checks that size only modulo 2^32 against its own
# count, so the data is refused as damaged or read; before, 4 GB were reserved first), and half of
# a real gzip file.
{ printf '1,2,0\n3,4,1\n' | gzip -c | head -c -4; printf '\xff\xff\xff\xff'; } >"$work/claims.csv.gz"
limited "$cli" run --data "$work/claims.csv.gz" --normal-label 1 --epochs 1 --out "$work/r3" >"$work/out" 2>"$work/err"
rc=$?
{ [ $rc -eq 2 ] && grep -qF "claims.csv.gz" "$work/err"; } && ok || { bad "gzip trailer claims 4 GB: exit $rc"; cat "$work/err"; }
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "%d.%d,%d,%d\n", i, i * 7, i * 13, i % 2 }' | gzip -c >"$work/big.csv.gz"
head -c $(($(stat -c %s "$work/big.csv.gz") / 2)) "$work/big.csv.gz" >"$work/half.csv.gz"
expect_fail_limited "half a gzip file" "half.csv.gz: truncated gzip" run --data "$work/half.csv.gz" --normal-label 1 --out "$work/r3"
# One line of 400,000 numbers: the model would need gigabytes; refused with the figure first.
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "%d,", i % 10; print "0" }' >"$work/wide.csv"
awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 0; i < 400000; i++) printf "%d,", (i + r) % 10; print "0" } }' >>"$work/wide.csv"
if [ -z "${AWB_SANITIZED:-}" ]; then  # the refusal is against the 3 GB limit; without it the run fits
    expect_fail_limited "model larger than memory" "model.layers: this run needs about" run --data "$work/wide.csv" --label-column none --layers 1024,64 --test-fraction 0.25 --out "$work/r3"
fi
# Names from data never leave the output folder.
mkdir -p "$work/victim" && echo keep >"$work/victim/mine.txt"
{ echo "a,b,kind"; for i in $(seq 1 40); do echo "0.$((i % 10)),0.$(((i * 3) % 10)),normal"; echo "0.$((i % 7)),0.$(((i * 5) % 10)),x/../../../victim"; done; } >"$work/evil.csv"
if "$cli" run --data "$work/evil.csv" --label-column kind --epochs 1 --one-class-sweep --quiet --out "$work/evilsweep/inner" >"$work/out" 2>"$work/err"; then ok; else bad "sweep with a path-like label failed"; cat "$work/err"; fi
[ "$(cat "$work/victim/mine.txt")" = keep ] && [ ! -e "$work/victim/config.json" ] && ok || bad "a label wrote outside the sweep folder"
ls "$work/evilsweep/inner" | grep -q '^class-x_.._.._.._victim$' && ok || { bad "the path-like label's folder is not made safe"; ls "$work/evilsweep/inner"; }
mkdir -p "$work/mine" && echo "my own table" >"$work/mine/sweep.csv"
expect_fail "sweep into a foreign folder" "exists and is not a sweep folder" run --preset synthetic-heartbeats --epochs 1 --one-class-sweep --out "$work/mine"
[ "$(cat "$work/mine/sweep.csv")" = "my own table" ] && ok || bad "the user's sweep.csv was overwritten"
"$cli" run --preset synthetic-heartbeats --epochs 1 --one-class-sweep --quiet --out "$work/sweep" >/dev/null 2>&1 && ok || bad "a sweep should replace an earlier sweep"
# A Latin-1 header ("données") is read and saved, not thrown away after training.
{ printf 'donn\xe9es,b,kind\n'; for i in $(seq 1 60); do echo "0.$((i % 10)),0.$(((i * 3) % 10)),normal"; done; for i in $(seq 1 8); do echo "5.$i,4.$i,odd"; done; } >"$work/latin1.csv"
if "$cli" run --data "$work/latin1.csv" --label-column kind --normal-label normal --epochs 1 --quiet --out "$work/latin1" 2>"$work/err"; then ok; else bad "Latin-1 header run failed"; cat "$work/err"; fi
grep -q 'données' "$work/latin1/scaler.json" && ok || bad "the Latin-1 header is not kept as UTF-8"
# Quoted fields hold commas; a lone CR ends a line; a name given twice is ambiguous.
{ echo 'a,b,kind'; for i in $(seq 1 40); do echo "0.$((i % 10)),0.$(((i * 3) % 10)),\"ok, normal\""; done; for i in $(seq 1 6); do echo "5.$i,4.$i,\"bad, odd\""; done; } >"$work/quoted.csv"
if "$cli" run --data "$work/quoted.csv" --label-column kind --normal-label "ok, normal" --epochs 1 --quiet --out "$work/quoted" 2>"$work/err"; then ok; else bad "quoted comma run failed"; cat "$work/err"; fi
tr '\n' '\r' <"$work/small.csv" >"$work/cr.csv"
"$cli" run --data "$work/cr.csv" --label-column kind --normal-label normal --epochs 1 --quiet --out "$work/cr" 2>"$work/err" && ok || { bad "CR-only line ends"; cat "$work/err"; }
sed '1s/.*/a,kind,kind/' "$work/small.csv" >"$work/dup.csv"
expect_fail "duplicate column name" "2 columns are named 'kind'" run --data "$work/dup.csv" --label-column kind --normal-label normal --out "$work/r3"
awk 'BEGIN { printf "a"; for (i = 0; i < 300; i++) printf ",c%d", i; print ""; for (r = 0; r < 3; r++) { printf "x"; for (i = 0; i < 300; i++) printf ",%d", i; print "" } }' >"$work/longline.csv"
expect_fail "long column list" "no column named 'nope'" run --data "$work/longline.csv" --label-column nope --out "$work/r3"
[ "$(wc -c <"$work/err")" -lt 600 ] && ok || bad "an error line of $(wc -c <"$work/err") bytes"
awk 'BEGIN { print "a,b"; printf "1"; for (i = 0; i < 2000; i++) printf "%d", i % 10; print "x,0" }' >"$work/longfield.csv"
expect_fail "long field" "longfield.csv:2:1" run --data "$work/longfield.csv" --label-column b --normal-label 0 --out "$work/r3"
[ "$(wc -c <"$work/err")" -lt 600 ] && ok || bad "an error line of $(wc -c <"$work/err") bytes"
# Integers that do not fit are refused, not wrapped; data with nothing to test is refused.
printf '{"training": {"epochs": 4294967298}}' >"$work/wrap.json"
expect_fail "epochs wrap" "training.epochs: 4294967298 is out of range" run --preset synthetic-heartbeats --config "$work/wrap.json" --out "$work/r3"
printf '{"training": {"batch_size": 4294967360}}' >"$work/wrap2.json"
expect_fail "batch wrap" "training.batch_size: 4294967360 is out of range" run --preset synthetic-heartbeats --config "$work/wrap2.json" --out "$work/r3"
printf 'a,b,kind\n0.1,0.2,normal\n0.3,0.1,normal\n' >"$work/two.csv"
expect_fail "no test samples" "leaves none to test on" run --data "$work/two.csv" --label-column kind --normal-label normal --epochs 1 --out "$work/r3"
# An output folder that cannot be written is refused before training, naming the user's path.
expect_fail "unwritable output" "$work/small.csv/run: cannot" run --preset synthetic-heartbeats --epochs 1 --out "$work/small.csv/run"
grep -q '^epoch' "$work/out" && bad "trained before finding the output unwritable" || ok
[ ! -e "$work/r3" ] && ok || bad "a refused run left $work/r3 behind"

# Repeat over seeds: one run per seed, then the comparison (mean ± std) printed and written.
if "$cli" run --preset synthetic-heartbeats --epochs 1 --seeds 1-2 --out "$work/seeds" >"$work/out" 2>"$work/err"; then ok; else bad "--seeds failed"; cat "$work/err"; fi
[ -f "$work/seeds/seed-1/metrics.json" ] && [ -f "$work/seeds/seed-2/metrics.json" ] && ok || bad "--seeds did not write seed-1 and seed-2"
grep -q '"seed": 2' "$work/seeds/seed-2/config.json" && ok || bad "seed-2 did not run with seed 2"
grep -q '^all runs  *2  *1,2  *[0-9.]* ± ' "$work/out" && ok || { bad "--seeds printed no mean ± std row"; cat "$work/out"; }
head -1 "$work/seeds/compare.csv" | grep -q '^runs,seeds,auroc_mean,auroc_std' && ok || { bad "compare.csv header"; cat "$work/seeds/compare.csv"; }
expect_fail "seeds and seed" "--seed and --seeds" run --preset synthetic-heartbeats --seed 3 --seeds 1-2 --out "$work/r3"
expect_fail "bad seeds" "--seeds: '3-1' has a range that ends before it starts" run --preset synthetic-heartbeats --seeds 3-1 --out "$work/r3"
expect_fail "seeds into a file" "exists and is not a folder" run --preset synthetic-heartbeats --seeds 1 --out "$work/small.csv"
# compare: runs of another optimizer beside them; the differing setting becomes the groups.
"$cli" run --preset synthetic-heartbeats --epochs 1 --optimizer sgd --seeds 1-2 --quiet --out "$work/seeds/sgd" >/dev/null 2>&1 && ok || bad "--seeds --optimizer sgd failed"
if "$cli" compare "$work/seeds" --sort auroc --csv "$work/cmp.csv" >"$work/out" 2>"$work/err"; then ok; else bad "compare failed"; cat "$work/err"; fi
head -1 "$work/out" | grep -q '^4 runs; settings that differ: training.optimizer$' && ok || { bad "compare's first line"; cat "$work/out"; }
grep -q '^optimizer=adam  *2 ' "$work/out" && grep -q '^optimizer=sgd  *2 ' "$work/out" && ok || { bad "compare's groups"; cat "$work/out"; }
[ "$(wc -l <"$work/cmp.csv")" -eq 3 ] && head -1 "$work/cmp.csv" | grep -q '^training.optimizer,runs,seeds,' && ok || { bad "compare --csv"; cat "$work/cmp.csv"; }
expect_fail "compare nothing" "no run directories in it" compare "$work/victim"
expect_fail "compare bad sort" "--sort: 'speed' is not one of auroc" compare "$work/seeds" --sort speed

# Resume: 3 epochs continued for 2 give what 5 give (one thread), the config counting 5.
"$cli" run --preset synthetic-heartbeats --epochs 3 --threads 1 --quiet --out "$work/r-3" 2>"$work/err" && ok || { bad "run for resume"; cat "$work/err"; }
[ -f "$work/r-3/training_state.pt" ] && ok || bad "a run wrote no training_state.pt"
if "$cli" run --resume "$work/r-3" --epochs 2 --out "$work/r-3+2" >"$work/out" 2>"$work/err"; then ok; else bad "--resume failed"; cat "$work/err"; fi
grep -q '^epoch 4/5 ' "$work/out" && grep -q '^epoch 5/5 ' "$work/out" && ! grep -q '^epoch 1/' "$work/out" && ok || { bad "--resume's epochs are not numbered on"; cat "$work/out"; }
"$cli" run --preset synthetic-heartbeats --epochs 5 --threads 1 --quiet --out "$work/r-5" 2>/dev/null
[ "$(grep '"auroc"' "$work/r-5/metrics.json")" = "$(grep '"auroc"' "$work/r-3+2/metrics.json")" ] && ok || bad "resumed AUROC differs from one run of all the epochs"
cmp -s "$work/r-5/scores.csv" "$work/r-3+2/scores.csv" && ok || bad "resumed scores differ from one run of all the epochs"
grep -q '"epochs": 5' "$work/r-3+2/config.json" && ok || bad "the resumed config does not count all the epochs"
expect_fail "resume with a setting" "--resume continues the run as it was configured: --lr" run --resume "$work/r-3" --epochs 2 --lr 0.1 --out "$work/r3"
expect_fail "resume without epochs" "--resume needs --epochs N" run --resume "$work/r-3" --out "$work/r3"
rm "$work/r-3/training_state.pt"
expect_fail "resume without state" "has no training_state.pt" run --resume "$work/r-3" --epochs 2 --out "$work/r3"

# sweep: a grid of settings and seeds, run here two at a time, compared; run again, skipped.
if "$cli" sweep --preset synthetic-heartbeats --epochs 1 --grid optimizer=adam,sgd --seeds 1-2 --jobs 2 --out "$work/grid" >"$work/out" 2>"$work/err"; then ok; else bad "sweep failed"; cat "$work/err" "$work/out"; fi
n=$(ls "$work"/grid/runs/*/metrics.json 2>/dev/null | wc -l)
[ "$n" -eq 4 ] && ok || { bad "sweep wrote $n runs, not 4"; ls -R "$work/grid"; }
[ -f "$work/grid/runs/optimizer-sgd__seed-2/metrics.json" ] && grep -q '"seed": 2' "$work/grid/runs/optimizer-sgd__seed-2/config.json" && ok || bad "sweep point names or seeds"
grep -q '^4 of 4 points finished (0 skipped' "$work/out" && ok || { bad "sweep summary"; cat "$work/out"; }
[ "$(wc -l <"$work/grid/compare.csv")" -eq 3 ] && ok || { bad "sweep compare.csv"; cat "$work/grid/compare.csv"; }
"$cli" sweep --preset synthetic-heartbeats --epochs 1 --grid optimizer=adam,sgd --seeds 1-2 --jobs 2 --out "$work/grid" >"$work/out" 2>&1
grep -q '^4 of 4 points finished (4 skipped as done' "$work/out" && ok || { bad "a sweep run again did not skip its finished points"; cat "$work/out"; }
"$cli" sweep --preset synthetic-heartbeats --epochs 2 --grid optimizer=adam,sgd --seeds 1 --out "$work/grid" >"$work/out" 2>&1
grep -q '^2 of 2 points finished (0 skipped' "$work/out" && ok || { bad "a changed sweep skipped points of another config"; cat "$work/out"; }
expect_fail "grid unknown setting" "--grid: 'nope=1' names no setting 'nope'" sweep --preset synthetic-heartbeats --grid nope=1 --out "$work/g2"
expect_fail "grid bad value" "--grid training.optimizer=adamx" sweep --preset synthetic-heartbeats --grid optimizer=adam,adamx --out "$work/g2"
expect_fail "grid value twice" "names the value 'adam' twice" sweep --preset synthetic-heartbeats --grid optimizer=adam,adam --out "$work/g2"
expect_fail "grid seed" "use --seeds" sweep --preset synthetic-heartbeats --grid seed=1,2 --out "$work/g2"
expect_fail "grid nothing" "give at least one --grid" sweep --preset synthetic-heartbeats --out "$work/g2"
expect_fail "grid into a foreign folder" "exists and is not a grid sweep folder" sweep --preset synthetic-heartbeats --grid optimizer=adam,sgd --out "$work/mine"
[ ! -e "$work/g2" ] && ok || bad "a refused sweep left $work/g2 behind"

# The plan alone, then its GNU parallel script: interrupted, run again to finish, run a third time
# to skip everything; the Slurm array script for two tasks with a stub task id; submit-slurm.sh
# with a stub sbatch.
"$cli" sweep --preset synthetic-heartbeats --epochs 60 --grid optimizer=adam,sgd --seeds 1-2 --plan-only --out "$work/plan" >"$work/out" 2>&1 && ok || { bad "--plan-only failed"; cat "$work/out"; }
[ "$(wc -l <"$work/plan/tasks.txt")" -eq 4 ] && [ ! -e "$work/plan/runs/optimizer-adam__seed-1" ] && ok || bad "--plan-only: tasks or a run"
for s in run-parallel.sh slurm-array.sh submit-slurm.sh compare.sh; do bash -n "$work/plan/$s" && ok || bad "$s: bash -n"; done
if command -v parallel >/dev/null; then
    JOBS=1 setsid bash "$work/plan/run-parallel.sh" >"$work/par1" 2>&1 &
    pid=$!
    for i in $(seq 1 600); do ls "$work"/plan/runs/*/metrics.json >/dev/null 2>&1 && break; sleep 0.1; done
    sleep 0.3
    kill -TERM -- -"$pid" 2>/dev/null
    wait "$pid"
    first=$(ls "$work"/plan/runs/*/metrics.json 2>/dev/null | wc -l)
    [ "$first" -ge 1 ] && [ "$first" -lt 4 ] && ok || { bad "interrupting run-parallel.sh left $first runs (1-3 expected)"; cat "$work/par1"; }
    JOBS=2 bash "$work/plan/run-parallel.sh" >"$work/par2" 2>&1 && ok || { bad "run-parallel.sh resumed failed"; cat "$work/par2"; }
    done4=$(grep -l '"outcome": "completed"' "$work"/plan/runs/*/metrics.json 2>/dev/null | wc -l)
    [ "$done4" -eq 4 ] && ok || { bad "after resuming, $done4 of 4 points completed"; cat "$work/par2"; }
    [ -f "$work/plan/compare.csv" ] && ok || bad "run-parallel.sh wrote no compare.csv"
    before=$(stat -c %Y "$work"/plan/runs/*/metrics.json | sort | tail -1)
    rm -f "$work/plan/joblog.txt"  # even without the job log, finished points are skipped
    sleep 1
    JOBS=2 bash "$work/plan/run-parallel.sh" >"$work/par3" 2>&1 && ok || { bad "run-parallel.sh a third time failed"; cat "$work/par3"; }
    after=$(stat -c %Y "$work"/plan/runs/*/metrics.json | sort | tail -1)
    [ "$before" = "$after" ] && ok || bad "run-parallel.sh run again re-ran finished points"
else
    echo "SKIP: GNU parallel is not installed (scripts/setup.sh installs it): run-parallel.sh not run"
fi
"$cli" sweep --preset synthetic-heartbeats --epochs 1 --grid optimizer=adam,sgd --plan-only --out "$work/slurm" >/dev/null 2>&1
for id in 0 1; do
    SLURM_ARRAY_TASK_ID=$id bash "$work/slurm/slurm-array.sh" >"$work/out" 2>&1 && ok || { bad "slurm-array.sh task $id"; cat "$work/out"; }
done
[ -f "$work/slurm/runs/optimizer-adam/metrics.json" ] && [ -f "$work/slurm/runs/optimizer-sgd/metrics.json" ] && ok || bad "slurm-array.sh tasks 0 and 1 wrote no runs"
SLURM_ARRAY_TASK_ID=5 bash "$work/slurm/slurm-array.sh" >"$work/out" 2>&1 && bad "slurm-array.sh ran a task that does not exist" || ok
grep -q "tasks.txt has no task 5" "$work/out" && ok || bad "slurm-array.sh's message for a missing task"
mkdir -p "$work/stub" && printf '#!/bin/sh\necho "$*" >>"%s/sbatch.log"\necho 4242\n' "$work" >"$work/stub/sbatch" && chmod +x "$work/stub/sbatch"
PATH="$work/stub:$PATH" bash "$work/slurm/submit-slurm.sh" >"$work/out" 2>&1 && ok || { bad "submit-slurm.sh"; cat "$work/out"; }
grep -q -- '--array=0-1%1 slurm-array.sh' "$work/sbatch.log" && grep -q -- '--dependency=afterany:4242 .*compare.sh' "$work/sbatch.log" && ok || { bad "submit-slurm.sh's sbatch calls"; cat "$work/sbatch.log"; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
