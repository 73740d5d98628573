#!/usr/bin/env bash
# scripts/demo.sh - the main job, end to end, on the bundled example: build
# examples/pingpong, record its execution trace, and print the ordered
# events with stepdist (Go's text form and JSON), then its canonical event
# stream.  Output goes to out/demo/ (trace, events.txt, events.jsonl,
# canonical.txt).
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
"$top/build/stepdist" events "$out/pingpong.trace" >"$out/canonical.txt"
echo "recorded $out/pingpong.trace ($(wc -c <"$out/pingpong.trace") bytes)"
echo "$(grep -c '^M=' "$out/events.txt") events -> $out/events.txt, $out/events.jsonl"
echo "the canonical event stream ($(wc -l <"$out/canonical.txt") events -> $out/canonical.txt) begins:"
head -n 12 "$out/canonical.txt"
