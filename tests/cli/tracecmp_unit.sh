#!/usr/bin/env bash
# tracecmp_unit.sh: runs the Go unit tests of the trace comparison tool that
# diff_goprogs.sh and golden_go.sh rely on (`go test ./...` in
# tests/tools/tracecmp; the tests record a real trace and dump it with
# `go tool trace -d=1`, using the same go command).
#
# Environment: TOP (default: two levels above this script), TMPDIR; optional
# GO (go binary), TRACECMP_TIMEOUT (seconds, default 300).
# Exit status: 0 pass, 77 skip (no Go toolchain), anything else fail.
set -euo pipefail

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TIMEOUT_S=${TRACECMP_TIMEOUT:-300}
me=tracecmp_unit
# shellcheck source=tests/cli/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

need_go
go_build_env "$GO_BIN"
echo "$me: using $("$GO_BIN" version) from $GO_BIN"

# -count=1: always run (the tests depend on the go command, which the test
# cache does not track).
cd "$TOP/tests/tools/tracecmp"
limited "$TIMEOUT_S" "$GO_BIN" test -count=1 ./...
