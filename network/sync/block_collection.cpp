#include "network/sync/block_collection.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "primitives/util/check.hpp"

namespace canary::network {

uint64_t BlockCollection::length(const RangeState& state) {
  if (const auto* d = std::get_if<Downloading>(&state)) return d->len;
  if (const auto* c = std::get_if<Complete>(&state)) return c->blocks.size();
  return std::get<Queued>(state).len;
}

size_t BlockCollection::in_flight_blocks() const {
  size_t total = 0;
  for (const auto& [start, state] : ranges_) {
    if (const auto* d = std::get_if<Downloading>(&state)) total += d->len;
  }
  return total;
}

void BlockCollection::clear() {
  ranges_.clear();
  peer_requests_.clear();
  // Substrate keeps its queued map across clear(); a later import report would then erase
  // ranges downloaded since under the same numbers. Everything goes here.
  queued_.clear();
  held_ = 0;
}

void BlockCollection::insert(block::BlockNumber start, std::vector<BlockData> blocks,
                             const PeerId& who) {
  if (blocks.empty()) return;
  auto it = ranges_.find(start);
  if (it != ranges_.end()) {
    if (std::holds_alternative<Queued>(it->second)) return;  // already handed to import
    if (const auto* existing = std::get_if<Complete>(&it->second)) {
      if (existing->blocks.size() >= blocks.size()) return;  // blocks.rs: keep the longer one
      held_ -= existing->blocks.size();
    }
  }
  Complete complete;
  complete.blocks.reserve(blocks.size());
  for (BlockData& block : blocks) complete.blocks.push_back({std::move(block), who});
  held_ += complete.blocks.size();
  ranges_.insert_or_assign(start, RangeState{std::move(complete)});
}

std::optional<BlockRange> BlockCollection::needed_blocks(const PeerId& who, uint32_t count,
                                                         block::BlockNumber peer_best,
                                                         block::BlockNumber common,
                                                         const Limits& limits) {
  if (peer_best <= common || count == 0) return std::nullopt;
  const uint64_t first_different = uint64_t{common} + 1;
  uint64_t start = 0;
  uint64_t end = 0;
  uint32_t downloading = 0;
  // blocks.rs needed_blocks: walk consecutive pairs (prev, next) of the ranges by start.
  auto next_it = ranges_.begin();
  auto prev_it = ranges_.end();
  bool have_prev = false;
  while (true) {
    const bool have_next = next_it != ranges_.end();
    if (have_prev) {
      const uint64_t prev_start = prev_it->first;
      const uint64_t prev_end = prev_start + length(prev_it->second);
      const auto* d = std::get_if<Downloading>(&prev_it->second);
      if (d != nullptr && d->downloading < limits.max_parallel && prev_start >= first_different) {
        // Already being downloaded by fewer than max_parallel peers (and not below the peer's
        // common block, which it has no reason to send again).
        start = prev_start;
        end = prev_end;
        downloading = d->downloading;
        break;
      }
      if (have_next && prev_end < next_it->first && prev_end >= first_different) {
        start = prev_end;  // a gap between two ranges
        end = std::min<uint64_t>(next_it->first, prev_end + count);
        break;
      }
      if (!have_next && prev_end >= first_different) {
        start = prev_end;  // after the last range
        end = prev_end + count;
        break;
      }
    } else {
      if (!have_next) {
        start = first_different;  // nothing above the common block yet
        end = first_different + count;
        break;
      }
      if (next_it->first > first_different) {
        start = first_different;  // a gap below the first range
        end = std::min<uint64_t>(first_different + count, next_it->first);
        break;
      }
    }
    have_prev = have_next;
    prev_it = next_it;
    if (have_next) ++next_it;
  }
  if (start > peer_best) return std::nullopt;
  end = std::min<uint64_t>(end, uint64_t{peer_best} + 1);
  // blocks.rs panics here: by construction the range is never empty.
  if (!CANARY_ASSUME(end > start)) return std::nullopt;
  if (!ranges_.empty() && start > uint64_t{ranges_.begin()->first} + limits.max_ahead) {
    return std::nullopt;  // too far ahead of the lowest range
  }
  const bool extends_existing = downloading > 0;
  if (!extends_existing) {
    // The cap on held blocks, except below every downloaded range.
    bool below_all_downloaded = true;
    for (const auto& [range_start, state] : ranges_) {
      if (std::holds_alternative<Complete>(state) && range_start < start) {
        below_all_downloaded = false;
        break;
      }
    }
    if (!below_all_downloaded && held_ + in_flight_blocks() + (end - start) > limits.max_held) {
      return std::nullopt;
    }
  }
  const auto block_start = static_cast<block::BlockNumber>(start);
  const auto len = static_cast<uint32_t>(end - start);
  auto existing = ranges_.find(block_start);
  if (extends_existing && existing != ranges_.end()) {
    auto& d = std::get<Downloading>(existing->second);
    // Substrate replaces the length with this peer's (possibly shorter) one, which would open a
    // gap the next peer downloads a second time; the longer one is kept.
    d.len = std::max(d.len, len);
    d.downloading += 1;
  } else {
    ranges_.insert_or_assign(block_start, RangeState{Downloading{len, 1}});
  }
  peer_requests_.insert_or_assign(who, block_start);
  return BlockRange{block_start, end};
}

std::vector<DownloadedBlock> BlockCollection::ready_blocks(uint64_t from) {
  std::vector<DownloadedBlock> ready;
  uint64_t prev = from;
  for (auto& [start, state] : ranges_) {
    if (start > prev) break;
    if (std::holds_alternative<Queued>(state)) continue;
    auto* complete = std::get_if<Complete>(&state);
    if (complete == nullptr) break;
    const auto len = static_cast<uint32_t>(complete->blocks.size());
    prev = uint64_t{start} + len;
    queued_.insert_or_assign(complete->blocks.front().block.hash, BlockRange{start, prev});
    held_ -= len;
    std::move(complete->blocks.begin(), complete->blocks.end(), std::back_inserter(ready));
    state = Queued{len};
  }
  return ready;
}

void BlockCollection::clear_queued(const block::BlockHash& hash) {
  auto it = queued_.find(hash);
  if (it == queued_.end()) return;
  const BlockRange range = it->second;
  queued_.erase(it);
  auto first = ranges_.lower_bound(range.start);
  auto last = first;
  while (last != ranges_.end() && last->first < range.end) {
    if (const auto* complete = std::get_if<Complete>(&last->second)) {
      held_ -= complete->blocks.size();
    }
    ++last;
  }
  ranges_.erase(first, last);
}

void BlockCollection::clear_peer_download(const PeerId& who) {
  auto request = peer_requests_.find(who);
  if (request == peer_requests_.end()) return;
  const block::BlockNumber start = request->second;
  peer_requests_.erase(request);
  auto it = ranges_.find(start);
  if (it == ranges_.end()) return;
  auto* d = std::get_if<Downloading>(&it->second);
  if (d == nullptr) return;
  if (d->downloading > 1) {
    d->downloading -= 1;
  } else {
    ranges_.erase(it);
  }
}

}  // namespace canary::network
