// The `/light/2` server's view of the node's chain (network/protocols/light_state_source.hpp):
// read proofs, child read proofs and execution proofs of blockchain::BlockState at any block whose
// state the database keeps, runtime calls on the node's RuntimeHost.
#pragma once

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "network/protocols/light_state_source.hpp"

namespace canary::node {

class ChainLightSource final : public network::LightStateSource {
 public:
  // Both must outlive the source. Thread-safe as the chain and the runtime host are.
  ChainLightSource(const blockchain::Chain& chain, blockchain::RuntimeHost& runtime)
      : chain_(chain), runtime_(runtime) {}

  Result<std::vector<Bytes>, network::LightSourceError> read_proof(
      const block::BlockHash& block, std::span<const Bytes> keys) override;
  Result<std::vector<Bytes>, network::LightSourceError> child_read_proof(
      const block::BlockHash& block, ByteSpan child, std::span<const Bytes> keys) override;
  Result<std::vector<Bytes>, network::LightSourceError> execution_proof(
      const block::BlockHash& block, std::string_view method, ByteSpan args) override;

 private:
  const blockchain::Chain& chain_;
  blockchain::RuntimeHost& runtime_;
};

}  // namespace canary::node
