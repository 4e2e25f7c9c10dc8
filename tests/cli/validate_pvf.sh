#!/usr/bin/env bash
# `canary debug validate-pvf` runs the adder PVF (../shared/fixtures/parachains/adder) on the PVF
# host and prints the README's known ValidationResult for the known ValidationParams, from hex
# (with and without 0x) and from raw bytes; a state mismatch and a bad PVF end in an error and a
# non-zero exit.
# Usage: validate_pvf.sh CANARY ADDER_DIR
set -euo pipefail
canary=$1
adder=$2
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
params=210100000000000000000000000000000000000000000000000000000000000000000000000000000000011b4d03dd8c01f1049143cf9c4c817e4b167f1d1b83e5c6f0f10d89ba1e7bce4000000000000000000002000000000000010000000000000000000000000000000000000000000000000000000000000000000000
expected=0x21010100000000000000804df47c526d888b3f52091df4e253c821e9991ec88e342722cc485fda31747ea88d962ceb769d13dd202a8b8478e3a3f9d762a5702f76db9fd33d9f6af919ea0000000000000001000000
echo "0x$params" >"$work/params.hex"
echo "$params" >"$work/params-no-prefix.hex"
python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))" "$params" >"$work/params.bin"
for file in params.hex params-no-prefix.hex params.bin; do
  got=$("$canary" debug validate-pvf --pvf "$adder/validation_code.wasm" --params "$work/$file" \
    --cache-dir "$work/cache" 2>"$work/err.log") || fail "$file: $(cat "$work/err.log")"
  [[ "$got" == "$expected" ]] || fail "$file: got $got"
  echo "$file: known answer"
done
grep -q "seccomp: " "$work/err.log" || fail "the sandbox's state is not logged"
# State 1 instead of 0: keccak(state) != parent post_state, the adder panics.
bad=${params:0:150}01${params:152}
echo "$bad" >"$work/bad.hex"
rc=0
"$canary" debug validate-pvf --pvf "$adder/validation_code.wasm" --params "$work/bad.hex" \
  >"$work/out.log" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "bad block: exit code $rc"
grep -q "^Error: invalid (WorkerReportedInvalid)" "$work/out.log" || fail "bad block: $(cat "$work/out.log")"
printf 'not wasm' >"$work/garbage.wasm"
rc=0
"$canary" debug validate-pvf --pvf "$work/garbage.wasm" --params "$work/params.hex" \
  >"$work/out.log" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "garbage PVF: exit code $rc"
grep -q "^Error: invalid (PrepareError)" "$work/out.log" || fail "garbage PVF: $(cat "$work/out.log")"
echo "validate-pvf: known answer, bad block and bad PVF refused"
