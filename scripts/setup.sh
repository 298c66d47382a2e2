#!/usr/bin/env bash
# Installs the Debian packages Anomaly Workbench needs, only when something is missing.
set -euo pipefail
pkgs=(build-essential cmake ninja-build ccache pkg-config
      qt6-base-dev libqt6opengl6-dev libqt6svg6-dev libgl-dev
      libqcustomplot-dev
      libtorch-dev libopenblas0
      libgtest-dev libgmock-dev
      nlohmann-json3-dev libcli11-dev zlib1g-dev libstb-dev libpng-dev libturbojpeg0-dev
      xvfb xauth imagemagick clang-format parallel
      dataset-fashion-mnist)
# Peers for the benchmarks (bench/*.sh): only with --bench.
[ "${1:-}" = "--bench" ] && pkgs+=(python3-torch python3-numpy bc time)
# libFuzzer targets (scripts/fuzz.sh): only with --fuzz.
[ "${1:-}" = "--fuzz" ] && pkgs+=(clang libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
