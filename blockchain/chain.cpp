#include "blockchain/chain.hpp"

#include <algorithm>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::blockchain {

BlockchainError database_error(const state::DatabaseError& error) {
  if (error.kind == state::DatabaseErrorKind::kStateUnavailable) {
    return BlockchainError{BlockchainError::Kind::kStateUnavailable, error.message()};
  }
  return BlockchainError{BlockchainError::Kind::kDatabase, error.message()};
}

namespace {

BlockchainError unknown(const block::BlockHash& hash) {
  return BlockchainError{BlockchainError::Kind::kUnknownBlock, to_hex(hash)};
}

}  // namespace

Result<std::unique_ptr<Chain>, BlockchainError> Chain::open(std::unique_ptr<state::Database> db) {
  std::unique_ptr<Chain> chain(new Chain(std::move(db)));
  CANARY_TRY(chain->load());
  return chain;
}

Result<void, BlockchainError> Chain::load() {
  MutexLock lock(mutex_);
  auto genesis = db_->genesis_hash();
  auto best = db_->best();
  auto finalized = db_->finalized();
  if (!genesis || !best || !finalized) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase, "the database has no genesis block"});
  }
  genesis_ = BlockRef{*genesis, 0};
  best_ = *best;
  finalized_ = *finalized;
  auto finalized_header = db_->header(finalized_.hash);
  if (!finalized_header) return unexpected(database_error(finalized_header.error()));
  if (!*finalized_header) return unexpected(unknown(finalized_.hash));
  tree_[finalized_.hash] = Entry{finalized_.number, (*finalized_header)->parent_hash};
  auto blocks = db_->unfinalized_blocks();
  if (!blocks) return unexpected(database_error(blocks.error()));
  for (const BlockRef& b : *blocks) {
    auto header = db_->header(b.hash);
    if (!header) return unexpected(database_error(header.error()));
    if (!*header) return unexpected(unknown(b.hash));
    tree_[b.hash] = Entry{b.number, (*header)->parent_hash};
  }
  return {};
}

BlockRef Chain::genesis() const {
  MutexLock lock(mutex_);
  return genesis_;
}

BlockRef Chain::best() const {
  MutexLock lock(mutex_);
  return best_;
}

BlockRef Chain::finalized() const {
  MutexLock lock(mutex_);
  return finalized_;
}

std::vector<BlockRef> Chain::leaves() const {
  MutexLock lock(mutex_);
  std::unordered_map<block::BlockHash, bool, state::Hash256Hasher> has_child;
  for (const auto& [hash, entry] : tree_) has_child[entry.parent] = true;
  std::vector<BlockRef> out;
  for (const auto& [hash, entry] : tree_) {
    if (!has_child.contains(hash)) out.push_back(BlockRef{hash, entry.number});
  }
  // Highest first, as Substrate's `leaves()`; the best block first among equals.
  const block::BlockHash best = best_.hash;
  std::sort(out.begin(), out.end(), [&](const BlockRef& a, const BlockRef& b) {
    if (a.number != b.number) return a.number > b.number;
    if ((a.hash == best) != (b.hash == best)) return a.hash == best;
    return a.hash < b.hash;
  });
  return out;
}

std::vector<BlockRef> Chain::unfinalized() const {
  MutexLock lock(mutex_);
  std::vector<BlockRef> out;
  for (const auto& [hash, entry] : tree_) {
    if (hash != finalized_.hash) out.push_back(BlockRef{hash, entry.number});
  }
  std::sort(out.begin(), out.end(), [](const BlockRef& a, const BlockRef& b) {
    return a.number != b.number ? a.number < b.number : a.hash < b.hash;
  });
  return out;
}

Result<std::optional<block::Header>, BlockchainError> Chain::header(
    const block::BlockHash& hash) const {
  auto header = db_->header(hash);
  if (!header) return unexpected(database_error(header.error()));
  return std::move(*header);
}

Result<std::optional<std::vector<Bytes>>, BlockchainError> Chain::body(
    const block::BlockHash& hash) const {
  auto body = db_->body(hash);
  if (!body) return unexpected(database_error(body.error()));
  if (!*body) return std::optional<std::vector<Bytes>>{};
  auto decoded = scale::decode<std::vector<Bytes>>(**body);
  if (!decoded) {
    return unexpected(BlockchainError{BlockchainError::Kind::kDatabase,
                                      "a stored body does not decode: " + to_hex(hash)});
  }
  return std::optional<std::vector<Bytes>>(std::move(*decoded));
}

Result<std::optional<Bytes>, BlockchainError> Chain::justification(
    const block::BlockHash& hash) const {
  auto j = db_->justification(hash);
  if (!j) return unexpected(database_error(j.error()));
  return std::move(*j);
}

Result<std::optional<block::BlockHash>, BlockchainError> Chain::canonical_hash(
    block::BlockNumber number) const {
  auto h = db_->hash_at(number);
  if (!h) return unexpected(database_error(h.error()));
  return *h;
}

