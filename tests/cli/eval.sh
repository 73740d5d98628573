#!/usr/bin/env bash
# eval.sh: `stepdist eval` on a small collection of generated programs:
# every predictor gets a row with metrics in range, accuracies sit between
# 0 and the ceiling, the counting baselines beat the uniform one, and the
# same seed gives the same numbers.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=eval
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
go_build_env "$GO_BIN"
make_work
export XDG_CACHE_HOME=$work/cache

"$STEPDIST" gen --seed 3 -n 8 --bug-rate 0 "$work/g" 2>/dev/null
for d in "$work"/g/g3_*/; do
    "$STEPDIST" collect -n 10 -j 2 --procs 2,4 -o "$work/c" "$d" >/dev/null 2>&1 || fail "collect $d"
done
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --json >"$work/e1.json" 2>/dev/null ||
    fail "eval failed"
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --json >"$work/e2.json" 2>/dev/null
cmp -s "$work/e1.json" "$work/e2.json" || fail "eval is not deterministic"
[ "$(grep -c '"predictor"' "$work/e1.json")" = 4 ] || fail "want 4 predictors: $(cat "$work/e1.json")"
grep -q '"compare":\["last-k","state-table"\],"accuracy_diff":' "$work/e1.json" || fail "no paired comparison"
awk -v d="$(sed -n 's/.*"accuracy_diff":\([-0-9.]*\).*/\1/p' "$work/e1.json")" \
    -v a="$(sed -n 's/.*"predictor":"last-k".*"accuracy":\([-0-9.]*\),.*/\1/p' "$work/e1.json")" \
    -v b="$(sed -n 's/.*"predictor":"state-table".*"accuracy":\([-0-9.]*\),.*/\1/p' "$work/e1.json")" \
    'BEGIN { if ((d - (a - b)) ^ 2 > 1e-10) exit 1 }' || fail "the paired difference is not the difference of accuracies"
get() { sed -n "s/.*\"predictor\":\"$1\".*\"$2\":\\([-0-9.nai]*\\).*/\\1/p" "$work/e1.json"; }
awk -v u="$(get uniform accuracy)" -v s="$(get state-table accuracy)" -v k="$(get last-k accuracy)" \
    -v c="$(get state-table ceiling)" -v nll="$(get uniform nll)" 'BEGIN {
        if (!(u >= 0 && s <= c + 1e-9 && k <= c + 1e-9 && c <= 1)) { print "out of range"; exit 1 }
        if (!(s > u && k > u)) { print "the counting baselines do not beat uniform"; exit 1 }
        if ((nll - log(6)) ^ 2 > 1e-9) { print "uniform NLL " nll " != log 6"; exit 1 }
    }' || fail "$(cat "$work/e1.json")"
for mode in own paper; do
    "$STEPDIST" eval --catalog "$work/c/stepdist.db" --mode $mode --folds 4 --json >"$work/$mode.json" 2>/dev/null ||
        fail "eval --mode $mode failed"
    [ "$(grep -c "\"mode\":\"$mode\"" "$work/$mode.json")" = 4 ] || fail "--mode $mode: $(cat "$work/$mode.json")"
done
# own rows: one per run and split (8 programs x 10 runs x 3); paper: one per program and split
grep -q '"predictor":"uniform","points":240,' "$work/own.json" || fail "own rows: $(head -n1 "$work/own.json")"
grep -q '"predictor":"uniform","points":24,' "$work/paper.json" || fail "paper rows: $(head -n1 "$work/paper.json")"
echo "$me: ok   split mode: 240 own rows, 24 paper rows"
# the fold manifest: every program once, folds 0..3, each non-empty
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --write-folds "$work/folds.jsonl" >/dev/null 2>&1
[ "$(wc -l <"$work/folds.jsonl")" = 8 ] || fail "folds: $(cat "$work/folds.jsonl")"
[ "$(sed 's/.*"fold":\([0-9]*\).*/\1/' "$work/folds.jsonl" | sort -u | tr -d '\n')" = 0123 ] || fail "folds: $(cat "$work/folds.jsonl")"
# the dist output carries the posterior beside the counts
"$STEPDIST" dist --catalog "$work/c/stepdist.db" -m 5 -o "$work/points.jsonl" 2>/dev/null
grep -q '"posterior":\[' "$work/points.jsonl" || fail "dist: no posterior"

