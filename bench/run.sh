#!/usr/bin/env bash
# bench/run.sh - the reader benchmark.  Records one trace of >= 10^6 events
# with bench/bigtrace, then in the same run:
#   1. `stepdist dump` vs the baseline `go tool trace -d=1`, both writing text
#      to /dev/null: best wall time of REPS runs each, and the ratio;
#   2. parse-only throughput (bench_parse: events ordered and validated,
#      nothing printed) in events/s;
#   3. peak resident memory of both dumpers (GNU time's %M).
# The workload is tests/goprogs/bench/bigtrace.  Environment: BUILD (default
# build), REPS (default 3), EXCHANGES (default 300000, about 1.8 million
# events).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
REPS=${REPS:-3}
export GOTOOLCHAIN=local GOFLAGS=${GOFLAGS:--mod=mod}
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$top/tests/goprogs" && go build -o "$work/bigtrace" ./bench/bigtrace)
BIGTRACE_EXCHANGES=${EXCHANGES:-300000} "$work/bigtrace" "$work/big.trace"
events=$("$BUILD/stepdist" dump --quiet --stats "$work/big.trace" 2>&1 | sed -n 's/^events \([0-9]*\),.*/\1/p')
[ "${events:-0}" -ge 1000000 ] || { echo "bench: only ${events:-0} events; raise EXCHANGES" >&2; exit 1; }
echo "trace: $events events, $(($(wc -c <"$work/big.trace") / 1024)) KiB, $(go env GOVERSION), $(nproc) cores"

best() { # command... -> best wall seconds of REPS runs; peak RSS KiB in $work/rss
    local b="" i t
    for ((i = 0; i < REPS; i++)); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
        read -r t rss <"$work/time"
        echo "$rss" >"$work/rss"
        if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$t; fi
    done
    echo "$b"
}
sd=$(best "$BUILD/stepdist" dump "$work/big.trace"); sd_rss=$(cat "$work/rss")
gt=$(best go tool trace -d=1 "$work/big.trace"); gt_rss=$(cat "$work/rss")
# GNU time reports 0.00 for runs under 10 ms; floor at 0.01 s.
awk -v s="$sd" -v g="$gt" -v n="$events" -v sr="$sd_rss" -v gr="$gt_rss" 'BEGIN {
    if (s < 0.01) s = 0.01
    printf "dump to /dev/null: stepdist %.2f s, go tool trace -d=1 %.2f s: stepdist is %.1fx faster (target >= 20x)\n", s, g, g / s
    printf "peak RSS: stepdist %.1f MiB, go tool trace %.1f MiB\n", sr / 1024, gr / 1024
}'
"$BUILD/bench/bench_parse" "$work/big.trace" 9
