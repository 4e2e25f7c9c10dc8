// The genesis state root of a chain spec: child tries first, their roots stored in the main trie
// under ":child_storage:default:" ‖ key, then the main trie (spec §"Genesis State").
#pragma once

#include "primitives/util/bytes.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/trie/state_version.hpp"

namespace canary::state {

Hash256 genesis_state_root(const ChainSpec& spec, StateVersion version);

}  // namespace canary::state
