# Sourced by the command-line tests (tests/cli/*.sh) after `set -euo pipefail`: a scratch
# directory `$work`, removed on exit after the process in `$pid` (a node the test started, if
# any) is killed, and fail MESSAGE, which ends the test.
# shellcheck shell=bash
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n "$pid" ]]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}
