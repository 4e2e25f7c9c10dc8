#include "node/service/chain_state_source.hpp"

#include "blockchain/block_state.hpp"
#include "network/protocols/trie_state_reader.hpp"

namespace canary::node {

Result<std::unique_ptr<network::StateReader>, network::StateSourceError> ChainStateSource::open(
    const block::BlockHash& block, bool record) {
  // BlockState::at: the block is known and its state kept (not pruned).
  auto state = blockchain::BlockState::at(chain_, block);
  if (!state) return unexpected(network::StateSourceError{state.error().message()});
  return std::unique_ptr<network::StateReader>(std::make_unique<network::TrieStateReader>(
      state->state_root(), chain_.database().node_store(), record));
}

}  // namespace canary::node
