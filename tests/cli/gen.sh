#!/usr/bin/env bash
# gen.sh: `stepdist gen` writes programs whose ground truth holds:
#  - the same seed writes the same files; every program builds (gen checks);
#  - collected 3 times each, clean programs pass, leaks leak, deadlocks
#    deadlock (lock inversions, labelled flaky, may also pass), and in every
#    run that does not pass each stuck line of the manifest is where some
#    goroutine's last event, a GoBlock, happens.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=gen
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
go_build_env "$GO_BIN"
make_work
export XDG_CACHE_HOME=$work/cache

"$STEPDIST" gen --seed 4 -n 24 "$work/a" 2>"$work/gen.err" || { cat "$work/gen.err"; fail "gen failed"; }
"$STEPDIST" gen --seed 4 -n 24 --no-check "$work/b" 2>/dev/null
diff -r "$work/a" "$work/b" >/dev/null || fail "the same seed gave different programs"
"$STEPDIST" gen --seed 5 -n 24 --no-check "$work/c" 2>/dev/null
if diff -r -q "$work/a/g4_0000" "$work/c/g5_0000" >/dev/null 2>&1; then fail "seeds 4 and 5 gave the same first program"; fi
echo "$me: ok   deterministic by seed, 24 programs build"

declare -A seen=()
while IFS= read -r line; do
    name=$(sed 's/.*"name":"\([^"]*\)".*/\1/' <<<"$line")
    label=$(sed 's/.*"label":"\([^"]*\)".*/\1/' <<<"$line")
    bug=$(sed 's/.*"bug_class":"\([^"]*\)".*/\1/' <<<"$line")
    flaky=$(sed 's/.*"flaky":\([a-z]*\).*/\1/' <<<"$line")
    stuck=$(sed 's/.*"stuck":\[\([^]]*\)\].*/\1/' <<<"$line" | tr -d '"' | tr ',' ' ')
    out=$work/col
    res=$("$STEPDIST" collect -n 3 -j 2 --timeout 1s --json -o "$out" "$work/a/$name" 2>"$work/col.err") ||
        { cat "$work/col.err"; fail "$name: collect failed"; }
    case $label in clean) want=pass ;; leak) want=leak ;; *) want=deadlock ;; esac
    if [ "$flaky" = true ]; then
        # a schedule-dependent fault: each run either shows it or passes
        n_want=$(sed -n "s/.*\"$want\":\([0-9]*\).*/\1/p" <<<"$res")
        n_pass=$(sed -n 's/.*"pass":\([0-9]*\).*/\1/p' <<<"$res")
        [ $((n_want + n_pass)) -eq 3 ] || fail "$name ($bug): want 3 runs of $want or pass, got $res"
    elif ! grep -q "\"$want\":3" <<<"$res"; then
        fail "$name ($bug): want 3 x $want, got $res"
    fi
    seen[$bug]=1
    [ -n "$stuck" ] || continue
    ids=$(sqlite3 "$out/stepdist.db" "select r.id from runs r join builds b on r.build_id = b.id join programs p on p.id = b.program_id where p.path like '%/$name' and r.outcome != 'pass'" 2>/dev/null || true)
    for id in $ids; do
        "$STEPDIST" events --catalog "$out/stepdist.db" "$id" >"$work/ev"
        for s in $stuck; do
            file=${s##*/}
            awk -v site="$file" '
                { last[$3] = $0 }
                END { for (g in last) { split(last[g], f, " "); if (f[2] == "GoBlock" && index(last[g], " " site) > 0) found = 1 }
                      exit !found }' "$work/ev" || fail "$name ($bug): run $id has no goroutine stuck at $s"
        done
    done
done <"$work/a/manifest.jsonl"
echo "$me: ok   ground truth holds for 24 programs (faults seen: ${!seen[*]})"
