#!/usr/bin/env bash
# Offchain workers and indexing on a running dev node (node/service/offchain_workers.hpp):
# `--offchain-worker` refuses unknown values; `canary --dev --offchain-worker Always
# --enable-offchain-indexing true` starts, says both are on, produces blocks, runs the runtime's
# offchain worker on new best blocks (`-l offchain-worker=debug`) without an error, and its
# offchain_localStorage* RPCs share the workers' storage.
# Usage: offchain_worker.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

if "$canary" --dev --tmp --offchain-worker sometimes >"$work/bad.log" 2>&1; then
  fail "--offchain-worker sometimes was accepted"
fi
grep -q "offchain-worker must be always, never or when-authority" "$work/bad.log" ||
  { cat "$work/bad.log"; fail "no explanation for a bad --offchain-worker"; }

"$canary" --dev --tmp --rpc-port 0 --port 0 --no-prometheus --dev-block-time 1000 \
  --offchain-worker Always --enable-offchain-indexing true -l offchain-worker=debug \
  2>"$work/node.log" &
pid=$!
imported() {
  kill -0 "$pid" 2>/dev/null || { tail -30 "$work/node.log"; fail "the node exited"; }
  grep -q "Running offchain workers at #3 " "$work/node.log"
}
wait_for 120 "an offchain worker at block #3" imported
grep -q "Offchain workers enabled (--offchain-worker always)" "$work/node.log" ||
  fail "no start line for the offchain workers"
grep -q "Offchain indexing enabled" "$work/node.log" || fail "no start line for offchain indexing"
if grep -E "Error running offchain workers|runtime api not found" "$work/node.log"; then
  fail "an offchain worker failed"
fi

port=$(sed -n 's/.*Running JSON-RPC server: addr=127.0.0.1:\([0-9]*\).*/\1/p' "$work/node.log" |
  head -1)
[[ -n "$port" ]] || fail "no JSON-RPC port in the log"
[[ $(rpc "$port" offchain_localStorageSet '["PERSISTENT", "0x6f6377", "0x0102"]') == null ]] ||
  fail "offchain_localStorageSet"
[[ $(rpc "$port" offchain_localStorageGet '["PERSISTENT", "0x6f6377"]') == '"0x0102"' ]] ||
  fail "offchain_localStorageGet does not see the value"
echo "ok: offchain workers ran on new best blocks with indexing on"
