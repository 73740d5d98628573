#!/usr/bin/env bash
# golden_go.sh: differential test of `stepdist dump` against Go's own reader
# (`go tool trace -d=1`) on the golden inputs that ship with the installed Go:
#
#   $(go env GOROOT)/src/internal/trace/testdata/tests/*.test      (txtar: an
#       "expect" section and a "trace" section in Go's raw text format)
#   $(go env GOROOT)/src/internal/trace/testdata/fuzz/FuzzReader/*  (binary
#       traces stored as `go test fuzz v1` / []byte("..."))
#
# Nothing is copied into the repository: the inputs are read from the
# installed Go at test time and converted to binary traces with
# tests/tools/txt2trace.c (built into $BUILD/txt2trace).
#
# For every input:
#   1. convert it to a binary trace;
#   2. (.test only) validate the converter: `go tool trace -d=2 BIN` prints
#      the raw events of the binary; normalised (whitespace collapsed,
#      comments/blank lines dropped, "Trace Go1.N" header line removed) it
#      must equal the normalised trace section, and BIN must start with the
#      header "go 1.N trace\0\0\0";
#   3. run `go tool trace -d=1 BIN` and `$STEPDIST dump BIN`; the verdicts
#      must match (both succeed, or both fail; a Go panic counts as a
#      failure, a stepdist crash/timeout is always an error);
#   4. both succeed: the outputs must be equivalent per tracecmp (built from
#      tests/tools/tracecmp; plain `diff` when that tool is absent);
#      both fail: stepdist's stderr must be non-empty and name the file.
# The .test expectation (SUCCESS / FAILURE "re") is compared with Go's -d=1
# verdict for information only: Go's test harness also runs a validator, so
# the two may legitimately differ.
#
# Environment: STEPDIST (stepdist binary), TOP (repo root), BUILD (build dir),
# TMPDIR (scratch), optional CC, SANITIZE_FLAGS, GO (go binary), and
# GOLDEN_TIMEOUT (seconds per command, default 300).
# Exit status: 0 pass, 77 skip (no usable Go), anything else fail.
set -euo pipefail

me=golden_go
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
TIMEOUT_S=${GOLDEN_TIMEOUT:-300}

# ---------------------------------------------------------------- find Go --
need_go
if ! GOROOT_DIR=$("$GO_BIN" env GOROOT 2>/dev/null) || [ -z "$GOROOT_DIR" ]; then
	echo "$me: SKIP: '$GO_BIN env GOROOT' failed"
	exit 77
fi
TESTDATA=
for d in "$GOROOT_DIR/src/internal/trace/testdata" "$GOROOT_DIR/src/internal/trace/v2/testdata"; do
	if [ -d "$d/tests" ]; then
		TESTDATA=$d
		break
	fi
done
if [ -z "$TESTDATA" ]; then
	echo "$me: SKIP: no internal/trace testdata under $GOROOT_DIR/src"
	exit 77
fi
if ! "$GO_BIN" tool -n trace >/dev/null 2>&1; then
	echo "$me: SKIP: 'go tool trace' is not available"
	exit 77
fi
echo "$me: using $("$GO_BIN" version) from $GO_BIN"
echo "$me: golden inputs from $TESTDATA"

# 'go build' needs a writable cache; go_build_env falls back to scratch space.
go_build_env "$GO_BIN"

# ------------------------------------------------------------ build tools --
need_txt2trace
make_work

TRACECMP=
if [ -f "$TOP/tests/tools/tracecmp/go.mod" ]; then
	if ! (cd "$TOP/tests/tools/tracecmp" && "$GO_BIN" build -o "$work/tracecmp" .) >"$work/tracecmp.build" 2>&1; then
		echo "$me: FAIL: cannot build tests/tools/tracecmp:"
		sed 's/^/    /' "$work/tracecmp.build"
		keep_work=1
		exit 1
	fi
	TRACECMP="$work/tracecmp"
	echo "$me: comparing outputs with tracecmp"
else
	echo "$me: tests/tools/tracecmp not found: comparing outputs with diff"
fi

# ---------------------------------------------------------------- helpers --
# Normalises Go's raw text format: whitespace runs -> one space, trimmed,
# blank and comment lines dropped.
normalise() {
	awk '{
		gsub(/[ \t\r\f\v]+/, " "); sub(/^ /, ""); sub(/ $/, "")
		if ($0 == "" || substr($0, 1, 1) == "#") next
		print
	}'
}

