// The genesis state root of a chain spec: child tries first, their roots stored in the main trie
// under ":child_storage:default:" ‖ key, then the main trie (spec §"Genesis State").
#pragma once

#include <map>

#include "primitives/util/bytes.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/state_version.hpp"

namespace canary::state {

Hash256 genesis_state_root(const ChainSpec& spec, StateVersion version);

// The same for any raw state (a chain spec's genesis, a block fixture's parent state), writing
// every node of the main trie and of the child tries into `sink` so that the state can be opened
// from it (TrieBackend over a MemoryNodeStore). Child roots already present in `top` are replaced
// by the computed ones. Returns the main trie's root.
Hash256 write_raw_state(const std::map<Bytes, Bytes>& top,
                        const std::map<Bytes, std::map<Bytes, Bytes>>& children,
                        StateVersion version, NodeSink& sink);

}  // namespace canary::state
