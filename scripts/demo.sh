#!/usr/bin/env bash
# scripts/demo.sh - the main job, end to end, on the bundled example
# (examples/pingpong): collect 20 traced runs of it with varied schedules,
# then show the canonical event stream of one run, and the raw events of
# that run in Go's own text form.  Output goes to out/demo/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
out=$top/out/demo
mkdir -p "$out"
make -C "$top" -s
"$top/build/stepdist" collect -n 20 -o "$out/pingpong" "$top/examples/pingpong"
run=$(ls "$out"/pingpong/runs/*.trace | head -n 1)
"$top/build/stepdist" events "$run" >"$out/canonical.txt"
"$top/build/stepdist" dump "$run" >"$out/events.txt"
echo
echo "run $run: $(grep -c '^M=' "$out/events.txt") trace events -> $out/events.txt"
echo "its canonical event stream ($(wc -l <"$out/canonical.txt") events -> $out/canonical.txt) begins:"
head -n 12 "$out/canonical.txt"
