// What the `/light/2` server asks of our chain: storage proofs at a block (sc-client-api
// ProofProvider read_proof, read_child_proof, execution_proof). An abstract view, so that the
// protocol logic stays sans-IO and free of the blockchain, executor and database libraries; the
// node implements it over blockchain::BlockState and its RuntimeHost
// (node/service/chain_light_source.hpp). A proof is the set of encoded trie nodes (and V1 values)
// a verifier holding the block's state root needs, each once.
//
// Every failure (unknown block, pruned state, a runtime call that traps, a storage error) is an
// error: the server answers it with an empty proof, as Substrate does.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct LightSourceError {
  std::string message;
};

class LightStateSource {
 public:
  virtual ~LightStateSource() = default;

  // The nodes proving the values (or absence) of `keys` in the block's main trie.
  virtual Result<std::vector<Bytes>, LightSourceError> read_proof(const block::BlockHash& block,
                                                                  std::span<const Bytes> keys) = 0;
  // The same in the default child trie `child` (its unprefixed key), with the main trie's nodes
  // proving the child's root.
  virtual Result<std::vector<Bytes>, LightSourceError> child_read_proof(
      const block::BlockHash& block, ByteSpan child, std::span<const Bytes> keys) = 0;
  // Runs the runtime function `method` with `args` on the block's state and returns the nodes
  // it read (its output is not sent: the light client runs the call itself on the proof).
  virtual Result<std::vector<Bytes>, LightSourceError> execution_proof(
      const block::BlockHash& block, std::string_view method, ByteSpan args) = 0;
};

}  // namespace canary::network
