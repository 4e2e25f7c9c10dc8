// The node's transaction pool (polkadot-sdk substrate/client/transaction-pool: graph/pool.rs,
// graph/validated_pool.rs and the single-state pool's maintenance). Sans-IO: the node validates
// each transaction with the runtime (TaggedTransactionQueue_validate_transaction) and hands the
// pool the answer; it passes the time and the blocks it imports, and drains status events. The
// pool never calls the runtime, reads no clock and calls nobody back.
//
// The node's side of each block it makes best (see README.md):
//   1. known_provides(block's hashes); validate the unknown ones at the parent for their tags;
//   2. prune_tags(number, tags, block's hashes, now) and resubmit what it returns, validated at
//      the new block (their watchers then see ready/future, or invalid/dropped);
//   3. on_block_included(block hash, hashes with indices); on a re-org, on_block_retracted for
//      each retracted block first and resubmit their transactions with ignore_ban;
//   4. revalidate: revalidation_batch(n), validate each, apply_revalidation(...), until empty;
//   5. on finality, on_block_finalized for every newly finalized block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/util/result.hpp"
#include "txpool/ban_list.hpp"
#include "txpool/base_pool.hpp"
#include "txpool/pool_error.hpp"
#include "txpool/pool_event.hpp"
#include "txpool/pool_options.hpp"
#include "txpool/ready_queue.hpp"
#include "txpool/transaction.hpp"
#include "txpool/watchers.hpp"

namespace canary::txpool {

struct Submission {
  Bytes extrinsic;
  // What the runtime answered for it at block `validated_at` (normally the best block).
  runtime::TransactionValidity validity;
  block::BlockNumber validated_at = 0;
  runtime::TransactionSource source = runtime::TransactionSource::kExternal;
  // transaction_hash(extrinsic) when absent (the node may have computed it for check_known).
  std::optional<TransactionHash> hash;
  // author_submitAndWatchExtrinsic: on success the transaction is watched and its first status
  // (future or ready) is queued.
  bool watch = false;
  // A transaction from a retracted block: it was banned when that block was pruned
  // (graph/pool.rs resubmit_at: CheckBannedBeforeVerify::No).
  bool ignore_ban = false;
};

struct Submitted {
  TransactionHash hash{};
  bool ready = false;  // else it waits in the future queue
  uint64_t priority = 0;
};

// The tags the pool already knows for a block's transactions; the node validates the unknown
// ones at the block's parent to learn theirs (graph/pool.rs prune).
struct KnownTags {
  std::vector<Tag> tags;
  std::vector<TransactionHash> unknown;
};

struct Revalidation {
  TransactionHash hash{};
  runtime::TransactionValidity validity;
};

class TransactionPool {
 public:
  explicit TransactionPool(PoolOptions options = {});

  // --- Submission (author_submitExtrinsic, gossip) ---

  // The cheap check before spending a runtime call: kTemporarilyBanned or kAlreadyImported.
  Result<void, PoolError> check_known(const TransactionHash& hash, uint64_t now_ms) const;
  Result<Submitted, PoolError> submit(Submission submission, uint64_t now_ms);

  // --- Block authoring ---

  // The ready transactions for the next block, in order; see ReadyIterator.
  ReadyIterator ready() const { return base_.ready().iterate(); }

  // --- Chain maintenance ---

  KnownTags known_provides(std::span<const TransactionHash> included) const;
  // A block became best: bans its transactions (`included`), removes the transactions providing
  // `tags` (what the block's transactions provide), promotes what waited for them, removes
  // transactions past their longevity (clear_stale) and queues the ready ones for revalidation.
  // Returns the transactions removed without being in the block (they preceded an included
  // one): the node validates them at the new block and submits them again.
  std::vector<TransactionPtr> prune_tags(block::BlockNumber number, std::span<const Tag> tags,
                                         std::span<const TransactionHash> included,
                                         uint64_t now_ms);
  // Removes (invalid, banned) the transactions whose valid_till <= number and forgets expired
  // bans (validated_pool.rs clear_stale).
  void clear_stale(block::BlockNumber number, uint64_t now_ms);

  // Up to `max` ready transactions to validate again at the best block, those waiting longest
  // first. Substrate validates max(20, queued / 4) every 200 ms.
  std::vector<TransactionPtr> revalidation_batch(size_t max);
  size_t revalidation_pending() const { return revalidation_queue_.size(); }
  // Invalid: removed with their dependents, banned, status invalid. Unknown: kept. Valid: the
  // new validity replaces the old (dependents are re-queued, which may move them to future).
  void apply_revalidation(block::BlockNumber at, std::span<const Revalidation> results,
                          uint64_t now_ms);

  // --- Status (watchers) ---

  void watch(const TransactionHash& hash) { watchers_.watch(hash); }
  void unwatch(const TransactionHash& hash) { watchers_.unwatch(hash); }
  void on_broadcasted(const TransactionHash& hash, std::vector<std::string> peers);
  void on_block_included(const block::BlockHash& block,
                         std::span<const IncludedTransaction> included) {
    watchers_.on_block_included(block, included);
  }
  // A transaction of the block that is in the pool again (it was in two blocks) also gets its
  // current status after retracted, so that a subscriber's last event says where it is.
  void on_block_retracted(const block::BlockHash& block);
  void on_block_finalized(const block::BlockHash& block) { watchers_.on_block_finalized(block); }
  // Status events of watched transactions since the last call.
  std::vector<PoolEvent> take_events() { return watchers_.take_events(); }
  // Hashes that entered the ready queue since the last call, watched or not: the node wakes the
  // author and announces the propagable ones (validated_pool.rs import_notification_stream).
  // Bounded by the ready limit; the oldest are forgotten first. A hash may have left the pool
  // since: look it up with get().
  std::vector<TransactionHash> take_new_ready();

  // --- Queries and removal ---

  PoolStatus status() const { return base_.status(); }
  bool contains(const TransactionHash& hash) const { return base_.contains(hash); }
  TransactionPtr get(const TransactionHash& hash) const { return base_.get(hash); }
  // Everything in the pool, ready ones first in block order, then the future queue oldest first
  // (author_pendingExtrinsics).
  std::vector<TransactionPtr> pending() const;
  // author_removeExtrinsic: removes and bans the transactions (status invalid); the ready
  // transactions that depended on them go back to the future queue. Returns the removed hashes.
  std::vector<TransactionHash> remove(std::span<const TransactionHash> hashes, uint64_t now_ms);
  bool is_banned(const TransactionHash& hash, uint64_t now_ms) const {
    return bans_.is_banned(hash, now_ms);
  }
  size_t watched_count() const { return watchers_.watched_count(); }
  size_t blocks_awaiting_finality() const { return watchers_.blocks_awaiting_finality(); }

 private:
  Result<Submitted, PoolError> reject(const TransactionHash& hash, bool was_watched,
                                      PoolError error);
  void fire_import_events(const TransactionHash& hash, const ImportOutcome& outcome);
  void fire_side_effects(const ImportOutcome& outcome);
  void note_ready(const TransactionHash& hash);
  HashSet enforce_limits(uint64_t now_ms);
  void remove_invalid(std::vector<TransactionHash> hashes, uint64_t now_ms);
  void reimport(std::vector<RemovedTransaction> transactions);
  void schedule_revalidation();

  PoolOptions options_;
  BasePool base_;
  BanList bans_;
  Watchers watchers_;
  std::deque<TransactionHash> revalidation_queue_;
  HashSet revalidation_members_;
  std::deque<TransactionHash> new_ready_;
};

}  // namespace canary::txpool
