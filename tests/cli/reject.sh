#!/usr/bin/env bash
# reject.sh: inputs a trace reader must reject (tests/reject/*.txt).
#
# Each case is a trace in Go's raw text format (see tests/tools/txt2trace.c),
# converted to a binary trace at test time, plus directives in comment lines
# (the text reader ignores comments):
#
#   # expect: SUBSTRING     stepdist's error must contain SUBSTRING (compared
#                           case-insensitively); one or more per case, all
#                           must match; "A|B" accepts either A or B
#   # mutate: OP ARGS       applied to the binary, in the order written, for
#                           defects the text format cannot express:
#       truncate N          drop the last N bytes
#       keep N              keep only the first N bytes
#       header TEXT         replace the 16-byte header by TEXT (bash printf %b
#                           escapes, e.g. go 1.25 trace\x00\x00\x00)
#       append HH HH ...    append the bytes given in hex
#       repeat N HH HH ...  append the byte sequence N times
#
# For every case, `$STEPDIST dump FILE` must
#   - exit with a non-zero status that is not a crash (status < 128) and not
#     a timeout,
#   - print an error on stderr that names the file (its base name), gives a
#     byte offset (matches `offset [0-9]+`), and contains every expected
#     substring (the file's path and name are removed from the message
#     before looking for these, as case names contain the same words).
# When Go is available, `go tool trace -d=1 FILE` must reject the file too
# (its message is printed); a case Go accepts is a bug in the case.
#
# Environment: STEPDIST, TOP, BUILD, TMPDIR; optional CC, SANITIZE_FLAGS,
# GO (go binary), REJECT_TIMEOUT (seconds per command, default 60).
# Exit status: 0 pass, anything else fail.
set -euo pipefail

me=reject
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
TIMEOUT_S=${REJECT_TIMEOUT:-60}

# ------------------------------------------------------------ txt2trace --
need_txt2trace

# ------------------------------------------------------ Go (optional) --
GO_BIN=
if GO_BIN=$(find_go) && "$GO_BIN" tool -n trace >/dev/null 2>&1; then
	echo "$me: cross-checking with $("$GO_BIN" version): go tool trace -d=1 must reject every case"
else
	GO_BIN=
	echo "$me: go not found: not cross-checking the cases with go tool trace"
fi

make_work

# strip_name PATH: copies stdin to stdout with every occurrence of PATH and
# of its base name replaced by "FILE".
strip_name() {
	awk -v p="$1" -v b="${1##*/}" '
	function strip(s, t,   out, i) {
		out = ""
		while ((i = index(s, t)) > 0) {
			out = out substr(s, 1, i - 1) "FILE"
			s = substr(s, i + length(t))
		}
		return out s
	}
	{ print strip(strip($0, p), b) }'
}

# ------------------------------------------------------------ mutations --
is_count() { [[ $1 =~ ^[0-9]+$ ]]; }

# hex_bytes OUT HH... : writes the bytes to OUT
hex_bytes() {
	local out=$1 h esc=
	shift
	for h in "$@"; do
		[[ $h =~ ^[0-9a-fA-F]{2}$ ]] || return 1
		esc+="\\x$h"
	done
	printf '%b' "$esc" >"$out"
}

# mutate BIN OP ARGS... (ARGS as one string)
mutate() {
	local bin=$1 op=$2 args=$3 size n chunk acc
	size=$(wc -c <"$bin")
	case $op in
	truncate)
		is_count "$args" && [ "$args" -le "$size" ] || return 1
		head -c "$((size - args))" "$bin" >"$bin.tmp"
		;;
	keep)
		is_count "$args" || return 1
		head -c "$args" "$bin" >"$bin.tmp"
		;;
	header)
		[ -n "$args" ] || return 1
		{
			printf '%b' "$args"
			tail -c +17 "$bin"
		} >"$bin.tmp"
		;;
	append)
		# shellcheck disable=SC2086 # split the hex bytes
		hex_bytes "$bin.chunk" $args || return 1
		cat "$bin" "$bin.chunk" >"$bin.tmp"
		;;
	repeat)
		n=${args%% *}
		chunk=${args#* }
		is_count "$n" && [ "$chunk" != "$args" ] || return 1
		# shellcheck disable=SC2086 # split the hex bytes
		hex_bytes "$bin.pow" $chunk || return 1
		acc="$bin.acc"
		: >"$acc"
		while [ "$n" -gt 0 ]; do # binary exponentiation: O(log n) cats
			if [ $((n % 2)) -eq 1 ]; then
				cat "$bin.pow" >>"$acc"
			fi
			cat "$bin.pow" "$bin.pow" >"$bin.pow2"
			mv -f "$bin.pow2" "$bin.pow"
			n=$((n / 2))
		done
		cat "$bin" "$acc" >"$bin.tmp"
		;;
	*)
		return 1
		;;
	esac
	mv -f "$bin.tmp" "$bin"
	rm -f "$bin.chunk" "$bin.pow" "$bin.acc"
}

