#!/usr/bin/env bash
# scripts/rollout_eval.sh [CATALOG] - rollouts on held-out programs: for
# each of 5 folds by program, trains a model without the fold's programs
# (stepdist train --folds 5 --fold I) and rolls out 10 continuations of 20
# steps from 25% of each held-out program's first run (stepdist rollout
# --all); prints each fold's JSON line and the program-weighted means.
# Default catalog: out/corpus/stepdist.db (make corpus).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
db=${1:-$top/out/corpus/stepdist.db}
sd=$top/build/stepdist
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-rollout.XXXXXX")
trap 'rm -rf "$work"' EXIT
for f in 0 1 2 3 4; do
    "$sd" train --catalog "$db" --folds 5 --fold "$f" -o "$work/m$f.sdmodel" >/dev/null
    "$sd" rollout --model "$work/m$f.sdmodel" --catalog "$db" --all --folds 5 --fold "$f" --samples 10 --json
done | tee "$work/folds.jsonl"
python3 - "$work/folds.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
n = sum(r["programs"] for r in rows)
w = lambda k: sum(r[k] * r["programs"] for r in rows) / n
print(f"{n} held-out programs: {sum(r['valid'] for r in rows)} of {sum(r['sampled_events'] for r in rows)} "
      f"sampled events valid, {sum(r['stopped'] for r in rows)} rollouts stopped early; type-histogram TV: "
      f"model {w('tv_model'):.3f}, uniform over allowed {w('tv_uniform'):.3f}, real halves {w('tv_real_halves'):.3f}")
PY
