// Everything one imported block changes in the database, written in one atomic RocksDB
// WriteBatch: the block itself, the nodes its state adds, the pruning journal, and optionally
// the new best block and finality (with the pruning that finality triggers).
#pragma once

#include <optional>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "state/storage/node_changes.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

// One auxiliary record: a value for `key`, or its deletion.
struct AuxWrite {
  Bytes key;
  std::optional<Bytes> value;
};

struct BlockCommit {
  block::Header header;
  // The SCALE-encoded extrinsics (Vec<Vec<u8>>), stored as given.
  Bytes body;
  // SCALE-encoded Justifications, when the block came with one.
  std::optional<Bytes> justification;
  // The nodes (and V1 values) of the new state that the database may not have: what
  // Trie::root_hash(version, &sink) reported while the block was built or executed (a
  // MemoryNodeStore is such a sink). Nodes the state no longer references are fine to include;
  // only those reachable from header.state_root are stored. May be null when the database has
  // all of them already (an unchanged state, a block re-imported on another fork).
  const NodeStore* new_nodes = nullptr;
  // Make the block the best block (the canonical index follows it).
  bool make_best = true;
  // Finalize this block or one of its ancestors in the same write.
  std::optional<block::BlockHash> finalize;
  // Optional: the block's changes as the root computations reported them, from tries opened at
  // the parent's state (complete, covering the main trie and every changed child trie). When
  // given and complete, the inserted and removed elements are taken from it rather than computed
  // by diffing the parent state against the new one; it may also serve as new_nodes.
  const NodeChanges* changes = nullptr;
  // Auxiliary records written in the same batch (e.g. the block's BABE epoch data), so that a
  // crash never leaves a block without them.
  std::vector<AuxWrite> aux;
  // Offchain storage records written in the same batch: the offchain index writes of the block's
  // execution (sc-client-db commits a block's `offchain_storage_changes` in the block's
  // transaction), keys already prefixed as Database::offchain expects them.
  std::vector<AuxWrite> offchain;
};

}  // namespace canary::state
