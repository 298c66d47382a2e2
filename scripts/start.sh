#!/usr/bin/env bash
# Installs what is missing, builds, and launches the workbench on its built-in data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${AWB_BUILD_DIR:-$root/build}
exec "$build/app/workbench/anomaly-workbench" "$@"
