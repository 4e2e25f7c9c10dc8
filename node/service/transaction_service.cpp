#include "node/service/transaction_service.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "blockchain/block_state.hpp"
#include "primitives/block/block.hpp"

namespace canary::node {

using blockchain::BlockchainError;
using blockchain::BlockRef;

// The pool keeps transactions as submitted and as the network and RPC see them (opaque
// extrinsics, length-prefixed); blocks and the runtime API layer take the bytes inside.

namespace {

// sc-transaction-pool's SKIP_MAINTENANCE_THRESHOLD (enactment_state.rs): when the best block has
// moved further than this since the pool last caught up (a node syncing), the blocks in between
// are not gone through one by one. Each would cost a validation of every transaction in it that
// the pool does not know, which during a sync is all of them, and more than its import.
constexpr block::BlockNumber kSkipMaintenanceThreshold = 20;

// A block's extrinsics as the pool keeps them (length-prefixed); none when the chain does not
// have the body (a block not stored, or deleted with its fork).
std::optional<std::vector<Bytes>> pool_encoded_body(const blockchain::Chain& chain,
                                                    const block::BlockHash& hash) {
  auto body = chain.body(hash);
  if (!body || !*body) return std::nullopt;
  std::optional<std::vector<Bytes>> extrinsics = std::move(*body);
  for (Bytes& e : *extrinsics) e = block::encode_opaque_extrinsic(e);
  return extrinsics;
}

}  // namespace

TransactionService::TransactionService(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                                       txpool::PoolOptions options, Clock now)
    : chain_(chain), host_(host), now_(std::move(now)), pool_(options) {
  handled_best_number_ = chain_.best().number;
  chain_.add_observer(this);
}

TransactionService::~TransactionService() {
  chain_.remove_observer(this);
}

Result<runtime::TransactionValidity, BlockchainError> TransactionService::validate(
    const block::BlockHash& at, runtime::TransactionSource source, ByteSpan encoded) {
  auto body = block::opaque_extrinsic_bytes(encoded);
  if (!body) {
    // Not even an opaque extrinsic: nothing any runtime could accept.
    return runtime::TransactionValidity(unexpected(runtime::TransactionValidityError(
        runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0})));
  }
  const ByteSpan extrinsic = *body;
  CANARY_TRY_ASSIGN(auto state, blockchain::BlockState::at(chain_, at));
  return state.with_runtime(host_, [&](executor::RuntimeApi& api) {
    return api.validate_transaction(source, extrinsic, at);
  });
}

Result<txpool::TransactionHash, SubmitError> TransactionService::submit(
    Bytes extrinsic, runtime::TransactionSource source, StatusListener listener) {
  const txpool::TransactionHash hash = txpool::transaction_hash(extrinsic);
  {
    MutexLock lock(pool_mutex_);
    auto known = pool_.check_known(hash, now_());
    if (!known) return unexpected(SubmitError{known.error()});
  }
  const BlockRef best = chain_.best();
  auto validity = validate(best.hash, source, extrinsic);
  if (!validity) return unexpected(SubmitError{std::move(validity).error()});
  // Read under the lock: another submission of the same transaction may be adding or removing
  // its listener concurrently.
  bool watched = false;
  {
    MutexLock lock(listeners_mutex_);
    if (listener) listeners_[hash] = std::move(listener);
    watched = listeners_.contains(hash);
  }
  txpool::Submission submission;
  submission.extrinsic = std::move(extrinsic);
  submission.validity = std::move(*validity);
  submission.validated_at = best.number;
  submission.source = source;
  submission.hash = hash;
  submission.watch = watched;
  Result<txpool::Submitted, txpool::PoolError> submitted = [&] {
    MutexLock lock(pool_mutex_);
    return pool_.submit(std::move(submission), now_());
  }();
  deliver_events();
  if (!submitted) {
    MutexLock lock(listeners_mutex_);
    listeners_.erase(hash);
    return unexpected(SubmitError{submitted.error()});
  }
  return hash;
}

std::vector<txpool::TransactionPtr> TransactionService::pending() const {
  MutexLock lock(pool_mutex_);
  return pool_.pending();
}

void TransactionService::broadcasted(const txpool::TransactionHash& hash,
                                     std::vector<std::string> peers) {
  {
    MutexLock lock(pool_mutex_);
    pool_.on_broadcasted(hash, std::move(peers));
  }
  deliver_events();
}

std::vector<txpool::TransactionHash> TransactionService::remove(
    std::span<const txpool::TransactionHash> hashes) {
  std::vector<txpool::TransactionHash> removed;
  {
    MutexLock lock(pool_mutex_);
    removed = pool_.remove(hashes, now_());
  }
  deliver_events();
  return removed;
}

std::optional<uint32_t> TransactionService::next_nonce(const Hash256& account,
                                                       uint32_t state_nonce) const {
  std::vector<txpool::TransactionPtr> all;
  {
    MutexLock lock(pool_mutex_);
    all = pool_.pending();
  }
  auto tag_of = [&](uint32_t nonce) { return scale::encode(std::make_pair(account, nonce)); };
  std::unordered_set<Bytes, txpool::TagHasher> provided;
  for (const auto& tx : all) {
    for (const Bytes& tag : tx->provides_tags) provided.insert(tag);
  }
  uint32_t next = state_nonce;
  while (next != UINT32_MAX && provided.contains(tag_of(next))) ++next;
  if (next == state_nonce) return std::nullopt;
  return next;
}

