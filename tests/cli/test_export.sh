#!/usr/bin/env bash
# A run exported for Python (anomaly-workbench-cli export) and scored again by
# python/awb_reference.py in Debian's python3-torch: every score within 1e-5 of scores.csv.
# Skipped (exit 77) where python3 has no torch.
set -u
cli=${AWB_CLI:?AWB_CLI must name the CLI binary}
src=${1:?usage: test_export.sh SOURCE_DIR WORKDIR}
work=${2:?usage: test_export.sh SOURCE_DIR WORKDIR}
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import torch' 2>/dev/null; then
    echo "SKIP: python3 with torch is not installed (Debian: python3-torch; scripts/setup.sh --bench)"
    exit 77
fi
rm -rf "$work" && mkdir -p "$work"
{
    echo "a,b,c,d,kind"
    for i in $(seq 1 300); do echo "0.$((i % 10)),0.$(((i * 3) % 10)),$((i % 7)).5,1.$((i % 4)),normal"; done
    for i in $(seq 1 30); do echo "5.$i,-4.$i,9,0,odd"; done
} >"$work/d.csv"
fail() { echo "FAIL: $*"; exit 1; }
"$cli" run --data "$work/d.csv" --label-column kind --normal-label normal --model dense-ae --layers 8,4 \
    --activation elu --dropout 0.1 --loss mse --epochs 3 --quiet --out "$work/run" || fail "run"
"$cli" export --run "$work/run" --out "$work/run/model_tensors.pt" || fail "export"
"$py" "$src/tests/cli/check_export.py" "$src/python" "$work/run" "$work/d.csv" || fail "scores differ"
# Standard scaling and MAE, the other path through the scaler and the loss.
"$cli" run --data "$work/d.csv" --label-column kind --normal-label normal --model dense-ae --layers 6,3 \
    --scaling standard --loss mae --output-activation none --epochs 2 --quiet --out "$work/run2" || fail "run2"
"$cli" export --run "$work/run2" --out "$work/run2/model_tensors.pt" || fail "export2"
"$py" "$src/tests/cli/check_export.py" "$src/python" "$work/run2" "$work/d.csv" || fail "scores differ (run2)"
# A two-feature series (a label column last): windowed runs score every point from the windows
# covering it, each point-score rule once; USAD's two weighted terms.
awk 'BEGIN { print "a,b,label"; for (i = 0; i < 400; i++) { odd = (i >= 300 && i < 310);
     printf "%.4f,%.4f,%d\n", sin(i / 5) + (odd ? 2 : 0), cos(i / 7), odd } }' >"$work/series.csv"
series() {  # NAME ARGS...: run, export and check one windowed run
    local name=$1
    shift
    "$cli" run --data "$work/series.csv" --label-column label --normal-label 0 --window 12 \
        --epochs 2 --quiet --out "$work/$name" "$@" >/dev/null || fail "$name run"
    "$cli" export --run "$work/$name" --out "$work/$name/model_tensors.pt" >/dev/null || fail "$name export"
    "$py" "$src/tests/cli/check_export.py" "$src/python" "$work/$name" "$work/series.csv" ||
        fail "scores differ ($name)"
}
series usad --model usad --layers 8,4 --point-score local
series lstm --model lstm-ae --layers 6,3 --point-score max
series dense-windows --kind timeseries --model dense-ae --layers 10,5 --loss mae --point-score mean
# Images (an IDX file written here, 12x12, two classes): both convolutional families.
"$py" - "$work" <<'PY' || fail "writing the images"
import struct, sys, random
random.seed(3)
n, size = 120, 12
pixels, labels = bytearray(), bytearray()
for i in range(n):
    odd = i % 6 == 0
    for y in range(size):
        for x in range(size):
            v = (255 - 20 * abs(x - 6)) if not odd else (255 if (x + y) % 3 == 0 else 0)
            pixels.append(max(0, min(255, v + random.randint(-10, 10))))
    labels.append(1 if odd else 0)
with open(sys.argv[1] + "/images.idx", "wb") as f:
    f.write(struct.pack(">BBBBIII", 0, 0, 8, 3, n, size, size) + pixels)
with open(sys.argv[1] + "/labels.idx", "wb") as f:
    f.write(struct.pack(">BBBBI", 0, 0, 8, 1, n) + labels)
PY
images() {  # NAME ARGS...
    local name=$1
    shift
    "$cli" run --data "$work/images.idx" --labels "$work/labels.idx" --normal-label 0 --epochs 2 \
        --quiet --out "$work/$name" "$@" >/dev/null || fail "$name run"
    "$cli" export --run "$work/$name" --out "$work/$name/model_tensors.pt" >/dev/null || fail "$name export"
    "$py" "$src/tests/cli/check_export.py" "$src/python" "$work/$name" "$work/images.idx" ||
        fail "scores differ ($name)"
}
images conv --model conv-ae --conv-channels 4,8 --latent 6 --dropout 0.1
images stacked --model stacked-conv-ae --conv-channels 4 --latent 0 --stride 2 --kernel-size 5
# A family the module does not write: the tensors still load; the module says so.
"$cli" run --data "$work/images.idx" --labels "$work/labels.idx" --normal-label 0 --model f-anogan \
    --conv-channels 4,8 --latent 4 --epochs 1 --quiet --out "$work/gan" >/dev/null 2>&1 || fail "gan run"
"$cli" export --run "$work/gan" --out "$work/gan.pt" >/dev/null || fail "gan export"
"$py" -c "import torch; d = torch.load('$work/gan.pt'); assert len(d) > 0 and all(torch.is_tensor(t) for t in d.values())" || fail "gan tensors"
"$py" -c "import sys; sys.path.insert(0, '$src/python'); import awb_reference as awb
try:
    awb.load_run('$work/gan', '$work/gan.pt')
    sys.exit(1)
except NotImplementedError as e:
    print('gan:', e)" || fail "the module should refuse f-anogan"
echo "export: passed"
