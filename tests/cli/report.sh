#!/usr/bin/env bash
# report.sh: `stepdist run` and `stepdist report` on two small packages (a
# clean one and one that leaks a goroutine in a select): the run command's
# exit status (3 on stuck goroutines), a self-contained HTML file with every
# section, and, in a real browser (headless Chromium), a page that renders:
# a non-blank screenshot with the charts' colours in it, the sections in
# the rendered DOM, no console message.  SAVE_SCREENSHOT=PATH keeps the
# screenshot (the README's picture is made so).
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=report
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
need_go
go_build_env "$GO_BIN"
make_work
export XDG_CACHE_HOME=$work/cache
export STEPDIST_MODEL=$TOP/models/default.sdmodel

# run: collect + report; exit 3 because a goroutine is stuck in a select
rc=0
"$STEPDIST" run -n 8 -j 2 --timeout 3s -o "$work/leak" "$TOP/tests/harness/leak_select" >"$work/run.out" 2>"$work/run.err" || rc=$?
[ "$rc" = 3 ] || fail "run on a leaking package: exit $rc, want 3: $(cat "$work/run.err")"
grep -q "^report: $work/leak/report.html (1 program, 8 runs, 1 blocking site" "$work/run.out" || fail "run: $(cat "$work/run.out")"
rc=0
"$STEPDIST" run -n 6 -j 2 -o "$work/clean" "$TOP/tests/harness/clean" >"$work/run2.out" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "run on a clean package: exit $rc: $(cat "$work/run2.out")"
# the way the README says it: no -o (the default ./stepdist-out/NAME), a
# relative package directory, from the directory above it
mkdir -p "$work/user" && cp -r "$TOP/tests/harness/clean" "$work/user/mypkg"
rc=0
(cd "$work/user" && "$STEPDIST" run -n 4 mypkg >run3.out 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "run PKG without -o: exit $rc: $(cat "$work/user/run3.out")"
[ -f "$work/user/stepdist-out/mypkg/report.html" ] || fail "run PKG without -o: no stepdist-out/mypkg/report.html"
[ ! -e "$work/user/mypkg/stepdist-out" ] || fail "run PKG wrote into the package directory"
# predict reads the package's source through the paths in the trace, and
# says so when they are gone
trace=$(sqlite3 "$work/user/stepdist-out/mypkg/stepdist.db" 'select trace_path from runs limit 1' 2>/dev/null || echo runs/b1-0.trace)
"$STEPDIST" predict --model "$STEPDIST_MODEL" --at 3 "$work/user/stepdist-out/mypkg/$trace" >/dev/null 2>"$work/p1.err" ||
    fail "predict: $(cat "$work/p1.err")"
grep -q "warning" "$work/p1.err" && fail "predict warns with the source in place: $(cat "$work/p1.err")"
mv "$work/user/mypkg" "$work/user/moved"
"$STEPDIST" predict --model "$STEPDIST_MODEL" --at 3 "$work/user/stepdist-out/mypkg/$trace" >/dev/null 2>"$work/p2.err" ||
    fail "predict without the source: $(cat "$work/p2.err")"
grep -q "source files it names are not on this machine" "$work/p2.err" || fail "predict without the source: no warning"
echo "$me: ok   run: exit 3 on a stuck goroutine, 0 on a clean package, the default output directory"

# one catalog, two programs, the report
for p in clean leak_select; do
    "$STEPDIST" collect -n 8 -j 2 --timeout 3s -o "$work/c" "$TOP/tests/harness/$p" >/dev/null 2>&1 || fail "collect $p"
done
"$STEPDIST" report --catalog "$work/c/stepdist.db" -o "$work/r.html" -m 3 --json >"$work/r.json" 2>"$work/r.err" ||
    fail "report: $(cat "$work/r.err")"
grep -q '"programs":2,"runs":16,"stuck_sites":1,' "$work/r.json" || fail "report summary: $(cat "$work/r.json")"
html=$work/r.html
for id in p1 p2 outcomes-1 leaks-2 diverge-1 timeline-2 calibration; do
    grep -q "id=\"$id\"" "$html" || fail "no section $id in the report"
done
grep -q 'feed.go:20</span> <code>' "$html" || fail "the stuck select's line is not shown with its source"
grep -qi '<script' "$html" && fail "the report has a script"
grep -Eqi '(src|href)="(https?:)?//' "$html" && fail "the report fetches something"
grep -q '<svg class="timeline"' "$html" || fail "no timeline"
echo "$me: ok   report: 2 programs, every section, the stuck line with its source, no script, nothing fetched"

# a bad catalog is refused by name
printf 'not a database' >"$work/bad.db"
"$STEPDIST" report --catalog "$work/bad.db" -o "$work/bad.html" 2>"$work/bad.err" && fail "report accepted a bad catalog"
grep -q "bad.db" "$work/bad.err" || fail "bad catalog: $(cat "$work/bad.err")"
[ -e "$work/bad.html" ] && fail "a failed report left a file"

# in a real browser
browser=""
for b in chromium-headless-shell chromium chromium-browser; do
    command -v "$b" >/dev/null 2>&1 && { browser=$(command -v "$b"); break; }
done
if [ -z "$browser" ]; then
    [ "${CI:-}" = true ] && fail "no headless Chromium (scripts/setup.sh installs chromium-headless-shell)"
    echo "$me: ok   (browser check skipped: no chromium-headless-shell; scripts/setup.sh installs it)"
    exit 0
fi
flags=(--no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile")
timeout 120 "$browser" "${flags[@]}" --window-size=1100,3200 --screenshot="$work/shot.png" \
    --enable-logging=stderr --v=0 "file://$html" >"$work/shot.out" 2>"$work/shot.err" || fail "screenshot: $(tail -5 "$work/shot.err")"
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$html" >"$work/dom.html" 2>"$work/dom.err" || fail "dump-dom: $(tail -5 "$work/dom.err")"
if grep -E 'CONSOLE|Uncaught' "$work/shot.err" "$work/dom.err"; then fail "console messages while rendering"; fi
for id in outcomes-1 leaks-2 diverge-1 timeline-2 calibration; do
    grep -q "id=\"$id\"" "$work/dom.html" || fail "the browser's DOM has no $id"
done
python3 - "$work/shot.png" <<'PY' || fail "the screenshot is blank or lacks the charts"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
prev, i, pixels, white, purple, green, red = bytearray(stride), 0, 0, 0, 0, 0, 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        pixels += 1
        white += r > 245 and g > 245 and bl > 245
        purple += abs(r - 106) < 12 and abs(g - 27) < 12 and abs(bl - 154) < 12
        green += abs(r - 46) < 12 and abs(g - 125) < 12 and abs(bl - 50) < 12
        red += abs(r - 198) < 12 and abs(g - 40) < 12 and abs(bl - 40) < 12
    prev = line
nonwhite = 1 - white / pixels
# colours every such report has: the outcome bars (pass green, leak purple)
# and the timelines' blocked red (the runs' divergence bars vary with the runs)
print(f"screenshot {w}x{h}: {100 * nonwhite:.1f}% non-white; pixels: {green} pass-green, {purple} leak-purple, "
      f"{red} blocked-red")
assert nonwhite > 0.03 and green > 2000 and purple > 2000 and red > 50
PY
[ -n "${SAVE_SCREENSHOT:-}" ] && cp "$work/shot.png" "$SAVE_SCREENSHOT"
echo "$me: ok   headless Chromium renders it: non-blank screenshot with the charts, the sections in the DOM, no console message"