# score: the state table's own predictions, written and read back, score the same
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --write-predictions "$work/st.jsonl" >/dev/null 2>&1
"$STEPDIST" score --catalog "$work/c/stepdist.db" -m 5 --json "$work/st.jsonl" >"$work/score.json" 2>/dev/null ||
    fail "score failed"
want=$(grep '"predictor":"state-table"' "$work/e1.json" | sed 's/.*"points"/"points"/')
got=$(sed 's/.*"points"/"points"/' "$work/score.json")
[ "$want" = "$got" ] || fail "score of the state table's predictions differs from eval:
$want
$got"
# bad input: a named line and column; missing points
head -n 3 "$work/st.jsonl" >"$work/partial.jsonl"
echo '{"program":"x","point":"node:1","q":[0.5,0.6,0,0,0,0]}' >>"$work/partial.jsonl"
if "$STEPDIST" score --catalog "$work/c/stepdist.db" -m 5 "$work/partial.jsonl" 2>"$work/bad.err" >/dev/null; then
    fail "score accepted q that does not sum to 1"
fi
grep -q 'partial.jsonl:4: column [0-9]*: expected probabilities in q that sum to 1' "$work/bad.err" || fail "bad q: $(cat "$work/bad.err")"
head -n 3 "$work/st.jsonl" >"$work/partial.jsonl"
"$STEPDIST" score --catalog "$work/c/stepdist.db" -m 5 "$work/partial.jsonl" 2>"$work/bad.err" >/dev/null && fail "score accepted missing points"
grep -q 'points have no prediction' "$work/bad.err" || fail "missing points: $(cat "$work/bad.err")"
echo "$me: ok   score reproduces eval from written predictions; bad and missing predictions refused"
echo "$me: ok   8 programs: uniform $(get uniform accuracy), last-k $(get last-k accuracy), state table $(get state-table accuracy) (ceiling $(get state-table ceiling)); deterministic"

# the learned model beside the baselines (prefix and own rows): both
# objectives scored, in range, deterministic, every type column present
for mode in prefix own; do
    "$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --mode $mode --model --json >"$work/m1.json" 2>/dev/null ||
        fail "eval --model --mode $mode failed"
    "$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --mode $mode --model --json >"$work/m2.json" 2>/dev/null
    cmp -s "$work/m1.json" "$work/m2.json" || fail "eval --model is not deterministic"
    python3 -c 'import json, sys; [json.loads(l) for l in open(sys.argv[1])]' "$work/m1.json" ||
        fail "eval --json wrote a line that is not JSON (an undefined metric must be null)"
    for p in model-soft model-onehot; do
        line=$(grep "\"predictor\":\"$p\"" "$work/m1.json") || fail "--mode $mode: no $p row: $(cat "$work/m1.json")"
        acc=$(sed -n 's/.*"accuracy":\([-0-9.]*\),.*/\1/p' <<<"$line")
        awk -v a="$acc" 'BEGIN { exit !(a > 0.3 && a <= 1) }' || fail "--mode $mode: $p accuracy $acc"
    done
    [ "$(grep -c '"level":"type+g"' "$work/m1.json")" = 4 ] || fail "--mode $mode: want 4 type+g rows"
    grep -q '"compare":\["model-soft","state-table"\]' "$work/m1.json" || fail "--mode $mode: no model comparison"
    macc=$(sed -n 's/.*"predictor":"model-soft","points".*"accuracy":\([-0-9.]*\),.*/\1/p' "$work/m1.json")
done
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --model >"$work/m.txt" 2>/dev/null
grep -q '^model-soft  *[0-9.]* ' "$work/m.txt" && grep -q '^per-type accuracy' "$work/m.txt" ||
    fail "text output: $(cat "$work/m.txt")"
# two folds: no fold to spare for the temperature (it is fitted on some
# of the training programs)
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 2 --model >"$work/f2.txt" 2>"$work/f2.err" ||
    fail "eval --model --folds 2: $(cat "$work/f2.err")"
grep -q '^model-soft  *[0-9.]* ' "$work/f2.txt" || fail "eval --model --folds 2: no model row"
# the features that read the program's source: they change the model's
# numbers (the catalog's programs are on this machine), and --no-source
# ablates them
"$STEPDIST" eval --catalog "$work/c/stepdist.db" -m 5 --folds 4 --mode own --model --no-source --json >"$work/m3.json" 2>/dev/null ||
    fail "eval --model --no-source failed"
cmp -s "$work/m1.json" "$work/m3.json" && fail "eval --no-source gives the same numbers: the source features are not used"
echo "$me: ok   the model trains on 4 folds and scores (own rows: soft $macc; --no-source differs)"

