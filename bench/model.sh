#!/usr/bin/env bash
# bench/model.sh [CATALOG] - the model's costs on a collected corpus
# (default out/corpus/stepdist.db, made by `make corpus`):
#   1. `stepdist train` wall time (best of REPS), against issue 8's target
#      of 60 s, beside the time to read the runs alone (the baseline: the
#      same catalog read by `stepdist dist`);
#   2. prediction cost per point against the state table's (bench_model).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
REPS=${REPS:-3}
db=${1:-$top/out/corpus/stepdist.db}
[ -f "$db" ] || { echo "bench/model.sh: no catalog $db (run 'make corpus' first)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
best() { # command... -> best wall seconds of REPS runs
    local b="" i t0 t1 t
    for ((i = 0; i < REPS; i++)); do
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
echo "catalog: $db, $(nproc) cores"
tr=$(best "$BUILD/stepdist" train --catalog "$db" -o "$work/m.sdmodel")
rd=$(best "$BUILD/stepdist" dist --catalog "$db" -o "$work/points.jsonl")
"$BUILD/stepdist" train --catalog "$db" -o "$work/m.sdmodel" >/dev/null
printf 'train: %.2f s (target <= 60 s: %s); baseline reading the runs (stepdist dist): %.2f s; ratio %.2f\n' \
    "$tr" "$([ "$(echo "$tr <= 60" | bc)" = 1 ] && echo met || echo NOT met)" "$rd" "$(echo "$tr / $rd" | bc -l)"
"$BUILD/bench/bench_model" "$db" "$work/m.sdmodel"
