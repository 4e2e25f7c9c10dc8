#include "node/cli/window_report.hpp"

#include "node/cli/benchmark_support.hpp"

namespace canary::cli {

WindowReport WindowReport::of(std::span<const ImportedBlockTiming> timings, size_t window) {
  WindowReport report;
  report.window = window;
  report.windows = import_windows(timings, window);
  report.spread = window_spread(report.windows);
  return report;
}

nlohmann::ordered_json window_report_json(const WindowReport& report,
                                          std::span<const SealedBlock> blocks) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  const auto or_null = [](const auto& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
  };
  for (const ImportWindow& w : report.windows) {
    const std::optional<ImportSplit>& split = w.split;
    list.push_back(
        {{"firstBlock", blocks[w.first_block].header.number},
         {"blocks", w.blocks},
         {"transfers", w.transfers},
         {"wallMs", w.wall_ms},
         {"transfersPerSecond", w.transfers_per_second()},
         {"runtimeMs", or_null(split ? std::optional(split->runtime_ms) : std::nullopt)},
         {"commitMs", or_null(split ? std::optional(split->commit_ms) : std::nullopt)},
         {"nodeCacheHitRate",
          or_null(split ? std::optional(split->node_cache_hit_rate()) : std::nullopt)},
         {"databaseNodeReadUs", or_null(split ? split->database_node_read_us() : std::nullopt)},
         {"pageFaults", or_null(split ? std::optional(split->page_faults) : std::nullopt)},
         {"diskBytes", or_null(w.disk_bytes)},
         {"level0Files", or_null(w.level0_files)}});
  }
  nlohmann::ordered_json out = {{"blocks", report.window}, {"list", list}};
  if (report.spread) {
    out["fastestTransfersPerSecond"] = report.spread->fastest.transfers_per_second();
    out["slowestTransfersPerSecond"] = report.spread->slowest.transfers_per_second();
    out["slowestBelowFastest"] = report.spread->slowest_below_fastest;
    out["pass"] = report.pass();
  }
  return out;
}

void print_window_report(std::ostream& out, const WindowReport& report,
                         std::span<const SealedBlock> blocks) {
  if (!report.spread) return;
  const WindowSpread& spread = *report.spread;
  out << "Sustained:    " << report.windows.size() << " windows of " << report.window
      << " blocks: fastest " << grouped(spread.fastest.transfers_per_second())
      << " transfers/s (blocks #" << blocks[spread.fastest.first_block].header.number
      << "-), slowest " << grouped(spread.slowest.transfers_per_second()) << " (#"
      << blocks[spread.slowest.first_block].header.number << "-), "
      << fixed(100 * spread.slowest_below_fastest, 1)
      << " % below: " << (report.pass() ? "PASS" : "FAIL") << " (target: within "
      << fixed(100 * kWindowSpreadTarget, 0) << " %)\n";
  for (const ImportWindow& w : report.windows) {
    out << "              #" << blocks[w.first_block].header.number << "-#"
        << blocks[w.first_block + w.blocks - 1].header.number << ": "
        << grouped(w.transfers_per_second()) << " transfers/s";
    if (w.split) {
      out << " (runtime " << grouped(w.split->runtime_ms) << " ms, commit "
          << grouped(w.split->commit_ms) << " ms, node cache "
          << fixed(100 * w.split->node_cache_hit_rate(), 1) << " % hits";
      if (auto us = w.split->database_node_read_us()) {
        out << ", " << grouped(w.split->database_node_reads) << " node reads from RocksDB at "
            << fixed(*us, 1) << " us";
      }
      out << ", " << grouped(w.split->page_faults) << " page faults";
      if (w.disk_bytes) out << ", " << fixed(mib(*w.disk_bytes), 1) << " MiB on disk";
      if (w.level0_files) out << ", " << *w.level0_files << " level-0 files";
      out << ")";
    }
    out << "\n";
  }
}

}  // namespace canary::cli
