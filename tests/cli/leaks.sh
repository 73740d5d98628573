#!/usr/bin/env bash
# leaks.sh: `stepdist leaks` on small packages (tests/leaks/, and
# tests/harness/leak_select): every kind of leak (chan send, chan receive,
# select, nil channel and select{}, Mutex, RWMutex, WaitGroup, Cond) and a
# global deadlock are reported at their line with k/N and exit status 3;
# the clean look-alikes (a slow goroutine, a sleeper, pending timers, a
# goroutine that finishes after the test, a clean and a busy package) give
# no report and exit status 0.  Both ways in: PKG (collects) and --catalog.
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

# usage errors
rc=0; "$STEPDIST" leaks >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "no argument: exit $rc, want 2"
rc=0; "$STEPDIST" leaks --catalog x.db "$TOP/tests/leaks/send" >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "package and catalog: exit $rc, want 2"
rc=0; "$STEPDIST" leaks --catalog x.db --procs 2 >/dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "collect option with --catalog: exit $rc, want 2"
rc=0; "$STEPDIST" leaks --catalog "$work/missing.db" >/dev/null 2>"$work/err" || rc=$?
[ $rc -eq 1 ] && grep -q missing.db "$work/err" || fail "missing catalog: exit $rc: $(cat "$work/err")"

# leaks NAME PKG [OPTION...]: collects 3 runs of PKG into $work/NAME and
# reports into $work/NAME.txt; exit status into rc.
leaks() {
    local name=$1 pkg=$2; shift 2
    rc=0
    "$STEPDIST" leaks -n 3 -j 2 --procs 1,2 -o "$work/$name" "$@" "$pkg" >"$work/$name.txt" 2>"$work/$name.err" || rc=$?
}
# expect NAME PATTERN...: each PATTERN (grep -E) is in NAME's report.
expect() {
    local name=$1 pat; shift
    for pat in "$@"; do
        grep -Eq -- "$pat" "$work/$name.txt" || fail "$name: no '$pat' in: $(cat "$work/$name.txt" "$work/$name.err")"
    done
}

declare -A want=(
    [send]='send.go:[78]  chan send  stuck in 3/3 runs'
    [recv]='recv.go:16  chan receive  stuck in 3/3 runs'
    [forever]='forever.go:8  forever  stuck in 3/3 runs|forever.go:15  forever  stuck in 3/3 runs'
    [mutex]='cache.go:18  Mutex.Lock  stuck in 3/3 runs'
    [rwmutex]='table.go:21  RWMutex.Lock  stuck in 3/3 runs'
    [waitgroup]='group.go:18  WaitGroup.Wait  stuck in 3/3 runs'
    [cond]='queue.go:25  sync.\(\*Cond\).Wait  stuck in 3/3 runs'
    [selectblock]='pump.go:20  select  stuck in 3/3 runs'
    [global]='pair.go:14  chan receive  stuck in 3/3 runs'
)
for name in "${!want[@]}"; do
    opts=()
    [ "$name" = global ] && opts=(--timeout 1s) # the watchdog ends a global deadlock
    leaks "$name" "$TOP/tests/leaks/$name" "${opts[@]}"
    [ $rc -eq 3 ] || fail "$name: exit $rc, want 3: $(cat "$work/$name.txt" "$work/$name.err")"
    IFS='|' read -r -a pats <<<"${want[$name]}"
    expect "$name" "${pats[@]}" 'runs with GOMAXPROCS (1|2|1,2); race off; e.g. run [0-9]+ \{"gomaxprocs"'
done
expect forever '^ +8 \| <-c$' '^ +15 \| select \{\}$'
expect mutex 'created at cache.go:17' 'partial in 3 runs \(e.g. run [0-9]+\): main/testing.tRunner#1/cache.go:17#1 \(Mutex.Lock at cache.go:18\)'
expect selectblock 'pump.go:8  select  stuck in 3/3 runs'
# the goroutine at pump.go:20 never leaves its select; the loop at pump.go:8 does, before it stays
grep -A4 'pump.go:20  select' "$work/selectblock.txt" | grep -q 'select-block signature: .* (3 runs)' ||
    fail "selectblock: no signature at pump.go:20: $(cat "$work/selectblock.txt")"
