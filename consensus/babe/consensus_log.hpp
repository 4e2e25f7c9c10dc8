// BABE consensus logs (DigestItem::Consensus(b"BABE", …)): what the runtime tells the node about
// the next epoch (sp-consensus-babe lib.rs ConsensusLog, digests.rs; spec Definition "BABE
// Consensus Message"). Indices: 1 NextEpochData, 2 OnDisabled(u32), 3 NextConfigData(V1 = 1).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "consensus/babe/types.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::babe {

// The authorities and randomness of the epoch after the one the announcing block starts.
struct NextEpochDescriptor {
  std::vector<Authority> authorities;
  Randomness randomness{};

  bool operator==(const NextEpochDescriptor&) const = default;
  CANARY_SCALE_FIELDS(authorities, randomness)
};

// NextConfigDescriptor: a versioned enum whose only version is V1 (index 1) = an
// EpochConfiguration. Kept flat here; the codec writes and checks the version byte.
struct NextConfigDescriptor {
  static constexpr uint8_t kV1 = 1;
  EpochConfiguration config;

  bool operator==(const NextConfigDescriptor&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(kV1);
    scale::encode_to(out, config);
  }
  void scale_decode(scale::Decoder& in) {
    if (in.read_byte() != kV1) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
      return;
    }
    scale::decode_from(in, config);
  }
};

struct NextEpochData {
  static constexpr uint8_t kScaleIndex = 1;
  NextEpochDescriptor descriptor;
  bool operator==(const NextEpochData&) const = default;
  CANARY_SCALE_FIELDS(descriptor)
};

// An authority was disabled for the rest of the epoch (informational for the node).
struct OnDisabled {
  static constexpr uint8_t kScaleIndex = 2;
  AuthorityIndex index = 0;
  bool operator==(const OnDisabled&) const = default;
  CANARY_SCALE_FIELDS(index)
};

struct NextConfigData {
  static constexpr uint8_t kScaleIndex = 3;
  NextConfigDescriptor descriptor;
  bool operator==(const NextConfigData&) const = default;
  CANARY_SCALE_FIELDS(descriptor)
};

struct ConsensusLog {
  std::variant<NextEpochData, OnDisabled, NextConfigData> value;

  bool operator==(const ConsensusLog&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
};

// The whole consensus payload must be one log: trailing bytes and unknown indices are refused.
Result<ConsensusLog, scale::DecodeError> decode_consensus_log(ByteSpan data);

}  // namespace canary::consensus::babe
