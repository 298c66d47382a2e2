#!/usr/bin/env bash
# Configures and builds Anomaly Workbench into build/ (Release, Ninja, ccache when present).
#
# Another LibTorch, e.g. one with CUDA (Debian's has none): Torch_DIR=/opt/libtorch/share/cmake/Torch
# scripts/build.sh builds into build-torch/ (AWB_BUILD_DIR overrides) against it; then
# `--device cuda` runs on the GPU. AWB_GUI=OFF leaves the window out (a GPU server without Qt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
options=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
if [ -n "${Torch_DIR:-}" ]; then
    [ -f "$Torch_DIR/TorchConfig.cmake" ] || {
        echo "build.sh: Torch_DIR=$Torch_DIR holds no TorchConfig.cmake (it is LIBTORCH/share/cmake/Torch)" >&2
        exit 2
    }
    build=${AWB_BUILD_DIR:-$root/build-torch}
    options+=(-DTorch_DIR="$Torch_DIR")
else
    build=${AWB_BUILD_DIR:-$root/build}
fi
[ -n "${AWB_GUI:-}" ] && options+=(-DAWB_BUILD_GUI="$AWB_GUI")
# Configured once; again whenever another LibTorch or GUI choice is asked for.
if [ ! -f "$build/build.ninja" ] || [ -n "${Torch_DIR:-}" ] || [ -n "${AWB_GUI:-}" ]; then
    cmake -S "$root" -B "$build" "${options[@]}"
fi
cmake --build "$build"
