#!/usr/bin/env bash
# cmake --install into a fresh prefix: the programs, the desktop entry, the icon and the presets
# land there, and the installed CLI runs its presets from PREFIX/share (an edited copy is used),
# from a working directory outside the source tree.
# usage: test_install.sh BUILD_DIR WORK_DIR
set -uo pipefail
build=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
for f in bin/anomaly-workbench-cli share/applications/anomaly-workbench.desktop \
         share/icons/hicolor/scalable/apps/anomaly-workbench.svg \
         share/anomaly-workbench/presets/synthetic-heartbeats.json; do
    [ -f "$prefix/$f" ] || bad "$f was not installed"
done
if [ -f "$build/app/workbench/anomaly-workbench" ]; then
    [ -f "$prefix/bin/anomaly-workbench" ] || bad "bin/anomaly-workbench was not installed"
fi
# The installed copy is the one read: edit it and look for the edit.
preset="$prefix/share/anomaly-workbench/presets/synthetic-heartbeats.json"
sed -i 's/"description": "[^"]*"/"description": "edited in the prefix"/; s/"epochs": 25/"epochs": 2/' "$preset"
cp "$preset" "$prefix/share/anomaly-workbench/presets/my-own.json"
cd "$work"
"$prefix/bin/anomaly-workbench-cli" presets >"$work/presets.txt" 2>&1 || bad "presets failed"
grep -q "edited in the prefix" "$work/presets.txt" || { bad "the installed preset file was not read"; cat "$work/presets.txt"; }
grep -q "^my-own" "$work/presets.txt" || bad "a preset file added to the prefix is not listed"
"$prefix/bin/anomaly-workbench-cli" run --preset synthetic-heartbeats --out "$work/run" --quiet >"$work/run.log" 2>&1 || { bad "run failed"; cat "$work/run.log"; }
[ "$(grep -c . "$work/run/history.csv" 2>/dev/null)" = 3 ] || bad "the run did not train the edited preset's 2 epochs"
echo '{"description": "broken", "experiment": {"model": {"layers": "x"}}}' >"$prefix/share/anomaly-workbench/presets/broken.json"
"$prefix/bin/anomaly-workbench-cli" run --preset broken --out "$work/r2" >"$work/broken.log" 2>&1 && bad "a broken preset ran"
grep -q "broken.json" "$work/broken.log" || { bad "a broken preset's error does not name its file"; cat "$work/broken.log"; }
[ $fail -eq 0 ] && echo "install: all checks passed"
exit $fail
