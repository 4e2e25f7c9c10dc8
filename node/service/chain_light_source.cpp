#include "node/service/chain_light_source.hpp"

#include <utility>

#include "blockchain/block_state.hpp"

namespace canary::node {

namespace {

network::LightSourceError source_error(const blockchain::BlockchainError& error) {
  return network::LightSourceError{error.message()};
}

}  // namespace

Result<std::vector<Bytes>, network::LightSourceError> ChainLightSource::read_proof(
    const block::BlockHash& block, std::span<const Bytes> keys) {
  auto state = blockchain::BlockState::at(chain_, block);
  if (!state) return unexpected(source_error(state.error()));
  auto proof = state->read_proof(std::vector<Bytes>(keys.begin(), keys.end()));
  if (!proof) return unexpected(source_error(proof.error()));
  return std::move(*proof);
}

Result<std::vector<Bytes>, network::LightSourceError> ChainLightSource::child_read_proof(
    const block::BlockHash& block, ByteSpan child, std::span<const Bytes> keys) {
  auto state = blockchain::BlockState::at(chain_, block);
  if (!state) return unexpected(source_error(state.error()));
  auto proof = state->child_read_proof(child, std::vector<Bytes>(keys.begin(), keys.end()));
  if (!proof) return unexpected(source_error(proof.error()));
  return std::move(*proof);
}

Result<std::vector<Bytes>, network::LightSourceError> ChainLightSource::execution_proof(
    const block::BlockHash& block, std::string_view method, ByteSpan args) {
  auto state = blockchain::BlockState::at(chain_, block);
  if (!state) return unexpected(source_error(state.error()));
  // A remote call made for a light client: bounded like the RPC calls.
  auto proven = state->call_with_proof(runtime_, method, args, blockchain::kOutsiderCallFuel);
  if (!proven) return unexpected(source_error(proven.error()));
  return std::move(proven->proof);
}

}  // namespace canary::node
