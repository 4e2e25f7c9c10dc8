#!/usr/bin/env bash
# `canary benchmark block-import` judges its target on wall time and prints CPU time beside it:
# in --json, transfersPerSecond (and transfersPerSecondWall) are transfers / import.wallMs,
# transfersPerSecondCpu is transfers / import.processCpuMs, and target.pass says whether the
# wall figure reaches the target; the text output names the wall figure in its Target line.
# Usage: benchmark_block_import_wall.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
args=(benchmark block-import --transfers 120 --block-transfers 60 --interpreted)

"$canary" "${args[@]}" --json >"$work/out.json" 2>"$work/err.log" || {
  cat "$work/err.log"
  fail "the benchmark failed"
}
python3 - "$work/out.json" <<'PY' || fail "the JSON does not judge the target on wall time"
import json, sys
out = json.load(open(sys.argv[1]))
n, imp, target = out["transfers"], out["import"], out["target"]
def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1)
wall = n * 1000 / imp["wallMs"]
cpu = n * 1000 / imp["processCpuMs"]
checks = {
    "transfersPerSecond is the wall figure": close(out["transfersPerSecond"], wall),
    "transfersPerSecondWall is the wall figure": close(out["transfersPerSecondWall"], wall),
    "transfersPerSecondCpu is the CPU figure": close(out["transfersPerSecondCpu"], cpu),
    "blocksPerSecond is per wall second":
        close(out["blocksPerSecond"], out["blocks"] * 1000 / imp["wallMs"]),
    "target.pass follows the wall figure": target["pass"] == (wall >= target["transfersPerSecond"]),
}
for what, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY

"$canary" "${args[@]}" >"$work/out.txt" 2>"$work/err.log" || fail "the benchmark failed (text)"
cat "$work/out.txt"
grep -Eq "^Import: +[0-9.]+ ms wall: " "$work/out.txt" || fail "no wall figure in the Import line"
grep -Eq "^ +\(CPU [0-9.]+ ms: " "$work/out.txt" || fail "no CPU figure beside it"
grep -Eq "transfers/s on (one core|[0-9]+ threads), wall time" "$work/out.txt" || fail "the Target line does not say wall time"
echo "benchmark block-import: target judged on wall time, CPU time beside it"
