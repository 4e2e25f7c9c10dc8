// The provisioner's selection (parachain/provisioner), after polkadot-sdk's provisioner tests
// (polkadot/node/core/provisioner/src/tests.rs) and the checks of our runtime's ParaInherent
// (runtime/pallets/para_inherent, para_inclusion): the bitfields (length, validator range, bits
// for unoccupied cores, the better of two, sorted), the cores a candidate may take (scheduled,
// free, occupied, occupied and becoming available with more than two thirds of the votes, timed
// out, a para occupying several cores), one candidate per core, a para's chain and the
// validation-code rule, the order of the backed candidates, and the `parachn0` encoding (an empty
// selection is runtime::parachains_inherent_without_content). Bitfields and backing votes carry
// real sr25519 signatures; bitfields from bitfield distribution go straight in.
#include "parachain/provisioner/provisioner.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "parachain/bitfield_distribution/bitfield_distribution.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/runtime/inherent_data.hpp"

namespace canary::parachain {
namespace {

using protocol::BackedCandidate;
using protocol::UncheckedSignedAvailabilityBitfield;

constexpr SessionIndex kSession = 7;
constexpr size_t kValidators = 4;  // availability_threshold(4) = 3

crypto::sr25519::Keypair key(uint8_t i) {
  crypto::sr25519::MiniSecret seed{};
  seed[0] = i;
  seed[1] = 0xc3;
  return crypto::sr25519::keypair_from_mini_secret(seed);
}

block::Header parent_header() {
  block::Header header;
  header.parent_hash.fill(0x01);
  header.number = 9;
  header.state_root.fill(0x02);
  header.extrinsics_root.fill(0x03);
  header.digest.push_back(block::DigestItem{block::DigestOther{Bytes{1, 2, 3}}});
  return header;
}
const Hash256 kParent = block::hash_of(parent_header());

// Signed by validator `v` for the parent, bit i set where `set` has it.
UncheckedSignedAvailabilityBitfield bitfield(ValidatorIndex v, std::vector<bool> set) {
  scale::BitVec bits(set.size());
  for (size_t i = 0; i < set.size(); ++i) bits.set(i, set[i]);
  return protocol::sign_payload(key(static_cast<uint8_t>(v)),
                                protocol::AvailabilityBitfield{std::move(bits)}, v,
                                protocol::SigningContext{kSession, kParent});
}

CoreState scheduled(ParaId para) {
  return CoreState{CoreState::Scheduled{ScheduledCore{para, std::nullopt}}};
}
CoreState free_core() {
  return CoreState{CoreState::Free{}};
}
// Occupied by a candidate of `para` with the given votes (one bit per validator); the core serves
// `next` next (on availability and on time-out, as our runtime answers).
CoreState occupied(ParaId para, std::vector<bool> votes, std::optional<ParaId> next,
                   uint32_t time_out_at = 100) {
  OccupiedCore core;
  if (next) {
    core.next_up_on_available = ScheduledCore{*next, std::nullopt};
    core.next_up_on_time_out = ScheduledCore{*next, std::nullopt};
  }
  core.occupied_since = 8;
  core.time_out_at = time_out_at;
  core.availability = scale::BitVec(votes.size());
  for (size_t i = 0; i < votes.size(); ++i) core.availability.set(i, votes[i]);
  core.candidate_descriptor.para_id = para;
  core.candidate_hash.fill(static_cast<uint8_t>(para));
  return CoreState{CoreState::Occupied{std::move(core)}};
}

// A candidate of `para` backed for `core` by validators 0 and 1 (Seconded, Valid), with a V2
// descriptor naming the core; `tag` tells candidates apart. (sr25519 signatures are randomized:
// two calls give the same receipt with other votes, so tests compare receipts.)
BackableCandidate candidate(ParaId para, CoreIndex core, uint8_t tag = 1) {
  CommittedCandidateReceipt receipt;
  receipt.descriptor.para_id = para;
  receipt.descriptor.relay_parent = kParent;
  receipt.descriptor.core_index_v2 = static_cast<uint16_t>(core);
  receipt.descriptor.session_index_v2 = kSession;
  receipt.commitments.head_data = HeadData{Bytes{tag, static_cast<uint8_t>(para)}};
  const Hash256 hash = candidate_hash(receipt.to_plain());
  const protocol::SigningContext context{kSession, kParent};
  std::vector<protocol::ValidityAttestation> votes;
  for (uint8_t v : {0, 1}) {
    const auto kind =
        v == 0 ? protocol::CompactStatementKind::kSeconded : protocol::CompactStatementKind::kValid;
    const auto signed_statement =
        protocol::sign_payload(key(v), protocol::CompactStatement{kind, hash}, v, context);
    votes.push_back(
        protocol::ValidityAttestation{v == 0 ? protocol::ValidityAttestationKind::kImplicit
                                             : protocol::ValidityAttestationKind::kExplicit,
                                      signed_statement.signature});
  }
  scale::BitVec group(2);
  group.set(0, true);
  group.set(1, true);
  return BackableCandidate{
      core, protocol::make_backed_candidate(std::move(receipt), std::move(votes), group, core)};
}

BackableCandidate with_code(BackableCandidate c) {
  c.candidate.candidate.commitments.new_validation_code =
      ValidationCode{Bytes{0, 0x61, 0x73, 0x6d}};
  return c;
}

// A V1 descriptor (a collator key in the reserved bytes): the runtime maps it where the caller
// says, by the injected core index or the para's only core.
BackableCandidate v1(BackableCandidate c) {
  c.candidate.candidate.descriptor.core_index_v2 = 0;
  c.candidate.candidate.descriptor.reserved1.fill(0x5c);
  c.candidate.candidate.descriptor.reserved2.fill(0x5d);
  return c;
}

std::vector<ParaId> paras_of(const protocol::ParachainsInherentData& data) {
  std::vector<ParaId> out;
  out.reserve(data.backed_candidates.size());
  for (const BackedCandidate& c : data.backed_candidates)
    out.push_back(c.candidate.descriptor.para_id);
  return out;
}

std::vector<ValidatorIndex> validators_of(
    const std::vector<UncheckedSignedAvailabilityBitfield>& bitfields) {
  std::vector<ValidatorIndex> out;
  out.reserve(bitfields.size());
  for (const auto& b : bitfields) out.push_back(b.validator_index);
  return out;
}

protocol::ParachainsInherentData select(
    const std::vector<CoreState>& cores,
    const std::vector<UncheckedSignedAvailabilityBitfield>& bitfields,
    const std::vector<BackableCandidate>& candidates) {
  return select_inherent_data(parent_header(), cores, bitfields, candidates, kValidators);
}

TEST(Provisioner, AvailabilityThresholdIsMoreThanTwoThirds) {
  // The smallest k with 3k > 2n, counted out.
  for (size_t n = 0; n <= 1000; ++n) {
    size_t k = 0;
    while (3 * k <= 2 * n) ++k;
    if (n == 0) k = 0;  // supermajority_threshold(0) = 0
    EXPECT_EQ(availability_threshold(n), k) << n;
  }
  EXPECT_EQ(availability_threshold(3), 3u);
  EXPECT_EQ(availability_threshold(4), 3u);
  EXPECT_EQ(availability_threshold(6), 5u);  // polkadot-sdk's provisioner would accept 4 (2/3)
  EXPECT_EQ(availability_threshold(300), 201u);
}

TEST(Provisioner, SelectsBitfieldsAsTheRuntimeAcceptsThemSortedByValidator) {
  // Cores: 0 occupied, 1 scheduled, 2 occupied.
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 0}, 100), scheduled(200),
                                        occupied(300, {0, 0, 0, 0}, 300)};
  const std::vector<UncheckedSignedAvailabilityBitfield> given = {
      bitfield(3, {1, 0, 1}),    bitfield(0, {1, 0, 0}),
      bitfield(2, {1, 0, 1, 0}),  // four bits for three cores
      bitfield(1, {0, 1, 0}),     // a bit for the scheduled core
      bitfield(4, {1, 0, 1}),     // validator 4 of 4
      bitfield(0, {1, 0, 1}),     // validator 0 again, with more bits: replaces the first
      bitfield(0, {0, 0, 1}),     // and again, with fewer: ignored
      bitfield(2, {0, 0, 0}),
  };
  const auto selected = select_availability_bitfields(cores, given, kValidators);
  EXPECT_EQ(validators_of(selected), (std::vector<ValidatorIndex>{0, 2, 3}));
  EXPECT_EQ(selected[0], given[5]);
  EXPECT_EQ(selected[1], given[7]);
  EXPECT_EQ(selected[2], given[0]);
  // The signatures are the validators' for the parent, as the runtime checks them.
  for (const auto& b : selected) {
    EXPECT_TRUE(protocol::verify_signed(b, protocol::SigningContext{kSession, kParent},
                                        key(static_cast<uint8_t>(b.validator_index)).public_key));
  }
  // select_inherent_data puts exactly those in.
  EXPECT_EQ(select(cores, given, {}).bitfields, selected);
}

