#!/usr/bin/env bash
# scripts/testnet --block-time MS --epoch-duration SLOTS --sessions-per-era N: the nodes run the
# local testnet's spec that `canary build-spec --chain local` writes with those timings
# (DIR/chain.json): the epoch duration and the era length are in their state (the runtime's
# :EpochDuration: and :SessionsPerEra: parameters), sessions (BABE epochs) rotate every ten seconds
# instead of every 600 slots, and Staking plans a new era every two sessions instead of six. A
# value the runtime refuses stops the launcher before any node starts, with the runtime's reason.
# Usage: testnet_timings.sh CANARY
set -euo pipefail
canary=$1
testnet="$(cd "$(dirname "$0")/../.." && pwd)/scripts/testnet"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
use_launcher

# Refused before any node starts.
if "$testnet" -n 2 --canary "$canary" --base "$work/bad" --epoch-duration 1 >"$work/bad.out" 2>&1; then
  fail "an epoch of 1 slot was accepted"
fi
grep -q "1 slots is outside 2 to 100800" "$work/bad.out" || fail "no reason given: $(cat "$work/bad.out")"
[[ ! -e $work/bad/alice.log ]] || fail "a node started on a refused spec"
if "$testnet" -n 2 --canary "$canary" --base "$work/bad-era" --sessions-per-era 0 \
  >"$work/bad-era.out" 2>&1; then
  fail "an era of 0 sessions was accepted"
fi
grep -q "0 sessions is outside 1 to 8760" "$work/bad-era.out" ||
  fail "no reason given: $(cat "$work/bad-era.out")"

ports=$(free_ports 4)
rpc=$((ports + 2))
"$testnet" -n 2 --canary "$canary" --base "$work/net" --p2p-port "$ports" --rpc-port "$rpc" \
  --block-time 1000 --epoch-duration 10 --sessions-per-era 2 -- --wasm-execution interpreted-i-know-what-i-do \
  >"$work/net.out" 2>&1 &
launcher=$!
[[ -f $work/net/chain.json ]] || sleep 5
[[ -f $work/net/chain.json ]] || fail "no chain spec written"

# storage KEY: the value at KEY (hex) in the best block's state, as JSON.
storage() { rpc "$rpc" state_getStorage "[\"0x$1\"]"; }
answers() { [[ $(storage 695ec709ce0439fb6d6db345d9653648) == '"0x0a00000000000000"' ]]; }
wait_for 120 "alice to answer with the 10-slot epoch in her state" answers
[[ $(storage a779f0cd0cdde2961331fd80565829d8) == '"0x02000000"' ]] ||
  fail "no 2-session era in the state: $(storage a779f0cd0cdde2961331fd80565829d8)"

# The u32 LE at KEY (0 when absent).
u32_at() {
  python3 -c 'import json, sys
v = json.loads(sys.argv[1]) if sys.argv[1] else None
print(int.from_bytes(bytes.fromhex(v[2:]), "little") if v else 0)' "$(storage "$1")"
}
# Session.CurrentIndex and Staking.CurrentEra.
session_index() { u32_at cec5070d609dd3497f72bde07fc96ba072763800a36a99fdfc7c10f6415f6ee6; }
current_era() { u32_at 5f3e4907f716ac89b6347d15ececedca0b6a45321efae92aea15e0740ec7afe7; }
# Two of the chain's four authorities run: about half the 1 s slots have a block, and a session
# ends with the first block past its 10 slots; 600-slot sessions would keep index 0 for 10 minutes.
rotated() { (($(session_index) >= 2)); }
wait_for 150 "two session rotations" rotated
# Era 1 is planned in the rotation that queues session 2.
planned() { (($(current_era) >= 1)); }
wait_for 60 "era 1 planned after two sessions" planned
echo "PASS: session index $(session_index), era $(current_era) with 10-slot epochs, 2-session eras"
