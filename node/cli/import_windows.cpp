#include "node/cli/import_windows.hpp"

#include <algorithm>

namespace canary::cli {

std::vector<ImportWindow> import_windows(std::span<const ImportedBlockTiming> blocks,
                                         size_t window) {
  std::vector<ImportWindow> out;
  if (window == 0) return out;
  for (size_t first = 0; first + window <= blocks.size(); first += window) {
    ImportWindow w{.first_block = first, .blocks = window, .split = ImportSplit{}};
    for (const ImportedBlockTiming& b : blocks.subspan(first, window)) {
      w.transfers += b.transfers;
      w.wall_ms += b.wall_ms;
      if (b.split && w.split) {
        *w.split += *b.split;
      } else {
        w.split.reset();
      }
    }
    w.disk_bytes = blocks[first + window - 1].disk_bytes;
    w.level0_files = blocks[first + window - 1].level0_files;
    out.push_back(w);
  }
  return out;
}

std::optional<WindowSpread> window_spread(std::span<const ImportWindow> windows) {
  if (windows.size() < 2) return std::nullopt;
  auto by_rate = [](const ImportWindow& a, const ImportWindow& b) {
    return a.transfers_per_second() < b.transfers_per_second();
  };
  const auto [slowest, fastest] = std::minmax_element(windows.begin(), windows.end(), by_rate);
  WindowSpread spread{.fastest = *fastest, .slowest = *slowest};
  const double top = fastest->transfers_per_second();
  spread.slowest_below_fastest = top > 0 ? 1 - slowest->transfers_per_second() / top : 0;
  return spread;
}

}  // namespace canary::cli
