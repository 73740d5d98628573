#!/usr/bin/env bash
# bench/collect.sh - collection overhead and throughput.  In one run, on
# the package PKG (default tests/harness/clean):
#   baseline: the package's plain test binary (go test -c, no harness, no
#             tracing), run N times on JOBS parallel workers (xargs starting
#             `env BINARY` directly: no shell per run);
#   traced:   the harness binary collect built, run the same way with the
#             harness's environment (tracing to a file per run, GOMAXPROCS
#             2, 10 ms generations as collect sets them): what tracing
#             itself costs, collector aside;
#   collect:  `stepdist collect -n N -j JOBS` (harness, tracing, trace
#             checks, one catalog transaction per run), build excluded
#             (built once before the timing);
# prints the ratios collect/baseline (target <= 1.3), traced/baseline and
# collect/traced, and runs/s at -j 1 and -j 2: REPS alternating
# repetitions, the repetition with the median collect/baseline ratio (this
# machine is shared and single timings vary by 30%).
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
    (cd "$PKG" && seq 1 "$N" | xargs -P "$1" -I{} env STEPDIST_BENCH_RUN={} "$work/bare.test" >/dev/null 2>&1)
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}'
}
traced() { # jobs: the harness binary, tracing, no collector
    local t0 t1 bin
    bin=$(ls "$work"/c1-0/bin/*-test | sed -n 1p)
    t0=$(now)
    (cd "$PKG" && seq 1 "$N" | xargs -P "$1" -I{} env STEPDIST_TRACE="$work/t{}.trace" STEPDIST_TIMEOUT_MS=10000 \
        GOMAXPROCS=2 GODEBUG=traceadvanceperiod=10000000 "$bin" >/dev/null 2>&1)
    t1=$(now)
    rm -f "$work"/t*.trace
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
        t=$(traced $j)
        rows+="$b $c $t"$'\n'
    done
    # the repetition with the median collect/bare ratio
    sort -t' ' -k4 -g < <(awk 'NF { printf "%s %s %s %.4f\n", $1, $2, $3, $2 / $1 }' <<<"$rows") |
        awk -v n="$N" -v j="$j" -v reps="$REPS" '{ v[NR] = $0 } END {
            split(v[int((NR + 1) / 2)], m, " ")
            split(v[1], lo, " "); split(v[NR], hi, " ")
            printf "-j %d: bare %.2f s (%.0f runs/s), collect %.2f s (%.0f runs/s): median ratio %.2f of %d (range %.2f-%.2f; target <= 1.3)\n",
                j, m[1], n / m[1], m[2], n / m[2], m[4], reps, lo[4], hi[4]
            printf "      traced (harness binary, no collector) %.2f s: traced/bare %.2f, collect/traced %.2f\n",
                m[3], m[3] / m[1], m[2] / m[3] }'
done
