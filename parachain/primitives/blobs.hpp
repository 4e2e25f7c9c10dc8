// The opaque byte strings a parachain hands the relay chain (polkadot-sdk
// `polkadot/parachain/src/primitives.rs`): its head, a block's data and its validation code. Each
// is a newtype over Vec<u8>, so each encodes as Compact length ‖ bytes.
#pragma once

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

// Hashed as blake2_256 of the raw bytes, without the length prefix (parachain-facts §1.2).
struct HeadData {
  Bytes data;
  bool operator==(const HeadData&) const = default;
  CANARY_SCALE_FIELDS(data)
};

struct BlockData {
  Bytes data;
  bool operator==(const BlockData&) const = default;
  CANARY_SCALE_FIELDS(data)
};

// As stored on chain: possibly zstd-compressed with sp-maybe-compressed-blob's prefix.
struct ValidationCode {
  Bytes data;
  bool operator==(const ValidationCode&) const = default;
  CANARY_SCALE_FIELDS(data)
};

// blake2_256 of the code bytes as stored (compressed or not), parachain-facts §1.2.
using ValidationCodeHash = Hash256;

Hash256 head_data_hash(const HeadData& head);
ValidationCodeHash validation_code_hash(const ValidationCode& code);

}  // namespace canary::parachain
