#include "txpool/ready_queue.hpp"

#include <algorithm>

namespace canary::txpool {

namespace {

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

}  // namespace

Result<std::vector<TransactionPtr>, PoolError> ReadyQueue::import(const TransactionPtr& tx) {
  const TransactionHash hash = tx->hash;
  if (ready_.contains(hash)) return unexpected(make_pool_error(PoolErrorKind::kAlreadyImported));

  // ready.rs replace_previous: the transactions currently providing any tag this one provides.
  std::vector<TransactionHash> replace;
  {
    HashSet seen;
    for (const Tag& tag : tx->provides_tags) {
      auto provider = provided_tags_.find(tag);
      if (provider != provided_tags_.end() && seen.insert(provider->second).second)
        replace.push_back(provider->second);
    }
  }

  std::vector<TransactionPtr> replaced;
  std::vector<TransactionHash> inherited_unlocks;
  if (!replace.empty()) {
    uint64_t old_priority = 0;
    for (const TransactionHash& h : replace) {
      auto entry = ready_.find(h);
      if (entry != ready_.end())
        old_priority = saturating_add(old_priority, entry->second.tx->priority);
    }
    if (old_priority >= tx->priority) {
      PoolError error = make_pool_error(PoolErrorKind::kTooLowPriority);
      error.old_priority = old_priority;
      error.new_priority = tx->priority;
      return unexpected(error);
    }
    // A transaction that requires a tag provided by what it replaces, or by anything depending
    // on that, depends on itself: the dependents are either removed with the replaced ones or
    // re-attached to it. Substrate would count a removed tag as satisfied on chain, or leave a
    // cycle no iterator ever reaches; refuse instead.
    const HashSet dependents = collect_dependents(replace);
    for (const Tag& tag : tx->requires_tags) {
      auto provider = provided_tags_.find(tag);
      if (provider != provided_tags_.end() && dependents.contains(provider->second))
        return unexpected(make_pool_error(PoolErrorKind::kCycleDetected));
    }
    const TagSet kept(tx->provides_tags.begin(), tx->provides_tags.end());
    for (const TransactionHash& h : replace) {
      auto entry = ready_.find(h);
      if (entry == ready_.end()) continue;
      const auto& unlocks = entry->second.unlocks;
      inherited_unlocks.insert(inherited_unlocks.end(), unlocks.begin(), unlocks.end());
    }
    replaced = remove_subtree_keeping(replace, &kept);
  }

  ReadyEntry entry;
  entry.tx = tx;
  entry.insertion_id = ++next_insertion_id_;
  bool goes_to_best = true;
  for (const Tag& tag : tx->requires_tags) {
    auto provider = provided_tags_.find(tag);
    auto provider_entry =
        provider == provided_tags_.end() ? ready_.end() : ready_.find(provider->second);
    if (provider_entry != ready_.end()) {
      provider_entry->second.unlocks.push_back(hash);
      goes_to_best = false;
    } else {
      ++entry.requires_offset;
    }
  }
  // The dependents of replaced transactions whose tags this one provides again now wait for it.
  for (const TransactionHash& h : inherited_unlocks)
    if (ready_.contains(h)) entry.unlocks.push_back(h);
  for (const Tag& tag : tx->provides_tags) provided_tags_[tag] = hash;

  if (goes_to_best) best_.emplace(entry.key(), hash);
  by_worth_.emplace(std::make_pair(tx->priority, entry.insertion_id), hash);
  bytes_ += tx->size();
  ready_.emplace(hash, std::move(entry));
  return replaced;
}

TransactionPtr ReadyQueue::get(const TransactionHash& hash) const {
  auto it = ready_.find(hash);
  return it == ready_.end() ? nullptr : it->second.tx;
}

const TransactionHash* ReadyQueue::provider_of(const Tag& tag) const {
  auto it = provided_tags_.find(tag);
  return it == provided_tags_.end() ? nullptr : &it->second;
}

std::vector<TransactionPtr> ReadyQueue::remove_subtree(std::span<const TransactionHash> roots) {
  return remove_subtree_keeping(std::vector<TransactionHash>(roots.begin(), roots.end()), nullptr);
}

HashSet ReadyQueue::collect_dependents(const std::vector<TransactionHash>& roots) const {
  HashSet found;
  std::vector<TransactionHash> stack = roots;
  while (!stack.empty()) {
    TransactionHash h = stack.back();
    stack.pop_back();
    auto it = ready_.find(h);
    if (it == ready_.end() || !found.insert(h).second) continue;
    stack.insert(stack.end(), it->second.unlocks.begin(), it->second.unlocks.end());
  }
  return found;
}

// ready.rs remove_subtree_with_tag_filter: a removed transaction takes its dependents with it
// unless every tag it provides is in `kept_tags` (the replacement provides them again).
std::vector<TransactionPtr> ReadyQueue::remove_subtree_keeping(std::vector<TransactionHash> roots,
                                                               const TagSet* kept_tags) {
  std::vector<TransactionPtr> removed;
  while (!roots.empty()) {
    TransactionHash h = roots.back();
    roots.pop_back();
    auto it = ready_.find(h);
    if (it == ready_.end()) continue;
    ReadyEntry entry = std::move(it->second);
    ready_.erase(it);
    erase_entry(entry);

    bool removed_some_tags = false;
    for (const Tag& tag : entry.tx->provides_tags) {
      if (kept_tags != nullptr && kept_tags->contains(tag)) continue;
      removed_some_tags = true;
      auto provider = provided_tags_.find(tag);
      if (provider != provided_tags_.end() && provider->second == h) provided_tags_.erase(provider);
    }
    for (const Tag& tag : entry.tx->requires_tags) {
      auto provider = provided_tags_.find(tag);
      if (provider == provided_tags_.end()) continue;
      auto provider_entry = ready_.find(provider->second);
      if (provider_entry != ready_.end()) remove_one(provider_entry->second.unlocks, h);
    }
    if (removed_some_tags) roots.insert(roots.end(), entry.unlocks.begin(), entry.unlocks.end());
    removed.push_back(std::move(entry.tx));
  }
  return removed;
}

ReadyQueue::PruneResult ReadyQueue::prune_tags(std::span<const Tag> tags) {
  PruneResult result;
  const TagSet pruned_tags(tags.begin(), tags.end());
  std::vector<TransactionHash> to_displace;
  for (const Tag& tag : tags) prune_tag(tag, pruned_tags, result, to_displace);
  // Displaced last: a transaction marked for it may itself have been pruned meanwhile.
  result.displaced = remove_subtree_keeping(std::move(to_displace), nullptr);
  return result;
}

void ReadyQueue::prune_tag(const Tag& tag, const TagSet& pruned_tags, PruneResult& result,
                           std::vector<TransactionHash>& to_displace) {
  std::vector<Tag> to_remove{tag};
  while (!to_remove.empty()) {
    Tag current = std::move(to_remove.back());
    to_remove.pop_back();
    auto provider = provided_tags_.find(current);
    if (provider == provided_tags_.end()) continue;
    const TransactionHash h = provider->second;
    provided_tags_.erase(provider);
    auto it = ready_.find(h);
    if (it == ready_.end()) continue;
    ReadyEntry entry = std::move(it->second);
    ready_.erase(it);
    erase_entry(entry);

    // What it depended on must be in the block too (or conflicts with it): prune the
    // predecessors that unlock nothing else. Substrate notes this can prune a transaction
    // whose other tag unlocks something not yet known; the caller revalidates pruned
    // transactions that were not in the block.
    for (const Tag& required : entry.tx->requires_tags) {
      auto previous = provided_tags_.find(required);
      if (previous == provided_tags_.end()) continue;
      auto previous_entry = ready_.find(previous->second);
      if (previous_entry == ready_.end()) continue;
      remove_one(previous_entry->second.unlocks, h);
      if (previous_entry->second.unlocks.empty()) {
        const auto& provided = previous_entry->second.tx->provides_tags;
        to_remove.insert(to_remove.end(), provided.begin(), provided.end());
      }
    }
    // Its dependents now find its tags on chain, if the block provided them all.
    for (const TransactionHash& unlocked : entry.unlocks) {
      auto dependent = ready_.find(unlocked);
      if (dependent == ready_.end()) continue;
      ReadyEntry& d = dependent->second;
      const auto& provides = entry.tx->provides_tags;
      const bool lost_a_tag =
          std::any_of(d.tx->requires_tags.begin(), d.tx->requires_tags.end(), [&](const Tag& r) {
            return !pruned_tags.contains(r) &&
                   std::find(provides.begin(), provides.end(), r) != provides.end();
          });
      if (lost_a_tag) {
        to_displace.push_back(unlocked);
        continue;
      }
      ++d.requires_offset;
      if (d.requires_offset >= d.tx->requires_tags.size()) best_.emplace(d.key(), unlocked);
    }
    for (const Tag& provided : entry.tx->provides_tags) {
      auto other = provided_tags_.find(provided);
      if (other != provided_tags_.end() && other->second == h) provided_tags_.erase(other);
    }
    result.pruned.push_back(std::move(entry.tx));
  }
}

ReadyIterator ReadyQueue::iterate() const {
  return ReadyIterator(ready_, best_);
}

std::optional<TransactionHash> ReadyQueue::worst() const {
  if (by_worth_.empty()) return std::nullopt;
  return by_worth_.begin()->second;
}

void ReadyQueue::erase_entry(const ReadyEntry& entry) {
  best_.erase(entry.key());
  by_worth_.erase(std::make_pair(entry.tx->priority, entry.insertion_id));
  bytes_ -= entry.tx->size();
}

void ReadyQueue::remove_one(std::vector<TransactionHash>& list, const TransactionHash& hash) {
  auto it = std::find(list.begin(), list.end(), hash);
  if (it == list.end()) return;
  *it = list.back();
  list.pop_back();
}

TransactionPtr ReadyIterator::next() {
  while (!best_.empty()) {
    auto first = best_.begin();
    const TransactionHash hash = first->second;
    best_.erase(first);
    if (invalid_.contains(hash)) continue;
    auto entry = all_.find(hash);
    if (entry == all_.end()) continue;

    for (const TransactionHash& unlocked : entry->second.unlocks) {
      auto dependent = all_.find(unlocked);
      if (dependent == all_.end()) continue;
      size_t satisfied;
      auto waiting = awaiting_.find(unlocked);
      if (waiting != awaiting_.end()) {
        satisfied = waiting->second + 1;
        awaiting_.erase(waiting);
      } else {
        satisfied = dependent->second.requires_offset + 1;
      }
      if (satisfied >= dependent->second.tx->requires_tags.size()) {
        best_.emplace(dependent->second.key(), unlocked);
      } else {
        awaiting_[unlocked] = satisfied;
      }
    }
    return entry->second.tx;
  }
  return nullptr;
}

void ReadyIterator::report_invalid(const TransactionHash& hash) {
  auto entry = all_.find(hash);
  if (entry == all_.end()) return;
  invalid_.insert(entry->second.unlocks.begin(), entry->second.unlocks.end());
}

}  // namespace canary::txpool
