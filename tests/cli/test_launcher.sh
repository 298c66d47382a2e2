#!/usr/bin/env bash
# The CLI's launcher (app/cli/launcher.cpp): `presets` answered without libtorch and exactly as
# the engine answers it; everything else handed to the engine with its arguments, output and exit
# code; a launcher without its engine says what is missing.
set -u
cli=${1:?usage: test_launcher.sh CLI ENGINE WORKDIR}
engine=${2:?usage: test_launcher.sh CLI ENGINE WORKDIR}
work=${3:?usage: test_launcher.sh CLI ENGINE WORKDIR}
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
# No libtorch (nor any torch library) among what the launcher loads.
if command -v readelf >/dev/null; then
    readelf -d "$cli" | grep NEEDED | grep -qi torch && fail "the launcher links torch: $(readelf -d "$cli" | grep NEEDED)"
fi
"$cli" presets >"$work/launcher.txt" || fail "launcher presets"
"$engine" presets >"$work/engine.txt" || fail "engine presets"
cmp -s "$work/launcher.txt" "$work/engine.txt" || fail "the lists differ: $(diff "$work/launcher.txt" "$work/engine.txt" | head -5)"
grep -q '^ecg5000-tutorial ' "$work/launcher.txt" || fail "no ecg5000-tutorial in the list"
# A preset folder of the user's: listed by both alike, a broken file with its error.
mkdir -p "$work/presets"
echo '{"order": 0, "description": "mine, first", "experiment": {"data": {"builtin": "gaussian-blobs"}}}' >"$work/presets/mine.json"
echo '{not json' >"$work/presets/broken.json"
long=a-preset-whose-name-is-far-longer-than-the-list-column-of-twenty-two-characters-of-the-list
echo '{"description": "long named", "experiment": {"data": {"builtin": "gaussian-blobs"}}}' >"$work/presets/$long.json"
AWB_PRESETS_DIR="$work/presets" "$cli" presets >"$work/launcher2.txt" || fail "launcher presets (user folder)"
AWB_PRESETS_DIR="$work/presets" "$engine" presets >"$work/engine2.txt" || fail "engine presets (user folder)"
cmp -s "$work/launcher2.txt" "$work/engine2.txt" || fail "the lists differ with a user folder"
head -1 "$work/launcher2.txt" | grep -q '^mine .*mine, first' || fail "the user's preset is not first: $(head -1 "$work/launcher2.txt")"
grep -q '^broken .*broken.json: not a preset file' "$work/launcher2.txt" || fail "the broken file's error is not listed"
grep -q "^$long long named\$" "$work/launcher2.txt" || fail "a long name is cut or runs into its description"
# Everything else is the engine's: output and exit codes pass through.
[ "$("$cli" --version)" = "$("$engine" --version)" ] || fail "--version differs"
"$cli" presets extra >/dev/null 2>"$work/err.txt"
code=$?
"$engine" presets extra >/dev/null 2>/dev/null
[ $code -eq $? ] && [ $code -ne 0 ] || fail "an unknown argument: exit $code"
"$cli" run --preset synthetic-heartbeats --epochs 1 --quiet --out "$work/run" >/dev/null || fail "run through the launcher"
[ -f "$work/run/metrics.json" ] || fail "the run wrote no metrics.json"
# A launcher without its engine says so (exit 127).
mkdir -p "$work/alone" && cp "$cli" "$work/alone/"
"$work/alone/$(basename "$cli")" --version >/dev/null 2>"$work/alone.txt"
code=$?
[ $code -eq 127 ] || fail "a launcher alone: exit $code"
grep -q "anomaly-workbench-engine" "$work/alone.txt" || fail "a launcher alone does not name its engine: $(cat "$work/alone.txt")"
"$work/alone/$(basename "$cli")" presets | grep -q '^ecg5000-tutorial ' || fail "a launcher alone still lists the presets"
echo "launcher: passed"
