# tests/cli/lib/common.sh: helpers shared by the shell tests in tests/cli/.
# Sourced, never run: tests/run.sh runs only tests/cli/*.sh, so this file,
# one directory down, is not taken for a test.  A test sources it with
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# after setting `me` (its name, used to prefix messages and name scratch
# files).  Helpers that build C or Go code also need TOP (repository root)
# and, for txt2trace, BUILD (build directory).
# shellcheck shell=bash

TMPDIR=${TMPDIR:-/tmp}
export GOTOOLCHAIN=local

# need_test_env: exits with an error unless STEPDIST, TOP and BUILD are set
# (tests/run.sh sets them).
need_test_env() {
	: "${STEPDIST:?STEPDIST must name the stepdist binary}"
	: "${TOP:?TOP must name the repository root}"
	: "${BUILD:?BUILD must name the build directory}"
}

# ------------------------------------------------------------------- Go --

# find_go: prints the path of the go command: $GO if executable, else `go`
# on PATH, else the first of the usual install locations; fails if none.
find_go() {
	if [ -n "${GO:-}" ] && [ -x "${GO}" ]; then
		printf '%s\n' "$GO"
		return 0
	fi
	if command -v go >/dev/null 2>&1; then
		command -v go
		return 0
	fi
	local g
	for g in /usr/local/go/bin/go /usr/lib/go/bin/go /usr/lib/go-1.*/bin/go; do
		if [ -x "$g" ]; then
			printf '%s\n' "$g"
			return 0
		fi
	done
	return 1
}

# need_go [MESSAGE]: sets GO_BIN to the go command (see find_go); without
# one, prints MESSAGE (default "$me: SKIP: go not found ...") and exits 77.
# shellcheck disable=SC2120 # the argument is optional
need_go() {
	# shellcheck disable=SC2034 # GO_BIN is for the caller
	if ! GO_BIN=$(find_go); then
		echo "${1:-$me: SKIP: go not found (set GO or put go on PATH)}"
		exit 77
	fi
}

# go_build_env GO_BIN: an offline, reproducible environment for building and
# running Go code with GO_BIN: its directory first on PATH (so that tools
# and tests that run `go` get the same one), no toolchain download, module
# proxy or workspace, no inherited GOOS/GOARCH/GODEBUG/GOMAXPROCS, and a
# writable build cache (and GOPATH) in scratch space when the default one
# is unusable.
go_build_env() {
	local gobin=$1 gocache
	PATH=$(dirname "$gobin"):$PATH
	export PATH GOTOOLCHAIN=local GOFLAGS=-mod=mod GOWORK=off GOPROXY=off
	unset GOOS GOARCH GOEXPERIMENT GODEBUG GOMAXPROCS
	gocache=$("$gobin" env GOCACHE 2>/dev/null || true)
	if [ -z "$gocache" ] || [ "$gocache" = off ] || ! mkdir -p "$gocache" 2>/dev/null || [ ! -w "$gocache" ]; then
		export GOCACHE="$TMPDIR/$me-gocache"
	fi
	if [ -z "${HOME:-}" ] || [ ! -w "${HOME}" ]; then
		export GOPATH="${GOPATH:-$TMPDIR/$me-gopath}"
	fi
}

# go_crashed ERRFILE: whether a Go program's stderr shows a panic or a fatal
# runtime error.
go_crashed() {
	grep -qE '^(panic: |fatal error: )' "$1"
}

# ------------------------------------------------------------ txt2trace --

# need_txt2trace: sets T2T to BUILD/txt2trace, the text-to-binary trace
# converter of tests/tools/txt2trace.c, and makes sure it is built and up to
# date; exits 1 when it cannot be built.
need_txt2trace() {
	T2T="$BUILD/txt2trace"
	T2T_SRC="$TOP/tests/tools/txt2trace.c"
	if ! build_txt2trace; then
		echo "$me: FAIL: cannot build $T2T from $T2T_SRC"
		exit 1
	fi
}
build_txt2trace() {
	if [ -x "$T2T" ] && [ ! "$T2T_SRC" -nt "$T2T" ]; then
		return 0
	fi
	mkdir -p "$BUILD"
	local tmp="$T2T.tmp.$$"
	# shellcheck disable=SC2086 # SANITIZE_FLAGS is a list of flags
	"${CC:-cc}" -std=c11 -O2 -Wall -Wextra -Wshadow -Wstrict-prototypes \
		-Wmissing-prototypes -Wformat=2 -Wvla -Werror ${SANITIZE_FLAGS:-} \
		-o "$tmp" "$T2T_SRC"
	mv -f "$tmp" "$T2T"
}

# ----------------------------------------------------------- scratch dir --

# make_work [KEPT_MESSAGE]: creates the scratch directory $work, removed on
# exit unless keep_work is set to 1; then "KEPT_MESSAGE $work" is printed
# (default message "$me: work files kept in").
# shellcheck disable=SC2120 # the argument is optional
# fail WHY...: reports the failure, keeps the work directory (if any) for a
# look, and exits 1.
fail() {
	keep_work=1
	echo "$me: FAIL: $*"
	exit 1
}

make_work() {
	work=$(mktemp -d "$TMPDIR/$me.XXXXXX")
	keep_work=0
	work_kept_message=${1:-"$me: work files kept in"}
	trap cleanup_work EXIT
}
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup_work() {
	if [ "$keep_work" = 0 ]; then
		rm -rf "$work"
	else
		echo "$work_kept_message $work"
	fi
}

# --------------------------------------------------------------- output --

# limited SECONDS COMMAND...: runs COMMAND, killed after SECONDS (exit 124)
# when timeout(1) is available.
if command -v timeout >/dev/null 2>&1; then
	limited() { timeout "$@"; }
else
	limited() { shift; "$@"; }
fi

# firstline FILE [WIDTH]: the first line of FILE, at most WIDTH bytes
# (default 200), without SIGPIPE under pipefail.
firstline() {
	awk -v w="${2:-200}" 'NR == 1 { print substr($0, 1, w) }' "$1"
}