txpool::PoolStatus TransactionService::status() const {
  MutexLock lock(pool_mutex_);
  return pool_.status();
}

size_t TransactionService::fill_block(blockchain::BlockBuilder& builder,
                                      std::chrono::steady_clock::time_point deadline) {
  txpool::ReadyIterator ready;
  {
    MutexLock lock(pool_mutex_);
    ready = pool_.ready();
  }
  size_t applied = 0;
  size_t skipped_full = 0;
  std::vector<txpool::TransactionHash> invalid;
  // At least one transaction is tried even when the proposal started past its deadline (a slot
  // worker woken late on a loaded machine): otherwise such a node authors empty blocks while its
  // pool waits, and a transaction may never be included.
  bool tried = false;
  while (!tried || std::chrono::steady_clock::now() < deadline) {
    tried = true;
    txpool::TransactionPtr tx = ready.next();
    if (!tx) break;
    auto body = block::opaque_extrinsic_bytes(tx->extrinsic);
    if (!body) {
      ready.report_invalid(tx->hash);
      invalid.push_back(tx->hash);
      continue;
    }
    auto outcome = builder.push(*body);
    if (!outcome) {
      // The runtime trapped on it: never try it again.
      ready.report_invalid(tx->hash);
      invalid.push_back(tx->hash);
      continue;
    }
    switch (*outcome) {
      case blockchain::PushOutcome::kApplied:
        ++applied;
        break;
      case blockchain::PushOutcome::kInvalid:
        ready.report_invalid(tx->hash);
        invalid.push_back(tx->hash);
        break;
      case blockchain::PushOutcome::kExhaustsResources:
        // sc-basic-authorship: skip it (it may fit a later block) and give up after a few in
        // a row, the block being as good as full.
        ready.report_invalid(tx->hash);
        if (++skipped_full >= 8) deadline = std::chrono::steady_clock::now();
        break;
    }
  }
  if (!invalid.empty()) remove(invalid);
  return applied;
}

void TransactionService::on_best_block_changed(const BlockRef& best,
                                               const std::optional<blockchain::TreeRoute>& reorg) {
  MutexLock lock(pending_mutex_);
  best_changes_.push_back(BestChange{best, reorg});
}

void TransactionService::on_finalized(const blockchain::FinalityNotice& notice) {
  MutexLock lock(pending_mutex_);
  for (const BlockRef& b : notice.newly_finalized) finalized_.push_back(b);
}

void TransactionService::maintain() {
  MutexLock maintaining(maintain_mutex_);
  std::deque<BestChange> changes;
  std::deque<BlockRef> finalized;
  {
    MutexLock lock(pending_mutex_);
    changes.swap(best_changes_);
    finalized.swap(finalized_);
  }
  const bool skip = !changes.empty() &&
                    changes.back().best.number > handled_best_number_ + kSkipMaintenanceThreshold;
  for (const BestChange& change : changes) {
    if (!skip) handle_new_best(change.best, change.reorg);
    handled_best_number_ = change.best.number;
  }
  // At the last best block handled, not the chain's best: a block imported since then may include
  // ready transactions the pool has not yet seen go in, and they would fail there as stale (the
  // watcher's Invalid where InBlock was due).
  if (!changes.empty()) revalidate(changes.back().best);
  for (const BlockRef& b : finalized) finalized_waiting_.push_back(b);
  if (!finalized.empty()) {
    // Finality passed them: never retracted now (a fork below the finalized block is gone).
    block::BlockNumber newest = 0;
    for (const BlockRef& b : finalized) newest = std::max(newest, b.number);
    std::erase_if(included_from_pool_,
                  [newest](const auto& e) { return e.second.number <= newest; });
  }
  {
    MutexLock lock(pool_mutex_);
    // Finalized blocks are on the best chain: once the handled best block reaches them, their
    // inclusion has been seen.
    while (!finalized_waiting_.empty() &&
           finalized_waiting_.front().number <= handled_best_number_) {
      pool_.on_block_finalized(finalized_waiting_.front().hash);
      finalized_waiting_.pop_front();
    }
  }
  deliver_events();
}

