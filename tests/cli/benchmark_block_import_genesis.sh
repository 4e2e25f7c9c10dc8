#!/usr/bin/env bash
# `canary benchmark block-import` writes its pre-funded accounts straight into the database in
# chunks (node/cli/large_genesis.hpp). The chunked genesis must be the same state as one
# GenesisBuilder call with the same accounts (the runtime's own Balances genesis: AccountInfo
# layout, TotalIssuance): the hidden --genesis-chunk 0 builds it that way, and the two state roots
# must be equal. Also: the figures issue 23 added are in --json and sane (threads, disk, caches,
# memory), and the import on 1 and on 3 threads (signatures verified beside the runtime) ends at
# the chain its builder sealed.
# Usage: benchmark_block_import_genesis.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"
args=(benchmark block-import --accounts 50 --transfers 30 --interpreted --json)

"$canary" "${args[@]}" --genesis-chunk 0 >"$work/builder.json" 2>"$work/err.log" || {
  cat "$work/err.log"
  fail "the benchmark failed (one GenesisBuilder call)"
}
# 50 accounts in chunks of 7: eight chunks, the last one short.
"$canary" "${args[@]}" --genesis-chunk 7 >"$work/chunks.json" 2>"$work/err.log" || {
  cat "$work/err.log"
  fail "the benchmark failed (genesis in chunks)"
}
grep -q "49 / 50 accounts" "$work/err.log" || fail "no progress line of the last chunk"
python3 - "$work/builder.json" "$work/chunks.json" <<'PY' || fail "wrong genesis or figures"
import json, sys
one, chunks = (json.load(open(p)) for p in sys.argv[1:3])
checks = {
    "the chunked genesis has the GenesisBuilder's state root":
        one["genesis"]["stateRoot"] == chunks["genesis"]["stateRoot"],
    "and so its hash": one["genesis"]["hash"] == chunks["genesis"]["hash"],
    "accountsPerChunk as asked": (one["genesis"]["accountsPerChunk"],
                                  chunks["genesis"]["accountsPerChunk"]) == (0, 7),
}
for out in (one, chunks):
    c, m, d = out["caches"], out["memory"], out["disk"]
    checks.update({
        "threads default to the cores": out["threads"] >= 1,
        "today's keys are kept": all(k in out for k in (
            "transfersPerSecond", "transfersPerSecondWall", "transfersPerSecondCpu", "split",
            "reference", "target", "import", "genesisMs", "buildMs", "accounts")),
        "the state is on disk": 0 < d["genesisBytes"] and 0 < d["afterImportBytes"],
        "the node cache was used": c["node"]["hits"] + c["node"]["misses"] > 0,
        "hit rates are rates": all(0 <= c[x]["hitRate"] <= 1 for x in ("node", "value")),
        "hit rates are hits over lookups": all(
            abs(c[x]["hitRate"] * (c[x]["hits"] + c[x]["misses"]) - c[x]["hits"]) < 1e-6
            for x in ("node", "value")),
        "resident memory is stated": 0 < m["rssBytes"] <= m["peakRssBytes"] < 1 << 40,
        "the import's peak is within the run's": m["importPeakRssBytes"] is None
            or m["importPeakRssBytes"] <= m["peakRssBytes"],
        "the anonymous memory is stated": 0 < m["rssAnonBytes"] <= m["rssBytes"],
        "the blocks are stated": m["blocksBytes"] > 0,
    })
    # The canary binary runs on jemalloc, and then the heap is split; the sanitizers' builds run
    # on their own allocator, and then every heap figure is null.
    heap_keys = ("heapAllocatedBytes", "heapResidentBytes", "benchmarkHeapBytes",
                 "runtimeHeapBytes", "otherHeapBytes", "outsideHeapBytes")
    if m["heapAllocatedBytes"] is None:
        checks["without jemalloc, no heap figure"] = all(m[k] is None for k in heap_keys)
        continue
    checks.update({
        "the heap is stated": 0 < m["heapAllocatedBytes"] and 0 < m["heapResidentBytes"],
        "the blocks are the benchmark's": m["blocksBytes"] <= m["benchmarkHeapBytes"],
        "the runtime takes heap": m["runtimeHeapBytes"] > 0,
        "other mappings are within the anonymous memory":
            m["outsideHeapBytes"] <= m["rssAnonBytes"],
    })
for what, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY

for threads in 1 3; do
  "$canary" benchmark block-import --transfers 40 --block-transfers 15 --interpreted --json \
    --threads "$threads" >"$work/threads$threads.json" 2>"$work/err.log" || {
    cat "$work/err.log"
    fail "the benchmark failed on $threads threads"
  }
done
python3 - "$work/threads1.json" "$work/threads3.json" <<'PY' || fail "threads change the import"
import json, sys
one, three = (json.load(open(p)) for p in sys.argv[1:3])
checks = {
    "threads as asked": (one["threads"], three["threads"]) == (1, 3),
    # Each run fails unless the imported head is the block its builder (signatures checked at
    # once, one thread) sealed, with every balance as the transfers leave it.
    "both imported their built chain": all(len(out["bestHash"]) == 66 for out in (one, three)),
    "the same blocks": one["blocks"] == three["blocks"] == 3,
    # node::StatePrefetcher reads the signers' accounts ahead of the runtime beside the
    # verifying threads, never on one thread.
    "the signers' accounts read ahead with threads to spare":
        one["prefetchedKeys"] == 0 and three["prefetchedKeys"] > 0,
}
for what, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY
echo "benchmark block-import: chunked genesis = GenesisBuilder genesis; new figures sane; 1 and 3 threads agree"
