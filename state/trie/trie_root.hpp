// Roots of tries built from a list at once: ext_trie_{blake2,keccak}_256_root and _ordered_root
// (w3f/polkadot-spec docs/chap-host-api.md "Trie"), and the extrinsics root of a block header.
#pragma once

#include <span>
#include <utility>

#include "primitives/util/bytes.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

struct KeyValue {
  ByteSpan key;
  ByteSpan value;
};

// The root of the trie holding `entries`; of two entries with the same key the later one wins
// (sp_trie `trie_root` feeds a map; polkadot-tests HostApiInputs has such duplicates).
Hash256 trie_root(std::span<const KeyValue> entries, StateVersion version,
                  TrieHasher hasher = TrieHasher::kBlake2b256);
Hash256 trie_root(std::span<const std::pair<Bytes, Bytes>> entries, StateVersion version,
                  TrieHasher hasher = TrieHasher::kBlake2b256);

// The root of the trie mapping SCALE Compact(i) to values[i] (sp_trie `ordered_trie_root`): the
// extrinsics root, with each extrinsic including its length prefix.
Hash256 ordered_trie_root(std::span<const Bytes> values, StateVersion version,
                          TrieHasher hasher = TrieHasher::kBlake2b256);
Hash256 ordered_trie_root(std::span<const ByteSpan> values, StateVersion version,
                          TrieHasher hasher = TrieHasher::kBlake2b256);

}  // namespace canary::state
