// The vocabulary of GRANDPA (sp-consensus-grandpa lib.rs): ed25519 authority keys with u64
// weights, u64 set ids and round numbers, and (hash, number) block references. Block numbers are
// the relay chain's u32.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::consensus::grandpa {

using block::BlockHash;
using block::BlockNumber;

using AuthorityId = crypto::ed25519::PublicKey;
using AuthoritySignature = crypto::ed25519::Signature;
using AuthorityWeight = uint64_t;
using SetId = uint64_t;
using RoundNumber = uint64_t;

// sp-consensus-grandpa `AuthorityList`: the wire order is the runtime's order; VoterSet sorts it.
using AuthorityList = std::vector<std::pair<AuthorityId, AuthorityWeight>>;

// A block as GRANDPA votes on it. Encodes as hash ‖ u32 LE number (not compact), like the
// (H, N) tuples of finality-grandpa.
struct BlockRef {
  BlockHash hash{};
  BlockNumber number = 0;

  bool operator==(const BlockRef&) const = default;
  CANARY_SCALE_FIELDS(hash, number)
};

}  // namespace canary::consensus::grandpa
