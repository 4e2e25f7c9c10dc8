// The ready queue: transactions whose required tags are all provided, either by another ready
// transaction or on chain (polkadot-sdk substrate/client/transaction-pool/src/graph/ready.rs).
// It is a dependency graph: each transaction lists the ready transactions it unlocks, and `best`
// holds those with nothing left to wait for, best first. Every operation is keyed by hash or tag
// (hash maps) or by order (ordered maps): O(log n) per transaction touched, never a scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "primitives/util/result.hpp"
#include "txpool/pool_error.hpp"
#include "txpool/transaction.hpp"

namespace canary::txpool {

// The block author's order among transactions that are all available: higher priority first,
// then the one that expires sooner (smaller valid_till), then the one imported earlier
// (ready.rs `impl Ord for TransactionRef`).
struct BestKey {
  uint64_t priority = 0;
  uint64_t valid_till = 0;
  uint64_t insertion_id = 0;
};

struct BetterFirst {
  bool operator()(const BestKey& a, const BestKey& b) const {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.valid_till != b.valid_till) return a.valid_till < b.valid_till;
    return a.insertion_id < b.insertion_id;
  }
};

using BestSet = std::map<BestKey, TransactionHash, BetterFirst>;

struct ReadyEntry {
  TransactionPtr tx;
  uint64_t insertion_id = 0;
  // Ready transactions that require a tag this one provides, once per such requirement (so a
  // transaction that needs two of our tags is listed twice; the iterator counts requirements).
  std::vector<TransactionHash> unlocks;
  // How many of tx->requires_tags no ready transaction provides: satisfied on chain. Invariant:
  // requires_offset + (entries naming this transaction in other transactions' unlocks)
  //   == tx->requires_tags.size().
  size_t requires_offset = 0;

  BestKey key() const { return {tx->priority, tx->valid_till, insertion_id}; }
};

class ReadyIterator;

class ReadyQueue {
 public:
  // Adds a transaction whose requirements are all met (by this queue or on chain: the caller
  // checks). If it provides a tag another ready transaction provides, it replaces that one (and
  // the transactions that depended on tags it does not provide again) only when its priority is
  // higher than their summed priority; the replaced transactions are returned. Errors:
  // kTooLowPriority, or kCycleDetected when the transaction depends on one it would replace.
  // On error nothing changed.
  Result<std::vector<TransactionPtr>, PoolError> import(const TransactionPtr& tx);

  bool contains(const TransactionHash& hash) const { return ready_.contains(hash); }
  TransactionPtr get(const TransactionHash& hash) const;
  // The ready transaction providing `tag`, if any.
  const TransactionHash* provider_of(const Tag& tag) const;

  // Removes the given transactions and every ready transaction that (transitively) depends on
  // them. Returns what was removed. Unknown hashes are ignored.
  std::vector<TransactionPtr> remove_subtree(std::span<const TransactionHash> roots);

  struct PruneResult {
    std::vector<TransactionPtr> pruned;
    // Dependents of pruned transactions that required one of their tags which is not among the
    // pruned ones (a transaction pruned for one tag need not have been in the block, so its
    // other tags are not on chain), with their own dependents: the caller places them again.
    std::vector<TransactionPtr> displaced;
  };

  // The tags are on chain now: removes the transactions providing them and the ready
  // transactions they depended on that unlock nothing else (they must have been included too, or
  // conflict), and lets their dependents count the tags as on chain (ready.rs prune_tags).
  PruneResult prune_tags(std::span<const Tag> tags);

  // A snapshot for the block author, in dependency-respecting best order.
  ReadyIterator iterate() const;

  // The transaction to drop first when over the limits: lowest priority, then the oldest
  // (base_pool.rs enforce_limits: newer transactions are preferred when priorities tie).
  std::optional<TransactionHash> worst() const;

  size_t size() const { return ready_.size(); }
  size_t bytes() const { return bytes_; }
  // Transactions that need no other ready transaction first.
  size_t best_count() const { return best_.size(); }

  template <class F>
  void for_each(F&& f) const {
    for (const auto& [hash, entry] : ready_) f(entry);
  }

 private:
  // The roots and every ready transaction depending on them, transitively.
  HashSet collect_dependents(const std::vector<TransactionHash>& roots) const;
  std::vector<TransactionPtr> remove_subtree_keeping(std::vector<TransactionHash> roots,
                                                     const TagSet* kept_tags);
  void prune_tag(const Tag& tag, const TagSet& pruned_tags, PruneResult& result,
                 std::vector<TransactionHash>& to_displace);
  void erase_entry(const ReadyEntry& entry);
  static void remove_one(std::vector<TransactionHash>& list, const TransactionHash& hash);

  uint64_t next_insertion_id_ = 0;
  TagMap<TransactionHash> provided_tags_;
  HashMap<ReadyEntry> ready_;
  BestSet best_;
  // (priority, insertion_id) ascending: begin() is the worst.
  std::map<std::pair<uint64_t, uint64_t>, TransactionHash> by_worth_;
  size_t bytes_ = 0;
};

// The block author's view of the ready queue (ready.rs BestIterator): yields a transaction only
// after every ready transaction it depends on, best first among the available ones. A snapshot:
// later pool changes do not affect it. When the author cannot apply a yielded transaction it
// calls report_invalid right away, and everything depending on it is skipped.
class ReadyIterator {
 public:
  ReadyIterator() = default;
  ReadyIterator(HashMap<ReadyEntry> all, BestSet best)
      : all_(std::move(all)), best_(std::move(best)) {}

  // The next transaction, or nullptr when there are no more.
  TransactionPtr next();
  void report_invalid(const TransactionHash& hash);

 private:
  HashMap<ReadyEntry> all_;
  BestSet best_;
  HashMap<size_t> awaiting_;  // requirements satisfied so far, for partially unlocked ones
  HashSet invalid_;
};

}  // namespace canary::txpool
