#!/usr/bin/env bash
# `canary build-spec --parachain ID=PVF_FILE:GENESIS_HEAD_FILE` registers the adder
# (../shared/fixtures/parachains/adder) in a built-in chain's genesis: the spec's patch names it,
# and the raw genesis holds its head (Paras.Heads: the SCALE Vec of the 72 head bytes) and its
# code (Paras.CodeByHash: the SCALE Vec of the Wasm); the head may be given raw; a bad id, a
# missing file, a PVF that is not Wasm and a chain spec file are refused with a reason.
# Usage: build_spec_parachain.sh CANARY ADDER_DIR
set -euo pipefail
canary=$1
adder=$2
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
head_hex=$(tr -d ' \n\r' <"$adder/genesis_head.hex")
head_hex=${head_hex#0x}

"$canary" build-spec --chain local --parachain "100=$adder/validation_code.wasm:$adder/genesis_head.hex" \
  --disable-default-bootnode >"$work/plain.json" 2>"$work/err.log" || fail "plain: $(cat "$work/err.log")"
python3 - "$work/plain.json" "$head_hex" <<'PY' || fail "the spec's patch does not register para 100"
import json, sys
spec = json.load(open(sys.argv[1]))
paras = spec["genesis"]["runtimeGenesis"]["patch"]["paras"]["paras"]
assert len(paras) == 1 and paras[0][0] == 100, paras
args = paras[0][1]
assert args["parachain"] is True and args["genesis_head"] == "0x" + sys.argv[2], args
assert args["validation_code"].startswith("0x0061736d"), args["validation_code"][:20]
PY
echo "patch: para 100 with the adder's head and code"

python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))" "$head_hex" >"$work/head.bin"
"$canary" build-spec --chain local --raw --disable-default-bootnode \
  --parachain "100=$adder/validation_code.wasm:$work/head.bin" >"$work/raw.json" 2>"$work/err.log" ||
  fail "raw: $(cat "$work/err.log")"
python3 - "$work/raw.json" "$head_hex" "$adder/validation_code.wasm" <<'PY' || fail "the raw genesis lacks the para"
import json, sys
top = json.load(open(sys.argv[1]))["genesis"]["raw"]["top"]
values = set(top.values())
# SCALE Vec<u8> of the 72-byte head: compact(72) = 0x2101.
assert "0x2101" + sys.argv[2] in values, "no Paras.Heads value"
code = open(sys.argv[3], "rb").read()
n = len(code)
assert n < 2**30
compact = (n << 2 | 2).to_bytes(4, "little")
assert "0x" + (compact + code).hex() in values, "no Paras.CodeByHash value"
PY
echo "raw: the head (given as raw bytes) and the code are in the genesis storage"

refused() {
  local what=$1 expected=$2
  shift 2
  local rc=0
  "$canary" build-spec "$@" >"$work/out.json" 2>"$work/err.log" || rc=$?
  [[ $rc -ne 0 ]] || fail "$what: accepted"
  grep -q -- "$expected" "$work/err.log" || fail "$what: $(cat "$work/err.log")"
  echo "$what: refused ($(grep -m1 Error "$work/err.log"))"
}
refused "bad id" "is not a number" --chain local --parachain "x=$adder/validation_code.wasm:$adder/genesis_head.hex"
refused "no head" "expected ID=PVF_FILE:GENESIS_HEAD_FILE" --chain local --parachain "100=$adder/validation_code.wasm"
refused "missing file" "cannot open" --chain local --parachain "100=$work/none.wasm:$adder/genesis_head.hex"
refused "not wasm" "neither a Wasm module" --chain local --parachain "100=$adder/genesis_head.hex:$adder/genesis_head.hex"
refused "spec file" "apply to the built-in chains" --chain "$work/plain.json" --parachain "100=$adder/validation_code.wasm:$adder/genesis_head.hex"
