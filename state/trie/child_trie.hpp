// Default child tries (w3f/polkadot-spec docs/chap-state.md "Child Storage"; sp-storage
// `ChildInfo::new_default`): separate tries whose roots the main trie stores under
// ":child_storage:default:" ‖ child key. A child root must be computed before the main root, and an
// empty child trie has no entry in the main trie.
#pragma once

#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_error.hpp"

namespace canary::state {

// sp-storage well_known_keys::DEFAULT_CHILD_STORAGE_KEY_PREFIX.
inline constexpr std::string_view kDefaultChildStoragePrefix = ":child_storage:default:";
// well_known_keys::CHILD_STORAGE_KEY_PREFIX: every kind of child trie lives under it.
inline constexpr std::string_view kChildStoragePrefix = ":child_storage:";

// The main-trie key holding the root of the default child trie `child_key`.
Bytes default_child_root_key(ByteSpan child_key);

// Whether `key` is in the part of the main trie reserved for child trie roots (the runtime may not
// write there directly).
bool is_child_storage_key(ByteSpan key);

// Computes `child`'s root and stores it in `main` (removes the entry if `child` is empty).
// Returns the child's root.
Result<Hash256, TrieError> store_child_root(Trie& main, ByteSpan child_key, Trie& child,
                                            StateVersion version);

}  // namespace canary::state
