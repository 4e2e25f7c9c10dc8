// The transaction graph without policy (polkadot-sdk
// substrate/client/transaction-pool/src/graph/base_pool.rs BasePool): a ready and a future
// queue, imports that promote waiting transactions, pruning by tags that a block made true, and
// the queue limits. It reports what moved; bans, events and revalidation are the facade's
// (transaction_pool.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "txpool/future_queue.hpp"
#include "txpool/pool_error.hpp"
#include "txpool/pool_options.hpp"
#include "txpool/ready_queue.hpp"
#include "txpool/transaction.hpp"

namespace canary::txpool {

struct PoolStatus {
  size_t ready = 0;
  size_t ready_bytes = 0;
  size_t future = 0;
  size_t future_bytes = 0;

  bool operator==(const PoolStatus&) const = default;
};

// A transaction replaced by one providing the same tag with a higher priority.
struct Usurpation {
  TransactionPtr tx;
  TransactionHash by{};
};

// What an import did (base_pool.rs Imported, plus what Substrate leaves unreported). Everything
// listed under promoted is in the ready queue; everything under failed, usurped and dropped has
// left the pool.
struct ImportOutcome {
  std::optional<PoolError> error;
  bool ready = false;  // without error: the transaction went to the ready (else future) queue
  std::vector<TransactionHash> promoted;  // moved from the future to the ready queue
  // Left the future queue but could not become ready: it would have replaced a transaction it
  // depends on (a dependency cycle).
  std::vector<TransactionHash> failed;
  std::vector<Usurpation> usurped;
  // Removed to undo an import that closed a cycle (error kCycleDetected). The ready queue's
  // cycle guard makes this a fallback: a promotion that would close a cycle fails instead.
  std::vector<TransactionPtr> dropped;
};

struct PruneResult {
  // Removed from the ready queue: they provided a pruned tag, or preceded one that did.
  std::vector<TransactionPtr> pruned;
  // Removed from the future queue: they provide a pruned tag, so they conflict with the block.
  std::vector<TransactionPtr> conflicting;
  // Future transactions the pruned tags unlocked, with what importing each did.
  std::vector<std::pair<TransactionHash, ImportOutcome>> promotions;
  // Ready transactions that relied on a tag of a pruned transaction the block did not provide,
  // placed again (usually back to the future queue), with what that did.
  std::vector<std::pair<TransactionHash, ImportOutcome>> displaced;
};

struct RemovedTransaction {
  TransactionPtr tx;
  bool was_ready = false;
};

class BasePool {
 public:
  bool contains(const TransactionHash& hash) const {
    return ready_.contains(hash) || future_.contains(hash);
  }
  TransactionPtr get(const TransactionHash& hash) const;

  // Imports a transaction to the ready queue when every tag it requires is provided by a ready
  // transaction or was pruned by one of the last two blocks, else to the future queue.
  ImportOutcome import(TransactionPtr tx);

  // The tags are on chain now (provided by a block's transactions): removes the transactions
  // providing them, and promotes the future transactions that waited for them.
  PruneResult prune_tags(std::span<const Tag> tags);

  // Removes the transactions and the ready transactions depending on them.
  std::vector<RemovedTransaction> remove_subtree(std::span<const TransactionHash> hashes);

  // Drops the worst transactions (and their dependents) until both queues are within limits.
  std::vector<TransactionPtr> enforce_limits(const Limit& ready_limit, const Limit& future_limit);

  const ReadyQueue& ready() const { return ready_; }
  const FutureQueue& future() const { return future_; }
  PoolStatus status() const {
    return {ready_.size(), ready_.bytes(), future_.size(), future_.bytes()};
  }

 private:
  TagSet missing_tags(const Transaction& tx) const;
  bool recently_pruned(const Tag& tag) const;
  ImportOutcome place(TransactionPtr first);
  TransactionHash conflicting_provider(const Transaction& tx) const;

  ReadyQueue ready_;
  FutureQueue future_;
  // Tags pruned by the last two blocks (base_pool.rs RECENTLY_PRUNED_TAGS): a transaction that
  // was stuck in validation while its predecessor got included still goes straight to ready.
  std::array<TagSet, 2> recently_pruned_;
  size_t recently_pruned_index_ = 0;
};

}  // namespace canary::txpool
