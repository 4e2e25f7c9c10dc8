#!/usr/bin/env bash
# scripts/testnet --parachain adder:ID[:invalid], --parachain-pvf FILE and --collator-arg refuse
# what they cannot run before any node starts, each with its reason: another parachain than the
# adder, a bad or repeated para id, a missing PVF or fixture directory (CANARY_FIXTURES_DIR), the
# PVF options without a parachain; a PVF that is no Wasm reaches `canary build-spec --parachain`,
# whose reason the launcher shows. --help documents the options. (The network itself:
# interop.parachain_inclusion and interop.parachain_invalid_collator.)
# Usage: testnet_parachain_args.sh CANARY FIXTURES_DIR
set -euo pipefail
canary=$1
fixtures=$2
testnet="$(cd "$(dirname "$0")/../.." && pwd)/scripts/testnet"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
export CANARY_FIXTURES_DIR=$fixtures

# refused WHAT EXPECTED ARGS...: the launcher exits with status 2, saying EXPECTED, no node started.
refused() {
  local what=$1 expected=$2
  shift 2
  local dir rc=0
  dir=$(mktemp -d "$work/net.XXXXXX")
  # A launcher that accepted the arguments would run its node until stopped: 30 s at most.
  timeout 30 "$testnet" -n 1 --canary "$canary" --base "$dir" "$@" >"$work/out" 2>&1 || rc=$?
  [[ $rc -eq 2 ]] || fail "$what: exit status $rc: $(cat "$work/out")"
  grep -qF -- "$expected" "$work/out" || fail "$what: $(cat "$work/out")"
  [[ ! -e $dir/alice.log ]] || fail "$what: a node started"
  echo "$what: refused ($(head -1 "$work/out"))"
}

refused "another parachain" "expected adder:ID or adder:ID:invalid" --parachain undying:100
refused "no para id" "expected adder:ID" --parachain adder
refused "a bad para id" "expected adder:ID" --parachain adder:x
refused "a para id above u32" "ID from 0 to 4294967295" --parachain adder:4294967296
refused "a bad mode" "expected adder:ID" --parachain adder:100:honest
refused "a repeated para id" "para 100 given twice" --parachain adder:100 --parachain adder:0100
refused "a missing PVF" "no adder PVF at $work/none.wasm" --parachain adder:100 --parachain-pvf "$work/none.wasm"
refused "--parachain-pvf alone" "need --parachain adder:ID" --parachain-pvf "$fixtures/parachains/adder/validation_code.wasm"
refused "--collator-arg alone" "need --parachain adder:ID" --collator-arg --invalid-pov
CANARY_FIXTURES_DIR=$work/nowhere refused "no fixtures" "no adder genesis head at $work/nowhere/parachains/adder" \
  --parachain adder:100
refused "a PVF that is no Wasm" "neither a Wasm module" --parachain adder:100 \
  --parachain-pvf "$fixtures/parachains/adder/genesis_head.hex"

"$testnet" --help >"$work/help"
for option in "--parachain adder:ID[:invalid]" "--parachain-pvf FILE" "--collator-arg ARG" "CANARY_FIXTURES_DIR" \
  "--no-restart"; do
  grep -qF -- "$option" "$work/help" || fail "--help does not mention $option"
done
echo "PASS: scripts/testnet's parachain options refuse bad input before any node starts"
