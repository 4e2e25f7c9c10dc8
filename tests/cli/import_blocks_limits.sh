#!/usr/bin/env bash
# import-blocks --binary streams its input with a bound on one block, so endless or hostile input
# fails fast with a clear error instead of growing until killed:
#  - /dev/zero: a count of 0 blocks, then bytes after them, refused at once;
#  - one block of 8 extrinsics of 16 MiB each (each under the SCALE length limit, the block
#    over the per-block limit of 64 MiB): refused at the limit, naming it.
# Usage: import_blocks_limits.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
interp=(--wasm-execution interpreted-i-know-what-i-do)

rc=0
timeout 60 "$canary" import-blocks --dev -d "$work/a" "${interp[@]}" --binary /dev/zero \
  2>"$work/zero.log" || rc=$?
cat "$work/zero.log"
[[ $rc -ne 0 && $rc -ne 124 && $rc -lt 128 ]] || fail "/dev/zero: exit code $rc (124: timed out)"
grep -q "bytes after the 0 blocks the file announces" "$work/zero.log" || fail "/dev/zero: no clear error"

# A count of 1, a header (parent hash, number 0, state and extrinsics roots, no digest), then 8
# extrinsics of 16 Mi - 1 bytes (compact length 0x03fffffe).
header() {
  printf '\x01\x00\x00\x00\x00\x00\x00\x00'
  head -c 32 /dev/zero
  printf '\x00'
  head -c 64 /dev/zero
  printf '\x00'
  printf '\x20'
  for _ in 1 2 3 4 5 6 7 8; do
    printf '\xfe\xff\xff\x03'
    head -c 16777215 /dev/zero
  done
}
rc=0
{ header 2>/dev/null || true; } |
  timeout 60 "$canary" import-blocks --dev -d "$work/b" "${interp[@]}" --binary \
    2>"$work/huge.log" || rc=$?
cat "$work/huge.log"
[[ $rc -ne 0 && $rc -ne 124 && $rc -lt 128 ]] || fail "huge block: exit code $rc (124: timed out)"
grep -q "larger than the limit of 64 MiB for one block" "$work/huge.log" ||
  fail "huge block: no error naming the limit"
echo "import-blocks limits: ok"
