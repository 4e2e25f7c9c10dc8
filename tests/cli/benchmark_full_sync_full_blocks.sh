#!/usr/bin/env bash
# Issue 23's full sync with full blocks: `canary benchmark full-sync --full-blocks` fills each
# block with as many transfers as the runtime accepts, syncs them from a source node over
# loopback, and reports transfers/s (over the network and for the local reference), the 5,000
# transfers/s target, the sync's rate per window of blocks and the resident memory. Six blocks in
# windows of 2: every block is full (over 2,000 transfers), three whole windows hold every
# transfer, the rates are transfers over wall time (window_report_check.py). A run of a few
# transfers per block states no transfers target.
# Usage: benchmark_full_sync_full_blocks.sh CANARY AOT_CACHE_DIR
set -euo pipefail
canary=$1
cache=$2
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

"$canary" benchmark full-sync --blocks 6 --full-blocks --window 2 --aot-cache-dir "$cache" \
  --json >"$work/out.json" 2>"$work/err.log" || {
  cat "$work/err.log"
  fail "the benchmark failed"
}
python3 - "$work/out.json" "$(dirname "$0")" <<'PY' || fail "the figures are wrong"
import json, sys
sys.path.insert(0, sys.argv[2])
from window_report_check import close, window_checks
out = json.load(open(sys.argv[1]))
windows = out["windows"]["list"]
tps = out["sync"]["transfersPerSecond"]
checks = {
    "six blocks": out["blocks"] == 6,
    "full blocks: no fixed count": out["transfersPerBlock"] == 0,
    "every block is full": out["transfers"] > 6 * 2000,
    "sync rate is transfers over wall time":
        close(tps, out["transfers"] * 1000 / out["sync"]["wallMs"]),
    "reference rate is transfers over wall time": close(
        out["reference"]["transfersPerSecond"],
        out["transfers"] * 1000 / out["reference"]["localImportWallMs"]),
    "the target follows 5,000 transfers/s": out["transfersTarget"]["transfersPerSecond"] == 5000
        and out["transfersTarget"]["pass"] == (tps >= 5000),
    "the windows hold every transfer": sum(x["transfers"] for x in windows) == out["transfers"],
    **window_checks(out["windows"], out["sync"]["wallMs"], 2, [1, 3, 5]),
    "no import split: the sync is seen block by block, not timed inside the importer": all(
        x["runtimeMs"] is None and x["nodeCacheHitRate"] is None and x["diskBytes"] is None
        for x in windows),
    "resident memory is stated": out["memory"]["rssBytes"] > 0 and (
        out["memory"]["syncPeakRssBytes"] is None or out["memory"]["syncPeakRssBytes"] > 0),
}
bad = [name for name, ok in checks.items() if not ok]
if bad:
    print("failed:", ", ".join(bad))
    print(json.dumps(out, indent=2))
    sys.exit(1)
print(f"{out['transfers']} transfers in 6 full blocks, {tps:.0f} transfers/s over loopback")
PY

# Without --full-blocks the full-block target means nothing: it is neither judged nor printed.
"$canary" benchmark full-sync --blocks 4 --transfers-per-block 2 --aot-cache-dir "$cache" \
  --json >"$work/few.json" 2>"$work/err.log" || fail "the benchmark failed (few transfers)"
python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["transfersTarget"] is not None)' \
  "$work/few.json" || fail "a transfers target without full blocks"
"$canary" benchmark full-sync --blocks 4 --transfers-per-block 2 --aot-cache-dir "$cache" \
  >"$work/few.txt" 2>"$work/err.log" || fail "the benchmark failed (few transfers, text)"
if grep -q "with full blocks" "$work/few.txt"; then fail "a transfers target without full blocks"; fi
echo "full-sync with full blocks: ok"
