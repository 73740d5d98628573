#!/usr/bin/env bash
# perturb.sh: schedule perturbation (`stepdist collect --perturb`,
# docs/perturb.md) on the fixtures in tests/perturb/ and tests/harness/:
#  1. an instrumented build behaves as the plain one with the perturbation
#     off: the same canonical events at GOMAXPROCS=1;
#  2. a seed replays its decisions: the same seed gives the same decision
#     log and the same canonical events on a program that is deterministic
#     at GOMAXPROCS=1, another seed other decisions; the helper's yields
#     leave no event of their own;
#  3. a file that cannot be instrumented (cgo) gets a warning, the build
#     works and the runs pass;
#  4. perturbed runs are marked in the catalog (runs.perturb, the seed and
#     STEPDIST_PERTURB in params), -n counts per strategy, `dist` leaves
#     them out unless --perturbed, `leaks` uses them;
#  5. the user's files are untouched.
# Exit status: 0 pass, 77 skip (no Go toolchain or sqlite3), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=perturb
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
command -v sqlite3 >/dev/null 2>&1 || { echo "$me: SKIP: sqlite3 not found"; exit 77; }
make_work
export XDG_CACHE_HOME=$work/cache
fx=$TOP/tests/perturb
sums() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
sums "$fx" >"$work/before.sum"
sums "$TOP/tests/harness" >>"$work/before.sum"
db=$work/out/stepdist.db
q() { sqlite3 "$db" "$1"; }

# the replay fixture: plain, then yield-perturbed (seeds 100, 101, 102)
"$STEPDIST" collect -n 3 -j 2 --procs 1 -o "$work/out" "$fx/replay" >"$work/plain.txt" 2>&1 ||
    { cat "$work/plain.txt"; fail "plain collect failed"; }
"$STEPDIST" collect -n 3 -j 2 --procs 1 --perturb --seed 100 --json -o "$work/out" "$fx/replay" \
    >"$work/yield.json" 2>"$work/yield.err" || { cat "$work/yield.err"; fail "perturbed collect failed"; }
grep -q '"runs_before":0,"runs_added":3,.*"perturb":"yield","seed":100,"perturb_sites":11,.*"pass":3' "$work/yield.json" ||
    fail "perturbed collect: $(cat "$work/yield.json")"
plain_bin=$(q "select binary_path from builds where flags = '-overlay'")
pert_bin=$(q "select binary_path from builds where flags = '-overlay -perturb'")
[ -x "$plain_bin" ] && [ -x "$pert_bin" ] || fail "builds: '$plain_bin' '$pert_bin'"

# 1. perturbation off: the instrumented binary runs as the plain one
run_traced() { # binary trace [env...]
    local bin=$1 trace=$2
    shift 2
    (cd "$fx/replay" && env GOMAXPROCS=1 STEPDIST_TRACE="$trace" "$@" "$bin" >/dev/null 2>&1) ||
        fail "$bin ($*) failed"
    "$STEPDIST" events "$trace" >"$trace.ev" || fail "events of $trace"
}
run_traced "$plain_bin" "$work/plain.trace"
run_traced "$pert_bin" "$work/off.trace"
cmp -s "$work/plain.trace.ev" "$work/off.trace.ev" ||
    fail "perturbation off: events differ from the plain build's ($work/plain.trace.ev, $work/off.trace.ev)"
echo "$me: ok   perturbation off: the instrumented build has the plain build's $(wc -l <"$work/plain.trace.ev") events"

# 2. replay: the same seed, the same decisions and events; another seed, others
for i in 1 2; do
    run_traced "$pert_bin" "$work/s7-$i.trace" STEPDIST_PERTURB=yield:7
    (cd "$fx/replay" && GOMAXPROCS=1 STEPDIST_PERTURB=yield:7 STEPDIST_PERTURB_LOG="$work/s7-$i.log" "$pert_bin" >/dev/null 2>&1) ||
        fail "logged run $i failed"
