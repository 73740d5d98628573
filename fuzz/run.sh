#!/usr/bin/env bash
# fuzz/run.sh SECONDS - runs every libFuzzer target for SECONDS each, starting
# from its committed seeds (fuzz/corpus/<target>/) plus, for the reader, Go's
# own test traces converted at run time and, for the source scanner, the
# Go files of corpus/.  New crashes are written to
# fuzz/crashes/ and fail the run; add the input to fuzz/corpus/ once fixed so
# that it is replayed by tests/cli/fuzz_corpus.sh.
set -euo pipefail
secs=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
command -v go >/dev/null 2>&1 || { [ -x /usr/lib/go-1.23/bin/go ] && export PATH=/usr/lib/go-1.23/bin:$PATH; }
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/stepdist-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$top/fuzz/crashes"
for bin in "$top"/build-fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=${bin##*/fuzz_}
    corpus=$work/$name
    mkdir -p "$corpus"
    cp "$top/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null || true
    if [ "$name" = source ]; then # the hand-written corpus's Go files as seeds too
        for f in "$top"/corpus/*/*.go; do
            d=${f%/*}
            cp "$f" "$corpus/${d##*/}-${f##*/}"
        done
    fi
    if [ "$name" = reader ] && command -v go >/dev/null 2>&1 && [ -x "$BUILD/txt2trace" ]; then
        td=$(go env GOROOT)/src/internal/trace/testdata
        for f in "$td"/tests/*.test; do
            "$BUILD/txt2trace" --txtar "$f" "$corpus/golden-$(basename "$f" .test)" 2>/dev/null || true
        done
    fi
    echo "fuzz: $name for ${secs}s from $(ls "$corpus" | wc -l) seeds"
    "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$top/fuzz/crashes/$name-" -print_final_stats=1 "$corpus" \
        2>"$work/$name.log" || { tail -n 60 "$work/$name.log"; echo "fuzz: $name FAILED"; exit 1; }
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$work/$name.log" | tr '\n' ' '
    echo
done
