#!/usr/bin/env bash
# events.sh: the canonical event stream (`stepdist events`).
#  1. names survive goroutine-id shifts: idshift run with 0, 5 and 17 extra
#     goroutines before its begin marker gives byte-identical streams at
#     GOMAXPROCS=1 (and its JSON shows that the goroutine ids did differ);
#  2. two runs of a deterministic program give identical streams;
#  3. the expected goroutines, reasons, sites and actors are there;
#  4. on every Go test program at GOMAXPROCS=4, each goroutine's events follow
#     the scheduler's state machine (create -> start -> block/sched ->
#     unblock -> start ... -> end), and every GoUnblock names its actor.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=events
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
go_build_env "$GO_BIN"
make_work
bin=$work/bin
mkdir -p "$bin"
(cd "$TOP/tests/goprogs" && "$GO_BIN" build -o "$bin/" ./...)


# 1 + 2: id shifts and repeat runs
for shift in 0 5 17 0; do
    GOMAXPROCS=1 STEPDIST_TEST_SHIFT=$shift "$bin/idshift" "$work/s$shift.trace"
    "$STEPDIST" events "$work/s$shift.trace" >"$work/s$shift.ev"
    "$STEPDIST" events --json "$work/s$shift.trace" >"$work/s$shift.json"
done
for shift in 5 17; do
    cmp -s "$work/s0.ev" "$work/s$shift.ev" || { diff "$work/s0.ev" "$work/s$shift.ev" | head; fail "stream changed with $shift shifted ids"; }
done
gid0=$(grep -m1 '"g":"main/main.go:' "$work/s0.json" | sed 's/.*"gid":\([0-9]*\).*/\1/')
gid17=$(grep -m1 '"g":"main/main.go:' "$work/s17.json" | sed 's/.*"gid":\([0-9]*\).*/\1/')
[ "$gid17" -ge $((gid0 + 17)) ] || fail "ids did not shift (worker gid $gid0 vs $gid17)"
echo "$me: ok   names stable under id shifts (worker gid $gid0 vs $gid17), $(wc -l <"$work/s0.ev") events"

# 3: content
ev=$work/s0.ev
head -n1 "$ev" | grep -q '^0 GoCreate main/main.go:[0-9]*#1 at main.workload main.go:[0-9]* by main$' || fail "first event: $(head -n1 "$ev")"
[ "$(grep -c ' GoCreate main/main.go:[0-9]*#[123] ' "$ev")" -eq 3 ] || fail "expected 3 workers"
for reason in 'chan send' 'chan receive' 'WaitGroup.Wait'; do
    grep -q "\[$reason\]" "$ev" || fail "no block with reason '$reason'"
done
grep -q ' GoEnd main/main.go:[0-9]*#3 ' "$ev" || fail "worker 3 does not end"
if grep ' GoUnblock ' "$ev" | grep -vq ' by '; then fail "a GoUnblock without actor"; fi
if grep -q 'runtime\.\|stepdist_' "$ev"; then fail "runtime or harness goroutines leaked into the user stream"; fi
echo "$me: ok   expected goroutines, reasons and actors"

# 4: state machine on every program
check_machine() { # events file
    awk '
    { type = $2; g = $3; st = state[g] }
    type == "GoCreate"  { if (st != "") bad("created twice"); state[g] = "runnable"; next }
    # A syscall is a GoBlock [syscall]; it ends in GoStart (Syscall->Running)
    # or GoUnblock (Syscall->Runnable), as the paper maps them.
    type == "GoStart"   { if (st != "" && st != "runnable" && st != "syscall") bad("start when " st); state[g] = "running"; next }
    type == "GoBlock"   { if (st != "" && st != "running") bad("block when " st); state[g] = ($4 == "[syscall]") ? "syscall" : "blocked"; next }
    type == "GoSched"   { if (st != "" && st != "running") bad("sched when " st); state[g] = "runnable"; next }
    type == "GoUnblock" { if (st != "" && st != "blocked" && st != "syscall") bad("unblock when " st); state[g] = "runnable"; next }
    type == "GoEnd"     { if (st == "ended") bad("end twice"); state[g] = "ended"; next }
    { bad("unknown type " type) }
    function bad(why) { printf "line %d: %s: %s\n", NR, why, $0; err = 1; exit 1 }
    END { exit err }' "$1"
}
n=0
for p in "$bin"/*; do
    name=${p##*/}
    [ "$name" = bigtrace ] && continue
    GOMAXPROCS=4 BIGTRACE_EXCHANGES=1000 "$p" "$work/$name.trace" >/dev/null
    "$STEPDIST" events "$work/$name.trace" >"$work/$name.ev" || fail "$name: stepdist events failed"
    check_machine "$work/$name.ev" || fail "$name: stream breaks the state machine"
    [ -s "$work/$name.ev" ] || fail "$name: empty stream"
    n=$((n + 1))
done
echo "$me: ok   $n programs follow the state machine at GOMAXPROCS=4"

