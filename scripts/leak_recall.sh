#!/usr/bin/env bash
# leak_recall.sh - `stepdist leaks` measured on the labelled corpus, with N
# = 1, 10 and 100 runs per program: each N over the 100/N disjoint blocks
# of runs (runs 1-N, N+1-2N, ... in catalog order), averaged.  Beside it a
# goleak-style baseline from the same runs: the goroutines still alive
# when the test returned (docs/leaks.md).
#   scripts/leak_recall.sh [CATALOG [MANIFEST]]
# CATALOG defaults to out/corpus/stepdist.db (make corpus), MANIFEST to
# corpus/manifest.jsonl.  Prints a Markdown table.  Needs python3.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
db=${1:-$TOP/out/corpus/stepdist.db}
manifest=${2:-$TOP/corpus/manifest.jsonl}
stepdist=${STEPDIST:-$TOP/build/stepdist}
[ -f "$db" ] || { echo "leak_recall: no catalog $db (make corpus)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/leak_recall.XXXXXX")
trap 'rm -rf "$work"' EXIT
runs=$(sqlite3 -readonly "$db" 'select min(c) from (select count(*) c from runs r join builds b on b.id = r.build_id group by b.program_id)')
for n in 1 10 100; do
    [ "$n" -le "$runs" ] || continue
    for ((k = 0; k + n <= runs; k += n)); do
        rc=0
        "$stepdist" leaks --catalog "$db" -n "$n" --skip "$k" --json >"$work/n$n-$k.json" || rc=$?
        [ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "leak_recall: stepdist leaks failed (exit $rc)" >&2; exit 1; }
    done
done
python3 - "$manifest" "$work" <<'PY'
import collections, glob, json, os, sys
man = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    man[d["name"]] = (d["label"], {s.split("/", 1)[1] for s in d["stuck"]})
bugs = [p for p, (lab, _) in man.items() if lab in ("leak", "deadlock")]
clean = [p for p, (lab, _) in man.items() if lab == "clean"]
rows = []
for n in (1, 10, 100):
    files = sorted(glob.glob(os.path.join(sys.argv[2], "n%d-*.json" % n)))
    if not files:
        continue
    acc = collections.defaultdict(float)
    for fn in files:
        found, alive = collections.defaultdict(set), collections.defaultdict(set)
        for line in open(fn):
            d = json.loads(line)
            p = d["program"].rstrip("/").split("/")[-1]
            found[p] |= {f["site"] for f in d["findings"]}
            for r in d["run_list"]:
                alive[p] |= {a["site"] for a in r["alive_at_end"]}
        for p in bugs:
            stuck = man[p][1]
            acc["hit"] += bool(found[p] & stuck)
            acc["wrong"] += len(found[p] - stuck)
            acc["nfind"] += len(found[p])
            acc["gl_hit"] += bool(alive[p] & stuck)
            acc["gl_any"] += bool(alive[p])
        for p in clean:
            acc["fp"] += bool(found[p])
            acc["gl_fp"] += bool(alive[p])
    k = len(files)
    rows.append((n, k, {key: v / k for key, v in acc.items()}))
print("| runs N | blocks averaged | recall (stuck line found) | findings on leak/deadlock programs | of them at a line not labelled | clean programs flagged | goleak-style: recall (line) | goleak-style: flagged at all | goleak-style: clean programs flagged |")
print("|---|---|---|---|---|---|---|---|---|")
for n, k, a in rows:
    print("| %d | %d | %.3f (%.1f/%d) | %.1f | %.2f | %.2f/%d | %.3f | %.3f | %.2f/%d |" % (
        n, k, a["hit"] / len(bugs), a["hit"], len(bugs), a["nfind"], a["wrong"], a["fp"], len(clean),
        a["gl_hit"] / len(bugs), a["gl_any"] / len(bugs), a["gl_fp"], len(clean)))
PY
