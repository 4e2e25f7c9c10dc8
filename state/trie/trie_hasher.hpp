// The hash a trie is built with. The state trie uses BLAKE2b-256; the host API also offers
// Keccak-256 tries (ext_trie_keccak_256_*). The same function hashes nodes and V1 values.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"

namespace canary::state {

enum class TrieHasher : uint8_t { kBlake2b256, kKeccak256 };

Hash256 trie_hash(TrieHasher hasher, ByteSpan data);

// Hash of the empty node 0x00: the root of an empty trie (w3f/polkadot-spec docs/chap-state.md
// "Merkle Value": the root is always hashed). 0x03170a2e… for BLAKE2b-256.
Hash256 empty_trie_root(TrieHasher hasher);

}  // namespace canary::state
