#include "txpool/base_pool.hpp"

#include <algorithm>

namespace canary::txpool {

TransactionPtr BasePool::get(const TransactionHash& hash) const {
  if (TransactionPtr tx = ready_.get(hash)) return tx;
  return future_.get(hash);
}

ImportOutcome BasePool::import(TransactionPtr tx) {
  if (contains(tx->hash)) {
    ImportOutcome outcome;
    outcome.error = make_pool_error(PoolErrorKind::kAlreadyImported);
    return outcome;
  }
  return place(std::move(tx));
}

bool BasePool::recently_pruned(const Tag& tag) const {
  return std::any_of(recently_pruned_.begin(), recently_pruned_.end(),
                     [&](const TagSet& set) { return set.contains(tag); });
}

TagSet BasePool::missing_tags(const Transaction& tx) const {
  TagSet missing;
  for (const Tag& tag : tx.requires_tags)
    if (ready_.provider_of(tag) == nullptr && !recently_pruned(tag)) missing.insert(tag);
  return missing;
}

TransactionHash BasePool::conflicting_provider(const Transaction& tx) const {
  for (const Tag& tag : tx.provides_tags)
    if (const TransactionHash* provider = ready_.provider_of(tag)) return *provider;
  return {};
}

// base_pool.rs import_to_ready, with two differences. A transaction enters the ready queue
// before the future transactions it unlocks are taken out of the future queue, so a failed
// first import leaves them waiting (Substrate loses them). And every transaction's requirements
// are checked again when it is taken from the future queue: a tag that was provided when it was
// queued may have gone since, and it then waits again instead of being counted as on chain.
ImportOutcome BasePool::place(TransactionPtr first) {
  ImportOutcome outcome;
  const TransactionHash first_hash = first->hash;
  std::vector<TransactionPtr> stack{std::move(first)};
  bool is_first = true;
  while (!stack.empty()) {
    TransactionPtr current = std::move(stack.back());
    stack.pop_back();
    const bool current_is_first = is_first;
    is_first = false;

    TagSet missing = missing_tags(*current);
    if (!missing.empty()) {
      future_.import(std::move(current), std::move(missing));
      if (current_is_first) return outcome;  // ready == false
      continue;
    }

    auto replaced = ready_.import(current);
    if (!replaced) {
      if (current_is_first) {
        outcome.error = replaced.error();
        return outcome;
      }
      if (replaced.error().kind == PoolErrorKind::kTooLowPriority) {
        outcome.usurped.push_back({current, conflicting_provider(*current)});
      } else {
        outcome.failed.push_back(current->hash);
      }
      continue;
    }
    if (!current_is_first) outcome.promoted.push_back(current->hash);
    for (TransactionPtr& old : *replaced) {
      std::erase(outcome.promoted, old->hash);
      outcome.usurped.push_back({std::move(old), current->hash});
    }
    for (WaitingTransaction& unlocked : future_.satisfy_tags(current->provides_tags))
      stack.push_back(std::move(unlocked.tx));
  }

  // A promoted transaction pushed out the one being imported: they form a cycle that cannot be
  // resolved, so undo the promotions (base_pool.rs: Error::CycleDetected).
  auto first_replaced = std::find_if(outcome.usurped.begin(), outcome.usurped.end(),
                                     [&](const Usurpation& u) { return u.tx->hash == first_hash; });
  if (first_replaced != outcome.usurped.end()) {
    outcome.error = make_pool_error(PoolErrorKind::kCycleDetected);
    outcome.dropped = ready_.remove_subtree(outcome.promoted);
    for (Usurpation& u : outcome.usurped)
      if (u.tx->hash != first_hash) outcome.dropped.push_back(std::move(u.tx));
    outcome.usurped.clear();
    outcome.promoted.clear();
    return outcome;
  }
  outcome.ready = true;
  return outcome;
}

PruneResult BasePool::prune_tags(std::span<const Tag> tags) {
  PruneResult result;
  TagSet& pruned_now = recently_pruned_[recently_pruned_index_];
  recently_pruned_index_ = (recently_pruned_index_ + 1) % recently_pruned_.size();
  pruned_now.clear();

  result.conflicting = future_.prune_tags(tags);
  std::vector<TransactionPtr> unlocked;
  for (const Tag& tag : tags) {
    for (WaitingTransaction& w : future_.satisfy_tags({&tag, 1}))
      unlocked.push_back(std::move(w.tx));
  }
  ReadyQueue::PruneResult pruned = ready_.prune_tags(tags);
  result.pruned = std::move(pruned.pruned);
  pruned_now.insert(tags.begin(), tags.end());

  for (TransactionPtr& tx : unlocked) {
    const TransactionHash hash = tx->hash;
    result.promotions.emplace_back(hash, place(std::move(tx)));
  }
  for (TransactionPtr& tx : pruned.displaced) {
    const TransactionHash hash = tx->hash;
    result.displaced.emplace_back(hash, place(std::move(tx)));
  }
  return result;
}

std::vector<RemovedTransaction> BasePool::remove_subtree(std::span<const TransactionHash> hashes) {
  std::vector<RemovedTransaction> removed;
  for (TransactionPtr& tx : ready_.remove_subtree(hashes)) removed.push_back({std::move(tx), true});
  for (TransactionPtr& tx : future_.remove(hashes)) removed.push_back({std::move(tx), false});
  return removed;
}

std::vector<TransactionPtr> BasePool::enforce_limits(const Limit& ready_limit,
                                                     const Limit& future_limit) {
  std::vector<TransactionPtr> removed;
  while (ready_limit.is_exceeded(ready_.size(), ready_.bytes())) {
    std::optional<TransactionHash> worst = ready_.worst();
    if (!worst) break;
    for (TransactionPtr& tx : ready_.remove_subtree({&*worst, 1})) removed.push_back(std::move(tx));
  }
  while (future_limit.is_exceeded(future_.size(), future_.bytes())) {
    std::optional<TransactionHash> oldest = future_.oldest();
    if (!oldest) break;
    for (TransactionPtr& tx : future_.remove({&*oldest, 1})) removed.push_back(std::move(tx));
  }
  return removed;
}

}  // namespace canary::txpool
