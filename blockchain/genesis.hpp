// The genesis block of a chain: its state from a chain spec's raw genesis (or from the runtime's
// own genesis presets, for the built-in dev and local chains), and the header that commits to it.
#pragma once

#include <map>
#include <string_view>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/state_version.hpp"

namespace canary::blockchain {

struct GenesisBlock {
  block::Header header;
  block::BlockHash hash{};
  state::StateVersion state_version = state::StateVersion::kV1;
  // Every node of the genesis state, for the database's first commit.
  state::MemoryNodeStore nodes;
};

// The genesis block of `spec` (raw genesis). The state version is the one of the genesis
// runtime, as Substrate's `construct_genesis_block` / `resolve_state_version_from_wasm`.
Result<GenesisBlock, BlockchainError> make_genesis_block(const state::ChainSpec& spec);

// Runs the runtime's GenesisBuilder (get_preset, build_state) on an empty state and returns the
// raw genesis storage, :code included (sc-chain-spec's `GenesisConfigBuilderRuntimeCaller`).
Result<std::map<Bytes, Bytes>, BlockchainError> build_genesis_storage(RuntimeHost& host,
                                                                      ByteSpan code,
                                                                      std::string_view preset);

}  // namespace canary::blockchain
