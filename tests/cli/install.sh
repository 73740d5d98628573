#!/usr/bin/env bash
# install.sh: `make install PREFIX=...` puts the binary, the manual page
# (made from the --help texts), the library, its headers, a pkg-config file
# and the bundled model in place; a program built against the installed
# library with pkg-config's flags runs and reads the installed model.
# Exit status: 0 pass, anything else fail.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
me=install
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
need_test_env
make_work
prefix=$work/prefix
make -s -C "$TOP" install BUILD="$BUILD" SANITIZE="${SANITIZE:-0}" PREFIX="$prefix" >"$work/make.log" 2>&1 ||
    fail "make install: $(tail -5 "$work/make.log")"
for f in bin/stepdist lib/libstepdist.a include/stepdist/stepdist.h include/stepdist/model.h \
    share/man/man1/stepdist.1 lib/pkgconfig/stepdist.pc share/stepdist/default.sdmodel; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
"$prefix/bin/stepdist" --help | grep -q '^  report ' || fail "--help does not list report"
"$prefix/bin/stepdist" report --help | grep -q '^Usage: stepdist report' || fail "report --help"
# the manual page: every command of --help, and roff that man reads without warnings
man1=$prefix/share/man/man1/stepdist.1
for c in $("$prefix/bin/stepdist" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    grep -q "^\.SS $c\$" "$man1" || fail "the manual page lacks $c"
done
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$man1" >"$work/man.txt" 2>"$work/man.err" || fail "man: $(cat "$work/man.err")"
    [ ! -s "$work/man.err" ] || fail "roff warnings: $(head -3 "$work/man.err")"
    grep -q 'EXIT STATUS' "$work/man.txt" || fail "man page without EXIT STATUS"
fi
# a program against the installed library, flags from the .pc file
pcflags() { # FIELD -> its value with ${prefix} etc. expanded
    sed -n "s/^$1: //p" "$prefix/lib/pkgconfig/stepdist.pc" |
        sed "s|\${includedir}|$prefix/include|g; s|\${libdir}|$prefix/lib|g"
}
grep -q "^prefix=$prefix\$" "$prefix/lib/pkgconfig/stepdist.pc" || fail "pc prefix: $(head -1 "$prefix/lib/pkgconfig/stepdist.pc")"
cat >"$work/use.c" <<'C'
#include <stdio.h>
#include <stepdist/stepdist.h>
int main(int argc, char **argv)
{
    sd_model *m = NULL;
    sd_error err;
    if (argc < 2 || sd_model_load(argv[1], &m, &err) != 0) { fprintf(stderr, "%s\n", err.msg); return 1; }
    printf("temperature %.3f\n", sd_model_temperature(m));
    sd_model_free(m);
    return 0;
}
C
san=""
[ "${SANITIZE:-0}" = 1 ] && san="-fsanitize=address,undefined"
# shellcheck disable=SC2046 # the flags are words
cc $san $(pcflags Cflags) -o "$work/use" "$work/use.c" $(pcflags Libs) 2>"$work/cc.err" || fail "build against the installed library: $(cat "$work/cc.err")"
"$work/use" "$prefix/share/stepdist/default.sdmodel" | grep -q '^temperature ' || fail "the installed library cannot read the installed model"
echo "$me: ok   binary, manual page (every command), library, headers, pkg-config file and model installed; a program built with pkg-config's flags runs"
