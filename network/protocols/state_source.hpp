// What the `/state/2` server reads of our chain: a block's state, walked key after key (the main
// trie, then the default child tries it holds), optionally recording the storage proof of the
// walk (sc-client-api ProofProvider storage_collection / read_proof_collection). An abstract view,
// so that the protocol logic stays sans-IO and free of the blockchain and database libraries;
// network/protocols/trie_state_reader.hpp implements the reader over state::Trie, and the node
// opens it on a block of its chain (node/service/chain_state_source.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct StateSourceError {
  std::string message;
};

// One block's state. A child trie is named by its key in the main trie, prefixed
// (":child_storage:default:" ‖ name), as the protocol's start keys name it. Reads fail with a
// StateSourceError (a node missing from the database, a pruned state, a child key that holds no
// valid root), which fails the request.
class StateReader {
 public:
  virtual ~StateReader() = default;

  // The first key strictly after `after` in the main trie (`child` nullopt) or in the child trie
  // whose root the main trie holds under `child`.
  virtual Result<std::optional<Bytes>, StateSourceError> next_key(std::optional<ByteSpan> child,
                                                                  ByteSpan after) = 0;
  virtual Result<std::optional<Bytes>, StateSourceError> get(std::optional<ByteSpan> child,
                                                             ByteSpan key) = 0;
  // When recording: the SCALE size of the storage proof of everything read so far (sp_trie
  // Recorder::estimate_encoded_size); 0 otherwise.
  virtual size_t proof_size() const = 0;
  // When recording: the storage proof of everything read, as SCALE sp_trie::CompactProof.
  virtual Result<Bytes, StateSourceError> compact_proof() const = 0;
};

class StateSource {
 public:
  virtual ~StateSource() = default;

  // The state of `block`, recording the storage proof of the reads when `record`. An error when
  // the block is unknown or its state is not kept.
  virtual Result<std::unique_ptr<StateReader>, StateSourceError> open(const block::BlockHash& block,
                                                                      bool record) = 0;
};

}  // namespace canary::network
