#!/usr/bin/env bash
# scripts/demo.sh - the main job, end to end, on the bundled default corpus
# slice (corpus/DEFAULT: a few programs of the hand-written corpus):
# collect 20 traced runs of each with varied schedules into one catalog,
# show the canonical event stream of one run, build the next-event
# distributions of every program, score the model and the baselines on
# held-out programs (3 folds by program), train the model on all of them
# and ask it what comes next in one run, sample continuations, and write
# the HTML report (out/demo/report.html).  Output goes to out/demo/ (OUT).
# Running it again adds nothing to the catalog and redoes the rest.
# Environment: N (runs per program, default 20), OUT, BUILD, SANITIZE.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
out=${OUT:-$top/out/demo}
N=${N:-20}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
mkdir -p "$out"
make -C "$top" -s BUILD="$BUILD" SANITIZE="${SANITIZE:-0}"
while read -r name; do
    case $name in '' | '#'*) continue ;; esac
    printf '%-20s ' "$name"
    "$BUILD/stepdist" collect -n "$N" --timeout 300ms -o "$out" "$top/corpus/$name" 2>/dev/null |
        sed -n 's/^outcomes: //p'
done <"$top/corpus/DEFAULT"
traces=("$out"/runs/*.trace) # (not ls | head: under pipefail, ls may die of SIGPIPE)
run=${traces[0]}
"$BUILD/stepdist" events "$run" >"$out/canonical.txt"
echo
echo "the canonical event stream of $(basename "$run") ($(wc -l <"$out/canonical.txt") events -> $out/canonical.txt) begins:"
head -n 8 "$out/canonical.txt"
echo
"$BUILD/stepdist" dist --catalog "$out/stepdist.db" -m 5 -o "$out/points.jsonl"
echo "prediction points -> $out/points.jsonl"
echo
echo "held-out evaluation (3 folds by program, points shared by >= 5 runs):"
"$BUILD/stepdist" eval --catalog "$out/stepdist.db" -m 5 --folds 3 --model | sed -n '1,8p'
echo
"$BUILD/stepdist" train --catalog "$out/stepdist.db" -m 5 -o "$out/model.sdmodel"
n=$(wc -l <"$out/canonical.txt")
echo
"$BUILD/stepdist" predict --model "$out/model.sdmodel" --at $((n / 2)) --top 5 "$run"
echo
"$BUILD/stepdist" rollout --model "$out/model.sdmodel" --at $((n / 2)) --steps 8 --samples 3 "$run"
echo
"$BUILD/stepdist" report --catalog "$out/stepdist.db" --model "$out/model.sdmodel" -o "$out/report.html"