TEST(Provisioner, ScheduledCoresTakeTheirParasCandidateFreeCoresNone) {
  const std::vector<CoreState> cores = {scheduled(100), free_core(), scheduled(300)};
  const auto data = select(cores, {}, {candidate(100, 0), candidate(200, 1), candidate(301, 2)});
  // Core 1 is Free (nothing scheduled: the runtime has no claim there); core 2 serves para 300.
  EXPECT_EQ(paras_of(data), std::vector<ParaId>{100});
  EXPECT_EQ(data.backed_candidates[0].candidate, candidate(100, 0).candidate.candidate);
  EXPECT_TRUE(data.disputes.empty());
  EXPECT_EQ(data.parent_header, parent_header());
  // A core index past the cores is refused.
  EXPECT_TRUE(select(cores, {}, {candidate(100, 7)}).backed_candidates.empty());
}

TEST(Provisioner, AnOccupiedCoreTakesTheNextCandidateOnlyWhenItsOccupantBecomesAvailable) {
  // Validator 3 voted already; availability needs 3 of 4.
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 1}, 100)};
  const std::vector<BackableCandidate> next = {candidate(100, 0, 2)};
  // No bitfields, or one more vote: still occupied.
  EXPECT_TRUE(select(cores, {}, next).backed_candidates.empty());
  EXPECT_TRUE(select(cores, {bitfield(0, {1})}, next).backed_candidates.empty());
  // A vote by validator 3 again adds nothing.
  EXPECT_TRUE(select(cores, {bitfield(0, {1}), bitfield(3, {1})}, next).backed_candidates.empty());
  // Two more: 3 of 4, more than two thirds; the next candidate takes the core in this block.
  const auto data = select(cores, {bitfield(0, {1}), bitfield(2, {1})}, next);
  EXPECT_EQ(paras_of(data), std::vector<ParaId>{100});
  EXPECT_EQ(validators_of(data.bitfields), (std::vector<ValidatorIndex>{0, 2}));
  // Only bitfields that go in count: a wrong-length one does not.
  EXPECT_TRUE(
      select(cores, {bitfield(0, {1}), bitfield(2, {1, 0})}, next).backed_candidates.empty());
  // Without a para next up, nothing takes the core.
  const std::vector<CoreState> nothing_next = {occupied(100, {0, 0, 0, 1}, std::nullopt)};
  EXPECT_TRUE(
      select(nothing_next, {bitfield(0, {1}), bitfield(2, {1})}, next).backed_candidates.empty());
  EXPECT_TRUE(becomes_available(*cores[0].occupied(), 0,
                                std::vector{bitfield(0, {1}), bitfield(2, {1})}, kValidators));
}