done
(cd "$fx/replay" && GOMAXPROCS=1 STEPDIST_PERTURB=yield:8 STEPDIST_PERTURB_LOG="$work/s8.log" "$pert_bin" >/dev/null 2>&1) ||
    fail "logged run, seed 8, failed"
grep -q ' yield:' "$work/s7-1.log" || fail "seed 7 made no yield: $(head -5 "$work/s7-1.log")"
cmp -s "$work/s7-1.log" "$work/s7-2.log" || fail "seed 7 twice: the decision logs differ"
cmp -s "$work/s7-1.trace.ev" "$work/s7-2.trace.ev" || fail "seed 7 twice: the events differ"
cmp -s "$work/s7-1.log" "$work/s8.log" && fail "seeds 7 and 8 made the same decisions"
grep -q GoSched "$work/s7-1.trace.ev" && fail "a yield of the helper is in the events: $(grep -m1 GoSched "$work/s7-1.trace.ev")"
"$STEPDIST" dump "$work/s7-1.trace" >"$work/s7-1.dump" || fail "dump of $work/s7-1.trace"
grep -q 'stepdist_perturb' "$work/s7-1.dump" || fail "the trace shows no call of the helper"
echo "$me: ok   seed 7 twice: same $(wc -l <"$work/s7-1.log") decisions, same events; seed 8 decides otherwise; no helper event"

# the catalog: column, params, seeds, per-strategy counts
[ "$(q "select group_concat(perturb || ':' || json_extract(params, '$.seed') || ':' ||
        json_extract(params, '$.env.STEPDIST_PERTURB'), ' ') from runs r join builds b on b.id = r.build_id
        where b.flags = '-overlay -perturb' order by seq")" = "yield:100:yield:100 yield:101:yield:101 yield:102:yield:102" ] ||
    fail "catalog: $(q "select perturb, params from runs")"
[ "$(q "select count(*) from runs where perturb = ''")" = 3 ] || fail "catalog: want 3 unperturbed runs"
"$STEPDIST" collect -n 5 -j 2 --procs 1 --perturb=sleep --json -o "$work/out" "$fx/replay" >"$work/sleep.json" 2>/dev/null ||
    fail "sleep collect failed"
grep -q '"runs_before":0,"runs_added":5,.*"perturb":"sleep","seed":0,.*"pass":5' "$work/sleep.json" ||
    fail "sleep: $(cat "$work/sleep.json")"
"$STEPDIST" collect -n 4 -j 2 --procs 1 --json -o "$work/out" "$fx/replay" >"$work/plain2.json" 2>/dev/null
grep -q '"runs_before":3,"runs_added":1,' "$work/plain2.json" || fail "plain resume: $(cat "$work/plain2.json")"
echo "$me: ok   catalog: runs.perturb, seed and STEPDIST_PERTURB in params; -n counts per strategy"

# dist leaves perturbed runs out unless asked
"$STEPDIST" dist --catalog "$db" -m 2 -o /dev/null 2>"$work/dist.txt"
"$STEPDIST" dist --catalog "$db" -m 2 -o /dev/null --perturbed 2>"$work/distp.txt"
grep -Eq '^replay +4 ' "$work/dist.txt" || fail "dist: $(cat "$work/dist.txt")"
grep -Eq '^replay +12 ' "$work/distp.txt" || fail "dist --perturbed: $(cat "$work/distp.txt")"
echo "$me: ok   dist: 4 unperturbed runs, 12 with --perturbed"

# leaks uses perturbed runs
"$STEPDIST" collect -n 2 -j 2 --perturb=sleep -o "$work/leak" "$TOP/tests/harness/leak_send" >/dev/null 2>&1 ||
    fail "leak_send: perturbed collect failed"