# Prints the body of the txtar section named $2 of file $1.
txtar_section() {
	awk -v want="-- $2 --" '/^-- .+ --$/ { s = ($0 == want); next } s' "$1"
}

# verdict RC ERRFILE -> ok | fail | panic | crash | timeout
verdict() {
	local rc=$1 err=$2
	if [ "$rc" -eq 0 ]; then
		echo ok
	elif [ "$rc" -eq 124 ]; then
		echo timeout
	elif go_crashed "$err"; then
		echo panic
	elif [ "$rc" -ge 128 ]; then
		echo crash
	else
		echo fail
	fi
}

n_files=0 n_pass=0 n_fail=0 n_skip=0 n_roundtrip=0 n_tests=0 n_agree=0
failures=()

# failed NAME WHY: counts input NAME as failed, with WHY for the summary,
# and keeps the work files.
failed() {
	n_fail=$((n_fail + 1))
	failures+=("$1: $2")
	keep_work=1
}

printf '%-70s %-7s %-9s %-9s %-9s %s\n' FILE GO STEPDIST EXPECT EXP-vs-GO RESULT

# check_one NAME BIN EXPECT  (EXPECT: SUCCESS | FAILURE | -)
check_one() {
	local name=$1 bin=$2 expect=$3 dir=$4
	local rc_go=0 rc_sd=0 v_go v_sd agree=n/a result=PASS why=
	limited "$TIMEOUT_S" "$GO_BIN" tool trace -d=1 "$bin" >"$dir/want.txt" 2>"$dir/want.err" || rc_go=$?
	limited "$TIMEOUT_S" "$STEPDIST" dump "$bin" >"$dir/got.txt" 2>"$dir/got.err" || rc_sd=$?
	v_go=$(verdict "$rc_go" "$dir/want.err")
	v_sd=$(verdict "$rc_sd" "$dir/got.err")

	if [ "$expect" != - ]; then
		n_tests=$((n_tests + 1))
		if { [ "$expect" = SUCCESS ] && [ "$v_go" = ok ]; } ||
			{ [ "$expect" = FAILURE ] && [ "$v_go" != ok ]; }; then
			agree=agree
			n_agree=$((n_agree + 1))
		else
			agree=DIFFERS
		fi
	fi

	case $v_go in
	ok | fail | panic) ;;
	*)
		result=FAIL
		why="go tool trace: $v_go (rc=$rc_go)"
		;;
	esac
	if [ "$result" = PASS ]; then
		case $v_sd in
		crash | timeout | panic)
			result=FAIL
			why="stepdist $v_sd (rc=$rc_sd): $(head -c 300 "$dir/got.err" | tr '\n' ' ')"
			;;
		esac
	fi
	if [ "$result" = PASS ]; then
		if [ "$v_go" = ok ] && [ "$v_sd" = ok ]; then
			if [ -n "$TRACECMP" ]; then
				if ! "$TRACECMP" "$dir/want.txt" "$dir/got.txt" >"$dir/cmp.txt" 2>&1; then
					result=FAIL
					why="tracecmp: outputs differ"
				fi
			elif ! diff -u "$dir/want.txt" "$dir/got.txt" >"$dir/cmp.txt" 2>&1; then
				result=FAIL
				why="diff: outputs differ"
			fi
		elif [ "$v_go" = ok ]; then
			result=FAIL
			why="go accepts, stepdist rejects: $(head -c 300 "$dir/got.err" | tr '\n' ' ')"
		elif [ "$v_sd" = ok ]; then
			result=FAIL
			why="go rejects ($(firstline "$dir/want.err")), stepdist accepts"
		else
			# Both reject: stepdist must say something, naming the file.
			if [ ! -s "$dir/got.err" ]; then
				result=FAIL
				why="stepdist failed without an error message"
			elif ! grep -qF -- "$(basename "$bin")" "$dir/got.err"; then
				result=FAIL
				why="stepdist's error does not name the file: $(head -c 300 "$dir/got.err" | tr '\n' ' ')"
			fi
		fi
	fi

	printf '%-70s %-7s %-9s %-9s %-9s %s\n' "$name" "$v_go" "$v_sd" "$expect" "$agree" "$result"
	if [ "$v_go" != ok ]; then
		echo "    go:       $(firstline "$dir/want.err")"
	fi
	if [ "$v_sd" != ok ] && [ -s "$dir/got.err" ]; then
		echo "    stepdist: $(firstline "$dir/got.err")"
	fi
	if [ "$result" = PASS ]; then
		n_pass=$((n_pass + 1))
	else
		failed "$name" "$why"
		echo "    FAIL: $why"
		if [ -s "$dir/cmp.txt" ]; then
			head -n 40 "$dir/cmp.txt" | sed 's/^/    | /'
		fi
	fi
}