# train and predict: a model file, every realised event an allowed
# transition, a distribution after any prefix, damaged models refused
"$STEPDIST" train --catalog "$work/c/stepdist.db" -m 5 -o "$work/m.sdmodel" --json >"$work/train.json" 2>"$work/train.err" ||
    fail "train: $(cat "$work/train.err")"
grep -q '"outside_rows":0,' "$work/train.json" || fail "events outside the allowed transitions: $(cat "$work/train.json")"
"$STEPDIST" train --catalog "$work/c/stepdist.db" -m 5 -o "$work/m2.sdmodel" >/dev/null 2>&1
cmp -s "$work/m.sdmodel" "$work/m2.sdmodel" || fail "train is not deterministic"
traces=("$work"/c/runs/*.trace) # (no `ls | head`: SIGPIPE under pipefail)
trace=${traces[0]}
nev=$("$STEPDIST" events "$trace" | wc -l)
for at in 0 1 $((nev / 2)) "$nev"; do
    "$STEPDIST" predict --model "$work/m.sdmodel" --at "$at" --json "$trace" >"$work/p.json" 2>"$work/p.err" ||
        fail "predict --at $at: $(cat "$work/p.err")"
    python3 - "$work/p.json" "$at" "$nev" <<'PY' || fail "predict --at $at: $(cat "$work/p.json")"
import json, sys
p = json.load(open(sys.argv[1])); at = int(sys.argv[2]); n = int(sys.argv[3])
assert p["at"] == at and p["events"] == n
assert abs(sum(p["types"].values()) - 1) < 1e-5
assert sum(c["p"] for c in p["candidates"]) <= 1 + 1e-5
assert (p["actual"] is None) == (at == n)
if p["actual"] is not None:
    assert p["actual"]["p"] > 0, "the actual next event got no mass"
PY
done
rc=0
"$STEPDIST" predict --model "$work/m.sdmodel" --at $((nev + 1)) "$trace" >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "predict --at past the end: exit $rc, want 2"
head -c 100 "$work/m.sdmodel" >"$work/cut.sdmodel"
"$STEPDIST" predict --model "$work/cut.sdmodel" "$trace" >/dev/null 2>"$work/cut.err" && fail "a truncated model was accepted"
grep -q "cut.sdmodel: offset [0-9]*: " "$work/cut.err" || fail "truncated model: $(cat "$work/cut.err")"
echo "$me: ok   train (0 events outside the allowed transitions, deterministic), predict at 4 positions, a cut model refused"

# rollouts: every sampled event an allowed transition, deterministic by
# seed, and the held-out comparison over a fold
"$STEPDIST" rollout --model "$work/m.sdmodel" --at 5 --steps 15 --samples 4 --json "$trace" >"$work/r1.json" 2>"$work/r.err" ||
    fail "rollout: $(cat "$work/r.err")"
"$STEPDIST" rollout --model "$work/m.sdmodel" --at 5 --steps 15 --samples 4 --json "$trace" >"$work/r2.json"
cmp -s "$work/r1.json" "$work/r2.json" || fail "rollout is not deterministic"
python3 - "$work/r1.json" <<'PY' || fail "rollout: $(cat "$work/r1.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["steps"] > 0 and r["valid"] == r["steps"], r
assert sum(r["sampled_types"].values()) == r["steps"]
assert r["steps"] + 15 * r["stopped"] >= 60 or r["stopped"] > 0
PY
"$STEPDIST" train --catalog "$work/c/stepdist.db" -m 5 --folds 4 --fold 1 -o "$work/f1.sdmodel" >/dev/null 2>&1 ||
    fail "train --folds 4 --fold 1"
"$STEPDIST" rollout --model "$work/f1.sdmodel" --catalog "$work/c/stepdist.db" --all --folds 4 --fold 1 --json >"$work/ra.json" 2>&1 ||
    fail "rollout --all: $(cat "$work/ra.json")"
python3 - "$work/ra.json" <<'PY' || fail "rollout --all: $(cat "$work/ra.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["programs"] == 2 and r["valid"] == r["sampled_events"] > 0, r
assert 0 <= r["tv_model"] <= 1 and 0 <= r["tv_uniform"] <= 1
PY
echo "$me: ok   rollouts: $(sed -n 's/.*"valid":\([0-9]*\).*/\1/p' "$work/r1.json") sampled events, all allowed; held-out fold compared"
