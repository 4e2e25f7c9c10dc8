// The `/state/2` server's view of the node's chain (network/protocols/state_source.hpp): the
// state of any block the database keeps, walked over the database's node store
// (network/protocols/trie_state_reader.hpp), never through Database::storage's value cache, so
// that a recorded walk loads, and proves, every node it reads.
#pragma once

#include <memory>

#include "blockchain/chain.hpp"
#include "network/protocols/state_source.hpp"

namespace canary::node {

class ChainStateSource final : public network::StateSource {
 public:
  // `chain` must outlive the source and the readers it opens.
  explicit ChainStateSource(const blockchain::Chain& chain) : chain_(chain) {}

  Result<std::unique_ptr<network::StateReader>, network::StateSourceError> open(
      const block::BlockHash& block, bool record) override;

 private:
  const blockchain::Chain& chain_;
};

}  // namespace canary::node
