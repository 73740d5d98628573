#!/usr/bin/env bash
# leaks.sh: `stepdist leaks` on collected fixtures: a leaking package is
# reported at the manifest's line with k/N and exit status 3; a clean one,
# and one whose goroutine only finishes late, give exit status 0.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=leaks
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
make_work
export XDG_CACHE_HOME=$work/cache

"$STEPDIST" collect -n 4 -j 2 --procs 1,2 -o "$work/leak" "$TOP/tests/harness/leak_select" >/dev/null 2>&1
rc=0
"$STEPDIST" leaks --catalog "$work/leak/stepdist.db" >"$work/leak.txt" || rc=$?
[ $rc -eq 3 ] || fail "leaking package: exit $rc, want 3: $(cat "$work/leak.txt")"
grep -q 'feed.go:20 *select *stuck in 4/4 runs (created at feed.go:13; GOMAXPROCS 1,2)' "$work/leak.txt" ||
    fail "report: $(cat "$work/leak.txt")"
"$STEPDIST" leaks --catalog "$work/leak/stepdist.db" --json >"$work/leak.json" || true
grep -q '"site":"feed.go:20","reason":"select".*"runs":4,"of":4' "$work/leak.json" || fail "json report: $(cat "$work/leak.json")"
echo "$me: ok   leak_select: feed.go:20 select, 4/4 runs, exit 3"

for clean in clean flood; do
    "$STEPDIST" collect -n 3 -j 2 -o "$work/$clean" "$TOP/tests/harness/$clean" >/dev/null 2>&1
    rc=0
    "$STEPDIST" leaks --catalog "$work/$clean/stepdist.db" >"$work/$clean.txt" || rc=$?
    [ $rc -eq 0 ] && [ ! -s "$work/$clean.txt" ] || fail "$clean: exit $rc: $(cat "$work/$clean.txt")"
done
echo "$me: ok   clean packages: no report, exit 0"