std::optional<block::BlockNumber> Chain::number_of(const block::BlockHash& hash) const {
  {
    MutexLock lock(mutex_);
    auto it = tree_.find(hash);
    if (it != tree_.end()) return it->second.number;
  }
  auto header = db_->header(hash);
  if (!header || !*header) return std::nullopt;
  return (*header)->number;
}

bool Chain::contains(const block::BlockHash& hash) const {
  return number_of(hash).has_value();
}

Result<std::optional<block::BlockHash>, BlockchainError> Chain::ancestor_at(
    const block::BlockHash& hash, block::BlockNumber number) const {
  block::BlockHash current = hash;
  for (;;) {
    auto it = tree_.find(current);
    if (it == tree_.end()) {
      // Below (or at) the finalized block: the chain there is the canonical one.
      auto header = db_->header(current);
      if (!header) return unexpected(database_error(header.error()));
      if (!*header) return std::optional<block::BlockHash>{};
      if ((*header)->number < number) return std::optional<block::BlockHash>{};
      auto canonical = db_->hash_at(number);
      if (!canonical) return unexpected(database_error(canonical.error()));
      return *canonical;
    }
    if (it->second.number == number) return std::optional<block::BlockHash>(current);
    if (it->second.number < number) return std::optional<block::BlockHash>{};
    if (current == finalized_.hash) {
      auto canonical = db_->hash_at(number);
      if (!canonical) return unexpected(database_error(canonical.error()));
      return *canonical;
    }
    current = it->second.parent;
  }
}

Result<bool, BlockchainError> Chain::is_descendant(const block::BlockHash& ancestor,
                                                   const block::BlockHash& descendant) const {
  auto ancestor_number = number_of(ancestor);
  if (!ancestor_number) return unexpected(unknown(ancestor));
  MutexLock lock(mutex_);
  CANARY_TRY_ASSIGN(auto at, ancestor_at(descendant, *ancestor_number));
  return at && *at == ancestor;
}

Result<TreeRoute, BlockchainError> Chain::tree_route(const block::BlockHash& from,
                                                     const block::BlockHash& to) const {
  MutexLock lock(mutex_);
  return route_locked(from, to);
}

Result<TreeRoute, BlockchainError> Chain::route_locked(const block::BlockHash& from,
                                                       const block::BlockHash& to) const {
  // Walk both sides down by parent hash until they meet (headers from the tree, else the db).
  auto entry_of = [&](const block::BlockHash& h)
                      REQUIRES(mutex_) -> Result<Entry, BlockchainError> {
    auto it = tree_.find(h);
    if (it != tree_.end()) return it->second;
    auto header = db_->header(h);
    if (!header) return unexpected(database_error(header.error()));
    if (!*header) return unexpected(unknown(h));
    return Entry{(*header)->number, (*header)->parent_hash};
  };
  TreeRoute route;
  CANARY_TRY_ASSIGN(auto a_entry, entry_of(from));
  CANARY_TRY_ASSIGN(auto b_entry, entry_of(to));
  BlockRef a{from, a_entry.number};
  BlockRef b{to, b_entry.number};
  block::BlockHash a_parent = a_entry.parent;
  block::BlockHash b_parent = b_entry.parent;
  std::vector<BlockRef> enacted_desc;
  while (a.hash != b.hash) {
    if (a.number >= b.number) {
      route.retracted.push_back(a);
      auto e = entry_of(a_parent);
      if (!e) return unexpected(std::move(e).error());
      a = BlockRef{a_parent, e->number};
      a_parent = e->parent;
    } else {
      enacted_desc.push_back(b);
      CANARY_TRY_ASSIGN(auto e, entry_of(b_parent));
      b = BlockRef{b_parent, e.number};
      b_parent = e.parent;
    }
  }
  route.common = a;
  route.enacted.assign(enacted_desc.rbegin(), enacted_desc.rend());
  return route;
}

Result<void, BlockchainError> Chain::import(const state::BlockCommit& commit) {
  const block::BlockHash hash = block::hash_of(commit.header);
  ImportNotice notice;
  notice.block = BlockRef{hash, commit.header.number};
  notice.header = commit.header;
  {
    MutexLock lock(mutex_);
    if (tree_.contains(hash)) {
      return unexpected(BlockchainError{BlockchainError::Kind::kAlreadyKnown, to_hex(hash)});
    }
    auto parent = tree_.find(commit.header.parent_hash);
    if (parent == tree_.end()) {
      return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock,
                                        "parent " + to_hex(commit.header.parent_hash) +
                                            " is not the finalized block or above it"});
    }
    const BlockRef old_best = best_;
    auto written = db_->commit(commit);
    if (!written) return unexpected(database_error(written.error()));
    tree_[hash] = Entry{commit.header.number, commit.header.parent_hash};
    if (commit.make_best) {
      best_ = notice.block;
      notice.new_best = true;
      if (commit.header.parent_hash != old_best.hash) {
        auto route = route_locked(old_best.hash, hash);
        if (route) notice.reorg = std::move(*route);
      }
    }
  }
  for (ChainObserver* o : observers_copy()) o->on_block_imported(notice);
  if (notice.new_best) {
    for (ChainObserver* o : observers_copy()) o->on_best_block_changed(notice.block, notice.reorg);
  }
  return {};
}

