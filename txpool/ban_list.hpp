// Temporarily banned transaction hashes (polkadot-sdk
// substrate/client/transaction-pool/src/graph/rotator.rs PoolRotator): invalid, stale, dropped
// over the limits, or just included in a block. A banned hash is refused before the node spends a
// runtime call on it. Time is the caller's (milliseconds); nothing here reads a clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "txpool/transaction.hpp"

namespace canary::txpool {

class BanList {
 public:
  // `expected_size`: past twice this many entries the list drops expired bans, then the bans
  // that end soonest, down to `expected_size` (the rotator's garbage collection, made
  // deterministic).
  BanList(uint64_t ban_time_ms, size_t expected_size)
      : ban_time_ms_(ban_time_ms), expected_size_(expected_size == 0 ? 1 : expected_size) {}

  // Bans (or re-bans) until now_ms + ban_time.
  void ban(std::span<const TransactionHash> hashes, uint64_t now_ms);
  void ban(const TransactionHash& hash, uint64_t now_ms) { ban({&hash, 1}, now_ms); }

  bool is_banned(const TransactionHash& hash, uint64_t now_ms) const;

  // Forgets bans that ended before now_ms.
  void clear_expired(uint64_t now_ms);

  size_t size() const { return banned_until_.size(); }

 private:
  void shrink(uint64_t now_ms);

  uint64_t ban_time_ms_;
  size_t expected_size_;
  HashMap<uint64_t> banned_until_;
};

}  // namespace canary::txpool
