#!/usr/bin/env bash
# export.sh: `stepdist export --format chat` on a small collection of
# generated programs, some of them leaking or deadlocking:
#  - train.jsonl and test.jsonl hold chat records (system, user, assistant)
#    whose answers are distributions, split by program with the folds of
#    `stepdist eval --write-folds`; the same catalog gives the same bytes;
#  - a prompt shows the prefix's events (all, or the last N with a note)
#    and no outcome of any run;
#  - answers built from the assistant messages are accepted by
#    `stepdist score --fold I` and score at the ceiling, in all three modes;
#  - `stepdist score --against` compares two files, paired.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=export
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
go_build_env "$GO_BIN"
make_work
export XDG_CACHE_HOME=$work/cache

"$STEPDIST" gen --seed 5 -n 6 --bug-rate 0.5 "$work/g" 2>/dev/null
for d in "$work"/g/g5_*/; do
    "$STEPDIST" collect -n 8 -j 2 --procs 2,4 --timeout 400ms -o "$work/c" "$d" >/dev/null 2>&1 || fail "collect $d"
done
db=$work/c/stepdist.db
outcomes=$(python3 -c 'import sqlite3, sys
print(" ".join(sorted({r[0] for r in sqlite3.connect(sys.argv[1]).execute("select outcome from runs")})))' "$db")
case " $outcomes " in *" pass "*) ;; *) fail "no passing run: $outcomes" ;; esac
[ "$outcomes" != pass ] || fail "every run passed: the outcome check below would prove nothing"

"$STEPDIST" export --format chat --catalog "$db" -m 3 --folds 3 --fold 1 -o "$work/x" 2>"$work/x.err" ||
    fail "export: $(cat "$work/x.err")"
"$STEPDIST" export --format chat --catalog "$db" -m 3 --folds 3 --fold 1 -o "$work/x2" 2>/dev/null
cmp -s "$work/x/train.jsonl" "$work/x2/train.jsonl" && cmp -s "$work/x/test.jsonl" "$work/x2/test.jsonl" ||
    fail "export is not deterministic"
"$STEPDIST" eval --catalog "$db" -m 3 --folds 3 --write-folds "$work/folds.jsonl" >/dev/null 2>&1
"$STEPDIST" dist --catalog "$db" -m 3 -o "$work/points.jsonl" 2>/dev/null
"$STEPDIST" export --format chat --catalog "$db" -m 3 --folds 3 --fold 1 --max-events 4 -o "$work/x4" 2>/dev/null

# shape, split, prompts and answers; writes the perfect answers of test.jsonl
python3 - "$work" <<'PY' || fail "export records"
import json, re, sys
w = sys.argv[1]
types = ["GoCreate", "GoStart", "GoBlock", "GoUnblock", "GoSched", "GoEnd"]
fold = {json.loads(l)["program"]: json.loads(l)["fold"] for l in open(w + "/folds.jsonl")}
depth = {}
for l in open(w + "/points.jsonl"):
    p = json.loads(l)
    depth[(p["program"], "node:%d" % p["node"])] = (p["depth"], p["types"])
# outcome words, and what a run's end would print (the corpus and the
# generated programs are free of them: a hit is a leak of the label)
outcome = re.compile(r"leak|deadlock|\bbugs?\b|\bpass(ed)?\b|\bfail(ed|ure)?\b|\bkilled\b|exit (code|status)|"
                     r"stdout|stderr|\bpanic", re.I)
event = re.compile(r"^[0-9]+ Go[A-Za-z]+ ", re.M)

