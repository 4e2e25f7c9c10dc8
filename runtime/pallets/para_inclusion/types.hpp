// polkadot-runtime-parachains' inclusion::CandidatePendingAvailability<H256, u32>, the value of
// ParaInclusion's `V1` map (one per candidate of the para's chain pending availability), in the
// field order of Kusama's metadata (spec 1_009_002; polkadot-sdk stable2506
// polkadot/runtime/parachains/src/inclusion/mod.rs): core, hash, descriptor, commitments,
// availability_votes, backers, relay_parent_number, backed_in_number, backing_group.
#pragma once

#include <cstdint>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_inclusion {

using para_primitives::CandidateCommitments;
using para_primitives::CandidateDescriptorV2;
using para_primitives::CandidateHash;
using para_primitives::CandidateReceiptV2;
using para_primitives::CommittedCandidateReceiptV2;
using para_primitives::CoreIndex;
using para_primitives::GroupIndex;

struct CandidatePendingAvailability {
  // The availability core the candidate occupies.
  CoreIndex core;
  CandidateHash hash;
  CandidateDescriptorV2 descriptor;
  CandidateCommitments commitments;
  // One bit per active validator: whether its bitfield said the chunk is there.
  scale::BitVec availability_votes;
  // One bit per active validator: whether it backed the candidate.
  scale::BitVec backers;
  uint32_t relay_parent_number = 0;
  // The block the candidate was backed in (its availability timeout counts from there).
  uint32_t backed_in_number = 0;
  GroupIndex backing_group;

  bool operator==(const CandidatePendingAvailability&) const = default;
  CANARY_SCALE_FIELDS(core, hash, descriptor, commitments, availability_votes, backers,
                      relay_parent_number, backed_in_number, backing_group)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "inclusion", "CandidatePendingAvailability"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    b.field("core", &CandidatePendingAvailability::core, "CoreIndex");
    b.field("hash", &CandidatePendingAvailability::hash, "CandidateHash");
    b.field("descriptor", &CandidatePendingAvailability::descriptor, "CandidateDescriptor<H>");
    b.field("commitments", &CandidatePendingAvailability::commitments, "CandidateCommitments");
    b.field("availability_votes", &CandidatePendingAvailability::availability_votes,
            "BitVec<u8, BitOrderLsb0>");
    b.field("backers", &CandidatePendingAvailability::backers, "BitVec<u8, BitOrderLsb0>");
    b.field("relay_parent_number", &CandidatePendingAvailability::relay_parent_number, "N");
    b.field("backed_in_number", &CandidatePendingAvailability::backed_in_number, "N");
    b.field("backing_group", &CandidatePendingAvailability::backing_group, "GroupIndex");
  }

  CommittedCandidateReceiptV2 committed_receipt() const { return {descriptor, commitments}; }
  CandidateReceiptV2 receipt() const { return {descriptor, commitments.hash()}; }
};

}  // namespace canary::rt::pallets::para_inclusion
