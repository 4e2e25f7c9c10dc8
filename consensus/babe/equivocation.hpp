// Catching a BABE author that sealed two blocks for one slot (sc-consensus-slots aux_schema.rs
// check_equivocation, which sc-consensus-babe runs on every imported header). The headers seen
// are kept per slot for the last kMaxSlotCapacity slots; a second, different header of a slot by
// an author already seen there is an equivocation, reported once with the first header seen.
//
// Sans-IO: the caller passes the current slot and the verified header. Unlike Substrate, which
// keeps the record in the aux column, the record lives in memory: a node restarted between the
// two blocks of an equivocation does not see it (any other node does).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "consensus/babe/types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::consensus::babe {

// sp_consensus_slots::EquivocationProof<Header, AuthorityId>, as the runtime API takes it: the
// offender, the slot, and both sealed headers (seals on).
struct EquivocationProof {
  AuthorityId offender{};
  Slot slot = 0;
  block::Header first_header;
  block::Header second_header;
  CANARY_SCALE_FIELDS(offender, slot, first_header, second_header)
};

class EquivocationDetector {
 public:
  // Substrate's MAX_SLOT_CAPACITY and PRUNING_BOUND: headers older than this many slots are not
  // checked, and the record is pruned when it spans twice as many.
  static constexpr uint64_t kMaxSlotCapacity = 1000;
  static constexpr uint64_t kPruningBound = 2 * kMaxSlotCapacity;

  // Notes `sealed` (its hash `hash`), verified as `author`'s block of `slot`, with the local
  // clock at `slot_now`. Returns the proof when `author` sealed another header of that slot.
  std::optional<EquivocationProof> check(Slot slot_now, Slot slot, const AuthorityId& author,
                                         const block::Header& sealed, const block::BlockHash& hash);

  size_t slots_recorded() const { return by_slot_.size(); }

 private:
  struct Seen {
    AuthorityId author{};
    block::BlockHash hash{};
    block::Header header;
  };
  std::map<Slot, std::vector<Seen>> by_slot_;
  std::optional<Slot> first_saved_slot_;
};

}  // namespace canary::consensus::babe
