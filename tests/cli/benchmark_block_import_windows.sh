#!/usr/bin/env bash
# Issue 23's sustained import: `canary benchmark block-import --window W` reports the rate of each
# whole window of W imported blocks and the slowest against the fastest, and the import finalizes
# each block two behind the head (the database prunes as a node's does). Seven blocks of 40
# transfers in windows of 2: three whole windows (the seventh block is left out), their blocks and
# transfers add up, each rate is its transfers over its wall time, the spread is the slowest
# window's rate against the fastest's (window_report_check.py, shared with full-sync's test), each
# window says where its time went (runtime, commit), its node cache hit rate, what its reads from
# RocksDB cost, the database's size and the nodes column's level-0 files after it, and the
# finalized block is the head's number minus 2.
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
python3 - "$work/out.json" "$(dirname "$0")" <<'PY' || fail "the windows or the finality are wrong"
import json, sys
sys.path.insert(0, sys.argv[2])
from window_report_check import window_checks
out = json.load(open(sys.argv[1]))
windows = out["windows"]["list"]
checks = {
    "seven blocks imported": out["blocks"] == 7,
    "each window holds its 80 transfers": all(x["transfers"] == 80 for x in windows),
    **window_checks(out["windows"], out["import"]["wallMs"], 2, [1, 3, 5]),
    "each window's runtime and commit fit in its wall time": all(
        x["runtimeMs"] > 0 and x["commitMs"] > 0 and x["runtimeMs"] + x["commitMs"] <= x["wallMs"]
        for x in windows),
    "each window's node cache hit rate is a rate": all(0 <= x["nodeCacheHitRate"] <= 1 for x in windows),
    "the node cache warms up from cold": windows[-1]["nodeCacheHitRate"] > windows[0]["nodeCacheHitRate"],
    "the database grows window by window": all(x["diskBytes"] > 0 for x in windows)
        and windows[-1]["diskBytes"] > windows[0]["diskBytes"],
    "the cold node cache reads from RocksDB, each read timed": windows[0]["databaseNodeReadUs"] > 0
        and all(x["databaseNodeReadUs"] is None or x["databaseNodeReadUs"] > 0 for x in windows),
    "each window counts the importing thread's page faults": all(
        isinstance(x["pageFaults"], int) and x["pageFaults"] >= 0 for x in windows),
    "each window counts the nodes column's level-0 files": all(
        isinstance(x["level0Files"], int) and x["level0Files"] >= 0 for x in windows),
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
grep -Eq "^ +#1-#2: [0-9,]+ transfers/s \(runtime [0-9,]+ ms, commit [0-9,]+ ms, node cache [0-9.]+ % hits, [0-9,]+ node reads from RocksDB at [0-9.]+ us, [0-9,]+ page faults, [0-9.]+ MiB on disk, [0-9]+ level-0 files\)$" \
  "$work/out.txt" || fail "no split in the window lines"
echo "benchmark block-import: per-window rates, their spread, finality two blocks behind"
