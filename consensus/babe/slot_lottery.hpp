// Who may author a slot (sp-consensus-babe lib.rs make_vrf_transcript; sc-consensus-babe
// authorship.rs calculate_primary_threshold, secondary_slot_author; spec "Winning Threshold"):
//  - primary: an authority whose VRF output on (randomness, slot, epoch) is below its threshold,
//  - secondary: one authority per slot picked round-robin by a hash, when primaries are missing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "consensus/babe/types.hpp"
#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::consensus::babe {

// A threshold on the 128-bit VRF score: primary claims need score < threshold.
using Threshold = u128;

// make_bytes context and length of the primary score (AUTHORING_SCORE_VRF_CONTEXT/LENGTH).
inline constexpr std::string_view kAuthoringScoreVrfContext = "substrate-babe-vrf";

// Transcript("BABE") ‖ u64 "slot number" ‖ u64 "current epoch" ‖ "chain randomness"
// (crypto::babe_vrf_transcript, which the runtime shares).
crypto::Transcript make_vrf_transcript(const Randomness& randomness, Slot slot,
                                       uint64_t epoch_index);

// floor(2^128 · p) with p = 1 − (1 − c)^θ, θ = weight / total_weight, computed in f64 exactly as
// Substrate does (so every node agrees on the threshold bit for bit), then converted exactly.
// Where Substrate panics the result is defined instead: c.denominator = 0, zero weight or
// total weight, or a NaN p give 0 (no primary claim); p >= 1 (c = 1) saturates to 2^128 − 1.
Threshold primary_threshold(PrimaryProbability c, AuthorityWeight weight,
                            AuthorityWeight total_weight);
// The threshold of authorities[authority_index]; 0 for an index out of range. The total weight
// is the wrapping u64 sum, as Substrate's release builds compute it.
Threshold calculate_primary_threshold(PrimaryProbability c, std::span<const Authority> authorities,
                                      size_t authority_index);

// u128::from_le_bytes(make_bytes::<16>("substrate-babe-vrf")) < threshold.
bool check_primary_threshold(const crypto::sr25519::VrfInOut& inout, Threshold threshold);

// The secondary author of `slot`: blake2b-256(SCALE(randomness, slot)) read as a BIG-endian
// 256-bit integer, modulo the number of authorities (facts file §5.2: polkadot-sdk PR #5994
// restored big-endian after a little-endian regression). None without authorities.
std::optional<size_t> secondary_slot_author(Slot slot, size_t authorities_count,
                                            const Randomness& randomness);

}  // namespace canary::consensus::babe