TEST(Provisioner, ExactlyTwoThirdsIsNotAvailable) {
  // Six validators: the runtime enacts at 5 votes; polkadot-sdk's provisioner's 2/3 would take 4.
  constexpr size_t kSix = 6;
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 0, 0, 0}, 100)};
  const std::vector<BackableCandidate> next = {candidate(100, 0, 2)};
  std::vector<UncheckedSignedAvailabilityBitfield> votes;
  votes.reserve(5);
  for (ValidatorIndex v = 0; v < 4; ++v) votes.push_back(bitfield(v, {1}));
  EXPECT_FALSE(becomes_available(*cores[0].occupied(), 0, votes, kSix));
  EXPECT_TRUE(
      select_inherent_data(parent_header(), cores, votes, next, kSix).backed_candidates.empty());
  votes.push_back(bitfield(4, {1}));
  EXPECT_TRUE(becomes_available(*cores[0].occupied(), 0, votes, kSix));
  EXPECT_EQ(paras_of(select_inherent_data(parent_header(), cores, votes, next, kSix)),
            std::vector<ParaId>{100});
}

TEST(Provisioner, AnOccupiedCoreWhoseCandidateTimesOutInThisBlockIsFree) {
  // The block under construction is number 10.
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 0}, 100, 10),
                                        occupied(200, {0, 0, 0, 0}, 200, 11)};
  const auto data = select(cores, {}, {candidate(100, 0), candidate(200, 1)});
  EXPECT_EQ(paras_of(data), std::vector<ParaId>{100});
}

