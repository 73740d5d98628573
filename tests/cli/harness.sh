#!/usr/bin/env bash
# harness.sh: end-to-end test of the Go harness (harness/, contract in
# docs/collect.md section 1) on the fixtures in tests/harness/, whose
# expected behaviour is in tests/harness/manifest.json.
#
#   1. vet and unit-test the harness module, build stepdist-prep and the
#      checker (tests/harness/check);
#   2. per fixture: stepdist-prep -pkg DIR -out WORK, then build with the
#      overlay from DIR (go test -c -vet=off / go build);
#   3. run every manifest run (in parallel) with STEPDIST_TRACE,
#      STEPDIST_STATUS and STEPDIST_TIMEOUT_MS (default 10000 ms; the
#      hanging fixtures give a short one);
#   4. `go tool trace -d=1` (Go's reference reader) on every trace; the
#      checker compares exit status, status file, markers, the harness's
#      goroutines and the blocked goroutines' file:line with the manifest;
#   5. the fixtures' files must be byte-identical before and after.
#
# Environment: TOP (repository root), TMPDIR (scratch), optional GO.
# Exit status: 0 pass, 77 skip (no go), anything else fail.
set -euo pipefail

me=harness
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
: "${TOP:?TOP must name the repository root}"
need_go
go_build_env "$GO_BIN"
gover=$(go env GOVERSION 2>/dev/null || true)
if ! [[ $gover =~ ^go1\.([0-9]+) ]] || [ "${BASH_REMATCH[1]}" -lt 22 ]; then
	echo "$me: SKIP: the harness needs Go 1.22 or later (found '${gover:-none}')"
	exit 77
fi
make_work
start_s=$(date +%s)

FIX=$TOP/tests/harness
MANIFEST=$FIX/manifest.json
fail=0
problem() {
	echo "$me: FAIL: $*"
	fail=1
	keep_work=1
}
fixture_sums() {
	(cd "$FIX" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
fixture_sums >"$work/before.sum"

# -------------------------------------------------------------- 1. tools --
echo "$me: using $("$GO_BIN" version)"
if ! (cd "$TOP/harness" && go vet ./... && go test -count=1 ./... &&
	go build -o "$work/stepdist-prep" ./cmd/stepdist-prep) >"$work/tools.log" 2>&1; then
	sed 's/^/    /' "$work/tools.log"
	problem "harness module: vet, unit tests or build failed"
	exit 1
fi
if ! (cd "$FIX/check" && go build -o "$work/check" .) >"$work/check.log" 2>&1; then
	sed 's/^/    /' "$work/check.log"
	problem "cannot build tests/harness/check"
	exit 1
fi
PREP=$work/stepdist-prep
CHECK=$work/check

# ------------------------------------------------------ 2. prep and build --
"$CHECK" -list -manifest "$MANIFEST" >"$work/runs.txt"
built=()
for name in $(awk '{print $1}' "$work/runs.txt" | uniq); do
	dir=$FIX/$name
	w=$work/$name
	mkdir -p "$w"
	if ! "$PREP" -pkg "$dir" -out "$w/work" >"$w/prep.json" 2>"$w/prep.err"; then
		problem "$name: stepdist-prep failed: $(firstline "$w/prep.err")"
		continue
	fi
	kind=$(awk -v n="$name" '$1 == n { print $2; exit }' "$work/runs.txt")
	if [ "$kind" = test ]; then
		cmd=(go test -c -vet=off -o "$w/bin" -overlay "$w/work/overlay.json")
	else
		cmd=(go build -o "$w/bin" -overlay "$w/work/overlay.json" .)
	fi
	if ! (cd "$dir" && limited 300 "${cmd[@]}") >"$w/build.log" 2>&1; then
		sed 's/^/    /' "$w/build.log"
		problem "$name: ${cmd[*]} failed"
		continue
	fi
	built+=("$name")
done
echo "$me: prepared and built ${#built[@]} fixtures in $(($(date +%s) - start_s)) s"

# ---------------------------------------------------------------- 3. run --
pids=()
while read -r name kind idx timeout_ms args; do
	w=$work/$name
	[ -x "$w/bin" ] || continue
	[ "$timeout_ms" = 0 ] && timeout_ms=10000
	r=$w/run$idx
	mkdir -p "$r"
	# shellcheck disable=SC2086 # args is a list
	(
		cd "$FIX/$name" # where go test runs a test binary
		rc=0
		STEPDIST_TRACE=$r/trace STEPDIST_STATUS=$r/status.json STEPDIST_TIMEOUT_MS=$timeout_ms \
			limited 30 "$w/bin" $args >"$r/stdout" 2>"$r/stderr" || rc=$?
		echo "$rc" >"$r/rc"
	) &
	pids+=($!)
done <"$work/runs.txt"
for p in "${pids[@]}"; do
	wait "$p"
done

# -------------------------------------------------------------- 4. check --
while read -r name kind idx timeout_ms args; do
	w=$work/$name
	r=$w/run$idx
	[ -f "$r/rc" ] || continue
	d1rc=0
	limited 120 go tool trace -d=1 "$r/trace" >"$r/d1.txt" 2>"$r/d1.err" || d1rc=$?
	if [ "$d1rc" != 0 ]; then
		echo "    ${name}[$idx]: go tool trace -d=1: $(firstline "$r/d1.err")"
	fi
	if ! "$CHECK" -manifest "$MANIFEST" -name "$name" -run "$idx" -dir "$FIX/$name" \
		-work "$w/work" -prep "$w/prep.json" -exit "$(cat "$r/rc")" -status "$r/status.json" \
		-stderr "$r/stderr" -trace "$r/trace" -d1 "$r/d1.txt" -d1rc "$d1rc"; then
		problem "${name}[$idx] ($args): see the problems above; stderr: $(firstline "$r/stderr")"
	fi
	rm -f "$r/d1.txt"
done <"$work/runs.txt"

# ------------------------------------------------ 5. user files untouched --
fixture_sums >"$work/after.sum"
if ! cmp -s "$work/before.sum" "$work/after.sum"; then
	diff "$work/before.sum" "$work/after.sum" | sed 's/^/    /' || true
	problem "files under tests/harness changed"
fi

echo "$me: $(($(date +%s) - start_s)) s"
if [ "$fail" != 0 ]; then
	exit 1
fi
echo "$me: PASS"
