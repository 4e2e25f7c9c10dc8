#!/bin/sh
# A block whose header claims a different state root must be refused by the runtime itself
# (frame-executive's final check), with its panic message, and no "match" printed.
# Usage: execute_tampered_block.sh CANARY FIXTURE
set -eu
canary=$1
fixture=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$fixture" "$tmp/tampered.json" <<'PY'
import json, sys
fixture = json.load(open(sys.argv[1]))
header = bytearray.fromhex(fixture["block"]["header"][2:])
header[33] ^= 1  # first byte of the state root (after the parent hash and a 1-byte number)
fixture["block"]["header"] = "0x" + header.hex()
json.dump(fixture, open(sys.argv[2], "w"))
PY
if "$canary" debug execute-block --fixture "$tmp/tampered.json" >"$tmp/out" 2>&1; then
  echo "a block with a wrong state root was accepted"; cat "$tmp/out"; exit 1
fi
cat "$tmp/out"
grep -q "Storage root must match" "$tmp/out"
grep -q "Core_execute_block failed" "$tmp/out"