Result<void, BlockchainError> Chain::set_best(const block::BlockHash& hash) {
  BlockRef best;
  std::optional<TreeRoute> reorg;
  {
    MutexLock lock(mutex_);
    auto it = tree_.find(hash);
    if (it == tree_.end()) return unexpected(unknown(hash));
    if (hash == best_.hash) return {};
    auto route = route_locked(best_.hash, hash);
    if (!route) return unexpected(std::move(route).error());
    auto written = db_->set_best(hash);
    if (!written) return unexpected(database_error(written.error()));
    best_ = BlockRef{hash, it->second.number};
    best = best_;
    if (!route->retracted.empty()) reorg = std::move(*route);
  }
  for (ChainObserver* o : observers_copy()) o->on_best_block_changed(best, reorg);
  return {};
}

Result<void, BlockchainError> Chain::finalize(const block::BlockHash& hash,
                                              const std::optional<Bytes>& justification) {
  FinalityNotice notice;
  std::optional<BlockRef> best_moved;
  std::optional<TreeRoute> best_reorg;
  {
    MutexLock lock(mutex_);
    auto it = tree_.find(hash);
    if (it == tree_.end()) {
      // Finalizing the finalized block again (or one below it) only stores the justification.
      auto written = db_->finalize(hash, justification);
      if (!written) return unexpected(database_error(written.error()));
      return {};
    }
    if (hash == finalized_.hash) {
      auto written = db_->finalize(hash, justification);
      if (!written) return unexpected(database_error(written.error()));
      return {};
    }
    const BlockRef target{hash, it->second.number};
    // The newly finalized blocks: from the target down to the old finalized block.
    std::vector<BlockRef> chain;
    for (block::BlockHash h = hash; h != finalized_.hash;) {
      auto e = tree_.find(h);
      if (e == tree_.end()) return unexpected(unknown(h));
      chain.push_back(BlockRef{h, e->second.number});
      h = e->second.parent;
    }
    auto written = db_->finalize(hash, justification);
    if (!written) return unexpected(database_error(written.error()));
    // Finality decides the chain: a best block off the finalized one's chain gave way in the
    // database. Observers (the pool's watchers above all) hear of that move like any other
    // reorganization, and its route is taken while the tree still holds the retracted blocks.
    const std::optional<BlockRef> db_best = db_->best();
    if (db_best && db_best->hash != best_.hash) {
      auto route = route_locked(best_.hash, db_best->hash);
      if (!route) return unexpected(std::move(route).error());
      best_moved = *db_best;
      // As for an import: anything but a step to a child is a route (several blocks enacted
      // when finality passed a best block that lagged behind on the same chain).
      if (!route->retracted.empty() || route->enacted.size() > 1) best_reorg = std::move(*route);
    }
    notice.newly_finalized.assign(chain.rbegin(), chain.rend());
    notice.finalized = target;
    // Keep the target and its descendants; the rest of the tree is gone.
    std::unordered_map<block::BlockHash, Entry, state::Hash256Hasher> kept;
    kept[hash] = it->second;
    std::vector<std::pair<block::BlockHash, Entry>> pending(tree_.begin(), tree_.end());
    std::sort(pending.begin(), pending.end(),
              [](const auto& a, const auto& b) { return a.second.number < b.second.number; });
    for (const auto& [h, e] : pending) {
      if (e.number <= target.number) continue;
      if (kept.contains(e.parent)) {
        kept[h] = e;
      } else {
        notice.discarded.push_back(BlockRef{h, e.number});
      }
    }
    for (const auto& [h, e] : pending) {
      if (e.number < target.number || (e.number == target.number && h != hash)) {
        const bool finalized_now =
            std::any_of(chain.begin(), chain.end(), [&](const BlockRef& b) { return b.hash == h; });
        if (!finalized_now && h != finalized_.hash)
          notice.discarded.push_back(BlockRef{h, e.number});
      }
    }
    tree_ = std::move(kept);
    finalized_ = target;
    if (best_moved) best_ = *best_moved;
  }
  if (best_moved) {
    for (ChainObserver* o : observers_copy()) o->on_best_block_changed(*best_moved, best_reorg);
  }
  for (ChainObserver* o : observers_copy()) o->on_finalized(notice);
  return {};
}

void Chain::add_observer(ChainObserver* observer) {
  MutexLock lock(observers_mutex_);
  observers_.push_back(observer);
}

void Chain::remove_observer(ChainObserver* observer) {
  MutexLock lock(observers_mutex_);
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

std::vector<ChainObserver*> Chain::observers_copy() const {
  MutexLock lock(observers_mutex_);
  return observers_;
}

}  // namespace canary::blockchain
