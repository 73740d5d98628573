#!/usr/bin/env bash
# scripts/demo.sh - the main job, end to end, on the bundled example: build
# examples/pingpong, record its execution trace, and print the ordered
# events with stepdist (as text, then the first JSON lines).
# Output goes to out/demo/ (trace, events.txt, events.jsonl).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export GOTOOLCHAIN=local GOFLAGS=${GOFLAGS:--mod=mod}
if ! command -v go >/dev/null 2>&1; then export PATH=/usr/lib/go-1.23/bin:$PATH; fi
out=$top/out/demo
mkdir -p "$out"
make -C "$top" -s
(cd "$top/examples" && go build -o "$out/pingpong" ./pingpong)
"$out/pingpong" "$out/pingpong.trace"
"$top/build/stepdist" dump "$out/pingpong.trace" >"$out/events.txt"
"$top/build/stepdist" dump --json "$out/pingpong.trace" >"$out/events.jsonl"
echo "recorded $out/pingpong.trace ($(wc -c <"$out/pingpong.trace") bytes)"
echo "$(grep -c '^M=' "$out/events.txt") events -> $out/events.txt, $out/events.jsonl"
echo "goroutine state transitions of the players:"
grep -E 'GoID=[0-9]+ ' "$out/events.txt" | grep -v 'Undetermined' | head -n 12
