// The provisioner (polkadot-sdk `polkadot/node/core/provisioner/src/lib.rs`; parachain-facts §1.9,
// §3.3 step 3), the selection as a pure function: what a block author puts in the paras inherent
// (`parachn0`) of the block it builds on `parent`, from the availability cores at the parent, the
// signed bitfields bitfield distribution kept for the parent and the backable candidates, so that
// our runtime's ParaInherent (runtime/pallets/para_inherent/, polkadot-sdk stable2506's
// paras_inherent) takes all of it:
//
//  - bitfields (select_availability_bitfields): one bit per availability core, a validator of the
//    session, no bit set for a core that is not occupied, the one with most bits per validator
//    (polkadot-sdk's choice), by strictly increasing validator index (the runtime's order);
//  - backed candidates: only for a core a candidate may take in this block: a Scheduled core (its
//    para), an Occupied one whose candidate becomes available with these bitfields
//    (next_up_on_available) or times out in this block (next_up_on_time_out); never a Free core
//    (nothing is scheduled there: the runtime has no claim for it). One candidate per core, of the
//    para the core serves; a para's candidates in the chain order given, the first one dropped
//    ending its para's chain (the runtime drops a candidate's descendants with it); at most one
//    candidate with new validation code (polkadot-sdk's rule, ending that para's chain too);
//  - no disputes (our runtime accepts none until ParasDisputes exists); the parent's header.
//
// Availability is the runtime's: a candidate is enacted when the votes it has (OccupiedCore's
// `availability`) with the bits of these bitfields reach availability_threshold(validators) —
// more than two thirds. polkadot-sdk's provisioner asks for 2/3 or more, a hair looser, and its
// runtime then keeps the core occupied; we never offer a candidate for a core that stays occupied.
// The runtime enacts a para's pending candidates in chain order; OccupiedCore does not tell that
// order, so when a para occupies several cores, each of them counts as freed only when all of
// them become available (never freed too early; sometimes a core is left for the next block).
//
// Not here: how the candidates were chosen (prospective parachains; the caller gives each para's
// chain), the signatures (bitfield distribution checked the bitfields, backing the votes), the
// inherent's weight limit.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/backed_candidate.hpp"
#include "parachain/protocol/bitfield.hpp"
#include "parachain/protocol/parachains_inherent.hpp"
#include "parachain/runtime_api/host_types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

// A backable candidate and the core it is backed for: the core the runtime maps it to (a V2
// descriptor's core_index, else the core index backing injected in validator_indices under
// ElasticScalingMVP, else the para's only scheduled core) and whose group backed it.
struct BackableCandidate {
  CoreIndex core = 0;
  protocol::BackedCandidate candidate;
};

// polkadot-sdk inclusion's availability_threshold (= polkadot-primitives' supermajority_threshold):
// the fewest votes that are more than two thirds of n.
constexpr size_t availability_threshold(size_t n_validators) {
  return n_validators - (n_validators == 0 ? 0 : (n_validators - 1) / 3);
}

// The bitfields the block carries, by increasing validator index (see above). `cores` are the
// availability cores at the parent (entry i is core i), `n_validators` the session's validator
// count.
std::vector<protocol::UncheckedSignedAvailabilityBitfield> select_availability_bitfields(
    std::span<const CoreState> cores,
    std::span<const protocol::UncheckedSignedAvailabilityBitfield> bitfields, size_t n_validators);

// Whether the candidate on occupied core `core` has availability_threshold(n_validators) votes
// with `bitfields` (as the runtime counts them: its votes so far, or'ed with each bitfield's bit
// for the core; a bitfield of a validator outside `occupied.availability` counts nothing).
bool becomes_available(const OccupiedCore& occupied, CoreIndex core,
                       std::span<const protocol::UncheckedSignedAvailabilityBitfield> bitfields,
                       size_t n_validators);

// The paras inherent for a block on `parent_header`. `candidates`: each para's candidates in chain
// order (prospective parachains' answer; one per para without elastic scaling). The backed
// candidates come out by core index, except that a para's own candidates keep their chain order
// (they fill the places of that para's cores in core order): polkadot-sdk's older runtimes
// required core order, ours (stable2506) each para's chain order.
protocol::ParachainsInherentData select_inherent_data(
    const block::Header& parent_header, std::span<const CoreState> cores,
    std::span<const protocol::UncheckedSignedAvailabilityBitfield> bitfields,
    std::span<const BackableCandidate> candidates, size_t n_validators);

// The `parachn0` inherent data's value (runtime::kParachainsInherent):
// SCALE(ParachainsInherentData).
Bytes encode_parachains_inherent(const protocol::ParachainsInherentData& data);

}  // namespace canary::parachain
