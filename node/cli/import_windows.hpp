// The rate of a long import over consecutive windows of blocks: issue 23's sustained import (a
// stream of full blocks against a large state must not slow down as the database grows, judged
// on the slowest window of 100 blocks against the fastest).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace canary::cli {

// Where a block's import time went, and what it asked of the trie node cache: what tells a slow
// window's cause (the runtime's reads missing the caches as the state grows, or the database
// write) when the importer is timed block by block (block-import; full-sync sees only blocks).
struct ImportSplit {
  double runtime_ms = 0;
  double commit_ms = 0;
  uint64_t node_cache_hits = 0;
  uint64_t node_cache_misses = 0;
  // The node reads that went to RocksDB and their time: the cost of a cold read.
  uint64_t database_node_reads = 0;
  double database_node_read_ms = 0;
  uint64_t page_faults = 0;  // the importing thread's

  ImportSplit& operator+=(const ImportSplit& o) {
    runtime_ms += o.runtime_ms;
    commit_ms += o.commit_ms;
    node_cache_hits += o.node_cache_hits;
    node_cache_misses += o.node_cache_misses;
    database_node_reads += o.database_node_reads;
    database_node_read_ms += o.database_node_read_ms;
    page_faults += o.page_faults;
    return *this;
  }
  std::optional<double> database_node_read_us() const {
    if (database_node_reads == 0) return std::nullopt;
    return database_node_read_ms * 1000 / static_cast<double>(database_node_reads);
  }
  double node_cache_hit_rate() const {
    const uint64_t lookups = node_cache_hits + node_cache_misses;
    return lookups > 0 ? static_cast<double>(node_cache_hits) / static_cast<double>(lookups) : 0;
  }
};

// One imported block as the benchmark timed it.
struct ImportedBlockTiming {
  size_t transfers = 0;
  double wall_ms = 0;
  std::optional<ImportSplit> split;
  // The database's size on disk after this block, where the benchmark measured it (the last
  // block of each window: walking the directory after every block would be timed with them).
  std::optional<uint64_t> disk_bytes;
  // The nodes column's files in RocksDB's level 0 after this block, measured with disk_bytes:
  // each is searched by a cold read, so a growing count is compaction falling behind.
  std::optional<uint64_t> level0_files;
};

struct ImportWindow {
  size_t first_block = 0;  // index of its first block in the import, from 0
  size_t blocks = 0;
  size_t transfers = 0;
  double wall_ms = 0;
  std::optional<ImportSplit> split;      // when every block of the window has one
  std::optional<uint64_t> disk_bytes;    // after its last block, when measured there
  std::optional<uint64_t> level0_files;  // likewise

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
