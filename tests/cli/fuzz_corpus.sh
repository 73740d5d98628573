#!/usr/bin/env bash
# Replays the fuzz seeds and past crashers (fuzz/corpus/reader/) through
# `stepdist dump` in both formats: each must end with status 0 (a valid
# trace) or 1 (a clear error naming the file) - never a crash or a hang.
set -euo pipefail
n=0
for f in "$TOP"/fuzz/corpus/reader/*; do
    for fmt in "" --json; do
        rc=0
        timeout 20 "$STEPDIST" dump $fmt "$f" >/dev/null 2>err.txt || rc=$?
        if [ $rc -gt 1 ]; then
            echo "FAIL: $f ($fmt): exit $rc"; cat err.txt; exit 1
        fi
        if [ $rc -eq 1 ] && ! grep -q "$f" err.txt; then
            echo "FAIL: $f: error does not name the file:"; cat err.txt; exit 1
        fi
    done
    n=$((n + 1))
done
echo "fuzz_corpus: $n inputs replayed"