# ---------------------------------------------------------- golden tests --
shopt -s nullglob
for t in "$TESTDATA"/tests/*.test; do
	name=$(basename "$t" .test)
	n_files=$((n_files + 1))
	dir="$work/tests/$name"
	mkdir -p "$dir"
	bin="$dir/$name.trace"
	txtar_section "$t" trace >"$dir/section.txt"
	hdr=$(normalise <"$dir/section.txt" | awk 'NR == 1')
	ver=
	if [[ $hdr =~ ^Trace\ Go1\.([0-9]+)$ ]]; then
		ver=${BASH_REMATCH[1]}
	fi
	if [ "$ver" != 22 ] && [ "$ver" != 23 ]; then
		printf '%-70s %s\n' "tests/$name" "SKIP (trace format '$hdr' not supported by txt2trace)"
		n_skip=$((n_skip + 1))
		continue
	fi
	if ! "$T2T" --txtar "$t" "$bin" 2>"$dir/t2t.err"; then
		printf '%-70s %s\n' "tests/$name" "FAIL (txt2trace: $(firstline "$dir/t2t.err"))"
		failed "tests/$name" "txt2trace failed"
		continue
	fi
	# Validate the converter against Go's raw reader.
	rc=0
	limited "$TIMEOUT_S" "$GO_BIN" tool trace -d=2 "$bin" >"$dir/raw.txt" 2>"$dir/raw.err" || rc=$?
	normalise <"$dir/section.txt" | sed '1d' >"$dir/raw.want"
	normalise <"$dir/raw.txt" >"$dir/raw.got"
	if [ "$rc" -ne 0 ] || ! cmp -s "$dir/raw.want" "$dir/raw.got" ||
		! cmp -s -n 16 "$bin" <(printf 'go 1.%s trace\0\0\0' "$ver"); then
		printf '%-70s %s\n' "tests/$name" "FAIL (txt2trace output does not round-trip through go tool trace -d=2, rc=$rc)"
		diff "$dir/raw.want" "$dir/raw.got" | head -n 20 | sed 's/^/    | /' || true
		head -n 5 "$dir/raw.err" | sed 's/^/    | /'
		failed "tests/$name" "converter round-trip mismatch"
		continue
	fi
	n_roundtrip=$((n_roundtrip + 1))
	exp=$("$T2T" --expect "$t")
	exp=${exp%% *}
	case $exp in
	SUCCESS | FAILURE) ;;
	*) exp="?$exp" ;;
	esac
	check_one "tests/$name" "$bin" "$exp" "$dir"
done

# ----------------------------------------------------------- fuzz corpus --
for f in "$TESTDATA"/fuzz/FuzzReader/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	n_files=$((n_files + 1))
	dir="$work/fuzz/$name"
	mkdir -p "$dir"
	bin="$dir/$name.trace"
	if ! "$T2T" --fuzz "$f" "$bin" 2>"$dir/t2t.err"; then
		printf '%-70s %s\n' "fuzz/$name" "FAIL (txt2trace --fuzz: $(firstline "$dir/t2t.err"))"
		failed "fuzz/$name" "txt2trace --fuzz failed"
		continue
	fi
	check_one "fuzz/$name" "$bin" - "$dir"
done

echo
echo "$me: $n_files files: $n_pass passed, $n_fail failed, $n_skip skipped;" \
	"$n_roundtrip .test files round-trip exactly through go tool trace -d=2;" \
	".test expectation agrees with go -d=1 verdict for $n_agree/$n_tests (informational)"
if [ "$n_fail" -gt 0 ]; then
	echo "$me: failures:"
	printf '  %s\n' "${failures[@]}"
	exit 1
fi
if [ "$n_pass" -eq 0 ]; then
	echo "$me: SKIP: no golden inputs were checked"
	exit 77
fi
exit 0
