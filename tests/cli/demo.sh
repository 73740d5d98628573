#!/usr/bin/env bash
# demo.sh: the README's main job (scripts/demo.sh) runs end to end on the
# bundled default corpus slice, and runs again over its own output (the
# catalog then gains nothing and every later step is redone).
# Exit status: 0 pass, anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=demo
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
make_work
for pass in 1 2; do
    OUT=$work/demo N=6 BUILD=$BUILD SANITIZE=${SANITIZE:-0} bash "$TOP/scripts/demo.sh" >"$work/demo$pass.log" 2>&1 ||
        fail "pass $pass: scripts/demo.sh failed: $(tail -5 "$work/demo$pass.log")"
    grep -q "^report: $work/demo/report.html (6 programs, 36 runs" "$work/demo$pass.log" ||
        fail "pass $pass: no report line: $(tail -3 "$work/demo$pass.log")"
    for step in "the canonical event stream of" "held-out evaluation" "allowed transitions, most likely first" "continuations of 8 steps"; do
        grep -q "$step" "$work/demo$pass.log" || fail "pass $pass: no '$step' in the output"
    done
done
echo "$me: ok   the main job runs end to end, twice"
