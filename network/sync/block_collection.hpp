// The block ranges block sync is downloading, has downloaded, or has handed to import
// (sc-network-sync blocks.rs `BlockCollection`), keyed by the number of their first block:
//  - `needed_blocks` picks the next range for a peer: a range already being downloaded by fewer
//    than `max_parallel` peers, else the first gap above the peer's common block, else the range
//    after the last one; at most `count` blocks, cut at the peer's best, and never starting more
//    than `max_ahead` above the lowest range (MAX_DOWNLOAD_AHEAD);
//  - `insert` stores a peer's answer (ascending, starting at `start`), `ready_blocks` drains the
//    complete ranges that follow on from a number, in order, and marks them queued;
//  - `clear_queued` forgets a queued range once the import of its first block is reported,
//    `clear_peer_download` releases the range a peer was downloading (answer, error, departure).
// Differences from Substrate, both defensive: an answer for a range already queued is ignored
// (Substrate stores it again and drains it twice), and the blocks held (downloaded, not yet
// drained) are capped by `max_held`, except for a range below every downloaded one, which is
// always allowed since it is what lets the others drain.
// All arithmetic on range ends is 64-bit: a peer may claim best block 2^32 - 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "network/libp2p/peer_id.hpp"
#include "network/protocols/block_request.hpp"
#include "primitives/block/header.hpp"

namespace canary::network {

// A downloaded block and the peer it came from (whom an import failure blames).
struct DownloadedBlock {
  BlockData block;
  PeerId origin;
};

// Block numbers [start, end).
struct BlockRange {
  block::BlockNumber start = 0;
  uint64_t end = 0;

  uint64_t size() const { return end - start; }
  bool operator==(const BlockRange&) const = default;
};

class BlockCollection {
 public:
  struct Limits {
    uint32_t max_parallel = 1;  // peers downloading the same range at once
    uint32_t max_ahead = 0;     // how far above the lowest range a new range may start
    size_t max_held = 0;        // downloaded blocks (plus ranges in flight) before pausing
  };

  void clear();

  // Stores `blocks` (ascending, the first one numbered `start`) downloaded from `who`.
  void insert(block::BlockNumber start, std::vector<BlockData> blocks, const PeerId& who);

  // The next range `who` should download (and marks it as being downloaded), if any.
  std::optional<BlockRange> needed_blocks(const PeerId& who, uint32_t count,
                                          block::BlockNumber peer_best, block::BlockNumber common,
                                          const Limits& limits);

  // The downloaded blocks that follow on from `from` without a gap (ranges starting at or below
  // it included), ascending; their ranges become queued.
  std::vector<DownloadedBlock> ready_blocks(uint64_t from);

  // The import of `hash` was reported: if it begins a queued range, that range is forgotten.
  void clear_queued(const block::BlockHash& hash);

  // `who` no longer downloads its range (it answered, failed or left).
  void clear_peer_download(const PeerId& who);

  // What is held: downloaded blocks not yet drained, and ranges of any state.
  size_t held_blocks() const { return held_; }
  size_t range_count() const { return ranges_.size(); }
  bool empty() const { return ranges_.empty(); }

 private:
  struct Downloading {
    uint32_t len = 0;
    uint32_t downloading = 0;
  };
  struct Complete {
    std::vector<DownloadedBlock> blocks;
  };
  struct Queued {
    uint32_t len = 0;
  };
  using RangeState = std::variant<Downloading, Complete, Queued>;

  static uint64_t length(const RangeState& state);
  size_t in_flight_blocks() const;

  std::map<block::BlockNumber, RangeState> ranges_;
  std::map<PeerId, block::BlockNumber> peer_requests_;
  // First block of a queued range → the range.
  std::map<block::BlockHash, BlockRange> queued_;
  size_t held_ = 0;  // blocks in Complete ranges
};

}  // namespace canary::network
