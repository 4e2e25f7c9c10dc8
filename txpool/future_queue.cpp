#include "txpool/future_queue.hpp"

#include <algorithm>

namespace canary::txpool {

void FutureQueue::import(TransactionPtr tx, TagSet missing_tags) {
  const TransactionHash hash = tx->hash;
  if (waiting_.contains(hash)) return;
  for (const Tag& tag : missing_tags) wanted_tags_[tag].push_back(hash);
  WaitingTransaction waiting{std::move(tx), std::move(missing_tags), ++next_seq_};
  bytes_ += waiting.tx->size();
  by_age_.emplace(waiting.imported_seq, hash);
  waiting_.emplace(hash, std::move(waiting));
}

TransactionPtr FutureQueue::get(const TransactionHash& hash) const {
  auto it = waiting_.find(hash);
  return it == waiting_.end() ? nullptr : it->second.tx;
}

std::vector<WaitingTransaction> FutureQueue::satisfy_tags(std::span<const Tag> tags) {
  std::vector<WaitingTransaction> became_ready;
  for (const Tag& tag : tags) {
    auto wanted = wanted_tags_.find(tag);
    if (wanted == wanted_tags_.end()) continue;
    std::vector<TransactionHash> waiters = std::move(wanted->second);
    wanted_tags_.erase(wanted);
    for (const TransactionHash& hash : waiters) {
      auto it = waiting_.find(hash);
      if (it == waiting_.end()) continue;
      it->second.missing_tags.erase(tag);
      if (!it->second.missing_tags.empty()) continue;
      by_age_.erase(it->second.imported_seq);
      bytes_ -= it->second.tx->size();
      became_ready.push_back(std::move(it->second));
      waiting_.erase(it);
    }
  }
  return became_ready;
}

std::vector<TransactionPtr> FutureQueue::remove(std::span<const TransactionHash> hashes) {
  std::vector<TransactionPtr> removed;
  for (const TransactionHash& hash : hashes) {
    auto it = waiting_.find(hash);
    if (it == waiting_.end()) continue;
    for (const Tag& tag : it->second.missing_tags) {
      auto wanted = wanted_tags_.find(tag);
      if (wanted == wanted_tags_.end()) continue;
      auto& list = wanted->second;
      list.erase(std::remove(list.begin(), list.end(), hash), list.end());
      if (list.empty()) wanted_tags_.erase(wanted);
    }
    by_age_.erase(it->second.imported_seq);
    bytes_ -= it->second.tx->size();
    removed.push_back(std::move(it->second.tx));
    waiting_.erase(it);
  }
  return removed;
}

// Once per block and the queue is small (a tenth of the ready queue), so a scan of the waiting
// transactions' provided tags is cheaper than keeping a second tag index up to date.
std::vector<TransactionPtr> FutureQueue::prune_tags(std::span<const Tag> tags) {
  if (tags.empty() || waiting_.empty()) return {};
  const TagSet pruned(tags.begin(), tags.end());
  std::vector<TransactionHash> conflicting;
  for (const auto& [seq, hash] : by_age_) {
    auto it = waiting_.find(hash);
    if (it == waiting_.end()) continue;
    const auto& provides = it->second.tx->provides_tags;
    if (std::any_of(provides.begin(), provides.end(),
                    [&](const Tag& tag) { return pruned.contains(tag); }))
      conflicting.push_back(hash);
  }
  return remove(conflicting);
}

std::optional<TransactionHash> FutureQueue::oldest() const {
  if (by_age_.empty()) return std::nullopt;
  return by_age_.begin()->second;
}

}  // namespace canary::txpool