def records(name):
    out = []
    for l in open("%s/%s" % (w, name)):
        r = json.loads(l)
        assert set(r) == {"messages", "program", "point", "runs"}, r.keys()
        assert [m["role"] for m in r["messages"]] == ["system", "user", "assistant"], r["messages"]
        assert all(isinstance(m["content"], str) and set(m) == {"role", "content"} for m in r["messages"])
        assert re.fullmatch(r"node:[0-9]+", r["point"]), r["point"]
        for m in r["messages"][:2]:
            hit = outcome.search(m["content"])
            assert not hit, "an outcome word in a prompt: %r" % m["content"][max(0, hit.start() - 80):hit.end() + 20]
        a = json.loads(r["messages"][2]["content"])
        assert a and set(a) <= set(types) and all(v > 0 for v in a.values()), a
        assert abs(sum(a.values()) - 1) <= 1e-6, a
        d, counts = depth[(r["program"], r["point"])]
        assert r["runs"] == sum(counts), (r, counts)
        for t, c in zip(types, counts):
            assert abs(a.get(t, 0) - c / sum(counts)) < 1e-6, (a, counts)
        out.append((r, d))
    return out

train, test = records("x/train.jsonl"), records("x/test.jsonl")
assert train and test
assert {r["program"] for r, _ in test} == {p for p, f in fold.items() if f == 1}, "test programs are not fold 1"
assert all(fold[r["program"]] != 1 for r, _ in train), "a fold-1 program in train.jsonl"
assert len(train) + len(test) == len(depth), "%d records for %d points" % (len(train) + len(test), len(depth))
src = test[0][0]["messages"][1]["content"]
assert "// file: pipeline.go" in src and "func TestRun" in src and "Goroutines so far" in src, src[:400]
for r, d in test:
    n = len(event.findall(r["messages"][1]["content"]))
    assert n == d, "%s %s: %d event lines for a prefix of %d" % (r["program"], r["point"], n, d)
cut = 0
for l in open(w + "/x4/test.jsonl"):
    r = json.loads(l)
    d = depth[(r["program"], r["point"])][0]
    u = r["messages"][1]["content"]
    assert len(event.findall(u)) == min(d, 4), (d, u[-600:])
    if d > 4:
        cut += 1
        assert "the first %d are left out, the last 4 follow" % (d - 4) in u, u[-600:]
assert cut > 0
with open(w + "/perfect.jsonl", "w") as f:
    for r, _ in test:
        f.write(json.dumps({"program": r["program"], "point": r["point"],
                            "q": json.loads(r["messages"][2]["content"])}) + "\n")
print("%d train, %d test records" % (len(train), len(test)))
PY
echo "$me: ok   $(tail -n 1 "$work/x.err" | sed 's/.*: \([0-9]* records from [0-9]* programs\).*: \([0-9]* records from [0-9]* programs\).*/train \1, test \2/'); outcomes in the catalog: $outcomes, none in a prompt"

# the perfect answers score at the ceiling; the test records themselves
# (the answer added) are accepted too
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 1 --json "$work/perfect.jsonl" >"$work/s.json" 2>"$work/s.err" ||
    fail "score of the perfect answers: $(cat "$work/s.err")"
python3 - "$work/s.json" <<'PY' || fail "perfect answers: $(cat "$work/s.json")"
import json, sys
s = json.loads(open(sys.argv[1]).readline())
assert abs(s["accuracy"] - s["ceiling"]) < 1e-9 and s["accuracy_over_ceiling"] > 1 - 1e-9, s
assert s["kl"] < 1e-5 and s["dist_mae"] < 1e-6, s
PY
sed 's/}$/,"answer":"GoStart"}/' "$work/x/test.jsonl" >"$work/answered.jsonl"
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 1 "$work/answered.jsonl" >/dev/null 2>"$work/s.err" ||
    fail "score of answered test records: $(cat "$work/s.err")"
rc=0
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 0 "$work/perfect.jsonl" >/dev/null 2>"$work/s.err" || rc=$?
[ "$rc" = 1 ] && grep -q 'points have no prediction' "$work/s.err" || fail "fold 0 scored with fold 1's answers: $(cat "$work/s.err")"
echo "$me: ok   answers built from test.jsonl score at the ceiling ($(sed -n 's/.*"accuracy":\([0-9.]*\),.*/\1/p' "$work/s.json")); answered records accepted"

