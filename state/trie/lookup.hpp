// Reads one key straight from encoded nodes in a NodeStore, without building a Trie: how a
// storage proof is read, and how a database backend can serve point reads.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_error.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

// The value under `key` in the trie with root `root`. A node or hashed value that the walk needs
// and the store lacks is an error (never taken as "absent"); every node read is checked against
// the hash it was asked for.
Result<std::optional<Bytes>, TrieError> lookup(const NodeStore& store, const Hash256& root,
                                               ByteSpan key,
                                               TrieHasher hasher = TrieHasher::kBlake2b256);

}  // namespace canary::state
