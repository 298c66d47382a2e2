#!/usr/bin/env bash
# Trains the built-in preset in the real GUI and saves a screenshot: the window's own rendering,
# and under Xvfb also the whole screen as `import -window root` sees it.
set -euo pipefail
app=$1
out=$2
mkdir -p "$(dirname "$out")"
rm -f "$out" "${out%.png}-screen.png"
export AWB_NO_DIALOGS=1 XDG_CONFIG_HOME=$(mktemp -d)
if command -v xvfb-run >/dev/null && command -v import >/dev/null; then
    unset QT_QPA_PLATFORM
    xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
        "$1" --train --screenshot "$2" --hold-ms 3000 &
        pid=$!
        for i in $(seq 1 600); do [ -s "$2" ] && break; sleep 0.1; done
        sleep 0.5
        import -window root "${2%.png}-screen.png" || true
        wait $pid' _ "$app" "$out"
else
    echo "xvfb-run or imagemagick missing: rendering offscreen"
    QT_QPA_PLATFORM=offscreen "$app" --train --screenshot "$out"
fi
size=$(stat -c %s "$out")
[ "$size" -gt 20000 ] || { echo "screenshot too small ($size bytes)"; exit 1; }
echo "screenshot: $out ($size bytes)"
