#!/usr/bin/env bash
# bench/collect.sh - collection overhead and throughput.  In one run, on
# the package PKG (default tests/harness/clean) or on a corpus workload:
#   baseline: the package's plain test binary (go test -c, no harness, no
#             tracing), run N times on JOBS parallel workers (xargs starting
#             `env BINARY` directly: no shell per run);
#   traced:   the harness binary collect built, run the same way with the
#             harness's environment (tracing to a file per run, 10 ms
#             generations as collect sets them): what tracing itself
#             costs, collector aside;
#   collect:  `stepdist collect -n N -j JOBS` (harness, tracing, trace
#             checks, one catalog transaction per run), the first build
#             excluded (built once before the timing);
# prints the ratio of collect's runs to the baseline's (target <= 1.3),
# traced/baseline and collect/traced, and runs/s at -j 1 and -j 2: REPS
# alternating repetitions, the repetition with the median ratio (this
# machine is shared and single timings vary by 30%).  "collect's runs" is
# the time from starting its first run to recording its last, as collect
# reports it (--json: seconds.runs): the issue's "N runs through collect",
# the build excluded.  Before its first run the timed collect still
# prepares the package and asks `go test -c` for the binary (cached: no
# compiling, but the go command's own work, 50-130 ms): printed beside,
# with the ratio of the whole command.  All three variants run with
# GOMAXPROCS 1, 2 and 4 in turn, as collect does (the baseline and traced
# ones in three batches, one per value).
# Environment: BUILD (default build), N (default 100: runs per package),
# PKG, REPS (default 3), and CORPUS=clean: instead of PKG, every program of
# corpus/manifest.jsonl labelled clean, in the manifest's order (53
# programs; CORPUS_MAX=K takes the first K of them), N runs of each, one
# after the other in every variant.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
N=${N:-100}
REPS=${REPS:-3}
PKG=${PKG:-$top/tests/harness/clean}
CORPUS=${CORPUS:-}
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-bench-collect.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache

case $CORPUS in
"") pkgs=("$PKG") ;;
clean)
    pkgs=()
    while read -r name; do pkgs+=("$top/corpus/$name"); done < <(
        sed -n 's/^{"name": "\([^"]*\)".*"label": "clean".*/\1/p' "$top/corpus/manifest.jsonl" |
            head -n "${CORPUS_MAX:-1000000}")
    ;;
*) echo "bench/collect.sh: CORPUS=$CORPUS: want clean" >&2; exit 2 ;;
esac
[ ${#pkgs[@]} -gt 0 ] || { echo "bench/collect.sh: no package" >&2; exit 1; }
for i in "${!pkgs[@]}"; do
    (cd "${pkgs[$i]}" && go test -c -o "$work/bare-$i.test" .)
done
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
share() { # GOMAXPROCS value -> how many of N runs collect gives it (1, 2, 4 in turn)
    awk -v n="$N" -v p="$1" 'BEGIN { k = p == 1 ? 0 : p == 2 ? 1 : 2; print int((n - k + 2) / 3) }'
}
bare() { # jobs
    local t0 t1 i
    t0=$(now)
    for i in "${!pkgs[@]}"; do
        for p in 1 2 4; do
            (cd "${pkgs[$i]}" && seq 1 "$(share $p)" | xargs -P "$1" -I{} env GOMAXPROCS=$p STEPDIST_BENCH_RUN={} \
                "$work/bare-$i.test" >/dev/null 2>&1)
        done
    done
    t1=$(now)
    secs "$t0" "$t1"
}
traced() { # jobs: the harness binary, tracing, no collector
    local t0 t1 bin i
    t0=$(now)
    for i in "${!pkgs[@]}"; do
        bin=$(ls "$work"/c1-0/p$i/bin/*-test | sed -n 1p)
        for p in 1 2 4; do
            (cd "${pkgs[$i]}" && seq 1 "$(share $p)" | xargs -P "$1" -I{} env STEPDIST_TRACE="$work/t$i-$p-{}.trace" \
                STEPDIST_TIMEOUT_MS=10000 GOMAXPROCS=$p GODEBUG=traceadvanceperiod=10000000 "$bin" >/dev/null 2>&1)
        done
    done
    t1=$(now)
    rm -f "$work"/t*.trace
    secs "$t0" "$t1"
}
collect() { # jobs rep -> "collect-seconds fixed-seconds": the whole command,
    # and its part before the first run (prepare, the cached build check),
    # which the collector reports itself (--json: seconds.runs)
    local c=0 f=0 t0 t1 i out r
    for i in "${!pkgs[@]}"; do
        out=$work/c$1-$2/p$i
        "$BUILD/stepdist" collect -n 1 -j "$1" -o "$out" "${pkgs[$i]}" >/dev/null 2>&1 # prepare + build
        t0=$(now)
        "$BUILD/stepdist" collect -n $((N + 1)) -j "$1" --json -o "$out" "${pkgs[$i]}" >"$work/collect.json" 2>/dev/null
        t1=$(now)
        r=$(sed -n 's/.*"runs":\([0-9.]*\).*/\1/p' "$work/collect.json")
        [ -n "$r" ] || { echo "bench/collect.sh: collect printed no run time: $(cat "$work/collect.json")" >&2; exit 1; }
        c=$(awk -v c="$c" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", c + b - a}')
        f=$(awk -v f="$f" -v a="$t0" -v b="$t1" -v r="$r" 'BEGIN{printf "%.3f", f + (b - a) - r}')
    done
    echo "$c $f"
}
if [ -z "$CORPUS" ]; then
    echo "package: $PKG, N = $N runs, $(go env GOVERSION), $(nproc) cores"
else
    echo "corpus: ${#pkgs[@]} programs labelled $CORPUS (${pkgs[0]##*/} ... ${pkgs[${#pkgs[@]} - 1]##*/}), N = $N runs each, $(go env GOVERSION), $(nproc) cores"
fi
runs=$((N * ${#pkgs[@]}))
for j in 1 2; do
    rows=""
    for ((r = 0; r < REPS; r++)); do
        b=$(bare $j)
        cf=$(collect $j $r)
        t=$(traced $j)
        rows+="$b ${cf% *} $t ${cf#* }"$'\n'
    done
    # the repetition with the median ratio of the runs (collect less its
    # part before the first run) to the bare runs: the target's measure
    sort -t' ' -k5 -g < <(awk 'NF { printf "%s %s %s %s %.4f\n", $1, $2, $3, $4, ($2 - $4) / $1 }' <<<"$rows") |
        awk -v n="$runs" -v j="$j" -v reps="$REPS" '{ v[NR] = $0 } END {
            split(v[int((NR + 1) / 2)], m, " ")
            split(v[1], lo, " "); split(v[NR], hi, " ")
            printf "-j %d: bare %.2f s (%.0f runs/s), collect runs %.2f s (%.0f runs/s): median ratio %.2f of %d (range %.2f-%.2f; target <= 1.3)\n",
                j, m[1], n / m[1], m[2] - m[4], n / (m[2] - m[4]), m[5], reps, lo[5], hi[5]
            printf "      the whole collect command %.2f s, of which %.2f s before the first run (prepare, the cached build check): collect/bare %.2f\n",
                m[2], m[4], m[2] / m[1]
            printf "      traced (harness binary, no collector) %.2f s: traced/bare %.2f, collect runs/traced %.2f\n",
                m[3], m[3] / m[1], (m[2] - m[4]) / m[3] }'
done