if grep -A4 'pump.go:8  select' "$work/selectblock.txt" | grep -q 'signature'; then
    fail "selectblock: a signature at pump.go:8, a select it left: $(cat "$work/selectblock.txt")"
fi
expect global 'pair.go:17  WaitGroup.Wait  stuck in 3/3 runs' 'goroutines stuck for good in 3 \(global deadlock 3, partial 0\)' \
    'called from pair_test.go:6' \
    'global in 3 runs .*main/testing.tRunner#1 \(WaitGroup.Wait at pair.go:17\), main/testing.tRunner#1/pair.go:12#1 \(chan receive at pair.go:14\)'
echo "$me: ok   every kind of leak, at its line, 3/3 runs, exit 3; the global deadlock with its goroutines"

# JSON, from the catalog the PKG run left
rc=0
"$STEPDIST" leaks --catalog "$work/global/stepdist.db" --json >"$work/global.json" || rc=$?
[ $rc -eq 3 ] || fail "global --json: exit $rc, want 3"
grep -q '"site":"pair.go:14","reason":"chan receive",.*"source":"got = <-in",.*"runs":3,"of":3,"gomaxprocs":\[1,2\]' "$work/global.json" ||
    fail "json findings: $(cat "$work/global.json")"
[ "$(grep -o '"deadlock":"global"' "$work/global.json" | wc -l)" -eq 3 ] || fail "json runs: $(cat "$work/global.json")"
# how the test goroutine got to pair.go:17: Swap, called from the test
grep -q '"site":"pair.go:17","reason":"WaitGroup.Wait",[^}]*"callers":\[{"func":"[^"]*\.TestSwap","file":"[^"]*/pair_test.go","line":6}\]' "$work/global.json" ||
    fail "json callers: $(cat "$work/global.json")"
rc=0
"$STEPDIST" leaks --catalog "$work/global/stepdist.db" -n 1 --skip 2 --json >"$work/one.json" || rc=$?
[ $rc -eq 3 ] && grep -q '"runs":1,"of":1' "$work/one.json" || fail "-n 1 --skip 2: exit $rc: $(cat "$work/one.json")"
echo "$me: ok   --json, -n, --skip"

"$STEPDIST" collect -n 4 -j 2 --procs 1,2 -o "$work/leak" "$TOP/tests/harness/leak_select" >/dev/null 2>&1
rc=0
"$STEPDIST" leaks --catalog "$work/leak/stepdist.db" >"$work/leak.txt" || rc=$?
[ $rc -eq 3 ] || fail "leak_select: exit $rc, want 3: $(cat "$work/leak.txt")"
expect leak 'feed.go:20  select  stuck in 4/4 runs' 'created at feed.go:13' 'GOMAXPROCS 1,2; race off'

for clean in slow timer late; do
    leaks "$clean" "$TOP/tests/leaks/$clean"
    [ $rc -eq 0 ] && [ ! -s "$work/$clean.txt" ] || fail "$clean: exit $rc: $(cat "$work/$clean.txt" "$work/$clean.err")"
    grep -q "no goroutine stuck for good in 3 runs" "$work/$clean.err" || fail "$clean: $(cat "$work/$clean.err")"
done
# slow and timer do leave blocked goroutines, each run, that something could still wake
for clean in slow timer; do
    "$STEPDIST" leaks --catalog "$work/$clean/stepdist.db" --json >"$work/$clean.json"
    [ "$(grep -o '"excused":2' "$work/$clean.json" | wc -l)" -eq 3 ] || fail "$clean: not 2 excused per run: $(cat "$work/$clean.json")"
done
for clean in clean flood; do
    leaks "$clean" "$TOP/tests/harness/$clean"
    [ $rc -eq 0 ] && [ ! -s "$work/$clean.txt" ] || fail "$clean: exit $rc: $(cat "$work/$clean.txt" "$work/$clean.err")"
done
# the look-alikes do leave goroutines behind at the end of the test (what goleak would flag)
grep -q '"alive_at_end":\[{"g"' "$work/timer.json" || fail "timer: no goroutine alive at the end: $(cat "$work/timer.json")"
echo "$me: ok   slow, sleeping, timer, late, clean and busy packages: no report, exit 0"
