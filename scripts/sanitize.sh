#!/usr/bin/env bash
# Builds core, the CLI and the core tests with AddressSanitizer and UndefinedBehaviorSanitizer
# (GCC) in build-asan/ and runs the core-labelled tests there. Run before each release:
#   bash scripts/sanitize.sh            (extra arguments go to ctest)
# LibTorch itself is not instrumented; leaks inside it are not reported (detect_leaks=0), and
# ASan's allocator replaces malloc, so the allocator tuning (mallopt) has no effect here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAWB_BUILD_GUI=OFF -DAWB_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build build-asan
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export AWB_SANITIZED=1  # the CLI catalogue's address-space limits do not apply under ASan
cd build-asan && ctest -L core --output-on-failure -j "$(nproc)" "$@"
