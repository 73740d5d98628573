#!/usr/bin/env bash
# collect.sh: `stepdist collect` on the harness fixtures (tests/harness/):
#  1. each fixture gets its expected outcome in every run, every run keeps a
#     trace that parses, and for leaks and deadlocks the stuck goroutine's
#     last event is a GoBlock at the line tests/harness/manifest.json names;
#  2. the user's source files are not modified;
#  3. a second collect resumes (runs already there count toward -n);
#  4. kill -9 of the collector loses no finished run and counts no partial
#     trace; collecting again completes the set.
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=collect
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
make_work
export XDG_CACHE_HOME=$work/cache
fx=$TOP/tests/harness
before=$(cd "$fx" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)

expect_outcome() { # fixture outcome
    case $1 in
    clean | flood) echo pass ;;
    globaldeadlock) echo deadlock ;;
    hangloop) echo timeout ;;
    panic) echo panic ;;
    *) echo leak ;;
    esac
}

for p in clean globaldeadlock leak_select leak_send panic hangloop flood withtestmain mainpkg; do
    want=$(expect_outcome "$p")
    out=$work/$p
    "$STEPDIST" collect -n 2 -j 2 --timeout 2s --procs 1,4 --json -o "$out" "$fx/$p" >"$out.json" 2>"$out.err" ||
        { cat "$out.err"; fail "$p: collect failed"; }
    grep -q "\"$want\":2" "$out.json" || fail "$p: want 2 runs '$want', got $(cat "$out.json")"
    n=0
    for t in "$out"/runs/*.trace; do
        # (Go 1.23 flushes the trace before printing an unrecovered panic)
        "$STEPDIST" dump --quiet "$t" 2>"$out.dump.err" || { cat "$out.dump.err"; fail "$p: $t does not parse"; }
        "$STEPDIST" events "$t" >"$t.ev" || fail "$p: stepdist events failed on $t"
        n=$((n + 1))
    done
    [ $n -eq 2 ] || fail "$p: $n traces, want 2"
    # the stuck goroutines: their last event is a block at the manifest's site
    sites=$(sed -n "/\"name\": \"$p\"/,/\"name\":/p" "$fx/manifest.json" | grep -o '"site": "[^"]*"' | sed 's/"site": "\(.*\)"/\1/' || true)
    for site in $sites; do
        for t in "$out"/runs/*.trace; do
            awk -v site="${site##*/}" '
                { last[$3] = $0 }
                END { for (g in last) { split(last[g], f, " "); if (f[2] == "GoBlock" && index(last[g], " " site) > 0) found = 1 }
                      exit !found }' "$t.ev" || fail "$p: no goroutine stuck at $site in $t"
        done
    done
    echo "$me: ok   $p: 2 x $want${sites:+, stuck at $(echo $sites | tr '\n' ' ')}"
done

