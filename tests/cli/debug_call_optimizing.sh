#!/usr/bin/env bash
# `canary debug call --wasm-execution optimizing` runs the call on the profiling baseline JIT,
# compiles its hot functions to C and runs it again: the answer is the fast interpreter's, with a
# genesis preset built first too, and the tiers' times are printed.
# Usage: debug_call_optimizing.sh CANARY RUNTIME_BLOB AOT_CACHE_DIR
set -euo pipefail
canary=$1
blob=$2
cache=$3
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
for method in Metadata_metadata GrandpaApi_grandpa_authorities BabeApi_configuration; do
  want=$("$canary" debug call --wasm "$blob" --method "$method" --genesis-preset development \
    --wasm-execution fast-interpreter 2>"$work/err.log") || fail "$method: $(cat "$work/err.log")"
  got=$("$canary" debug call --wasm "$blob" --method "$method" --genesis-preset development \
    --wasm-execution optimizing --aot-cache-dir "$cache" 2>"$work/err.log") ||
    fail "$method, optimizing: $(cat "$work/err.log")"
  [[ "$got" == "$want" ]] || fail "$method: the optimizing tier answers differently"
  grep -Eq "^Optimizing tier: baseline JIT in [0-9]+ ms; [0-9]+ of [0-9]+ functions" "$work/err.log" ||
    fail "$method: no tier report: $(cat "$work/err.log")"
  echo "$method: same answer; $(grep '^Optimizing tier' "$work/err.log")"
done
