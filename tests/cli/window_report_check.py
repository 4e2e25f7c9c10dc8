"""The checks of the per-window report that the import benchmarks print (`canary benchmark
block-import --window W` and `canary benchmark full-sync --window W`, one format:
node/cli/window_report.hpp), shared by the CLI tests that read it from `--json`."""


def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1)


def window_checks(report, run_wall_ms, blocks_per_window, first_blocks):
    """Named checks of `report` (the JSON's "windows"): whole windows of `blocks_per_window` blocks
    starting at `first_blocks`, each rate its transfers over its wall time, the windows within the
    run's `run_wall_ms`, the extremes and the spread as the rates say, and the 20 % verdict."""
    windows = report["list"]
    rates = [x["transfersPerSecond"] for x in windows]
    return {
        f"{len(first_blocks)} whole windows of {blocks_per_window} blocks":
            report["blocks"] == blocks_per_window and len(windows) == len(first_blocks)
            and all(x["blocks"] == blocks_per_window for x in windows),
        f"windows start at {first_blocks}": [x["firstBlock"] for x in windows] == first_blocks,
        "each window's rate is transfers over wall time": all(
            close(x["transfersPerSecond"], x["transfers"] * 1000 / x["wallMs"]) for x in windows),
        "the windows fit in the run":
            sum(x["wallMs"] for x in windows) <= run_wall_ms * (1 + 1e-9),
        "fastest and slowest are the extremes": bool(rates)
            and close(report["fastestTransfersPerSecond"], max(rates))
            and close(report["slowestTransfersPerSecond"], min(rates)),
        "the spread is the slowest against the fastest": bool(rates)
            and close(report["slowestBelowFastest"], 1 - min(rates) / max(rates)),
        "pass follows the 20 % target": report["pass"] == (report["slowestBelowFastest"] <= 0.2),
    }
