// BABE's plain data types as the node sees them (sp-consensus-babe lib.rs; spec
// sect-block-production.md): slots, authorities, epoch configurations, and what the runtime
// answers to BabeApi_configuration (v2) and BabeApi_current_epoch / next_epoch. The runtime has
// its own metadata-annotated copies (runtime/pallets/babe/types.hpp); the wire formats are the
// same, the node does not depend on runtime/.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::consensus::babe {

// sp_consensus_slots::Slot: unix time in ms divided by the slot duration.
using Slot = uint64_t;
// The position of an authority in the epoch's authority list (as carried by pre-digests).
using AuthorityIndex = uint32_t;
using AuthorityWeight = uint64_t;
using AuthorityId = crypto::sr25519::PublicKey;
// sp_consensus_babe::Randomness: the epoch randomness mixed into every VRF input.
using Randomness = ByteArray<32>;
// c = numerator / denominator: the probability that a slot has at least one primary author.
using PrimaryProbability = std::pair<uint64_t, uint64_t>;

// (AuthorityId, BabeAuthorityWeight): the runtime encodes it as a tuple.
struct Authority {
  AuthorityId public_key{};
  AuthorityWeight weight = 1;

  bool operator==(const Authority&) const = default;
  CANARY_SCALE_FIELDS(public_key, weight)
};

// Which kinds of slot claims the epoch accepts (sp_consensus_babe::AllowedSlots).
enum class AllowedSlots : uint8_t {
  kPrimarySlots = 0,
  kPrimaryAndSecondaryPlainSlots = 1,
  kPrimaryAndSecondaryVrfSlots = 2,
};
inline bool scale_is_valid(AllowedSlots s) {
  return static_cast<uint8_t>(s) <= 2;
}

// sp_consensus_babe::BabeEpochConfiguration.
struct EpochConfiguration {
  PrimaryProbability c{1, 4};
  AllowedSlots allowed_slots = AllowedSlots::kPrimaryAndSecondaryVrfSlots;

  bool operator==(const EpochConfiguration&) const = default;
  CANARY_SCALE_FIELDS(c, allowed_slots)
};

// What BabeApi_configuration (API version 2) returns: the chain's genesis parameters.
struct BabeConfiguration {
  uint64_t slot_duration = 0;  // milliseconds
  uint64_t epoch_length = 0;   // slots
  PrimaryProbability c{1, 4};
  std::vector<Authority> authorities;
  Randomness randomness{};
  AllowedSlots allowed_slots = AllowedSlots::kPrimaryAndSecondaryVrfSlots;

  bool operator==(const BabeConfiguration&) const = default;
  CANARY_SCALE_FIELDS(slot_duration, epoch_length, c, authorities, randomness, allowed_slots)
};

// sp_consensus_babe::Epoch (BabeApi_current_epoch / BabeApi_next_epoch): the epoch's slots
// [start_slot, start_slot + duration), who may author in them and with which randomness.
struct Epoch {
  uint64_t epoch_index = 0;
  Slot start_slot = 0;
  uint64_t duration = 0;  // slots
  std::vector<Authority> authorities;
  Randomness randomness{};
  EpochConfiguration config;

  bool operator==(const Epoch&) const = default;
  CANARY_SCALE_FIELDS(epoch_index, start_slot, duration, authorities, randomness, config)

  // Whether `slot` falls in [start_slot, start_slot + duration); overflow-safe.
  bool contains(Slot slot) const { return slot >= start_slot && slot - start_slot < duration; }
};

}  // namespace canary::consensus::babe
