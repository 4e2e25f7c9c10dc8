#include "txpool/transaction_pool.hpp"

#include <algorithm>
#include <utility>

namespace canary::txpool {

namespace {

// validated_pool.rs PoolRotator::new_with_expected_size(ban_time, options.total_count()).
size_t expected_bans(const PoolOptions& options) {
  return std::max<size_t>(2048, options.ready.count + options.future.count);
}

bool same_validity(const Transaction& a, const Transaction& b) {
  return a.priority == b.priority && a.valid_till == b.valid_till && a.propagate == b.propagate &&
         a.requires_tags == b.requires_tags && a.provides_tags == b.provides_tags;
}

}  // namespace

TransactionPool::TransactionPool(PoolOptions options)
    : options_(options),
      bans_(options.ban_time_ms, expected_bans(options)),
      watchers_(options.max_blocks_awaiting_finality) {}

Result<void, PoolError> TransactionPool::check_known(const TransactionHash& hash,
                                                     uint64_t now_ms) const {
  if (bans_.is_banned(hash, now_ms))
    return unexpected(make_pool_error(PoolErrorKind::kTemporarilyBanned));
  if (base_.contains(hash)) return unexpected(make_pool_error(PoolErrorKind::kAlreadyImported));
  return {};
}

// A watched transaction that is not in the pool, not in a block awaiting finality, and just
// failed to enter the pool will never be reported on again: end its watch with a final status.
// (Substrate reports only an unknown validity this way; an RPC subscriber of a transaction
// resubmitted after a re-org would wait forever otherwise.) One in a block stays inBlock: a peer
// gossiping it again once its ban ends finds it stale, which says nothing new.
Result<Submitted, PoolError> TransactionPool::reject(const TransactionHash& hash, bool was_watched,
                                                     PoolError error) {
  const bool still_relevant = error.kind != PoolErrorKind::kTemporarilyBanned &&
                              error.kind != PoolErrorKind::kAlreadyImported;
  if (was_watched && still_relevant && !base_.contains(hash) && !watchers_.in_block(hash)) {
    const bool invalid = error.kind == PoolErrorKind::kInvalidTransaction ||
                         error.kind == PoolErrorKind::kUnknownTransaction ||
                         error.kind == PoolErrorKind::kNoTagsProvided;
    if (invalid) {
      watchers_.emit(hash, status::Invalid{});
    } else {
      watchers_.emit(hash, status::Dropped{});
    }
  }
  return unexpected(error);
}

Result<Submitted, PoolError> TransactionPool::submit(Submission submission, uint64_t now_ms) {
  const TransactionHash hash =
      submission.hash ? *submission.hash : transaction_hash(submission.extrinsic);
  const bool was_watched = watchers_.is_watched(hash);

  if (!submission.ignore_ban && bans_.is_banned(hash, now_ms))
    return reject(hash, was_watched, make_pool_error(PoolErrorKind::kTemporarilyBanned));
  if (base_.contains(hash))
    return reject(hash, was_watched, make_pool_error(PoolErrorKind::kAlreadyImported));

  if (!submission.validity) {
    PoolError error;
    error.validity = submission.validity.error();
    if (std::holds_alternative<runtime::InvalidTransaction>(error.validity)) {
      error.kind = PoolErrorKind::kInvalidTransaction;
      bans_.ban(hash, now_ms);
    } else {
      error.kind = PoolErrorKind::kUnknownTransaction;  // may become decidable: not banned
    }
    return reject(hash, was_watched, error);
  }
  const runtime::ValidTransaction& validity = *submission.validity;
  // graph/pool.rs verify_one: a transaction providing nothing could never be pruned.
  if (validity.provides_tags.empty()) {
    bans_.ban(hash, now_ms);
    return reject(hash, was_watched, make_pool_error(PoolErrorKind::kNoTagsProvided));
  }
  if (!validity.propagate && !options_.is_validator)
    return reject(hash, was_watched, make_pool_error(PoolErrorKind::kUnactionable));

  TransactionPtr tx = make_transaction(hash, std::move(submission.extrinsic), submission.source,
                                       validity, submission.validated_at);
  const uint64_t priority = tx->priority;
  ImportOutcome outcome = base_.import(std::move(tx));
  fire_import_events(hash, outcome);
  if (outcome.error) return reject(hash, was_watched, *outcome.error);

  // validated_pool.rs submit: enforce the limits after importing; if the new transaction is
  // itself the one to go, the submission fails.
  if (enforce_limits(now_ms).contains(hash))
    return reject(hash, was_watched, make_pool_error(PoolErrorKind::kImmediatelyDropped));

  if (submission.watch) {
    const bool first_watch = !watchers_.is_watched(hash);
    watchers_.watch(hash);
    if (first_watch) {
      if (outcome.ready) {
        watchers_.emit(hash, status::Ready{});
      } else {
        watchers_.emit(hash, status::Future{});
      }
    }
  }
  return Submitted{hash, outcome.ready, priority};
}

// validated_pool.rs fire_events.
void TransactionPool::fire_import_events(const TransactionHash& hash,
                                         const ImportOutcome& outcome) {
  if (!outcome.error) {
    if (outcome.ready) {
      watchers_.emit(hash, status::Ready{});
      note_ready(hash);
    } else {
      watchers_.emit(hash, status::Future{});
    }
  }
  fire_side_effects(outcome);
}

void TransactionPool::fire_side_effects(const ImportOutcome& outcome) {
  // Substrate reports failed promotions as invalid; here they are valid transactions that
  // conflict with the ones just imported.
  for (const TransactionHash& failed : outcome.failed) watchers_.emit(failed, status::Dropped{});
  for (const Usurpation& u : outcome.usurped) watchers_.emit(u.tx->hash, status::Usurped{u.by});
  for (const TransactionHash& promoted : outcome.promoted) {
    watchers_.emit(promoted, status::Ready{});
    note_ready(promoted);
  }
  for (const TransactionPtr& dropped : outcome.dropped)
    watchers_.emit(dropped->hash, status::Dropped{});
}

void TransactionPool::note_ready(const TransactionHash& hash) {
  new_ready_.push_back(hash);
  const size_t cap = std::max<size_t>(1, options_.ready.count);
  while (new_ready_.size() > cap) new_ready_.pop_front();
}

std::vector<TransactionHash> TransactionPool::take_new_ready() {
  std::vector<TransactionHash> out(new_ready_.begin(), new_ready_.end());
  new_ready_.clear();
  return out;
}

// validated_pool.rs enforce_limits: the dropped transactions are banned, so that gossip does not
// bring them straight back.
HashSet TransactionPool::enforce_limits(uint64_t now_ms) {
  HashSet dropped;
  for (const TransactionPtr& tx : base_.enforce_limits(options_.ready, options_.future)) {
    bans_.ban(tx->hash, now_ms);
    watchers_.emit(tx->hash, status::Dropped{});
    dropped.insert(tx->hash);
  }
  return dropped;
}

KnownTags TransactionPool::known_provides(std::span<const TransactionHash> included) const {
  KnownTags known;
  for (const TransactionHash& hash : included) {
    if (TransactionPtr tx = base_.get(hash)) {
      known.tags.insert(known.tags.end(), tx->provides_tags.begin(), tx->provides_tags.end());
    } else {
      known.unknown.push_back(hash);
    }
  }
  return known;
}

// graph/pool.rs prune_tags + validated_pool.rs resubmit_pruned. The block's own transactions are
// banned so that the pruned ones among them are not revalidated (they would look valid again on
// UTXO-like chains) and gossip does not re-add them.
std::vector<TransactionPtr> TransactionPool::prune_tags(block::BlockNumber number,
                                                        std::span<const Tag> tags,
                                                        std::span<const TransactionHash> included,
                                                        uint64_t now_ms) {
  bans_.ban(included, now_ms);
  PruneResult result = base_.prune_tags(tags);

  for (const TransactionPtr& tx : result.conflicting) watchers_.emit(tx->hash, status::Dropped{});
  for (const auto& [hash, outcome] : result.promotions) {
    if (outcome.error) {
      watchers_.emit(hash, status::Dropped{});
    } else if (outcome.ready) {
      watchers_.emit(hash, status::Ready{});
      note_ready(hash);
    }
    fire_side_effects(outcome);
  }

  for (const auto& [hash, outcome] : result.displaced) {
    if (outcome.error) {
      watchers_.emit(hash, status::Dropped{});
    } else if (!outcome.ready) {
      watchers_.emit(hash, status::Future{});
    }
    fire_side_effects(outcome);
  }

  const HashSet in_block(included.begin(), included.end());
  std::vector<TransactionPtr> to_revalidate;
  for (TransactionPtr& tx : result.pruned)
    if (!in_block.contains(tx->hash)) to_revalidate.push_back(std::move(tx));

  clear_stale(number, now_ms);
  schedule_revalidation();
  return to_revalidate;
}

void TransactionPool::clear_stale(block::BlockNumber number, uint64_t now_ms) {
  std::vector<TransactionHash> stale;
  base_.ready().for_each([&](const ReadyEntry& entry) {
    if (entry.tx->valid_till <= number) stale.push_back(entry.tx->hash);
  });
  base_.future().for_each([&](const WaitingTransaction& waiting) {
    if (waiting.tx->valid_till <= number) stale.push_back(waiting.tx->hash);
  });
  std::sort(stale.begin(), stale.end());  // a deterministic event order
  remove_invalid(std::move(stale), now_ms);
  bans_.clear_expired(now_ms);
}

// validated_pool.rs remove_invalid: the given transactions are banned; they and the ready
// transactions depending on them leave the pool as invalid.
void TransactionPool::remove_invalid(std::vector<TransactionHash> hashes, uint64_t now_ms) {
  if (hashes.empty()) return;
  bans_.ban(hashes, now_ms);
  for (const RemovedTransaction& removed : base_.remove_subtree(hashes))
    watchers_.emit(removed.tx->hash, status::Invalid{});
}

void TransactionPool::schedule_revalidation() {
  // Hashes of transactions that left the pool stay queued until a batch skips them; rebuild the
  // queue if a node that does not revalidate lets them pile up.
  if (revalidation_queue_.size() > 2 * base_.ready().size() + 64) {
    std::erase_if(revalidation_queue_, [&](const TransactionHash& hash) {
      if (base_.ready().contains(hash)) return false;
      revalidation_members_.erase(hash);
      return true;
    });
  }
  base_.ready().for_each([&](const ReadyEntry& entry) {
    if (revalidation_members_.insert(entry.tx->hash).second)
      revalidation_queue_.push_back(entry.tx->hash);
  });
}

std::vector<TransactionPtr> TransactionPool::revalidation_batch(size_t max) {
  std::vector<TransactionPtr> batch;
  while (batch.size() < max && !revalidation_queue_.empty()) {
    TransactionHash hash = revalidation_queue_.front();
    revalidation_queue_.pop_front();
    revalidation_members_.erase(hash);
    // single_state_txpool/revalidation.rs batch_revalidate: only ready transactions.
    if (TransactionPtr tx = base_.ready().get(hash)) batch.push_back(std::move(tx));
  }
  return batch;
}

void TransactionPool::apply_revalidation(block::BlockNumber at,
                                         std::span<const Revalidation> results, uint64_t now_ms) {
  std::vector<TransactionHash> invalid;
  HashMap<TransactionPtr> updated;
  std::vector<TransactionHash> updated_order;
  for (const Revalidation& result : results) {
    TransactionPtr current = base_.get(result.hash);
    if (!current) continue;
    if (!result.validity) {
      // Unknown validity: keep it, it may be decidable later (revalidation.rs).
      if (std::holds_alternative<runtime::InvalidTransaction>(result.validity.error()))
        invalid.push_back(result.hash);
      continue;
    }
    if (result.validity->provides_tags.empty()) {
      invalid.push_back(result.hash);
      continue;
    }
    TransactionPtr fresh = with_validity(*current, *result.validity, at);
    // Mortal transactions report the longevity left, so valid_till usually stays the same and
    // nothing changed: skip the remove-and-reimport Substrate does regardless.
    if (same_validity(*fresh, *current)) continue;
    if (updated.emplace(result.hash, std::move(fresh)).second) updated_order.push_back(result.hash);
  }
  remove_invalid(std::move(invalid), now_ms);

  // validated_pool.rs resubmit: take out each updated transaction with its dependents, then
  // import them all again, the updated ones with their new validity.
  std::vector<RemovedTransaction> to_import;
  for (const TransactionHash& hash : updated_order) {
    if (!updated.contains(hash)) continue;  // already taken out as someone's dependent
    for (RemovedTransaction& removed : base_.remove_subtree({&hash, 1})) {
      auto replacement = updated.find(removed.tx->hash);
      if (replacement != updated.end()) {
        removed.tx = std::move(replacement->second);
        updated.erase(replacement);
      }
      to_import.push_back(std::move(removed));
    }
    updated.erase(hash);
  }
  reimport(std::move(to_import));
}

// Imports transactions that were just taken out of the pool and reports only the changes: a
// transaction that was ready and is ready again reports nothing (validated_pool.rs resubmit).
void TransactionPool::reimport(std::vector<RemovedTransaction> transactions) {
  enum class Final : uint8_t { kReady, kFuture, kInvalid, kDropped };
  HashMap<bool> initially_ready;
  HashMap<Final> final_status;
  std::vector<TransactionHash> order;
  auto set_final = [&](const TransactionHash& hash, Final status) {
    if (final_status.insert_or_assign(hash, status).second) order.push_back(hash);
  };

  for (const RemovedTransaction& removed : transactions)
    initially_ready.emplace(removed.tx->hash, removed.was_ready);
  for (RemovedTransaction& removed : transactions) {
    const TransactionHash hash = removed.tx->hash;
    ImportOutcome outcome = base_.import(std::move(removed.tx));
    if (outcome.error) {
      set_final(hash, Final::kInvalid);
      for (const TransactionPtr& dropped : outcome.dropped)
        set_final(dropped->hash, Final::kDropped);
      continue;
    }
    set_final(hash, outcome.ready ? Final::kReady : Final::kFuture);
    for (const TransactionHash& promoted : outcome.promoted) set_final(promoted, Final::kReady);
    for (const TransactionHash& failed : outcome.failed) set_final(failed, Final::kDropped);
    for (const Usurpation& u : outcome.usurped) set_final(u.tx->hash, Final::kDropped);
  }

  for (const TransactionHash& hash : order) {
    const Final status = final_status.at(hash);
    auto initial = initially_ready.find(hash);
    const bool known = initial != initially_ready.end();
    if (known && ((status == Final::kReady && initial->second) ||
                  (status == Final::kFuture && !initial->second)))
      continue;
    switch (status) {
      case Final::kReady:
        watchers_.emit(hash, status::Ready{});
        note_ready(hash);
        break;
      case Final::kFuture:
        watchers_.emit(hash, status::Future{});
        break;
      case Final::kInvalid:
        watchers_.emit(hash, status::Invalid{});
        break;
      case Final::kDropped:
        watchers_.emit(hash, status::Dropped{});
        break;
    }
  }
}

std::vector<TransactionHash> TransactionPool::remove(std::span<const TransactionHash> hashes,
                                                     uint64_t now_ms) {
  const HashSet roots(hashes.begin(), hashes.end());
  std::vector<TransactionHash> removed_roots;
  std::vector<RemovedTransaction> dependents;
  for (RemovedTransaction& removed : base_.remove_subtree(hashes)) {
    if (roots.contains(removed.tx->hash)) {
      removed_roots.push_back(removed.tx->hash);
      watchers_.emit(removed.tx->hash, status::Invalid{});
    } else {
      dependents.push_back(std::move(removed));
    }
  }
  bans_.ban(removed_roots, now_ms);
  reimport(std::move(dependents));
  return removed_roots;
}

void TransactionPool::on_block_retracted(const block::BlockHash& block) {
  for (const TransactionHash& hash : watchers_.on_block_retracted(block)) {
    if (base_.ready().contains(hash)) {
      watchers_.emit(hash, status::Ready{});
    } else if (base_.future().contains(hash)) {
      watchers_.emit(hash, status::Future{});
    }
  }
}

void TransactionPool::on_broadcasted(const TransactionHash& hash, std::vector<std::string> peers) {
  watchers_.emit(hash, status::Broadcast{std::move(peers)});
}

std::vector<TransactionPtr> TransactionPool::pending() const {
  std::vector<TransactionPtr> all;
  all.reserve(base_.ready().size() + base_.future().size());
  ReadyIterator it = base_.ready().iterate();
  while (TransactionPtr tx = it.next()) all.push_back(std::move(tx));
  base_.future().for_each([&](const WaitingTransaction& waiting) { all.push_back(waiting.tx); });
  return all;
}

}  // namespace canary::txpool
