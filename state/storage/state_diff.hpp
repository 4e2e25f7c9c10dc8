// Which stored elements one state has that another lacks: the pruning journal of a block (the
// "inserted" and "deleted" sets of Substrate's sc-state-db ChangeSet, paritytech/polkadot-sdk
// substrate/client/state-db/src/lib.rs), computed from the two roots rather than recorded while
// the trie is modified.
//
// The stored elements of a state are the trie nodes kept by hash (the root, and every node whose
// encoding has 32 bytes or more; smaller nodes live inside their parent), V1 values kept by hash,
// and, through the roots stored under ":child_storage:default:", the elements of its child tries.
// They form a multiset: identical subtrees at two places count twice. The diff is the pair of
// multiset differences, so that elements(new) = elements(old) - removed + inserted exactly.
//
// The two tries are walked together from their roots, position by position (a node's position is
// the key nibbles up to the end of its partial key); where both have the same Merkle value at the
// same position the subtrees are identical and neither is read. The cost is therefore in the
// size of the change, not of the state. Pure: nodes come from two loaders, nothing is written.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/node_cache.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

struct StateDiff {
  struct Inserted {
    Hash256 hash;
    SharedBytes data;  // the node encoding or the value
  };
  std::vector<Inserted> inserted;  // in the new state, not in the old (one entry per occurrence)
  std::vector<Hash256> removed;    // in the old state, not in the new
};

// The bytes stored under a hash (a node encoding or a V1 value), or null when there are none.
using NodeLoader = std::function<SharedBytes(const Hash256&)>;

struct DiffError {
  enum class Kind : uint8_t {
    kMissing,      // the loader has nothing under a hash the trie references
    kInvalidNode,  // bytes that do not decode as a trie node
  };
  Kind kind = Kind::kMissing;
  bool in_new_state = false;  // which of the two tries
  Hash256 hash{};             // the stored element concerned
};

Result<StateDiff, DiffError> diff_states(const NodeLoader& old_nodes, const Hash256& old_root,
                                         const NodeLoader& new_nodes, const Hash256& new_root,
                                         TrieHasher hasher = TrieHasher::kBlake2b256);

// Every stored element of one state, with multiplicity: the diff against the empty state.
Result<std::vector<Hash256>, DiffError> state_elements(const NodeLoader& nodes, const Hash256& root,
                                                       TrieHasher hasher = TrieHasher::kBlake2b256);

// Adapts a NodeStore (which copies) to a loader.
NodeLoader loader_of(const NodeStore& store);

}  // namespace canary::state
