// The dispute and slashing types of the ParachainHost runtime API: v8::DisputeState (what
// ParasDisputes keeps of a dispute) and v8::slashing's SlashingOffenceKind, PendingSlashes,
// DisputesTimeSlot, DisputeProof and OpaqueKeyOwnershipProof (what ParasSlashing keeps and takes).
// SCALE byte for byte as polkadot-sdk stable2506 (polkadot/primitives/src/v8/mod.rs,
// v8/slashing.rs); metadata paths as Kusama's metadata (spec 1_009_002). Neither pallet exists in
// Canary yet: the API reports no disputes and no slashes, and takes no dispute-lost report.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"

namespace canary::rt::pallets::para_primitives {

// v8::DisputeState<u32>: the votes on a disputed candidate (a bit per validator of the
// candidate's session), the block the dispute started in and the one it concluded in.
struct DisputeState {
  scale::BitVec validators_for;
  scale::BitVec validators_against;
  uint32_t start = 0;
  std::optional<uint32_t> concluded_at;
  bool operator==(const DisputeState&) const = default;
  CANARY_SCALE_FIELDS(validators_for, validators_against, start, concluded_at)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "DisputeState"});
    b.param<uint32_t>("N");
    b.field("validators_for", &DisputeState::validators_for, "BitVec<u8, bitvec::order::Lsb0>");
    b.field("validators_against", &DisputeState::validators_against,
            "BitVec<u8, bitvec::order::Lsb0>");
    b.field("start", &DisputeState::start, "N");
    b.field("concluded_at", &DisputeState::concluded_at, "Option<N>");
  }
};

namespace slashing {

using para_shared::ValidatorId;

// v8::slashing::SlashingOffenceKind: backing an invalid candidate, or voting against a valid one.
enum class SlashingOffenceKind : uint8_t { kForInvalid = 0, kAgainstValid = 1 };
inline bool scale_is_valid(SlashingOffenceKind kind) {
  return static_cast<uint8_t>(kind) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const SlashingOffenceKind* /*unused*/) {
  b.path({"polkadot_primitives", "v8", "slashing", "SlashingOffenceKind"});
  b.variant(0, "ForInvalid").variant(1, "AgainstValid");
}

// v8::slashing::PendingSlashes: the validators (by index in the dispute's session) to be slashed
// for one lost dispute, and for what.
struct PendingSlashes {
  std::map<ValidatorIndex, ValidatorId> keys;
  SlashingOffenceKind kind = SlashingOffenceKind::kForInvalid;
  bool operator==(const PendingSlashes&) const = default;
  CANARY_SCALE_FIELDS(keys, kind)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "slashing", "PendingSlashes"});
    b.field("keys", &PendingSlashes::keys, "BTreeMap<ValidatorIndex, ValidatorId>");
    b.field("kind", &PendingSlashes::kind, "SlashingOffenceKind");
  }
};

// v8::slashing::DisputesTimeSlot: a dispute's offence time slot, the candidate in its session.
struct DisputesTimeSlot {
  SessionIndex session_index = 0;
  CandidateHash candidate_hash;
  bool operator==(const DisputesTimeSlot&) const = default;
  CANARY_SCALE_FIELDS(session_index, candidate_hash)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "slashing", "DisputesTimeSlot"});
    b.field("session_index", &DisputesTimeSlot::session_index, "SessionIndex");
    b.field("candidate_hash", &DisputesTimeSlot::candidate_hash, "CandidateHash");
  }
};

// v8::slashing::DisputeProof: a validator that lost a dispute, for the unsigned slashing report.
struct DisputeProof {
  DisputesTimeSlot time_slot;
  SlashingOffenceKind kind = SlashingOffenceKind::kForInvalid;
  ValidatorIndex validator_index;
  ValidatorId validator_id;
  bool operator==(const DisputeProof&) const = default;
  CANARY_SCALE_FIELDS(time_slot, kind, validator_index, validator_id)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "slashing", "DisputeProof"});
    b.field("time_slot", &DisputeProof::time_slot, "DisputesTimeSlot");
    b.field("kind", &DisputeProof::kind, "SlashingOffenceKind");
    b.field("validator_index", &DisputeProof::validator_index, "ValidatorIndex");
    b.field("validator_id", &DisputeProof::validator_id, "ValidatorId");
  }
};

// v8::slashing::OpaqueKeyOwnershipProof(Vec<u8>): a validator's `para` key membership proof
// (Historical's MembershipProof, SCALE-encoded), opaque to the node. The same bytes as
// sp_runtime's OpaqueValue, which BABE's and GRANDPA's APIs use, under its own path.
struct OpaqueKeyOwnershipProof {
  Bytes bytes;
  bool operator==(const OpaqueKeyOwnershipProof&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "slashing", "OpaqueKeyOwnershipProof"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};

}  // namespace slashing
}  // namespace canary::rt::pallets::para_primitives
