#!/usr/bin/env bash
# scripts/setup.sh - installs what stepdist needs on a fresh Debian machine
# (bookworm), then builds it.  Idempotent: run it as often as you like.
#   - C toolchain: gcc, make, clang (+ libclang-rt for libFuzzer/sanitizers)
#   - SQLite (libsqlite3-dev for the run catalog, sqlite3 to query it)
#   - chromium-headless-shell and DejaVu fonts: the report's browser test
#   - Go >= 1.22: uses a go already on PATH when new enough, else Debian's
#     golang-1.23-go from bookworm-backports (the suite is added if missing)
# Prints the Go it will use as its last line: "go: /path/to/go (go1.23.5)".
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_pkgs=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

for p in gcc make clang libclang-rt-14-dev libsqlite3-dev sqlite3 chromium-headless-shell fonts-dejavu-core; do
    have_pkg "$p" || need_pkgs+=("$p")
done

go_ok() { # is "$1" a go binary of version >= 1.22?
    local v
    v=$("$1" env GOVERSION 2>/dev/null) || return 1
    v=${v#go}
    local major=${v%%.*} rest=${v#*.}
    local minor=${rest%%.*}
    [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "${minor%%[^0-9]*}" -ge 22 ]; }
}

GO=""
if have_cmd go && go_ok "$(command -v go)"; then
    GO=$(command -v go)
elif [ -x /usr/lib/go-1.23/bin/go ]; then
    GO=/usr/lib/go-1.23/bin/go
else
    if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "setup: adding the bookworm-backports suite" >&2
        printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
            $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
    fi
    need_pkgs+=(golang-1.23-go)
    GO=/usr/lib/go-1.23/bin/go
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
    echo "setup: installing ${need_pkgs[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

go_ok "$GO" || { echo "setup: no Go >= 1.22 found or installed" >&2; exit 1; }

top=$(cd "$(dirname "$0")/.." && pwd)
make -C "$top" -j"$(nproc)" >/dev/null
echo "go: $GO ($("$GO" env GOVERSION))"
