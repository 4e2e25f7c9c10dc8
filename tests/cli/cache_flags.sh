#!/usr/bin/env bash
# The node's cache sizes (sc-cli's --db-cache MiB and --trie-cache-size bytes): out-of-range
# values are refused with the flag's name; a dev node started with both says so at start-up
# (the database line) and produces blocks with them, the trie cache off included.
# Usage: cache_flags.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

if "$canary" --dev --tmp --db-cache 0 >"$work/bad.log" 2>&1; then
  fail "--db-cache 0 was accepted"
fi
grep -q -- "--db-cache" "$work/bad.log" || { cat "$work/bad.log"; fail "no explanation for --db-cache 0"; }
# CLI11 would read -4 into an unsigned as 2^64 - 4: an unbounded cache.
for bad in lots -4; do
  if "$canary" --dev --tmp --trie-cache-size "$bad" >"$work/bad.log" 2>&1; then
    fail "--trie-cache-size $bad was accepted"
  fi
  grep -q -- "--trie-cache-size" "$work/bad.log" ||
    { cat "$work/bad.log"; fail "no explanation for --trie-cache-size $bad"; }
done

for sizes in "48 10485760" "16 0"; do
  read -r db trie <<<"$sizes"
  "$canary" --dev --tmp --rpc-port 0 --port 0 --no-prometheus --dev-block-time 1000 \
    --db-cache "$db" --trie-cache-size "$trie" 2>"$work/node.log" &
  pid=$!
  imported() {
    kill -0 "$pid" 2>/dev/null || { tail -30 "$work/node.log"; fail "the node exited"; }
    grep -q "Imported #2 " "$work/node.log"
  }
  wait_for 120 "block #2 with --db-cache $db --trie-cache-size $trie" imported
  expected="cache $db MiB, trie cache $(python3 -c "print(f'{$trie / 2**20:.1f}')") MiB"
  grep -q "$expected" "$work/node.log" || { grep "Database" "$work/node.log"; fail "no '$expected'"; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done
echo "PASS"
