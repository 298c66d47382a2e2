#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (core, data and GUI; GUI tests run
# offscreen or under Xvfb, so no display is needed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${AWB_BUILD_DIR:-$root/build}
cd "$build"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
ctest --output-on-failure -j "$(nproc)" "$@"
