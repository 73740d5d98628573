#!/usr/bin/env bash
# bench/collect.sh - collection overhead and throughput.  In one run, on
# the package PKG (default tests/harness/clean):
#   baseline: the package's plain test binary (go test -c, no harness, no
#             tracing), run N times on JOBS parallel workers;
#   collect:  `stepdist collect -n N -j JOBS` (harness, tracing, trace
#             checks, one catalog transaction per run), build excluded
#             (built once before the timing);
# prints the ratio collect/baseline (target <= 1.3) and runs/s at -j 1 and
# -j 2.  Environment: BUILD (default build), N (default 100), PKG.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
N=${N:-100}
PKG=${PKG:-$top/tests/harness/clean}
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-bench-collect.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache

(cd "$PKG" && go test -c -o "$work/bare.test" .)
now() { date +%s.%N; }
bare() { # jobs
    local t0 t1
    t0=$(now)
    seq 1 "$N" | xargs -P "$1" -I{} sh -c "cd '$PKG' && '$work/bare.test' >/dev/null 2>&1"
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
collect() { # jobs
    local out=$work/c$1 t0 t1
    "$BUILD/stepdist" collect -n 1 -j "$1" -o "$out" "$PKG" >/dev/null 2>&1 # prepare + build
    t0=$(now)
    "$BUILD/stepdist" collect -n $((N + 1)) -j "$1" -o "$out" "$PKG" >/dev/null 2>&1
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
echo "package: $PKG, N = $N runs, $(go env GOVERSION), $(nproc) cores"
for j in 1 2; do
    b=$(bare $j)
    c=$(collect $j)
    awk -v b="$b" -v c="$c" -v n="$N" -v j="$j" 'BEGIN {
        printf "-j %d: bare %.2f s (%.0f runs/s), collect %.2f s (%.0f runs/s): ratio %.2f (target <= 1.3)\n",
            j, b, n / b, c, n / c, c / b }'
done
