# Sourced by the command-line tests (tests/cli/*.sh) after `set -euo pipefail`: a scratch
# directory `$work`, removed on exit after the process in `$pid` (a node the test started, if
# any) is killed (a test may redefine cleanup), and fail MESSAGE, which ends the test. For the
# tests that run nodes: free_ports, rpc and wait_for.
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

# free_ports N: a first port P with P..P+N-1 free on 127.0.0.1.
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
def free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
while True:
    p = random.randint(20000, 60000)
    if all(free(p + k) for k in range(int(sys.argv[1]))):
        print(p)
        break
PY
}

# rpc PORT METHOD [PARAMS_JSON]: the JSON result of an HTTP JSON-RPC call, or nothing if the node
# does not answer within 10 s (generous: CI runs this beside other tests on 2 cores). Python's
# standard library only (curl is not part of the setup).
rpc() {
  python3 - "$1" "$2" "${3:-[]}" <<'PY' 2>/dev/null || true
import json, sys, urllib.request
body = json.dumps({"id": 1, "jsonrpc": "2.0", "method": sys.argv[2],
                   "params": json.loads(sys.argv[3])}).encode()
request = urllib.request.Request("http://127.0.0.1:" + sys.argv[1], body,
                                 {"Content-Type": "application/json"})
print(json.dumps(json.load(urllib.request.urlopen(request, timeout=10))["result"]))
PY
}

# wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds, else fail.
wait_for() {
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out waiting for $what"
    sleep 0.5
  done
}

# use_launcher: for the tests of scripts/testnet. Cleanup stops the launcher whose pid is in
# `$launcher` (SIGTERM: it stops its nodes) and waits for it; fail shows the tail of the launcher's
# output and of every node's log under `$work`.
# shellcheck disable=SC2317  # the functions it defines are called by the trap and the test
use_launcher() {
  launcher=""
  cleanup() {
    if [[ -n $launcher ]]; then kill -TERM "$launcher" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$work"
  }
  fail() {
    echo "FAIL: $*"
    for f in "$work"/*.out "$work"/*/*.log; do
      [[ -f $f ]] || continue
      echo "=== $f"
      tail -25 "$f"
    done
    exit 1
  }
}
