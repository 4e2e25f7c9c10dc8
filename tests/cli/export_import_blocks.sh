#!/usr/bin/env bash
# export-blocks, import-blocks and check-block on a real dev chain:
#  - a `canary --dev` node authors and finalizes a few blocks, then stops;
#  - its blocks are exported in both formats, imported into fresh databases (from a file and
#    from stdin), and exported again byte for byte; the import applies the GRANDPA justifications
#    the file carries (the ones GRANDPA keeps, and the newest one);
#  - check-block executes a stored block again;
#  - a file whose block was tampered with is refused, naming the block.
# Usage: export_import_blocks.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
interp=(--wasm-execution interpreted-i-know-what-i-do)

"$canary" --dev -d "$work/a" --rpc-port 0 --no-prometheus --port 0 "${interp[@]}" \
  2>"$work/node.log" &
pid=$!
for _ in $(seq 1 120); do
  if grep -q "Finalized #3 " "$work/node.log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/node.log"; fail "the node exited"; fi
  sleep 1
done
grep -q "Finalized #3 " "$work/node.log" || { tail -20 "$work/node.log"; fail "no block #3 finalized"; }
kill -INT "$pid"
wait "$pid" || true
pid=

"$canary" export-blocks --dev -d "$work/a" --binary "$work/blocks.bin"
"$canary" export-blocks --dev -d "$work/a" --to 3 "$work/first3.json"
"$canary" export-blocks --dev -d "$work/a" "$work/blocks.json"
[[ $(head -c 8 "$work/blocks.bin" | od -An -tu8 | tr -d ' ') -ge 3 ]] || fail "binary count"

"$canary" import-blocks --dev -d "$work/b" --binary "${interp[@]}" "$work/blocks.bin" \
  2>"$work/import.log" || { cat "$work/import.log"; fail "binary import"; }
cat "$work/import.log"
grep -q "justifications applied" "$work/import.log" || fail "no summary line"
"$canary" export-blocks --dev -d "$work/b" "$work/again.json"
cmp "$work/blocks.json" "$work/again.json" || fail "the imported chain exports differently"

"$canary" import-blocks --dev -d "$work/c" "${interp[@]}" <"$work/first3.json" 2>"$work/stdin.log" ||
  { cat "$work/stdin.log"; fail "JSON import from stdin"; }
# GRANDPA keeps justifications only for some blocks (set changes, the first one, one per 512
# blocks, and the newest one, which the export attaches to its block): the import finalizes up to
# the highest block of the file that has one.
justified=$(python3 - "$work/first3.json" <<'PY'
import json, sys
text, at, blocks = open(sys.argv[1]).read(), 0, []
decoder = json.JSONDecoder()
while at < len(text.rstrip()):
    block, at = decoder.raw_decode(text, at)
    blocks.append(block)
print(max((int(b["block"]["header"]["number"], 16) for b in blocks if b.get("justifications")), default=0))
PY
)
[[ $justified -ge 1 ]] || fail "no justification among the first 3 blocks"
grep -q "Best: #3, finalized #$justified\b" "$work/stdin.log" || { cat "$work/stdin.log"; fail "best/finalized #$justified after the JSON import"; }
# Importing the same file again only skips known blocks.
"$canary" import-blocks --dev -d "$work/c" "${interp[@]}" "$work/first3.json" 2>"$work/again.log"
grep -q "Imported 0 blocks (3 already known" "$work/again.log" || { cat "$work/again.log"; fail "re-import"; }

"$canary" check-block --dev -d "$work/c" "${interp[@]}" 2 | tee "$work/check.out"
grep -q "is valid" "$work/check.out" || fail "check-block"

# Block #2's state root flipped: #1 imports, #2 is refused by name.
python3 - "$work/first3.json" "$work/tampered.json" <<'PY'
import sys
text = open(sys.argv[1]).read()
second = text.index('"number":"0x2"')
root = text.index('"stateRoot":"0x', second) + len('"stateRoot":"0x')
flipped = '1' if text[root] != '1' else '2'
open(sys.argv[2], "w").write(text[:root] + flipped + text[root + 1:])
PY
if "$canary" import-blocks --dev -d "$work/d" "${interp[@]}" "$work/tampered.json" 2>"$work/bad.log"; then
  cat "$work/bad.log"
  fail "a tampered block was imported"
fi
cat "$work/bad.log"
grep -q "block #2 " "$work/bad.log" || fail "the error does not name block #2"
echo "export/import/check-block: ok"