rc=0
"$STEPDIST" leaks --catalog "$work/leak/stepdist.db" >"$work/leak.txt" || rc=$?
[ $rc -eq 3 ] && grep -q 'first.go:17 .*stuck in 2/2 runs' "$work/leak.txt" || fail "leaks: exit $rc: $(cat "$work/leak.txt")"
echo "$me: ok   leaks reports the perturbed runs' stuck goroutine (first.go:17, 2/2)"

# targeted: refused without plain runs; with them, only sites on the lines
# where the plain runs diverge, listed for replay beside the sites table
"$STEPDIST" collect -n 2 -j 2 --perturb=targeted -o "$work/tg" "$fx/replay" >/dev/null 2>"$work/tg.err" &&
    fail "targeted perturbation without plain runs was accepted"
grep -q 'collect plain runs first' "$work/tg.err" || fail "targeted without plain runs: $(cat "$work/tg.err")"
"$STEPDIST" collect -n 6 -j 2 -o "$work/tg" "$fx/replay" >/dev/null 2>&1 || fail "plain collect for targeted"
"$STEPDIST" collect -n 3 -j 2 --perturb=targeted --json -o "$work/tg" "$fx/replay" >"$work/tg.json" 2>"$work/tg.err" ||
    fail "targeted collect: $(cat "$work/tg.err")"
targets=$(sed -n 's/.*"perturb_targets":\([0-9]*\).*/\1/p' "$work/tg.json")
sites=$(sed -n 's/.*"perturb_sites":\([0-9]*\).*/\1/p' "$work/tg.json")
[ -n "$targets" ] && [ "$targets" -le "$sites" ] || fail "targeted: $(cat "$work/tg.json")"
env_file=$(ls "$work"/tg/work/*-perturb/perturb_targets.env)
ids=$(sed -n 's/^STEPDIST_PERTURB_SITES=//p' "$env_file" | tr ',' ' ')
[ "$(echo "$ids" | wc -w)" = "$targets" ] || fail "targeted: $targets sites but $env_file lists: $ids"
for id in $ids; do
    awk -F'\t' -v id="$id" '$1 == id { found = 1 } END { exit !found }' "${env_file%/*}/perturb_sites.tsv" ||
        fail "targeted site $id is not an instrumented site"
done
[ "$(sqlite3 "$work/tg/stepdist.db" "select count(*) from runs where perturb = 'targeted'")" = 3 ] ||
    fail "targeted runs not marked in the catalog"
echo "$me: ok   targeted: refused without plain runs; $targets of $sites sites, on the divergence lines, runs marked"

# 3. a cgo file is left as it is, with a warning
if command -v "${CC:-cc}" >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
    "$STEPDIST" collect -n 2 -j 2 --perturb --json -o "$work/cgo" "$fx/cgo" >"$work/cgo.json" 2>"$work/cgo.err" ||
        { cat "$work/cgo.err"; fail "cgo: collect failed"; }
    grep -q "warning: .*/add.go: a cgo file: left as it is" "$work/cgo.err" || fail "cgo: no warning: $(cat "$work/cgo.err")"
    grep -q '"pass":2' "$work/cgo.json" || fail "cgo: $(cat "$work/cgo.json")"
    echo "$me: ok   a cgo file: warning, left as it is, the build works, 2 passing runs"
else
    echo "$me: --   no C compiler: the cgo case is not tested"
fi

# 4. bad flags
"$STEPDIST" collect --perturb=spin "$fx/replay" >/dev/null 2>&1 && fail "--perturb=spin accepted"
"$STEPDIST" collect --perturb --seed -1 "$fx/replay" >/dev/null 2>&1 && fail "--seed -1 accepted"

# 5. the fixtures are untouched
sums "$fx" >"$work/after.sum"
sums "$TOP/tests/harness" >>"$work/after.sum"
cmp -s "$work/before.sum" "$work/after.sum" || fail "fixture files changed"
echo "$me: ok   the package sources are untouched"
