// Executes an imported block on its parent's state (Core_execute_block) and computes the new
// state: its root, checked against the header, and the trie changes the database commits.
#pragma once

#include <chrono>
#include <memory>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/offchain/offchain_index.hpp"
#include "primitives/block/block.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/node_changes.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/state_version.hpp"

namespace canary::blockchain {

struct ExecutedBlock {
  Hash256 state_root{};
  state::StateVersion state_version = state::StateVersion::kV1;
  // The nodes the new state adds and the stored ones it drops, for Database::commit.
  std::unique_ptr<state::NodeChanges> changes;
  // Where the time went: the runtime (Core_execute_block) and the host's trie (the new state's
  // root and nodes), for the importer's metrics and `canary benchmark block-import`.
  std::chrono::nanoseconds runtime_time{};
  std::chrono::nanoseconds state_root_time{};
  // The offchain index writes of the execution (ext_offchain_index_*), when recorded.
  executor::offchain::OffchainIndexChanges::Changes offchain_index;
};

// `block` carries its header without the seal (the runtime never sees the seal). `store` holds
// the parent state's nodes (the database's node store). With `check_inherents_with` (the node's
// own inherent data: its clock and slot), BlockBuilder_check_inherents runs first on the parent
// state, as sc-consensus-babe's verifier does for every block with a body, and any error it
// reports refuses the block (e.g. a timestamp more than 30 s ahead of our clock).
// `record_offchain_index` (Substrate's --enable-offchain-indexing): keep the block's
// ext_offchain_index_* writes in ExecutedBlock::offchain_index; else they are dropped.
Result<ExecutedBlock, BlockchainError> execute_block(
    RuntimeHost& host, const state::NodeStore& store, const Hash256& parent_state_root,
    const block::Block& block, const runtime::InherentData* check_inherents_with = nullptr,
    bool record_offchain_index = false);

// The errors of a refused check_inherents, for people: the timestamp's by name, others in hex.
std::string describe_inherent_errors(const runtime::CheckInherentsResult& result);

}  // namespace canary::blockchain
