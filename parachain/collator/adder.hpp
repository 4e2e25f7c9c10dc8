// The "adder" test parachain's semantics (polkadot-sdk `polkadot/parachain/test-parachains/adder/
// src/lib.rs`; ../shared/fixtures/parachains/adder/README.md): what its collator computes natively
// and its PVF checks. A head is (number, keccak of the parent head, keccak of the state); a block
// adds a number to the state.
#pragma once

#include <cstdint>
#include <optional>

#include "parachain/primitives/blobs.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::adder {

struct Head {
  uint64_t number = 0;
  Hash256 parent_hash{};  // keccak256 of the parent head's SCALE bytes
  Hash256 post_state{};   // keccak256 of SCALE(state: u64)
  bool operator==(const Head&) const = default;
  CANARY_SCALE_FIELDS(number, parent_hash, post_state)
};

struct Block {
  uint64_t state = 0;  // the parent's state (its keccak is the parent's post_state)
  uint64_t add = 0;
  bool operator==(const Block&) const = default;
  CANARY_SCALE_FIELDS(state, add)
};

Hash256 state_hash(uint64_t state);

// Number 0, zero parent hash, the hash of state 0 (the fixture's genesis_head.hex).
Head genesis_head();

enum class AdderError : uint8_t {
  kBadParentHead,  // shorter than a head (72 bytes)
  kBadBlockData,   // shorter than a block (16 bytes)
  kStateMismatch,  // the block's state does not hash to the parent's post_state
};
const char* to_string(AdderError error);

// The new head, as the PVF's validate_block computes it (bytes after the head or the block are
// ignored, as the PVF's decoding does).
Result<Head, AdderError> execute(ByteSpan parent_head, ByteSpan block_data);

// The head's bytes (SCALE), as the relay chain stores them.
HeadData encode_head(const Head& head);

}  // namespace canary::parachain::adder