after=$(cd "$fx" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
[ "$before" = "$after" ] || fail "the fixtures' sources changed"
echo "$me: ok   the package sources are untouched"

# the catalog's runs are reachable by id
id=$(sqlite3 "$work/leak_send/stepdist.db" 'select id from runs limit 1' 2>/dev/null || echo 1)
"$STEPDIST" events --catalog "$work/leak_send/stepdist.db" "$id" | grep -q 'GoBlock .*\[chan send\] at .* first.go:17' ||
    fail "events --catalog: run $id of leak_send does not show the stuck send"
"$STEPDIST" events --catalog "$work/leak_send/stepdist.db" 999 2>/dev/null && fail "events --catalog: unknown run accepted"
echo "$me: ok   stepdist events --catalog DB RUN"

# -race builds: alternate plain and race runs, race ones recorded as such
"$STEPDIST" collect -n 2 -j 2 --race --procs 2 --json -o "$work/race" "$fx/leak_send" >"$work/race.json" 2>"$work/race.err" ||
    { cat "$work/race.err"; fail "--race: collect failed"; }
grep -q '"leak":2' "$work/race.json" || fail "--race: $(cat "$work/race.json")"
if command -v sqlite3 >/dev/null 2>&1; then
    [ "$(sqlite3 "$work/race/stepdist.db" "select count(*) from runs join builds on runs.build_id = builds.id where builds.race = 1")" = 1 ] ||
        fail "--race: want one run of the race build"
fi
echo "$me: ok   --race alternates plain and race builds"

# 3. resume
"$STEPDIST" collect -n 4 -j 2 --json -o "$work/clean" "$fx/clean" >"$work/resume.json" 2>/dev/null
grep -q '"runs_before":2,"runs_added":2' "$work/resume.json" || fail "resume: $(cat "$work/resume.json")"
grep -q '"seconds":{"prepare":[0-9.]*,"build":[0-9.]*,"runs":[0-9.]*[1-9][0-9]*}' "$work/resume.json" ||
    fail "collect --json: no phase times (or no time for the runs): $(cat "$work/resume.json")"
echo "$me: ok   resume adds only the missing runs"

# 3b. a relative output directory (the runs start in the package's
# directory, so every path handed to them must be absolute)
before=$(cd "$fx/clean" && find . | sort)
(cd "$work" && "$STEPDIST" collect -n 2 -j 2 --json -o rel/out "$fx/clean" >rel.json 2>rel.err) ||
    { cat "$work/rel.err"; fail "relative -o: collect failed"; }
grep -q '"pass":2' "$work/rel.json" || fail "relative -o: want 2 passing runs: $(cat "$work/rel.json")"
ls "$work"/rel/out/runs/*.trace >/dev/null 2>&1 || fail "relative -o: no trace under rel/out/runs"
[ "$(cd "$fx/clean" && find . | sort)" = "$before" ] || fail "relative -o: files appeared in the package directory"
echo "$me: ok   a relative output directory"

# 3c. a package that does not build: a clear error, nothing catalogued;
# once fixed, one program
cp -r "$fx/clean" "$work/broken"
printf 'package fanout\n\nvar broken int = "not an int"\n' >"$work/broken/broken.go"
rc=0
"$STEPDIST" collect -n 2 -o "$work/bout" "$work/broken" >/dev/null 2>"$work/broken.err" || rc=$?
[ "$rc" = 1 ] || fail "a package that does not build: exit $rc, want 1"
grep -q "building the package" "$work/broken.err" && grep -q "broken.go" "$work/broken.err" ||
    fail "a package that does not build: $(cat "$work/broken.err")"
if command -v sqlite3 >/dev/null 2>&1; then
    [ "$(sqlite3 "$work/bout/stepdist.db" 'select count(*) from programs')" = 0 ] ||
        fail "a package that does not build was catalogued"
    rm "$work/broken/broken.go"
    "$STEPDIST" collect -n 2 -o "$work/bout" "$work/broken" >/dev/null 2>&1 || fail "the fixed package: collect failed"
    [ "$(sqlite3 "$work/bout/stepdist.db" 'select count(*) from programs')" = 1 ] || fail "the fixed package: want one program"
fi
echo "$me: ok   a package that does not build: a clear error, nothing catalogued"

# 4. kill -9 in the middle, then resume
out=$work/killed
"$STEPDIST" collect -n 300 -j 2 -o "$out" "$fx/clean" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    [ -f "$out/stepdist.db" ] && [ "$(ls "$out"/runs/*.trace 2>/dev/null | wc -l)" -ge 5 ] && break
    sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null || true
sleep 0.3
if command -v sqlite3 >/dev/null 2>&1; then
    [ "$(sqlite3 "$out/stepdist.db" 'pragma integrity_check')" = ok ] || fail "catalog damaged after kill -9"
    runs=$(sqlite3 "$out/stepdist.db" 'select count(*) from runs')
    for t in $(sqlite3 "$out/stepdist.db" 'select trace_path from runs'); do
        "$STEPDIST" dump --quiet "$out/$t" || fail "kill -9: catalogued trace $t does not parse"
    done
    [ "$runs" -ge 1 ] && [ "$runs" -lt 300 ] || fail "kill -9: $runs runs catalogued"
else
    runs=some
fi
"$STEPDIST" collect -n 300 -j 2 --json -o "$out" "$fx/clean" >"$work/after-kill.json" 2>/dev/null
grep -q '"pass":300' "$work/after-kill.json" || fail "after kill -9 and resume: $(cat "$work/after-kill.json")"
echo "$me: ok   kill -9 after $runs runs: catalog intact, every counted trace parses, resume completes 300"
