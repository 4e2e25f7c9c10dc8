#!/usr/bin/env bash
# --dev-block-time (node/chain/builtin_chains.hpp, runtime/canary/block_time.hpp):
#  - refused for `local`, for a chain spec file, for an odd or negative value, and (by the
#    runtime's GenesisBuilder) for a slot below 500 ms, each with an error that says why;
#  - `build-spec --dev --dev-block-time` writes the half as timestamp.minimumPeriod in the patch,
#    and that file builds the same genesis as the flag itself, another than the plain dev chain's;
#  - `canary --dev --dev-block-time 1000` logs 1000 ms slots at start and imports blocks about a
#    second apart (6 blocks within 10 s, and not faster than the slots); BabeApi_configuration
#    and the metadata constants (Timestamp.MinimumPeriod, Babe.ExpectedBlockTime) over JSON-RPC
#    agree with it.
# Usage: dev_block_time.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
# refused EXPECTED_ERROR ARGS…: the command fails and its standard error contains the text.
refused() {
  local expected=$1
  shift
  if "$canary" "$@" >"$work/out" 2>"$work/err"; then fail "canary $* succeeded"; fi
  grep -qF -- "$expected" "$work/err" || { cat "$work/err"; fail "canary $*: no \"$expected\""; }
  echo "refused as expected: canary $*: $(grep -F -- "$expected" "$work/err" | head -1)"
}
genesis_hash() {
  "$canary" chain-spec inspect --chain "$1" | sed -n 's/^Genesis hash: *\(0x[0-9a-f]*\).*/\1/p'
}

# --- Refusals.
refused "is for the dev chain only" --chain local --dev-block-time 1000 -d "$work/local" \
  --rpc-port 0 --port 0 --no-prometheus
refused "is for the dev chain only" build-spec --chain local --dev-block-time 1000
"$canary" build-spec --chain local --disable-default-bootnode >"$work/local.json" 2>/dev/null
refused "not the chain spec file" build-spec --chain "$work/local.json" --dev-block-time 1000
refused "must be an even number" build-spec --dev --dev-block-time 1001
refused "below the shortest" build-spec --dev --dev-block-time 400
refused "cannot be negative" build-spec --dev --dev-block-time -4
refused "below the shortest" --dev --dev-block-time 400 --rpc-port 0 --port 0 --no-prometheus

# --- build-spec: the patch, and the same genesis from the flag and from the file it wrote.
"$canary" build-spec --dev --dev-block-time 2000 --disable-default-bootnode \
  >"$work/plain.json" 2>/dev/null
python3 - "$work/plain.json" <<'PY' || fail "no timestamp.minimumPeriod 1000 in the patch"
import json, sys
spec = json.load(open(sys.argv[1]))
sys.exit(0 if spec["genesis"]["runtimeGenesis"]["patch"]["timestamp"]["minimumPeriod"] == 1000 else 1)
PY
"$canary" build-spec --chain dev --dev-block-time 2000 --raw >"$work/raw.json" 2>/dev/null
"$canary" build-spec --chain "$work/plain.json" --raw >"$work/converted.json" 2>/dev/null
"$canary" build-spec --dev --raw >"$work/default.json" 2>/dev/null
raw=$(genesis_hash "$work/raw.json")
converted=$(genesis_hash "$work/converted.json")
default=$(genesis_hash "$work/default.json")
[[ -n "$raw" && "$raw" == "$converted" ]] || fail "genesis $raw (flag) != $converted (file)"
[[ "$raw" != "$default" ]] || fail "the block time did not change the genesis"
echo "build-spec: genesis $raw with 2 s blocks, $default without"

# --- A node with 1 s blocks.
"$canary" --dev --dev-block-time 1000 --rpc-port 0 --port 0 --no-prometheus \
  --wasm-execution interpreted-i-know-what-i-do 2>"$work/node.log" &
pid=$!
for _ in $(seq 1 120); do
  if grep -q "Imported #8 " "$work/node.log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/node.log"; fail "the node exited"; fi
  sleep 1
done
grep -q "Imported #8 " "$work/node.log" || { tail -30 "$work/node.log"; fail "no block #8"; }
grep "Starting BABE" "$work/node.log"
grep -q "slot duration 1000 ms" "$work/node.log" || fail "the start log does not show 1000 ms slots"
# The log's clock (YYYY-MM-DD HH:MM:SS.mmm) from #2 to #8: six slots of 1 s.
python3 - "$work/node.log" <<'PY' || fail "blocks are not a second apart"
import datetime, re, sys
times = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) .*Imported #(\d+) ", line)
    if m and int(m.group(2)) not in times:
        times[int(m.group(2))] = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
elapsed = (times[8] - times[2]).total_seconds()
print(f"blocks #2 → #8 in {elapsed:.3f} s")
sys.exit(0 if 4.0 <= elapsed <= 10.0 else 1)
PY

port=$(sed -n 's/.*Running JSON-RPC server: addr=127.0.0.1:\([0-9]*\).*/\1/p' "$work/node.log" | head -1)
[[ -n "$port" ]] || fail "no JSON-RPC port in the log"
# Over JSON-RPC (Python's standard library only: no jq or curl in the setup).
python3 - "$port" <<'PY' || fail "BabeApi_configuration or the metadata constants do not say 1 s"
import json, re, sys, urllib.request
def rpc(method, params):
    request = urllib.request.Request(
        f"http://127.0.0.1:{sys.argv[1]}",
        data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode(),
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=30))["result"]
ok = True
# BabeConfiguration opens with slot_duration, a u64 LE.
config = rpc("state_call", ["BabeApi_configuration", "0x"])
print("BabeApi_configuration:", config[:18] + "…")
ok &= config.startswith("0x" + (1000).to_bytes(8, "little").hex())
# A pallet constant in the metadata: its name as SCALE (compact length, bytes), its compact type
# id, then the value as Vec<u8> (0x20 = 8 bytes). Only the constants have these names so encoded
# and followed by an 8-byte value.
metadata = rpc("state_getMetadata", [])
def constant(name):
    pattern = f"{len(name) * 4:02x}{name.encode().hex()}(?:[0-9a-f]{{2}}){{1,2}}20([0-9a-f]{{16}})"
    return {int.from_bytes(bytes.fromhex(v), "little") for v in re.findall(pattern, metadata)}
for name, want in (("MinimumPeriod", 500), ("ExpectedBlockTime", 1000)):
    got = constant(name)
    print(f"metadata constant {name}: {got}")
    ok &= got == {want}
sys.exit(0 if ok else 1)
PY
kill -INT "$pid"
wait "$pid" || true
pid=
echo "dev-block-time: ok"
