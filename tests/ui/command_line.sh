#!/usr/bin/env bash
# The window's command line: --help without a display, and screens captured without training
# (the start window, the gallery, an opened run on a chosen view), with their exit codes.
set -euo pipefail
app=$1
cli=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export AWB_NO_DIALOGS=1 XDG_CONFIG_HOME=$tmp/config

help=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$app" --help)
grep -q -- "--preset" <<<"$help" || { echo "--help without a display: $help"; exit 1; }
echo "--help answers without a display"

export QT_QPA_PLATFORM=offscreen
check_png() {
    local size
    size=$(stat -c %s "$1" 2>/dev/null || echo 0)
    [ "$size" -gt 10000 ] || { echo "$1: missing or too small ($size bytes)"; exit 1; }
    echo "$2: $1 ($size bytes)"
}
err=$(timeout 60 "$app" --screenshot "$tmp/start.png" 2>&1 >/dev/null) || { echo "start window: the app failed: $err"; exit 1; }
check_png "$tmp/start.png" "start window"
# Plots on tabs not shown must not paint into empty buffers when the window is grabbed.
! grep -q "QPainter" <<<"$err" || { echo "start window: painter warnings: $err"; exit 1; }
timeout 60 "$app" --window-size 1920x1080 --zoom 1.6 --screenshot "$tmp/big.png" >/dev/null
check_png "$tmp/big.png" "start window at 1920x1080, presentation size"
python3 - "$tmp/big.png" <<'PY'
import struct, sys
w, h = struct.unpack(">II", open(sys.argv[1], "rb").read()[16:24])
assert (w, h) == (1920, 1080), f"--window-size 1920x1080 gave {w}x{h}"
PY
timeout 60 "$app" --preset blobs-class0 --view gallery --screenshot "$tmp/gallery.png" >/dev/null
check_png "$tmp/gallery.png" "gallery"

"$cli" run --preset blobs-class0 --epochs 5 --out "$tmp/run" >/dev/null
for view in errors histogram training; do
    timeout 60 "$app" --open-run "$tmp/run" --view $view --screenshot "$tmp/run-$view.png" >/dev/null
    check_png "$tmp/run-$view.png" "opened run, view $view"
done

set +e
out=$(timeout 60 "$app" --preset no-such-preset 2>&1); rc=$?
set -e
[ $rc -eq 2 ] && grep -q "does not exist" <<<"$out" || { echo "unknown preset: rc $rc, $out"; exit 1; }
set +e
out=$(timeout 60 "$app" --open-run "$tmp/no-such-run" --screenshot "$tmp/x.png" 2>&1); rc=$?
set -e
[ $rc -eq 2 ] || { echo "missing run: rc $rc (a hang or a crash?), $out"; exit 1; }
set +e
out=$(timeout 60 "$app" --window-size 12x 2>&1); rc=$?
set -e
[ $rc -eq 2 ] && grep -q "window-size" <<<"$out" || { echo "bad window size: rc $rc, $out"; exit 1; }
echo "unknown preset, missing run, bad window size: exit 2 with the reason"
