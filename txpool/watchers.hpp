// Which transactions someone watches (author_submitAndWatchExtrinsic, transactionWatch_v1), the
// status events queued for them, and the blocks their inclusion awaits finality in (polkadot-sdk
// substrate/client/transaction-pool/src/graph/listener.rs, watcher.rs). Only watched hashes cost
// memory: an unwatched transaction leaves no trace here, and a watch ends with its final event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "txpool/pool_event.hpp"
#include "txpool/transaction.hpp"

namespace canary::txpool {

// A transaction of a block body the node imported, with its index in the body.
struct IncludedTransaction {
  TransactionHash hash{};
  uint32_t index = 0;
};

class Watchers {
 public:
  explicit Watchers(size_t max_blocks_awaiting_finality)
      : max_blocks_(max_blocks_awaiting_finality) {}

  // Watches may nest (two RPC subscriptions to one hash); unwatch undoes one watch.
  void watch(const TransactionHash& hash);
  void unwatch(const TransactionHash& hash);
  bool is_watched(const TransactionHash& hash) const { return watched_.contains(hash); }

  // Queues an event if the hash is watched; a final status ends the watch.
  void emit(const TransactionHash& hash, TransactionStatus status);

  // inBlock for the watched transactions of a block; remembers them until the block is
  // finalized, retracted, or falls out of the max_blocks_awaiting_finality window
  // (finalityTimeout).
  void on_block_included(const Hash256& block, std::span<const IncludedTransaction> included);
  // retracted for the watched transactions of a block that left the best chain; returns them.
  std::vector<TransactionHash> on_block_retracted(const Hash256& block);
  // finalized (final) for the watched transactions of a finalized block. The node reports
  // every newly finalized block, not only the last one.
  void on_block_finalized(const Hash256& block);

  std::vector<PoolEvent> take_events();

  // Whether a watched transaction sits in a block that awaits finality (its last word is
  // inBlock): a failed resubmission must not end its watch then.
  bool in_block(const TransactionHash& hash) const { return in_blocks_.contains(hash); }

  size_t watched_count() const { return watched_.size(); }
  size_t blocks_awaiting_finality() const { return awaiting_finality_.size(); }

 private:
  struct IncludedIn {
    uint64_t seq = 0;  // matches its entry in block_order_ (a block may be re-included)
    std::vector<IncludedTransaction> transactions;
  };

  void compact_block_order();
  void left_block(const std::vector<IncludedTransaction>& transactions);

  size_t max_blocks_;
  HashMap<uint32_t> watched_;  // watch count per hash
  HashMap<IncludedIn> awaiting_finality_;
  HashMap<uint32_t> in_blocks_;  // per watched transaction: how many such blocks hold it
  std::deque<std::pair<Hash256, uint64_t>> block_order_;  // oldest first; stale entries skipped
  uint64_t next_seq_ = 0;
  std::vector<PoolEvent> events_;
};

}  // namespace canary::txpool
