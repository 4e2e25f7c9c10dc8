#!/usr/bin/env bash
# A chain spec whose properties nest arrays 150,000 levels deep is refused with "deeper than 128
# levels" by every command that takes a chain-spec file: inspect and runtime-version used to crash
# on it (stack overflow: SIGSEGV), purge-chain and key insert read it without the guard.
# Usage: chain_spec_deep.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
python3 -c "
d = 150000
print('{\"name\":\"x\",\"id\":\"x\",\"chainType\":\"Local\",\"bootNodes\":[],\"properties\":{\"a\":'
      + '[' * d + ']' * d + '},\"genesis\":{\"raw\":{\"top\":{},\"childrenDefault\":{}}}}')
" >"$work/deep.json"
base="$work/base"
for cmd in "chain-spec inspect" "debug runtime-version" "build-spec" "purge-chain -y -d $base" \
  "key insert --suri //Alice --key-type babe -d $base"; do
  rc=0
  # shellcheck disable=SC2086
  "$canary" $cmd --chain "$work/deep.json" >"$work/out.log" 2>&1 </dev/null || rc=$?
  cat "$work/out.log"
  [[ $rc -ne 0 && $rc -lt 128 ]] || fail "$cmd: exit code $rc (128+: killed by a signal)"
  grep -q "deeper than 128 levels" "$work/out.log" || fail "$cmd: no nesting error"
done
echo "deep chain spec: refused"
