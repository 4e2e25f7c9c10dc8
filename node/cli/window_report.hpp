// How the benchmarks that import long streams of blocks (block-import, full-sync) report the rate
// per window of blocks: issue 23's sustained import, the slowest window within 20 % of the
// fastest. One format for both, in text and in JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "node/cli/import_windows.hpp"
#include "node/cli/transfer_blocks.hpp"

namespace canary::cli {

// Issue 23's sustained import: the slowest window of blocks at most 20 % below the fastest.
inline constexpr double kWindowSpreadTarget = 0.2;

struct WindowReport {
  size_t window = 0;  // blocks per window
  std::vector<ImportWindow> windows;
  std::optional<WindowSpread> spread;  // absent with fewer than two windows

  // `timings[i]` is `blocks[i]`'s.
  static WindowReport of(std::span<const ImportedBlockTiming> timings, size_t window);
  bool pass() const { return spread && spread->slowest_below_fastest <= kWindowSpreadTarget; }
};

// {blocks, list[{firstBlock, blocks, transfers, wallMs, transfersPerSecond}],
//  fastestTransfersPerSecond, slowestTransfersPerSecond, slowestBelowFastest, pass}; the spread's
// keys are absent with fewer than two windows.
nlohmann::ordered_json window_report_json(const WindowReport& report,
                                          std::span<const SealedBlock> blocks);

// "Sustained:" and a line per window; nothing with fewer than two windows.
void print_window_report(std::ostream& out, const WindowReport& report,
                         std::span<const SealedBlock> blocks);

}  // namespace canary::cli