TEST(Provisioner, AParaOnSeveralOccupiedCoresFreesThemOnlyAllTogether) {
  // Para 100 has candidates pending on cores 0 and 1; the runtime enacts them in chain order.
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 0}, 100),
                                        occupied(100, {0, 0, 0, 0}, 100)};
  const std::vector<BackableCandidate> next = {candidate(100, 0, 1), candidate(100, 1, 2)};
  std::vector<UncheckedSignedAvailabilityBitfield> only_core_1;
  std::vector<UncheckedSignedAvailabilityBitfield> both;
  for (ValidatorIndex v = 0; v < 3; ++v) {
    only_core_1.push_back(bitfield(v, {0, 1}));
    both.push_back(bitfield(v, {1, 1}));
  }
  // Core 1's candidate is available, core 0's not: the runtime does not enact core 1's before
  // its predecessor might be core 0's, so core 1 is not offered.
  EXPECT_TRUE(select(cores, only_core_1, next).backed_candidates.empty());
  EXPECT_TRUE(select(cores, only_core_1, {candidate(100, 1, 2)}).backed_candidates.empty());
  EXPECT_EQ(paras_of(select(cores, both, next)), (std::vector<ParaId>{100, 100}));
  EXPECT_EQ(paras_of(select(cores, both, {candidate(100, 1, 2)})), std::vector<ParaId>{100});
}

TEST(Provisioner, OneCandidatePerCoreAndAParasChainEndsAtItsFirstDroppedCandidate) {
  const std::vector<CoreState> cores = {scheduled(100), scheduled(100), scheduled(200)};
  // Two candidates of para 100 for core 0: the first one stays; its chain ends there (the
  // second and the third, which would build on it, go).
  const auto data = select(
      cores, {},
      {candidate(100, 0, 1), candidate(100, 0, 2), candidate(100, 1, 3), candidate(200, 2, 4)});
  ASSERT_EQ(data.backed_candidates.size(), 2u);
  EXPECT_EQ(data.backed_candidates[0].candidate, candidate(100, 0, 1).candidate.candidate);
  EXPECT_EQ(data.backed_candidates[1].candidate, candidate(200, 2, 4).candidate.candidate);
  // A candidate for another para's core ends its para's chain too.
  EXPECT_EQ(paras_of(select(cores, {}, {candidate(200, 0), candidate(200, 2)})),
            std::vector<ParaId>{});
}

TEST(Provisioner, AV2DescriptorMustNameTheCoreAV1OneGoesWhereItIsBacked) {
  const std::vector<CoreState> cores = {scheduled(100), scheduled(200)};
  BackableCandidate wrong_core = candidate(100, 0);
  wrong_core.candidate.candidate.descriptor.core_index_v2 = 1;
  EXPECT_TRUE(select(cores, {}, {wrong_core}).backed_candidates.empty());
  BackableCandidate unknown_version = candidate(100, 0);
  unknown_version.candidate.candidate.descriptor.version_byte = 1;
  EXPECT_TRUE(select(cores, {}, {unknown_version}).backed_candidates.empty());
  EXPECT_EQ(paras_of(select(cores, {}, {v1(candidate(200, 1))})), std::vector<ParaId>{200});
}

