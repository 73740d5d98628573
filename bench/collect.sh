#!/usr/bin/env bash
# bench/collect.sh - collection overhead and throughput.  In one run, on
# the package PKG (default tests/harness/clean):
#   baseline: the package's plain test binary (go test -c, no harness, no
#             tracing), run N times on JOBS parallel workers;
#   collect:  `stepdist collect -n N -j JOBS` (harness, tracing, trace
#             checks, one catalog transaction per run), build excluded
#             (built once before the timing);
# prints the ratio collect/baseline (target <= 1.3) and runs/s at -j 1 and
# -j 2: REPS alternating repetitions, the median ratio (this machine is
# shared and single timings vary by 30%).
# Environment: BUILD (default build), N (default 100), PKG, REPS (default 3).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
N=${N:-100}
REPS=${REPS:-3}
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
collect() { # jobs rep
    local out=$work/c$1-$2 t0 t1
    "$BUILD/stepdist" collect -n 1 -j "$1" -o "$out" "$PKG" >/dev/null 2>&1 # prepare + build
    t0=$(now)
    "$BUILD/stepdist" collect -n $((N + 1)) -j "$1" -o "$out" "$PKG" >/dev/null 2>&1
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
echo "package: $PKG, N = $N runs, $(go env GOVERSION), $(nproc) cores"
for j in 1 2; do
    rows=""
    for ((r = 0; r < REPS; r++)); do
        b=$(bare $j)
        c=$(collect $j $r)
        rows+="$b $c"$'\n'
    done
    # the repetition with the median ratio
    sort -t' ' -k3 -g < <(awk 'NF { printf "%s %s %.4f\n", $1, $2, $2 / $1 }' <<<"$rows") |
        awk -v n="$N" -v j="$j" -v reps="$REPS" '{ v[NR] = $0 } END {
            split(v[int((NR + 1) / 2)], m, " ")
            split(v[1], lo, " "); split(v[NR], hi, " ")
            printf "-j %d: bare %.2f s (%.0f runs/s), collect %.2f s (%.0f runs/s): median ratio %.2f of %d (range %.2f-%.2f; target <= 1.3)\n",
                j, m[1], n / m[1], m[2], n / m[2], m[3], reps, lo[3], hi[3] }'
done
