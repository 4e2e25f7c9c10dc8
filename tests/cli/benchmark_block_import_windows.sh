#!/usr/bin/env bash
# Issue 23's sustained import: `canary benchmark block-import --window W` reports the rate of each
# whole window of W imported blocks and the slowest against the fastest, and the import finalizes
# each block two behind the head (the database prunes as a node's does). Seven blocks of 40
# transfers in windows of 2: three whole windows (the seventh block is left out), their blocks and
# transfers add up, each rate is its transfers over its wall time, the spread is the slowest
# window's rate against the fastest's, and the finalized block is the head's number minus 2.
# Usage: benchmark_block_import_windows.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
args=(benchmark block-import --transfers 280 --block-transfers 40 --window 2 --threads 1 --interpreted)

"$canary" "${args[@]}" --json >"$work/out.json" 2>"$work/err.log" || {
  cat "$work/err.log"
  fail "the benchmark failed"
}
python3 - "$work/out.json" <<'PY' || fail "the windows or the finality are wrong"
import json, sys
out = json.load(open(sys.argv[1]))
w = out["windows"]
windows = w["list"]
def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1)
rates = [x["transfersPerSecond"] for x in windows]
checks = {
    "seven blocks imported": out["blocks"] == 7,
    "three whole windows of 2 blocks": w["blocks"] == 2 and len(windows) == 3
        and all(x["blocks"] == 2 for x in windows),
    "windows start at #1, #3, #5": [x["firstBlock"] for x in windows] == [1, 3, 5],
    "each window holds its 80 transfers": all(x["transfers"] == 80 for x in windows),
    "each rate is transfers over wall time": all(
        close(x["transfersPerSecond"], x["transfers"] * 1000 / x["wallMs"]) for x in windows),
    "the windows fit in the import": sum(x["wallMs"] for x in windows) <= out["import"]["wallMs"],
    "fastest and slowest are the extremes": close(w["fastestTransfersPerSecond"], max(rates))
        and close(w["slowestTransfersPerSecond"], min(rates)),
    "the spread is the slowest against the fastest":
        close(w["slowestBelowFastest"], 1 - min(rates) / max(rates)),
    "pass follows the 20 % target": w["pass"] == (w["slowestBelowFastest"] <= 0.2),
    "finality two blocks behind the head": out["finalized"] == 5,
    "finality timed in the split": out["split"]["finalityMs"] > 0,
}
for what, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY

# One window has nothing to be compared with: no spread, and no Sustained line.
"$canary" benchmark block-import --transfers 80 --block-transfers 40 --window 5 --threads 1 \
  --interpreted --json >"$work/one.json" 2>"$work/err.log" || fail "the short benchmark failed"
python3 - "$work/one.json" <<'PY' || fail "a single short window is reported"
import json, sys
w = json.load(open(sys.argv[1]))["windows"]
sys.exit(0 if w["list"] == [] and "pass" not in w else 1)
PY

"$canary" "${args[@]}" >"$work/out.txt" 2>"$work/err.log" || fail "the benchmark failed (text)"
cat "$work/out.txt"
grep -Eq "^Sustained: +3 windows of 2 blocks: fastest [0-9,]+ transfers/s" "$work/out.txt" ||
  fail "no Sustained line"
grep -Eq "^ +finality +[0-9.]+ ms" "$work/out.txt" || fail "no finality in the split"
echo "benchmark block-import: per-window rates, their spread, finality two blocks behind"