void TransactionService::handle_new_best(const BlockRef& best,
                                         const std::optional<blockchain::TreeRoute>& reorg) {
  std::vector<BlockRef> enacted = reorg ? reorg->enacted : std::vector<BlockRef>{best};
  std::vector<Bytes> retracted_transactions;
  if (reorg) {
    for (const BlockRef& r : reorg->retracted) {
      {
        MutexLock lock(pool_mutex_);
        pool_.on_block_retracted(r.hash);
      }
      for (Bytes& e : retracted_extrinsics(r)) retracted_transactions.push_back(std::move(e));
    }
  }
  txpool::HashSet enacted_hashes;
  for (const BlockRef& block : enacted) {
    auto body = pool_encoded_body(chain_, block.hash);
    auto header = chain_.header(block.hash);
    if (!body || !header || !*header) continue;
    std::vector<txpool::TransactionHash> hashes;
    std::vector<txpool::IncludedTransaction> included;
    // Where each transaction is in the block: a full block of other authors' transactions is all
    // unknown to the pool, and each is looked up below.
    txpool::HashMap<size_t> index_of;
    for (size_t i = 0; i < body->size(); ++i) {
      hashes.push_back(txpool::transaction_hash((*body)[i]));
      included.push_back(txpool::IncludedTransaction{hashes.back(), static_cast<uint32_t>(i)});
      index_of.emplace(hashes.back(), i);
    }
    enacted_hashes.insert(hashes.begin(), hashes.end());
    txpool::KnownTags known;
    {
      MutexLock lock(pool_mutex_);
      known = pool_.known_provides(hashes);
    }
    // Transactions we never saw (other authors', inherents): their tags from the parent state.
    std::vector<bool> from_pool(hashes.size(), true);
    for (const txpool::TransactionHash& unknown : known.unknown) {
      auto at = index_of.find(unknown);
      if (at == index_of.end()) continue;
      const size_t index = at->second;
      from_pool[index] = false;
      const Bytes& extrinsic = (*body)[index];
      auto validity =
          validate((*header)->parent_hash, runtime::TransactionSource::kInBlock, extrinsic);
      if (validity && *validity) {
        for (const Bytes& tag : (*validity)->provides_tags) known.tags.push_back(tag);
      }
    }
    IncludedFromPool ours{block.number, {}};
    for (size_t i = 0; i < hashes.size(); ++i) {
      if (from_pool[i]) ours.extrinsics.push_back((*body)[i]);
    }
    if (!ours.extrinsics.empty()) included_from_pool_[block.hash] = std::move(ours);
    std::vector<txpool::TransactionPtr> to_resubmit;
    {
      MutexLock lock(pool_mutex_);
      to_resubmit = pool_.prune_tags(block.number, known.tags, hashes, now_());
      pool_.on_block_included(block.hash, included);
    }
    std::vector<Bytes> again;
    again.reserve(to_resubmit.size());
    for (const auto& tx : to_resubmit) again.push_back(tx->extrinsic);
    resubmit(block, std::move(again), false);
  }
  // What the retracted blocks had and the new chain does not: back into the pool.
  std::vector<Bytes> back;
  for (Bytes& e : retracted_transactions) {
    if (!enacted_hashes.contains(txpool::transaction_hash(e))) {
      back.push_back(std::move(e));
    }
  }
  resubmit(best, std::move(back), true);
}

std::vector<Bytes> TransactionService::retracted_extrinsics(const BlockRef& block) {
  auto kept = included_from_pool_.extract(block.hash);
  if (auto body = pool_encoded_body(chain_, block.hash)) return std::move(*body);
  if (kept.empty()) return {};
  return std::move(kept.mapped().extrinsics);
}

void TransactionService::resubmit(const BlockRef& at, std::vector<Bytes> extrinsics,
                                  bool ignore_ban) {
  for (Bytes& extrinsic : extrinsics) {
    auto validity = validate(at.hash, runtime::TransactionSource::kExternal, extrinsic);
    if (!validity) continue;
    txpool::Submission submission;
    submission.extrinsic = std::move(extrinsic);
    submission.validity = std::move(*validity);
    submission.validated_at = at.number;
    submission.ignore_ban = ignore_ban;
    MutexLock lock(pool_mutex_);
    (void)pool_.submit(std::move(submission), now_());
  }
}

void TransactionService::revalidate(const BlockRef& at) {
  // Bounded work per call: what is left waits for the next block (Substrate revalidates in the
  // background in batches).
  for (int round = 0; round < 16; ++round) {
    std::vector<txpool::TransactionPtr> batch;
    {
      MutexLock lock(pool_mutex_);
      batch = pool_.revalidation_batch(std::max<size_t>(20, pool_.revalidation_pending() / 4));
    }
    if (batch.empty()) return;
    std::vector<txpool::Revalidation> results;
    for (const auto& tx : batch) {
      auto validity = validate(at.hash, tx->source, tx->extrinsic);
      if (!validity) continue;
      results.push_back(txpool::Revalidation{tx->hash, std::move(*validity)});
    }
    MutexLock lock(pool_mutex_);
    pool_.apply_revalidation(at.number, results, now_());
  }
}

void TransactionService::deliver_events() {
  std::vector<txpool::PoolEvent> events;
  {
    MutexLock lock(pool_mutex_);
    events = pool_.take_events();
  }
  if (events.empty()) return;
  MutexLock lock(listeners_mutex_);
  for (const txpool::PoolEvent& event : events) {
    auto it = listeners_.find(event.transaction);
    if (it == listeners_.end()) continue;
    const bool keep = it->second(event.status) && !txpool::is_final(event.status);
    if (!keep) {
      listeners_.erase(it);
      MutexLock pool_lock(pool_mutex_);
      pool_.unwatch(event.transaction);
    }
  }
}

}  // namespace canary::node
