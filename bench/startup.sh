#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Start-up times (issue 17's targets: the window up within 1.5 s, `presets` within 0.3 s):
# launches each N times (default 7), alternating, and prints the median and the range.
#   bash bench/startup.sh [BUILD_DIR] [N]
# The window is timed to its first screenshot of the start window (--screenshot: shown, laid out,
# painted), under Xvfb when there is no display; the CLI to the end of `presets` (its launcher,
# without libtorch), and beside it the engine answering the same (libtorch loaded).
set -euo pipefail
build=${1:-build}
n=${2:-7}
app="$build/app/workbench/anomaly-workbench"
cli="$build/app/cli/anomaly-workbench-cli"
engine="$build/app/cli/anomaly-workbench-engine"
[ -x "$app" ] && [ -x "$cli" ] && [ -x "$engine" ] || { echo "build first: $app, $cli, $engine"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.3f\n", ns / 1e9}'
}
win=() cli_t=() engine_t=()
for ((i = 0; i < n; ++i)); do
    win+=("$(seconds "$app" --screenshot "$tmp/s.png")")
    cli_t+=("$(seconds "$cli" presets)")
    engine_t+=("$(seconds "$engine" presets)")
done
summary() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %.3f s (%.3f-%.3f, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
echo "platform: $QT_QPA_PLATFORM; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
echo "window to its first screenshot:  $(summary "${win[@]}")   target 1.5 s"
echo "anomaly-workbench-cli presets:   $(summary "${cli_t[@]}")   target 0.3 s"
echo "the engine's presets (libtorch): $(summary "${engine_t[@]}")"
