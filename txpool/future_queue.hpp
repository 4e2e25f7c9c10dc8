// The future queue: valid transactions that require tags nobody provides yet (polkadot-sdk
// substrate/client/transaction-pool/src/graph/future.rs). Indexed by the tags they wait for, so a
// newly provided tag finds its waiters without a scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "txpool/transaction.hpp"

namespace canary::txpool {

struct WaitingTransaction {
  TransactionPtr tx;
  TagSet missing_tags;        // required tags neither the ready queue nor the chain provided
  uint64_t imported_seq = 0;  // import order: the oldest is dropped first over the limits
};

class FutureQueue {
 public:
  // `missing_tags` must not be empty and the hash must not be in the queue.
  void import(TransactionPtr tx, TagSet missing_tags);

  bool contains(const TransactionHash& hash) const { return waiting_.contains(hash); }
  TransactionPtr get(const TransactionHash& hash) const;

  // The tags are now provided: returns (and removes) the transactions that wait for nothing
  // else any more, in the order they were imported per tag.
  std::vector<WaitingTransaction> satisfy_tags(std::span<const Tag> tags);

  // Removes the given transactions (not their dependents: they only wait for tags).
  std::vector<TransactionPtr> remove(std::span<const TransactionHash> hashes);

  // Removes the transactions providing any of `tags`: those tags are now on chain, so these
  // conflict with what was included (future.rs prune_tags).
  std::vector<TransactionPtr> prune_tags(std::span<const Tag> tags);

  // The longest waiting transaction: dropped first when over the limits.
  std::optional<TransactionHash> oldest() const;

  size_t size() const { return waiting_.size(); }
  size_t bytes() const { return bytes_; }

  // In import order.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [seq, hash] : by_age_) {
      auto it = waiting_.find(hash);
      if (it != waiting_.end()) f(it->second);
    }
  }

 private:
  HashMap<WaitingTransaction> waiting_;
  // Waiters per missing tag, in import order (usually one: the next nonce of one account).
  TagMap<std::vector<TransactionHash>> wanted_tags_;
  std::map<uint64_t, TransactionHash> by_age_;
  uint64_t next_seq_ = 0;
  size_t bytes_ = 0;
};

}  // namespace canary::txpool
