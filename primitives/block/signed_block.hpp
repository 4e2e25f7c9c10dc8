// A block with its finality proofs (sp-runtime generic/block.rs `SignedBlock`): what
// chain_getBlock answers, what `export-blocks` writes and `import-blocks` reads, and what the
// database keeps per block (the justifications, SCALE-encoded, beside header and body).
//   Justifications = Vec<(ConsensusEngineId, Vec<u8>)>, one proof per consensus engine;
//   SignedBlock    = Block ‖ Option<Justifications>.
#pragma once

#include <optional>
#include <vector>

#include "primitives/block/block.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::block {

struct Justification {
  ConsensusEngineId engine{};
  Bytes proof;

  bool operator==(const Justification&) const = default;
  CANARY_SCALE_FIELDS(engine, proof)
};

using Justifications = std::vector<Justification>;

// Justifications::get: the proof of `engine`, if the block has one.
inline const Bytes* find_justification(const Justifications& justifications,
                                       const ConsensusEngineId& engine) {
  for (const Justification& j : justifications) {
    if (j.engine == engine) return &j.proof;
  }
  return nullptr;
}

struct SignedBlock {
  Block block;
  std::optional<Justifications> justifications;

  bool operator==(const SignedBlock&) const = default;
  CANARY_SCALE_FIELDS(block, justifications)
};

}  // namespace canary::block
