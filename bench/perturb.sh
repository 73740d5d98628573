#!/usr/bin/env bash
# bench/perturb.sh - how much schedule perturbation (docs/perturb.md) helps
# find the labelled blocking bugs of the hand-written corpus: every program
# of corpus/manifest.jsonl labelled leak or deadlock is collected without
# perturbation and with each strategy, and the table says, per program,
# the manifestation rate (runs that ended leak or deadlock / runs) and the
# first run (by seq) that showed the bug; then the summary: programs found
# within 1, 10 and N runs, the median rate ratio perturbed / unperturbed
# (over all programs and over those whose unperturbed rate is below 0.5),
# and the time per run.  Prints markdown on stdout (docs/perturb.md).
#
#   N=100 N_STABLE=20 TIMEOUT=250ms JOBS=2 OUT=out/perturb bash bench/perturb.sh [NAME...]
#
# CORPUS_DIR=DIR takes the programs and DIR/manifest.jsonl from another
# directory (relative to the repository root, or absolute) instead of
# corpus/: e.g. CORPUS_DIR=bench/rarebugs (bench/rarebugs/README.md).
# TABLE_ONLY=1 skips collection and prints the table of what OUT holds.
# N runs per strategy for the programs the manifest calls flaky
# (schedule-dependent), N_STABLE for the others (they manifest in almost
# every run anyway).  Resumable: the catalog in OUT keeps finished runs.
# GOMAXPROCS cycles 1, 2, 4 as in scripts/corpus.sh; perturbed runs use
# seeds 0, 1, 2, ... (run i of a strategy: seed i).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100}
N_STABLE=${N_STABLE:-20}
TIMEOUT=${TIMEOUT:-250ms}
JOBS=${JOBS:-2}
OUT=${OUT:-$top/out/perturb}
STRATEGIES=${STRATEGIES:-none yield sleep}
CORPUS_DIR=${CORPUS_DIR:-corpus}
case $CORPUS_DIR in /*) cdir=$CORPUS_DIR ;; *) cdir=$top/$CORPUS_DIR ;; esac
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
export GOTOOLCHAIN=local
command -v sqlite3 >/dev/null 2>&1 || { echo "bench/perturb.sh: needs sqlite3" >&2; exit 1; }
make -C "$top" -s >&2
sd=$top/build/stepdist
manifest=$cdir/manifest.jsonl

# name label flaky, for the leak and deadlock programs
list=$(sed -n 's/.*"name": "\([^"]*\)".*"label": "\(leak\|deadlock\)".*"flaky": \(true\|false\).*/\1 \2 \3/p' "$manifest")
if [ $# -gt 0 ]; then
    sel=""
    for n in "$@"; do sel+=$(echo "$list" | awk -v n="$n" '$1 == n')$'\n'; done
    list=$(echo "$sel" | sed '/^$/d')
fi
mkdir -p "$OUT"
declare -A wall
for s in $STRATEGIES; do wall[$s]=0; done
i=0
total=$(echo "$list" | wc -l)
while [ "${TABLE_ONLY:-0}" != 1 ] && read -r name label flaky; do
    i=$((i + 1))
    n=$N_STABLE
    [ "$flaky" = true ] && n=$N
    for s in $STRATEGIES; do
        flag=()
        [ "$s" != none ] && flag=(--perturb="$s")
        printf '[%d/%d] %-20s %-6s ' "$i" "$total" "$name" "$s" >&2
        t0=$(date +%s.%N)
        "$sd" collect -n "$n" -j "$JOBS" --timeout "$TIMEOUT" "${flag[@]}" -o "$OUT" \
            "$cdir/$name" 2>/dev/null | sed -n 's/^outcomes: //p' >&2
        t1=$(date +%s.%N)
        wall[$s]=$(awk -v a="${wall[$s]}" -v b="$t0" -v c="$t1" 'BEGIN { printf "%.1f", a + c - b }')
    done
done <<<"$list"

db=$OUT/stepdist.db
# per program and strategy: runs, manifesting runs, first manifesting run
# (0-based index among the strategy's runs), mean duration of the passing
# runs (the others wait for the watchdog or the grace period)
stats=$(sqlite3 -separator ' ' "$db" "
    WITH r AS (
        SELECT p.path AS path, CASE WHEN r.perturb = '' THEN 'none' ELSE r.perturb END AS s,
               row_number() OVER (PARTITION BY p.id, r.perturb ORDER BY b.race, r.seq) - 1 AS k,
               r.outcome IN ('leak', 'deadlock') AS hit, r.outcome, r.duration_ns
          FROM runs r JOIN builds b ON b.id = r.build_id JOIN programs p ON p.id = b.program_id)
    SELECT replace(path, rtrim(path, replace(path, '/', '')), ''), s, count(*), sum(hit),
           coalesce(min(CASE WHEN hit THEN k END), -1),
           coalesce(avg(CASE WHEN outcome = 'pass' THEN duration_ns END), 0)
      FROM r GROUP BY path, s")

echo "$stats" | awk -v strategies="$STRATEGIES" -v N="$N" -v NS="$N_STABLE" -v list="$list" \
    -v walls="$(for s in $STRATEGIES; do printf '%s=%s ' "$s" "${wall[$s]}"; done)" '
function first(k) { return k < 0 ? "-" : k + 1 }
function median(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    if (n == 0) return "-"
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
BEGIN {
    ns = split(strategies, S, " ")
    np = split(list, L, "\n")
    nw = split(walls, W, " ")
    for (i = 1; i <= nw; i++) { split(W[i], kv, "="); wall[kv[1]] = kv[2] }
}
{ runs[$1, $2] = $3; hits[$1, $2] = $4; firstk[$1, $2] = $5; dur[$1, $2] = $6 }
END {
    printf "| program | label | flaky |"
    for (j = 1; j <= ns; j++) printf " %s: rate (first run) |", S[j]
    printf "\n|---|---|---|"
    for (j = 1; j <= ns; j++) printf "---|"
    printf "\n"
    for (i = 1; i <= np; i++) {
        split(L[i], f, " "); p = f[1]
        printf "| %s | %s | %s |", p, f[2], f[3] == "true" ? "yes" : ""
        for (j = 1; j <= ns; j++) {
            s = S[j]; r = runs[p, s] + 0
            if (r == 0) { printf " - |"; continue }
            printf " %d/%d = %.2f (%s) |", hits[p, s], r, hits[p, s] / r, first(firstk[p, s])
            k = firstk[p, s]
            if (k >= 0 && k < 1) f1[s]++
            if (k >= 0 && k < 10) f10[s]++
            if (k >= 0) fall[s]++
            rate[p, s] = (hits[p, s] + 0.5) / (r + 1)

        }
        printf "\n"
    }
    printf "\n| strategy | found in run 1 | within 10 runs | within all runs (%d flaky, %d others) | median rate ratio vs none, all | same, unperturbed rate < 0.5 | time of a passing run vs none, median | wall time |\n", N, NS
    printf "|---|---|---|---|---|---|---|---|\n"
    for (j = 1; j <= ns; j++) {
        s = S[j]; na = 0; nr = 0; nd = 0
        delete ra; delete rr; delete rd
        for (i = 1; i <= np; i++) {
            split(L[i], f, " "); p = f[1]
            if (!((p, s) in rate) || !((p, "none") in rate)) continue
            ra[++na] = rate[p, s] / rate[p, "none"]
            if (hits[p, "none"] / runs[p, "none"] < 0.5) rr[++nr] = rate[p, s] / rate[p, "none"]
            if (dur[p, s] > 0 && dur[p, "none"] > 0) rd[++nd] = dur[p, s] / dur[p, "none"]
        }
        ma = median(ra, na); mr = median(rr, nr); md = median(rd, nd)
        printf "| %s | %d/%d | %d/%d | %d/%d | %s (%d programs) | %s (%d programs) | %s (%d programs) | %s s |\n", s,
            f1[s], np, f10[s], np, fall[s], np,
            ma == "-" ? "-" : sprintf("%.2f", ma), na, mr == "-" ? "-" : sprintf("%.2f", mr), nr,
            md == "-" ? "-" : sprintf("%.2f", md), nd, wall[s]
    }
}'
