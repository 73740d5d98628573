#!/usr/bin/env bash
# scripts/corpus.sh - collects the hand-written corpus (corpus/*/) into one
# catalog: N runs of each program (default 100) with a short watchdog (the
# deadlocking programs end there), over GOMAXPROCS 1, 2 and 4.  Resumable:
# run it again and only the missing runs are made.  Prints the time taken
# and the size on disk at the end.
#   N=100 TIMEOUT=250ms OUT=out/corpus JOBS=2 bash scripts/corpus.sh [NAME...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100}
TIMEOUT=${TIMEOUT:-250ms}
OUT=${OUT:-$top/out/corpus}
JOBS=${JOBS:-$(nproc)}
command -v go >/dev/null 2>&1 || export PATH=/usr/lib/go-1.23/bin:$PATH
make -C "$top" -s
if [ $# -gt 0 ]; then names=("$@"); else
    names=()
    for d in "$top"/corpus/*/; do
        d=${d%/}
        ls "$d"/*.go >/dev/null 2>&1 && names+=("${d##*/}")
    done
fi
start=$(date +%s)
i=0
for name in "${names[@]}"; do
    i=$((i + 1))
    printf '[%d/%d] %-28s ' "$i" "${#names[@]}" "$name"
    "$top/build/stepdist" collect -n "$N" -j "$JOBS" --timeout "$TIMEOUT" -o "$OUT" \
        "$top/corpus/$name" 2>/dev/null | sed -n 's/^outcomes: //p'
done
end=$(date +%s)
echo "corpus: ${#names[@]} programs, $N runs each, in $((end - start)) s; $(du -sh "$OUT" | cut -f1) on disk ($OUT)"
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$OUT/stepdist.db" 'select outcome, count(*) from runs group by outcome' | tr '\n' ' '
    echo
fi
