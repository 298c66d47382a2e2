#!/usr/bin/env bash
# Checks that the lines changed since BASE follow .clang-format (clang-format-diff: only changed
# lines are judged; older code is reformatted when it is next touched). BASE defaults to the
# commit in .ci/format-base, the last commit whose changes were checked: a session that starts
# from a landed commit sets it there. Prints the diff clang-format wants and fails when there is one.
#   bash scripts/check_format.sh [BASE]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(cat .ci/format-base)}
command -v clang-format-diff >/dev/null || { echo "check_format: clang-format is not installed (scripts/setup.sh)"; exit 1; }
want=$(git diff -U0 --no-color "$base" HEAD -- '*.cpp' '*.h' | clang-format-diff -p1 || true)
if [ -n "$want" ]; then
    echo "check_format: lines changed since ${base:0:10} are not formatted as .clang-format says:"
    echo "$want" | head -200
    echo "fix: git diff -U0 $base HEAD -- '*.cpp' '*.h' | clang-format-diff -p1 -i"
    exit 1
fi
echo "check_format: the lines changed since ${base:0:10} are formatted"