TEST(Provisioner, AtMostOneCandidateWithNewValidationCode) {
  const std::vector<CoreState> cores = {scheduled(100), scheduled(200), scheduled(200),
                                        scheduled(300)};
  const auto data = select(cores, {},
                           {with_code(candidate(100, 0)), with_code(candidate(200, 1, 1)),
                            candidate(200, 2, 2), candidate(300, 3)});
  // Para 200's upgrade is dropped with the candidate built on it.
  EXPECT_EQ(paras_of(data), (std::vector<ParaId>{100, 300}));
  EXPECT_TRUE(data.backed_candidates[0].candidate.commitments.new_validation_code.has_value());
}

TEST(Provisioner, CandidatesComeByCoreIndexWithEachParasChainInOrder) {
  // Para 100 is elastic on cores 0 and 2, para 200 on core 1; given in chain order per para, not
  // in core order: 100's first candidate was backed for core 2, its second for core 0.
  const std::vector<CoreState> cores = {scheduled(100), scheduled(200), scheduled(100),
                                        scheduled(300)};
  const BackableCandidate first = candidate(100, 2, 1);
  const BackableCandidate second = candidate(100, 0, 2);
  const auto data = select(cores, {}, {candidate(300, 3), first, candidate(200, 1), second});
  ASSERT_EQ(data.backed_candidates.size(), 4u);
  // Core order 0, 1, 2, 3 with para 100's places (0 and 2) filled in its chain order.
  EXPECT_EQ(data.backed_candidates[0].candidate, first.candidate.candidate);
  EXPECT_EQ(data.backed_candidates[1].candidate, candidate(200, 1).candidate.candidate);
  EXPECT_EQ(data.backed_candidates[2].candidate, second.candidate.candidate);
  EXPECT_EQ(data.backed_candidates[3].candidate, candidate(300, 3).candidate.candidate);
  // One candidate per para: plain core order.
  const auto plain = select(cores, {}, {candidate(300, 3), candidate(100, 2), candidate(200, 1)});
  EXPECT_EQ(paras_of(plain), (std::vector<ParaId>{200, 100, 300}));
}

TEST(Provisioner, EmptySelectionEncodesAsTheRuntimesInherentWithoutContent) {
  const auto data = select({scheduled(100), free_core()}, {}, {});
  EXPECT_EQ(encode_parachains_inherent(data),
            runtime::parachains_inherent_without_content(parent_header()));
}

TEST(Provisioner, EncodedSelectionDecodesAsTheInherentData) {
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 1}, 100), scheduled(200)};
  const auto data = select(cores, {bitfield(2, {1, 0}), bitfield(0, {1, 0})},
                           {candidate(100, 0), candidate(200, 1)});
  ASSERT_EQ(data.bitfields.size(), 2u);
  ASSERT_EQ(data.backed_candidates.size(), 2u);
  const Bytes encoded = encode_parachains_inherent(data);
  EXPECT_NE(encoded, runtime::parachains_inherent_without_content(parent_header()));
  // Vec<bitfield> first: compact(2).
  EXPECT_EQ(encoded[0], 2 << 2);
  auto decoded = protocol::decode_parachains_inherent(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, data);
}

TEST(Provisioner, TakesBitfieldDistributionsBitfieldsAsTheyAre) {
  BitfieldDistribution distribution;
  std::vector<protocol::ValidatorId> validators;
  validators.reserve(kValidators);
  for (uint8_t v = 0; v < kValidators; ++v) validators.push_back(key(v).public_key);
  distribution.activate_leaf(kParent, validators, kSession, 2);
  crypto::ed25519::Seed seed{};
  seed[0] = 9;
  const auto from =
      network::PeerId::from_ed25519(crypto::ed25519::keypair_from_seed(seed).public_key);
  for (ValidatorIndex v : {2u, 0u, 1u}) {
    ASSERT_TRUE(distribution.on_peer_bitfield(from, kParent, bitfield(v, {1, 0})).kept());
  }
  const std::vector<CoreState> cores = {occupied(100, {0, 0, 0, 0}, 100), scheduled(200)};
  const auto data =
      select_inherent_data(parent_header(), cores, distribution.bitfields(kParent),
                           std::vector{candidate(100, 0), candidate(200, 1)}, kValidators);
  EXPECT_EQ(validators_of(data.bitfields), (std::vector<ValidatorIndex>{0, 1, 2}));
  EXPECT_EQ(paras_of(data), (std::vector<ParaId>{100, 200}));
}

}  // namespace
}  // namespace canary::parachain
