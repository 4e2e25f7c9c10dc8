#!/usr/bin/env bash
# scripts/testnet survives a killed validator: the launcher and the other nodes keep running, and
# the killed node is started again (same keys, ports and base path) and rejoins its peer. With
# --no-restart it stays down while the others run on. SIGTERM to the launcher stops every node.
# Usage: testnet_restart.sh CANARY
set -euo pipefail
canary=$1
testnet="$(cd "$(dirname "$0")/../.." && pwd)/scripts/testnet"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
use_launcher

# A first port P with P..P+3 free (p2p P, P+1; RPC P+2, P+3).
ports=$(free_ports 4)
p2p=$ports
rpc=$((ports + 2))

peers() { rpc "$1" system_health | python3 -c 'import json, sys; print(json.load(sys.stdin)["peers"])' 2>/dev/null || echo -1; }
connected() { (($(peers "$1") >= 1)); }
answers() { [[ -n $(rpc "$1" system_name) ]]; }
bob_pid_is_new() { [[ -f $1/bob.pid && $(cat "$1/bob.pid") != "$2" ]]; }

# start DIR [--no-restart]: a two-validator testnet on the ports above, interpreted (no compile).
start() {
  local dir=$1
  shift
  "$testnet" -n 2 --canary "$canary" --base "$dir" --p2p-port "$p2p" --rpc-port "$rpc" "$@" \
    -- --wasm-execution interpreted-i-know-what-i-do >"$dir.out" 2>&1 &
  launcher=$!
  wait_for 120 "both nodes connected" connected "$rpc"
  wait_for 30 "bob connected" connected "$((rpc + 1))"
}

stop() {
  local alice
  alice=$(cat "$1/alice.pid")
  kill -TERM "$launcher"
  local rc=0
  wait "$launcher" || rc=$?
  launcher=""
  [[ $rc -eq 143 ]] || fail "launcher exit status $rc after SIGTERM (expected 143)"
  ! kill -0 "$alice" 2>/dev/null || fail "alice ($alice) still runs after the launcher stopped"
  grep -q "testnet stopped" "$1.out" || fail "no 'testnet stopped'"
}

echo "--- restart"
dir="$work/restart"
start "$dir"
bob=$(cat "$dir/bob.pid")
kill -KILL "$bob"
sleep 1
kill -0 "$launcher" 2>/dev/null || fail "the launcher stopped when bob was killed"
answers "$rpc" || fail "alice stopped answering when bob was killed"
wait_for 30 "bob started again" bob_pid_is_new "$dir" "$bob"
wait_for 60 "bob answering again" answers "$((rpc + 1))"
wait_for 60 "bob connected again" connected "$((rpc + 1))"
grep -q "bob exited (status 137); starting it again" "$dir.out" || fail "no restart message"
stop "$dir"

echo "--- no restart"
dir="$work/norestart"
start "$dir" --no-restart
kill -KILL "$(cat "$dir/bob.pid")"
sleep 4
kill -0 "$launcher" 2>/dev/null || fail "the launcher stopped when bob was killed (--no-restart)"
answers "$rpc" || fail "alice stopped answering when bob was killed (--no-restart)"
! answers "$((rpc + 1))" || fail "bob was started again despite --no-restart"
[[ ! -f $dir/bob.pid ]] || fail "bob.pid left behind"
grep -q "bob exited (status 137); the others keep running" "$dir.out" || fail "no exit message"
stop "$dir"
echo "testnet: a killed validator is started again; with --no-restart the others run on"
