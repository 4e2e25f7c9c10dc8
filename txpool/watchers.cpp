#include "txpool/watchers.hpp"

namespace canary::txpool {

void Watchers::watch(const TransactionHash& hash) {
  ++watched_[hash];
}

void Watchers::unwatch(const TransactionHash& hash) {
  auto it = watched_.find(hash);
  if (it == watched_.end()) return;
  if (--it->second == 0) watched_.erase(it);
}

void Watchers::emit(const TransactionHash& hash, TransactionStatus status) {
  auto it = watched_.find(hash);
  if (it == watched_.end()) return;
  const bool final = is_final(status);
  events_.push_back({hash, std::move(status)});
  if (final) watched_.erase(it);
}

void Watchers::on_block_included(const Hash256& block,
                                 std::span<const IncludedTransaction> included) {
  std::vector<IncludedTransaction> watched;
  for (const IncludedTransaction& tx : included) {
    if (!is_watched(tx.hash)) continue;
    watched.push_back(tx);
    ++in_blocks_[tx.hash];
    emit(tx.hash, status::InBlock{block, tx.index});
  }
  if (watched.empty()) return;

  auto [entry, inserted] = awaiting_finality_.try_emplace(block);
  if (inserted) {
    entry->second.seq = ++next_seq_;
    block_order_.emplace_back(block, entry->second.seq);
  }
  auto& list = entry->second.transactions;
  list.insert(list.end(), watched.begin(), watched.end());

  while (awaiting_finality_.size() > max_blocks_ && !block_order_.empty()) {
    auto [oldest, seq] = block_order_.front();
    block_order_.pop_front();
    auto it = awaiting_finality_.find(oldest);
    if (it == awaiting_finality_.end() || it->second.seq != seq) continue;
    std::vector<IncludedTransaction> timed_out = std::move(it->second.transactions);
    awaiting_finality_.erase(it);
    left_block(timed_out);
    for (const IncludedTransaction& tx : timed_out) emit(tx.hash, status::FinalityTimeout{oldest});
  }
}

std::vector<TransactionHash> Watchers::on_block_retracted(const Hash256& block) {
  auto it = awaiting_finality_.find(block);
  if (it == awaiting_finality_.end()) return {};
  std::vector<IncludedTransaction> retracted = std::move(it->second.transactions);
  awaiting_finality_.erase(it);
  left_block(retracted);
  compact_block_order();
  std::vector<TransactionHash> hashes;
  for (const IncludedTransaction& tx : retracted) {
    emit(tx.hash, status::Retracted{block});
    hashes.push_back(tx.hash);
  }
  return hashes;
}

void Watchers::on_block_finalized(const Hash256& block) {
  auto it = awaiting_finality_.find(block);
  if (it == awaiting_finality_.end()) return;
  std::vector<IncludedTransaction> finalized = std::move(it->second.transactions);
  awaiting_finality_.erase(it);
  left_block(finalized);
  compact_block_order();
  for (const IncludedTransaction& tx : finalized) emit(tx.hash, status::Finalized{block, tx.index});
}

void Watchers::left_block(const std::vector<IncludedTransaction>& transactions) {
  for (const IncludedTransaction& tx : transactions) {
    auto it = in_blocks_.find(tx.hash);
    if (it != in_blocks_.end() && --it->second == 0) in_blocks_.erase(it);
  }
}

// Finalized and retracted blocks leave their entry in block_order_; drop such entries from the
// front, and rebuild the deque when they pile up behind an old block still awaiting finality.
void Watchers::compact_block_order() {
  auto is_stale = [&](const std::pair<Hash256, uint64_t>& entry) {
    auto it = awaiting_finality_.find(entry.first);
    return it == awaiting_finality_.end() || it->second.seq != entry.second;
  };
  while (!block_order_.empty() && is_stale(block_order_.front())) block_order_.pop_front();
  if (block_order_.size() > 2 * awaiting_finality_.size() + 16)
    std::erase_if(block_order_, is_stale);
}

std::vector<PoolEvent> Watchers::take_events() {
  std::vector<PoolEvent> out;
  out.swap(events_);
  return out;
}

}  // namespace canary::txpool