# split modes: own rows answered with their group's distribution score
# at the group's ceiling (the table's ceiling column), paper rows too
for mode in own paper; do
    "$STEPDIST" export --format chat --catalog "$db" --mode $mode --folds 3 --fold 1 -o "$work/$mode" 2>/dev/null ||
        fail "export --mode $mode"
    python3 - "$work/$mode/test.jsonl" "$mode" >"$work/$mode.perfect" <<'PY' || fail "--mode $mode records"
import json, re, sys
pat = r"split:[123]:run:[0-9]+" if sys.argv[2] == "own" else r"split:[123]"
for l in open(sys.argv[1]):
    r = json.loads(l)
    assert re.fullmatch(pat, r["point"]), r["point"]
    print(json.dumps({"program": r["program"], "point": r["point"], "q": json.loads(r["messages"][2]["content"])}))
PY
    "$STEPDIST" score --catalog "$db" --mode $mode --folds 3 --fold 1 "$work/$mode.perfect" >"$work/$mode.txt" 2>&1 ||
        fail "score --mode $mode: $(cat "$work/$mode.txt")"
    awk '$1 == "file" && !seen { if ($2 != $6 || $7 != "1.000") bad = 1; seen = 1 } END { exit !(seen && !bad) }' "$work/$mode.txt" ||
        fail "--mode $mode: perfect answers below the ceiling: $(cat "$work/$mode.txt")"
done
echo "$me: ok   own and paper rows: perfect answers at the ceiling"

# score --against: two files paired; the difference is the difference of
# the accuracies, and a file against itself differs by nothing
sed 's/"q": .*/"q": [0.2, 0.2, 0.2, 0.2, 0.1, 0.1]}/' "$work/perfect.jsonl" >"$work/flat.jsonl"
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 1 --json --against "$work/flat.jsonl" "$work/perfect.jsonl" \
    >"$work/vs.json" 2>"$work/vs.err" || fail "score --against: $(cat "$work/vs.err")"
python3 - "$work/vs.json" <<'PY' || fail "score --against: $(cat "$work/vs.json")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
a = next(r for r in rows if r.get("predictor") == "file")
b = next(r for r in rows if r.get("predictor") == "against")
c = next(r for r in rows if "compare" in r)
assert c["compare"] == ["file", "against"], c
assert abs(c["accuracy_diff"] - (a["accuracy"] - b["accuracy"])) < 5e-6, (a, b, c)  # three values printed to 6 decimals
assert c["accuracy_diff"] > 0 and c["ci"][0] <= c["accuracy_diff"] <= c["ci"][1], c
assert c["mcnemar_b"] > c["mcnemar_c"] and 0 <= c["mcnemar_p"] <= 1, c
PY
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 1 --against "$work/perfect.jsonl" "$work/perfect.jsonl" >"$work/self.txt" 2>&1 ||
    fail "score --against itself: $(cat "$work/self.txt")"
grep -q '^file - against: accuracy +0.000 \[0.000, 0.000\] .*McNemar b=0 c=0 p=1$' "$work/self.txt" ||
    fail "a file against itself: $(cat "$work/self.txt")"
head -n 2 "$work/flat.jsonl" >"$work/short.jsonl"
"$STEPDIST" score --catalog "$db" -m 3 --folds 3 --fold 1 --against "$work/short.jsonl" "$work/perfect.jsonl" >/dev/null 2>"$work/s.err" &&
    fail "score --against accepted a file with missing points"
grep -q 'short.jsonl: [0-9]* of [0-9]* points have no prediction' "$work/s.err" || fail "missing points: $(cat "$work/s.err")"
echo "$me: ok   score --against: paired difference $(sed -n 's/.*"accuracy_diff":\([-0-9.]*\),.*/\1/p' "$work/vs.json"), a file against itself 0, missing points refused"

# usage errors
rc=0
"$STEPDIST" export --format csv --catalog "$db" -o "$work/bad" 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--format csv: exit $rc, want 2"
rc=0
"$STEPDIST" export --format chat --catalog "$db" -o "$work/bad" --folds 3 --fold 3 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--fold 3 of 3: exit $rc, want 2"
echo "$me: ok   bad formats and folds refused"
