// The rate of a long import over consecutive windows of blocks: issue 23's sustained import (a
// stream of full blocks against a large state must not slow down as the database grows, judged
// on the slowest window of 100 blocks against the fastest).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace canary::cli {

// One imported block as the benchmark timed it.
struct ImportedBlockTiming {
  size_t transfers = 0;
  double wall_ms = 0;
};

struct ImportWindow {
  size_t first_block = 0;  // index of its first block in the import, from 0
  size_t blocks = 0;
  size_t transfers = 0;
  double wall_ms = 0;

  double transfers_per_second() const {
    return wall_ms > 0 ? static_cast<double>(transfers) * 1000 / wall_ms : 0;
  }
};

// The slowest and fastest windows, and how far the slowest is below the fastest (0.2: 20 %).
struct WindowSpread {
  ImportWindow fastest;
  ImportWindow slowest;
  double slowest_below_fastest = 0;
};

// The whole windows of `window` blocks, in order; the blocks after the last whole window are left
// out (a short window is not comparable). Empty if `window` is 0.
std::vector<ImportWindow> import_windows(std::span<const ImportedBlockTiming> blocks,
                                         size_t window);

// Needs two windows or more (one window has nothing to be compared with).
std::optional<WindowSpread> window_spread(std::span<const ImportWindow> windows);

}  // namespace canary::cli
