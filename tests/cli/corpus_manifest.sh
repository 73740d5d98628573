#!/usr/bin/env bash
# corpus_manifest.sh: the corpus (corpus/) and its labels (corpus/manifest.jsonl):
#  - every program in the manifest exists and every directory is in the
#    manifest exactly once, with a known label;
#  - every `stuck` file:line of a leak or deadlock exists and is a blocking
#    operation (channel send/receive, select, Lock/RLock, Wait, Once.Do, range over a
#    channel);
#  - nothing a model reads tells the label: no directory, file name,
#    identifier or comment says leak, deadlock, bug, race, buggy, "fixed version";
#  - every program and its test build (go vet ./... compiles them all).
# Exit status: 0 pass, 77 skip (no corpus yet, or no Go), anything else fail.
# Another set of programs laid out the same way is checked with
# CORPUS_DIR=DIR (absolute), LABELS="the labels it may use" and ME=NAME
# (tests/cli/rarebugs_manifest.sh).
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=${ME:-corpus_manifest}
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
C=${CORPUS_DIR:-$TOP/corpus}
c=${C#"$TOP"/}
LABELS=${LABELS:-clean leak deadlock race order}
M=$C/manifest.jsonl
[ -f "$M" ] || { echo "$me: no $c/manifest.jsonl yet"; exit 77; }

field() { # json-line key -> value (strings and booleans of a flat object)
    sed -n "s/.*\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\}[,}].*/\1/p" <<<"$1"
}
n=0 stuck_n=0
declare -A seen=()
while IFS= read -r line; do
    [ -n "$line" ] || continue
    name=$(field "$line" name)
    label=$(field "$line" label)
    [ -n "$name" ] || fail "manifest line without a name: $line"
    [ -z "${seen[$name]:-}" ] || fail "$name is in the manifest twice"
    seen[$name]=1
    [ -d "$C/$name" ] || fail "$name: no directory $c/$name"
    [[ " $LABELS " == *" $label "* ]] || fail "$name: unknown label '$label'"
    stuck=$(grep -o '"stuck": *\[[^]]*\]' <<<"$line" | grep -o '"[^"]*:[0-9]*"' | tr -d '"' || true)
    if [ "$label" = leak ] || [ "$label" = deadlock ]; then
        [ -n "$stuck" ] || fail "$name: a $label without stuck lines"
    fi
    for s in $stuck; do
        file=${s%:*} lineno=${s##*:}
        [ -f "$C/$file" ] || fail "$name: stuck file $file does not exist"
        text=$(sed -n "${lineno}p" "$C/$file")
        [ -n "$text" ] || fail "$name: $s is past the end of the file"
        grep -Eq '<-|select *\{|\.(R?Lock|Wait|Do)\(|range +[A-Za-z_.()]+' <<<"$text" ||
            fail "$name: $s is not a blocking operation: '$text'"
        stuck_n=$((stuck_n + 1))
    done
    n=$((n + 1))
done <"$M"
for d in "$C"/*/; do
    d=${d%/}
    ls "$d"/*.go >/dev/null 2>&1 || continue
    [ -n "${seen[${d##*/}]:-}" ] || fail "$c/${d##*/} is not in the manifest"
done
echo "$me: ok   $n programs, $stuck_n stuck lines, all blocking operations"

# nothing that a model reads names the label
bad=$(cd "$C" && { find . -path ./manifest.d -prune -o -type f -name '*.go' -print; find . -mindepth 1 -maxdepth 1 -type d; } |
      grep -Ei 'leak|deadlock|bug|\brace\b|_race|race_|buggy|fixed' || true)
[ -z "$bad" ] || fail "file or directory names tell the label: $bad"
bad=$(cd "$C" && grep -rniE '\b(leak(s|ed|ing|y)?|deadlock(s|ed)?|bug(s|gy)?|data race|racy|race condition|fixed version|correct version|bug ?fix)\b' --include='*.go' . || true)
[ -z "$bad" ] || fail "sources tell the label:
$bad"
echo "$me: ok   no names or comments tell the labels"

need_go
go_build_env "$GO_BIN"
(cd "$C" && "$GO_BIN" vet ./...) || fail "go vet (which builds every program and test) failed"
echo "$me: ok   every program builds and vets"
