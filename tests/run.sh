#!/usr/bin/env bash
# tests/run.sh - runs every test: the C unit tests built in $BUILD/tests/ and
# the shell tests tests/cli/*.sh.  Each test runs in its own process with its
# own scratch directory; exit 0 = pass, 77 = skip, anything else = fail.
# The last line is "N passed, N failed, N skipped" (CI reads it).
#   BUILD=build bash tests/run.sh [NAME-PATTERN]
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
export TOP BUILD STEPDIST="$BUILD/stepdist"
export GOTOOLCHAIN=local GOFLAGS=${GOFLAGS:--mod=mod}
if ! command -v go >/dev/null 2>&1 && [ -x /usr/lib/go-1.23/bin/go ]; then
    export PATH=/usr/lib/go-1.23/bin:$PATH
fi
pattern=${1:-}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

pass=0 fail=0 skip=0 failed_names=()
run_one() { # name, command...
    local name=$1; shift
    [ -n "$pattern" ] && [[ $name != *$pattern* ]] && return
    local dir="$scratch/$name" start end rc
    mkdir -p "$dir"
    start=$(date +%s.%N)
    ( cd "$dir" && TMPDIR="$dir" "$@" ) >"$dir.log" 2>&1
    rc=$?
    end=$(date +%s.%N)
    local secs; secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1)); echo "PASS $name (${secs}s)"
    elif [ $rc -eq 77 ]; then
        skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$dir.log")"
    else
        fail=$((fail + 1)); failed_names+=("$name")
        echo "FAIL $name (exit $rc, ${secs}s); last lines of its output:"
        tail -n 40 "$dir.log" | sed 's/^/    /'
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "unit/$(basename "$t")" "$t"
done
for t in "$TOP"/tests/cli/*.sh; do
    [ -f "$t" ] || continue
    run_one "cli/$(basename "$t" .sh)" bash "$t"
done

[ $fail -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
