#!/usr/bin/env bash
# `canary debug erasure-chunks` prints polkadot-erasure-coding's chunks and erasure root for the
# vectors of ../shared/fixtures/erasure/novelpoly_small.json (2, 3 and 4 validators), and refuses
# bad input with an error and a non-zero exit.
# Usage: erasure_chunks.sh CANARY FIXTURE_JSON
set -euo pipefail
canary=$1
fixture=$2
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
python3 - "$fixture" >"$work/cases" <<'PY'
import json, sys
for case in json.load(open(sys.argv[1]))["cases"]:
    print(case["validators"], case["data"], " ".join(case["chunks"] + [case["erasure_root"]]))
PY
[[ -s "$work/cases" ]] || fail "no cases in $fixture"
while read -r validators data expected; do
  got=$("$canary" debug erasure-chunks --validators "$validators" --data "$data" | tr '\n' ' ')
  [[ "$got" == "$expected " ]] || fail "$validators validators: got '$got', expected '$expected'"
  echo "$validators validators: $(wc -w <<<"$expected") lines match"
done <"$work/cases"
for bad in "--validators 1 --data 0x01" "--validators 65537 --data 0x01" \
  "--validators 4 --data 0x" "--validators 4 --data 0xzz"; do
  rc=0
  # shellcheck disable=SC2086
  "$canary" debug erasure-chunks $bad >"$work/out.log" 2>&1 || rc=$?
  [[ $rc -eq 1 ]] || fail "$bad: exit code $rc"
  grep -q "^Error: " "$work/out.log" || fail "$bad: no error message"
done
echo "erasure-chunks: vectors match, bad input refused"
