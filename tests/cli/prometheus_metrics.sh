#!/usr/bin/env bash
# The Prometheus endpoint of a running node (node/service/node_service.cpp, metrics_registry.hpp,
# process_metrics.hpp): `canary --dev --tmp --prometheus-port 0`, scraped until best >= 2, serves
# Substrate's metric names with their HELP texts and types, `chain="dev"` on every sample, and sane
# values: block heights (best, finalized, sync_target), leaves, ready transactions, peers, sync
# peers, the GRANDPA round, the import and proposer histograms with observations, the task
# counters of the node's threads, and the process collector's process_* metrics.
# Usage: prometheus_metrics.sh CANARY
set -euo pipefail
canary=$1
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

"$canary" --dev --tmp --rpc-port 0 --port 0 --prometheus-port 0 2>"$work/node.log" &
pid=$!
port=
for _ in $(seq 1 60); do
  port=$(sed -n 's/.*Prometheus exporter started at 127.0.0.1:\([0-9]*\).*/\1/p' "$work/node.log" |
    head -1)
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/node.log"; fail "the node exited"; }
  sleep 1
done
[[ -n "$port" ]] || { tail -30 "$work/node.log"; fail "no Prometheus port in the log"; }

# Python's standard library only (no curl in the setup).
python3 - "$port" <<'PY' || { tail -20 "$work/node.log"; fail "the metrics are not right"; }
import re, sys, time, urllib.request

port = sys.argv[1]
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

def scrape():
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    helps, types, samples = {}, {}, []
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name, _, help_text = line[7:].partition(" ")
            helps[name] = help_text
        elif line.startswith("# TYPE "):
            name, _, kind = line[7:].partition(" ")
            types[name] = kind
        elif line:
            m = SAMPLE.match(line)
            assert m, f"not a sample line: {line!r}"
            samples.append((m.group(1), dict(LABEL.findall(m.group(2) or "")), float(m.group(3))))
    return helps, types, samples

def value(samples, metric, **labels):
    found = [v for n, l, v in samples if n == metric and all(l.get(k) == w for k, w in labels.items())]
    assert found, f"no sample {metric} {labels}"
    return found[0]

# An import's time is observed once its commit has made the block best, so a scrape can see best
# #2 a moment before the second observation: wait for both.
def ready(samples):
    return (value(samples, "substrate_block_height", status="best") >= 2 and
            value(samples, "substrate_block_verification_and_import_time_count") >= 2 and
            value(samples, "substrate_proposer_block_constructed_count") >= 2)

deadline = time.time() + 90
while True:
    helps, types, samples = scrape()
    try:
        if ready(samples):
            break
    except AssertionError:
        pass
    assert time.time() < deadline, "best block below #2, or fewer than 2 imports timed, after 90 s"
    time.sleep(1)

ok = True
def check(condition, what):
    global ok
    print(("ok   " if condition else "FAIL ") + what)
    ok &= bool(condition)

# Substrate's names, types and HELP texts (dashboards and alerts key on the names).
expected = {
    "substrate_block_height": ("gauge", "Block height info of the chain"),
    "substrate_sub_libp2p_peers_count": ("gauge", "Number of connected peers"),
    "substrate_sync_peers": ("gauge", "Number of peers we sync with"),
    "substrate_ready_transactions_number": ("gauge", "Number of transactions in the ready queue"),
    "substrate_finality_grandpa_round": ("gauge", "Highest completed GRANDPA round."),
    "substrate_number_leaves": ("gauge", "Number of known chain leaves (aka forks)"),
    "substrate_block_verification_and_import_time":
        ("histogram", "Time taken to verify and import blocks"),
    "substrate_proposer_block_constructed":
        ("histogram", "Histogram of time taken to construct new block"),
    "substrate_tasks_spawned_total":
        ("counter", "Total number of tasks that have been spawned on the Service"),
    "substrate_tasks_ended_total": ("counter", "Total number of tasks for which Future::poll has "
                                    "returned Ready(()) or panicked"),
    "substrate_build_info":
        ("gauge", "A metric with a constant '1' value labeled by name, version"),
    "process_cpu_seconds_total": ("counter", "Total user and system CPU time spent in seconds."),
    "process_resident_memory_bytes": ("gauge", "Resident memory size in bytes."),
    "process_virtual_memory_bytes": ("gauge", "Virtual memory size in bytes."),
    "process_open_fds": ("gauge", "Number of open file descriptors."),
    "process_max_fds": ("gauge", "Maximum number of open file descriptors."),
    "process_start_time_seconds":
        ("gauge", "Start time of the process since unix epoch in seconds."),
}
for name, (kind, help_text) in expected.items():
    check(types.get(name) == kind, f"{name}: TYPE {types.get(name)}, want {kind}")
    check(helps.get(name) == help_text, f"{name}: HELP {helps.get(name)!r}")
check(all(l.get("chain") == "dev" for _, l, _ in samples), 'chain="dev" on every sample')

best = value(samples, "substrate_block_height", status="best")
finalized = value(samples, "substrate_block_height", status="finalized")
target = value(samples, "substrate_block_height", status="sync_target")
check(best >= 2, f"best #{best:.0f} >= 2")
check(0 <= finalized <= best, f"finalized #{finalized:.0f} in [0, best]")
check(target >= best, f"sync_target #{target:.0f} >= best (no peers: nothing higher)")
check(value(samples, "substrate_number_leaves") >= 1, "at least one leaf")
check(value(samples, "substrate_ready_transactions_number") == 0, "no ready transactions")
check(value(samples, "substrate_sub_libp2p_peers_count") == 0, "no peers")
check(value(samples, "substrate_sync_peers") == 0, "no sync peers")
grandpa_round = value(samples, "substrate_finality_grandpa_round")
check(grandpa_round >= 1 if finalized >= 1 else grandpa_round >= 0,
      f"GRANDPA round {grandpa_round:.0f} completed (finalized #{finalized:.0f})")
for name in ("substrate_block_verification_and_import_time", "substrate_proposer_block_constructed"):
    count = value(samples, name + "_count")
    inf = value(samples, name + "_bucket", le="+Inf")
    total = value(samples, name + "_sum")
    buckets = [l["le"] for n, l, _ in samples if n == name + "_bucket"]
    check(count >= 2 and inf == count and total > 0, f"{name}: {count:.0f} observations, sum {total}")
    check(buckets == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
                      "10", "+Inf"], f"{name}: Prometheus's default buckets")
check(value(samples, "substrate_tasks_spawned_total", task_name="chain") == 1,
      "the chain thread spawned once")
check(value(samples, "substrate_tasks_ended_total", task_name="chain") == 0,
      "the chain thread has not ended")
check(value(samples, "substrate_build_info", name="Alice") == 1, "build info")

rss = value(samples, "process_resident_memory_bytes")
vsz = value(samples, "process_virtual_memory_bytes")
check(rss > 1 << 20, f"resident memory {rss:.0f} bytes")
check(vsz >= rss, f"virtual memory {vsz:.0f} >= resident")
check(value(samples, "process_cpu_seconds_total") > 0, "CPU time > 0")
open_fds = value(samples, "process_open_fds")
check(open_fds > 3, f"{open_fds:.0f} open fds")
check(value(samples, "process_max_fds") >= open_fds, "max fds >= open fds")
start = value(samples, "process_start_time_seconds")
check(time.time() - 120 < start <= time.time(), f"started at {start}")
sys.exit(0 if ok else 1)
PY
kill -INT "$pid"
wait "$pid" || true
pid=
echo "prometheus metrics: ok"
