// Verifying a block's BABE claim on import (sc-consensus-babe verification.rs check_header and
// check_{primary,secondary_plain,secondary_vrf}_header; smoldot lib/src/verify/babe.rs).
// The epoch to verify against comes from epoch_for_child (epoch_changes.hpp); the importer also
// calls the two slot helpers below against the parent and its clock.
#pragma once

#include <cstdint>
#include <vector>

#include "consensus/babe/babe_error.hpp"
#include "consensus/babe/consensus_log.hpp"
#include "consensus/babe/pre_digest.hpp"
#include "consensus/babe/types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::babe {

struct VerifiedHeader {
  PreDigest pre_digest;
  Slot slot = 0;
  bool is_primary = false;   // fork-choice weight: primary claims count 1, secondary 0
  AuthorityId author{};      // the public key that sealed the block
  block::Header pre_header;  // the header without its seal (what the runtime executes)
  Hash256 pre_hash{};        // hash_of(pre_header): what the seal signs
  std::vector<ConsensusLog> consensus_logs;  // every BABE consensus log, in digest order
};

// Checks the sealed header's claim against `epoch` (which must contain the claimed slot):
// the pre-digest, the authority index, the seal, and by claim kind the VRF and threshold
// (primary), or that the slot is allowed and the claimant is its secondary author (secondary).
// Never aborts: every malformed input is an error value.
Result<VerifiedHeader, BabeError> verify_header(const block::Header& sealed, const Epoch& epoch);

// A child's slot must be strictly above its parent's (sc-consensus-babe SlotMustIncrease). The
// genesis block has no pre-digest: pass 0 as its slot, as Substrate's find_pre_digest does.
Result<void, BabeError> check_slot_progression(Slot parent_slot, Slot slot);

// Substrate's default tolerance for clock drift: a block may be one slot ahead of ours.
inline constexpr uint64_t kMaxSlotDrift = 1;

// Whether `slot` is still ahead of the local clock by more than `max_drift_slots` (Substrate
// defers such blocks rather than rejecting them). A zero slot duration judges every slot future.
bool slot_is_in_future(Slot slot, uint64_t now_unix_ms, uint64_t slot_duration_ms,
                       uint64_t max_drift_slots = kMaxSlotDrift);

}  // namespace canary::consensus::babe
