#!/usr/bin/env bash
# dist.sh: `stepdist dist` on collected runs:
#  - a program run at GOMAXPROCS=1 where every run is the same sequence
#    gives one sequence, no divergence, and a point at every prefix;
#  - on a nondeterministic collection, every point's next-event counts add
#    up (types sum to next_runs <= runs; the root has every run), points
#    need -m runs, the type+g level (type_g) is a coarsening of the whole
#    events (next) that sums to the types, and the output is the same when
#    computed twice.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=dist
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
make_work
export XDG_CACHE_HOME=$work/cache

# deterministic: the generated program g4_0002 (clean, one path) at GOMAXPROCS=1
"$STEPDIST" gen --seed 4 -n 3 --bug-rate 0 --no-check "$work/g" 2>/dev/null
"$STEPDIST" collect -n 5 -j 2 --procs 1 -o "$work/c1" "$work/g/g4_0000" >/dev/null 2>&1
"$STEPDIST" dist --catalog "$work/c1/stepdist.db" -m 5 -o "$work/p1.jsonl" 2>"$work/s1.txt"
read -r _ runs seqs points div _ < <(tail -n 1 "$work/s1.txt")
[ "$runs" = 5 ] || fail "deterministic: $runs runs, want 5"
if [ "$seqs" = 1 ]; then
    [ "$div" = 0 ] || fail "one sequence but $div divergence points"
    events=$("$STEPDIST" events --catalog "$work/c1/stepdist.db" 1 | wc -l)
    [ "$points" = "$events" ] || fail "one sequence of $events events gave $points points"
    echo "$me: ok   a deterministic program: 1 sequence, $points points, no divergence"
else
    echo "$me: note the GOMAXPROCS=1 runs were not all alike ($seqs sequences); checking invariants only"
fi

# nondeterministic collection: invariants and determinism
"$STEPDIST" collect -n 12 -j 2 --procs 2,4 -o "$work/c2" "$TOP/examples/pingpong" >/dev/null 2>&1
"$STEPDIST" dist --catalog "$work/c2/stepdist.db" -m 3 -o "$work/p2.jsonl" 2>"$work/s2.txt"
"$STEPDIST" dist --catalog "$work/c2/stepdist.db" -m 3 -o "$work/p2b.jsonl" 2>/dev/null
cmp -s "$work/p2.jsonl" "$work/p2b.jsonl" || fail "dist is not deterministic"
awk '
    {
        runs = $0; sub(/.*"runs":/, "", runs); sub(/,.*/, "", runs)
        nr = $0; sub(/.*"next_runs":/, "", nr); sub(/,.*/, "", nr)
        t = $0; sub(/.*"types":\[/, "", t); sub(/\].*/, "", t)
        n = split(t, a, ","); s = 0; for (i = 1; i <= n; i++) s += a[i]
        if (s != nr) { print "types sum " s " != next_runs " nr ": " $0; exit 1 }
        if (nr + 0 > runs + 0) { print "next_runs > runs: " $0; exit 1 }
        if (runs + 0 < 3) { print "a point with fewer than -m runs: " $0; exit 1 }
        if (NR == 1 && runs != 12) { print "the root does not hold every run: " $0; exit 1 }
    }' "$work/p2.jsonl" || fail "inconsistent counts"
# the type+g level: a coarsening of `next` (GoCreate: by its creator,
# whose name the new goroutine's extends) that adds up to the types
python3 - "$work/p2.jsonl" <<'PY' || fail "type_g level"
import json, sys
types = ["GoCreate", "GoStart", "GoBlock", "GoUnblock", "GoSched", "GoEnd"]
creates = 0
for line in open(sys.argv[1]):
    p = json.loads(line)
    tg = p["type_g"]
    assert sum(tg.values()) == p["next_runs"], p
    for t, n in zip(types, p["types"]):
        assert sum(c for k, c in tg.items() if k.split(" ")[0] == t) == n, (t, p)
    for k, c in tg.items():
        t, g = k.split(" ", 1)
        want = k + ("/" if t == "GoCreate" else " ")
        got = sum(v for e, v in p["next"].items() if e.startswith(want))
        assert got == c, ("type_g %s: %d, next events under it: %d" % (k, c, got), p)
        creates += t == "GoCreate"
assert creates > 0, "no GoCreate at any point"
PY
read -r _ runs seqs points div ent < <(tail -n 1 "$work/s2.txt")
echo "$me: ok   pingpong, 12 runs: $seqs sequences, $points points, $div divergent (mean entropy $ent); counts and type_g add up; deterministic"