# --------------------------------------------------------------- cases --
n_cases=0 n_pass=0 n_fail=0
failures=()
shopt -s nullglob
cases=("$TOP"/tests/reject/*.txt)
if [ "${#cases[@]}" -eq 0 ]; then
	echo "$me: FAIL: no cases in $TOP/tests/reject"
	exit 1
fi

for c in "${cases[@]}"; do
	name=$(basename "$c" .txt)
	n_cases=$((n_cases + 1))
	dir="$work/$name"
	mkdir -p "$dir"
	bin="$dir/$name.trace"
	problems=()

	expects=()
	while IFS= read -r line; do
		expects+=("$line")
	done < <(sed -n 's/^#[[:space:]]*expect:[[:space:]]*//p' "$c" | sed 's/[[:space:]]*$//')
	mutations=()
	while IFS= read -r line; do
		mutations+=("$line")
	done < <(sed -n 's/^#[[:space:]]*mutate:[[:space:]]*//p' "$c" | sed 's/[[:space:]]*$//')

	if [ "${#expects[@]}" -eq 0 ]; then
		problems+=("case has no '# expect:' line")
	fi
	if ! "$T2T" "$c" "$bin" 2>"$dir/t2t.err"; then
		problems+=("txt2trace: $(firstline "$dir/t2t.err" 240)")
	else
		for m in "${mutations[@]+"${mutations[@]}"}"; do
			op=${m%% *}
			args=
			[ "$op" = "$m" ] || args=${m#* }
			if ! mutate "$bin" "$op" "$args"; then
				problems+=("bad mutation: $m")
				break
			fi
		done
	fi

	go_msg=-
	sd_rc=-
	if [ "${#problems[@]}" -eq 0 ]; then
		rc=0
		limited "$TIMEOUT_S" "$STEPDIST" dump "$bin" >"$dir/out.txt" 2>"$dir/err.txt" || rc=$?
		sd_rc=$rc
		if [ "$rc" -eq 0 ]; then
			problems+=("stepdist accepted the file (exit 0)")
		elif [ "$rc" -eq 124 ]; then
			problems+=("stepdist timed out after ${TIMEOUT_S}s")
		elif [ "$rc" -ge 128 ]; then
			problems+=("stepdist crashed (exit $rc)")
		fi
		if [ "$rc" -ne 0 ]; then
			if [ ! -s "$dir/err.txt" ]; then
				problems+=("no error message on stderr")
			else
				grep -qF -- "$name.trace" "$dir/err.txt" ||
					problems+=("error does not name the file ($name.trace)")
				grep -qE 'offset [0-9]+' "$dir/err.txt" ||
					problems+=("error gives no byte offset ('offset N')")
				# The expected substrings must come from the message itself,
				# not from the file name (e.g. "truncated-batch.trace").
				strip_name "$bin" <"$dir/err.txt" >"$dir/err-noname.txt"
				for e in "${expects[@]+"${expects[@]}"}"; do
					found=0
					IFS='|' read -r -a alts <<<"$e"
					for a in "${alts[@]}"; do
						if [ -n "$a" ] && grep -qiF -- "$a" "$dir/err-noname.txt"; then
							found=1
							break
						fi
					done
					[ "$found" = 1 ] || problems+=("error does not mention '$e'")
				done
			fi
		fi

		if [ -n "$GO_BIN" ]; then
			rc=0
			limited "$TIMEOUT_S" "$GO_BIN" tool trace -d=1 "$bin" >"$dir/go.out" 2>"$dir/go.err" || rc=$?
			if [ "$rc" -eq 0 ]; then
				go_msg="ACCEPTED"
				problems+=("go tool trace -d=1 accepts this file: the case is wrong")
			else
				go_msg=$(firstline "$dir/go.err" 240)
				if go_crashed "$dir/go.err"; then
					go_msg="(go crashed) $go_msg"
				fi
			fi
		fi
	fi

	if [ "${#problems[@]}" -eq 0 ]; then
		n_pass=$((n_pass + 1))
		printf '%-28s PASS  stepdist exit %s: %s\n' "$name" "$sd_rc" "$(firstline "$dir/err.txt" 240)"
	else
		n_fail=$((n_fail + 1))
		keep_work=1
		printf '%-28s FAIL  stepdist exit %s: %s\n' "$name" "$sd_rc" \
			"$( [ -s "$dir/err.txt" ] && firstline "$dir/err.txt" 240 || echo '(no message)')"
		for p in "${problems[@]}"; do
			echo "    - $p"
			failures+=("$name: $p")
		done
	fi
	printf '%-28s       want: %s\n' "" "$(IFS=,; echo "${expects[*]+"${expects[*]}"}")"
	if [ -n "$GO_BIN" ]; then
		printf '%-28s       go:   %s\n' "" "$go_msg"
	fi
done

echo
echo "$me: $n_cases cases: $n_pass passed, $n_fail failed"
if [ "$n_fail" -gt 0 ]; then
	exit 1
fi
exit 0
