// The node's view of its block tree, over the database: the finalized chain (by the database's
// canonical index) and every block above it, forks included (kept in memory), the best block, the
// leaves, ancestry and reorganization routes, and notifications of imports and finality.
//
// Fork choice is not decided here: the importer (which knows the consensus engine's weights)
// says whether an imported block becomes best. Thread-safe: the import path writes, RPC and the
// other subsystems read from their own threads. Observers are called on the writing thread,
// after the write, without the lock held; they must be quick (post work elsewhere).
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "blockchain/blockchain_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "state/storage/block_commit.hpp"
#include "state/storage/block_ref.hpp"
#include "state/storage/database.hpp"
#include "state/trie/node_store.hpp"

namespace canary::blockchain {

using state::BlockRef;

// How to go from one block to another: down to their common ancestor, then up.
struct TreeRoute {
  BlockRef common;
  std::vector<BlockRef> retracted;  // from `from` down to (not including) the common ancestor
  std::vector<BlockRef> enacted;    // from above the common ancestor up to `to`
};

struct ImportNotice {
  BlockRef block;
  block::Header header;
  bool new_best = false;
  // When the new best block is not a child of the previous best: the blocks left and entered.
  std::optional<TreeRoute> reorg;
};

struct FinalityNotice {
  BlockRef finalized;
  // Every block finalized by this step, ascending, ending with `finalized`.
  std::vector<BlockRef> newly_finalized;
  // Blocks discarded because they do not descend from the finalized block (fork heads and
  // their ancestors above the finalized height).
  std::vector<BlockRef> discarded;
};

class ChainObserver {
 public:
  virtual ~ChainObserver() = default;
  virtual void on_block_imported(const ImportNotice& /*notice*/) {}
  virtual void on_best_block_changed(const BlockRef& /*best*/,
                                     const std::optional<TreeRoute>& /*reorg*/) {}
  virtual void on_finalized(const FinalityNotice& /*notice*/) {}
};

class Chain {
 public:
  // The database must hold a genesis block.
  static Result<std::unique_ptr<Chain>, BlockchainError> open(std::unique_ptr<state::Database> db);
  Chain(const Chain&) = delete;
  Chain& operator=(const Chain&) = delete;

  state::Database& database() { return *db_; }
  const state::Database& database() const { return *db_; }

  BlockRef genesis() const;
  BlockRef best() const;
  BlockRef finalized() const;
  // Blocks without children among the kept ones (the finalized block when nothing is above it).
  std::vector<BlockRef> leaves() const;
  // Every block above the finalized one, by number.
  std::vector<BlockRef> unfinalized() const;

  Result<std::optional<block::Header>, BlockchainError> header(const block::BlockHash& hash) const;
  // The extrinsics, each without its length prefix.
  Result<std::optional<std::vector<Bytes>>, BlockchainError> body(
      const block::BlockHash& hash) const;
  Result<std::optional<Bytes>, BlockchainError> justification(const block::BlockHash& hash) const;
  // The best chain's block at `number`.
  Result<std::optional<block::BlockHash>, BlockchainError> canonical_hash(
      block::BlockNumber number) const;
  std::optional<block::BlockNumber> number_of(const block::BlockHash& hash) const;
  bool contains(const block::BlockHash& hash) const;

  // Whether `descendant` is `ancestor` or descends from it (both known).
  Result<bool, BlockchainError> is_descendant(const block::BlockHash& ancestor,
                                              const block::BlockHash& descendant) const;
  Result<TreeRoute, BlockchainError> tree_route(const block::BlockHash& from,
                                                const block::BlockHash& to) const;

  // Stores an imported block (BlockCommit::make_best says whether it becomes best) and notifies.
  Result<void, BlockchainError> import(const state::BlockCommit& commit);
  Result<void, BlockchainError> set_best(const block::BlockHash& hash);
  Result<void, BlockchainError> finalize(const block::BlockHash& hash,
                                         const std::optional<Bytes>& justification = std::nullopt);

  void add_observer(ChainObserver* observer);
  void remove_observer(ChainObserver* observer);

 private:
  explicit Chain(std::unique_ptr<state::Database> db) : db_(std::move(db)) {}
  struct Entry {
    block::BlockNumber number = 0;
    block::BlockHash parent{};
  };
  Result<void, BlockchainError> load() EXCLUDES(mutex_);
  // Ancestry through the in-memory tree, then the canonical index below the finalized block.
  Result<std::optional<block::BlockHash>, BlockchainError> ancestor_at(
      const block::BlockHash& hash, block::BlockNumber number) const REQUIRES(mutex_);
  Result<TreeRoute, BlockchainError> route_locked(const block::BlockHash& from,
                                                  const block::BlockHash& to) const
      REQUIRES(mutex_);
  std::vector<ChainObserver*> observers_copy() const EXCLUDES(observers_mutex_);

  std::unique_ptr<state::Database> db_;
  // Guards the in-memory tree and the three marks; database writes that change them happen under
  // it too, so that a reader never sees the tree and the database disagree.
  mutable Mutex mutex_;
  // The finalized block and every block above it.
  std::unordered_map<block::BlockHash, Entry, state::Hash256Hasher> tree_ GUARDED_BY(mutex_);
  BlockRef genesis_ GUARDED_BY(mutex_);
  BlockRef best_ GUARDED_BY(mutex_);
  BlockRef finalized_ GUARDED_BY(mutex_);
  mutable Mutex observers_mutex_;
  std::vector<ChainObserver*> observers_ GUARDED_BY(observers_mutex_);
};

BlockchainError database_error(const state::DatabaseError& error);

}  // namespace canary::blockchain
