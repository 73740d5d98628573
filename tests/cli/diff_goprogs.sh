#!/usr/bin/env bash
# Differential test: `stepdist dump TRACE` must print the same events as
# `go tool trace -d=1 TRACE` for real traces recorded from the Go programs in
# tests/goprogs, compared with tests/tools/tracecmp (which tolerates only the
# nondeterminism of Go's own reader: order of events of different threads
# with equal timestamps, and the resulting small Time adjustments).
#
# Environment:
#   STEPDIST  path of the stepdist binary (required)
#   TOP       repository root (default: two levels above this script)
#   TMPDIR    where the scratch directory is created (default /tmp)
#   GOPROGS   optional space-separated subset of programs to run
#   GOPROGS_CONFIGS  optional subset of configurations (default "1 4 4g"):
#             N  = GOMAXPROCS=N;
#             4g = GOMAXPROCS=4 with GODEBUG=traceadvanceperiod=100000,
#                  i.e. a new trace generation every ~100us, so that most
#                  traces have several generations (Sync events,
#                  per-generation string/stack tables, GoStatus events at
#                  generation starts).
#
# Exit status: 0 all passed, 77 skipped (no Go toolchain), 1 failure.
# Prints one line per program and configuration.
set -euo pipefail

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
STEPDIST=${STEPDIST:-}
me=diff_goprogs
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

need_go "SKIP: go not found"
if [ -z "$STEPDIST" ] || [ ! -x "$STEPDIST" ]; then
	echo "FAIL: STEPDIST is not set to an executable (STEPDIST='$STEPDIST')" >&2
	exit 1
fi
case $STEPDIST in /*) ;; *) STEPDIST=$PWD/$STEPDIST ;; esac

# Offline, reproducible go command.
go_build_env "$GO_BIN"

make_work "scratch files kept in"

# Build everything once: one `go build` for all programs, one for tracecmp.
bin=$work/bin
mkdir -p "$bin"
if ! (cd "$TOP/tests/goprogs" && "$GO_BIN" build -o "$bin/" ./...) >"$work/build.log" 2>&1; then
	cat "$work/build.log" >&2
	echo "FAIL: building tests/goprogs" >&2
	exit 1
fi
if ! (cd "$TOP/tests/tools/tracecmp" && "$GO_BIN" build -o "$bin/tracecmp" .) >"$work/build.log" 2>&1; then
	cat "$work/build.log" >&2
	echo "FAIL: building tests/tools/tracecmp" >&2
	exit 1
fi

if [ -n "${GOPROGS:-}" ]; then
	progs=$GOPROGS
else
	progs=$(cd "$TOP/tests/goprogs" && for d in */; do [ -f "$d/main.go" ] && echo "${d%/}"; done)
fi
configs=${GOPROGS_CONFIGS:-1 4 4g}

pass=0
fail=0
failed=()

# check PROG CONFIG: record, dump both ways, compare. Prints one line.
check() {
	local prog=$1 cfg=$2
	local dir=$work/$prog.$cfg
	local procs=${cfg%g} godebug=
	local label="$prog GOMAXPROCS=$procs"
	if [ "$cfg" != "$procs" ]; then
		godebug=traceadvanceperiod=100000
		label="$label gen=100us"
	fi
	mkdir -p "$dir"
	local trace=$dir/trace.out

	if ! GOMAXPROCS=$procs GODEBUG=$godebug limited 60 "$bin/$prog" "$trace" >"$dir/prog.log" 2>&1; then
		echo "FAIL $label: the program failed:"
		sed 's/^/    /' "$dir/prog.log" | head -20
		return 1
	fi

	local wrc=0 grc=0
	limited 120 "$GO_BIN" tool trace -d=1 "$trace" >"$dir/want.txt" 2>"$dir/want.err" || wrc=$?
	limited 120 "$STEPDIST" dump "$trace" >"$dir/got.txt" 2>"$dir/got.err" || grc=$?

	local nev ngen
	nev=$(grep -c '^M=' "$dir/want.txt" || true)
	ngen=$(grep -c '^M=-1 P=-1 G=-1 Sync ' "$dir/want.txt" || true)

	if { [ "$wrc" = 0 ] && [ "$grc" != 0 ]; } || { [ "$wrc" != 0 ] && [ "$grc" = 0 ]; }; then
		echo "FAIL $label: go tool trace exited $wrc, stepdist dump exited $grc"
		sed 's/^/    go tool trace: /' "$dir/want.err" | head -5
		sed 's/^/    stepdist: /' "$dir/got.err" | head -5
		return 1
	fi
	local note=
	if [ "$wrc" != 0 ]; then
		note=", both readers failed: $(head -c 200 "$dir/want.err" | tr '\n' ' ')"
	fi

	local crc=0
	"$bin/tracecmp" "$dir/want.txt" "$dir/got.txt" >"$dir/cmp.txt" 2>&1 || crc=$?
	if [ "$crc" != 0 ]; then
		echo "FAIL $label ($nev events, $ngen generation(s)): stepdist dump differs from go tool trace -d=1:"
		sed 's/^/    /' "$dir/cmp.txt" | head -40
		if [ "$wrc" != 0 ]; then
			echo "    (both readers failed; for an inconsistent trace Go's own event prefix can vary, see tests/tools/tracecmp/main.go)"
		fi
		return 1
	fi
	echo "ok   $label ($nev events, $ngen generation(s)$note)"
	rm -rf "$dir"
	return 0
}

start=$SECONDS
for prog in $progs; do
	if [ ! -x "$bin/$prog" ]; then
		echo "FAIL $prog: no such program in tests/goprogs"
		fail=$((fail + 1))
		failed+=("$prog")
		continue
	fi
	for cfg in $configs; do
		if check "$prog" "$cfg"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			failed+=("$prog/$cfg")
		fi
	done
done

echo "diff_goprogs: $pass passed, $fail failed in $((SECONDS - start))s"
if [ "$fail" != 0 ]; then
	keep_work=1
	echo "failed: ${failed[*]}"
	exit 1
fi
exit 0
