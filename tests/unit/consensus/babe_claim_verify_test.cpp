// Authoring and import against each other with the development keys (//Alice, //Bob): every claim
// claim_slot makes, sealed with seal_header, passes verify_header; and verify_header rejects each
// way a header can be wrong (seal, tampering, VRF, threshold, authority, secondary rules).
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "consensus/babe/digests.hpp"
#include "consensus/babe/slot_claim.hpp"
#include "consensus/babe/slot_lottery.hpp"
#include "consensus/babe/verification.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::consensus::babe {
namespace {

namespace sr25519 = crypto::sr25519;
using Kind = BabeError::Kind;

sr25519::Keypair dev_key(std::string_view suri) {
  auto pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value();
  return sr25519::keypair_from_mini_secret(pair.secret_seed().value());
}

constexpr Slot kStart = 1000;
constexpr uint64_t kDuration = 200;

class BabeClaimVerify : public ::testing::Test {
 protected:
  sr25519::Keypair alice_ = dev_key("//Alice");
  sr25519::Keypair bob_ = dev_key("//Bob");

  static Epoch epoch_of(const std::vector<AuthorityId>& keys, AllowedSlots allowed,
                        PrimaryProbability c = {1, 4}) {
    Epoch epoch;
    epoch.epoch_index = 3;
    epoch.start_slot = kStart;
    epoch.duration = kDuration;
    for (const AuthorityId& k : keys) epoch.authorities.push_back(Authority{k, 1});
    epoch.randomness.fill(0x5a);
    epoch.config = EpochConfiguration{c, allowed};
    return epoch;
  }

  static block::Header unsealed(const PreDigest& pre) {
    block::Header h;
    h.parent_hash.fill(0x11);
    h.number = 42;
    h.state_root.fill(0x22);
    h.extrinsics_root.fill(0x33);
    h.digest.push_back(pre_runtime_item(pre));
    return h;
  }

  static block::Header sealed(const PreDigest& pre, const sr25519::Keypair& key) {
    block::Header h = unsealed(pre);
    seal_header(h, key);
    return h;
  }

  // The first slot of the epoch whose claim by `key` is (or is not) primary.
  static Slot first_slot(const Epoch& epoch, const sr25519::Keypair& key, bool primary) {
    for (Slot s = epoch.start_slot; epoch.contains(s); ++s) {
      auto claim = claim_slot(s, epoch, std::span(&key, 1));
      if (claim && claim->pre_digest.is_primary() == primary) return s;
    }
    ADD_FAILURE() << "no such slot";
    return epoch.start_slot;
  }

  static VrfSignature vrf_for(const sr25519::Keypair& key, const Epoch& epoch, Slot slot) {
    auto [inout, signature] =
        sr25519::vrf_sign(key, make_vrf_transcript(epoch.randomness, slot, epoch.epoch_index));
    return VrfSignature{signature.pre_output, signature.proof};
  }

  static void expect_error(const Result<VerifiedHeader, BabeError>& r, Kind kind) {
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, kind) << to_string(r.error());
  }
};

TEST_F(BabeClaimVerify, DevKeysAreTheWellKnownOnes) {
  EXPECT_EQ(to_hex(alice_.public_key),
            "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(to_hex(bob_.public_key),
            "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48");
}

// One authority, c = 1/4, VRF secondaries: every slot is ours, about a quarter of them primary.
TEST_F(BabeClaimVerify, SoleAuthorityClaimsEverySlotAndEveryClaimVerifies) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  int primaries = 0;
  for (Slot s = kStart; s < kStart + kDuration; ++s) {
    auto claim = claim_slot(s, epoch, keys);
    ASSERT_TRUE(claim.has_value()) << s;
    EXPECT_EQ(claim->key_index, 0u);
    EXPECT_EQ(claim->pre_digest.slot(), s);
    EXPECT_EQ(claim->pre_digest.authority_index(), 0u);
    // Primary exactly when the VRF output is below the threshold (one authority: 2^126).
    const auto inout = sr25519::vrf_compute_inout(
        alice_, make_vrf_transcript(epoch.randomness, s, epoch.epoch_index));
    EXPECT_EQ(claim->pre_digest.is_primary(), check_primary_threshold(inout, u128{1} << 126));
    if (claim->pre_digest.is_primary()) {
      ++primaries;
    } else {
      EXPECT_TRUE(std::holds_alternative<SecondaryVrfPreDigest>(claim->pre_digest.value));
    }

    const block::Header header = sealed(claim->pre_digest, alice_);
    auto verified = verify_header(header, epoch);
    ASSERT_TRUE(verified.has_value()) << s << ": " << to_string(verified.error());
    EXPECT_EQ(verified->slot, s);
    EXPECT_EQ(verified->is_primary, claim->pre_digest.is_primary());
    EXPECT_EQ(verified->pre_digest, claim->pre_digest);
    EXPECT_EQ(verified->author, alice_.public_key);
    EXPECT_EQ(verified->pre_header, unsealed(claim->pre_digest));
    EXPECT_EQ(verified->pre_hash, block::hash_of(verified->pre_header));
    EXPECT_EQ(verified->pre_hash, pre_seal_hash(header).value());
    EXPECT_TRUE(verified->consensus_logs.empty());
  }
  EXPECT_GT(primaries, 25);  // expected 50 of 200
  EXPECT_LT(primaries, 80);
}

TEST_F(BabeClaimVerify, PlainSecondariesAndPrimaryOnlyEpochs) {
  const sr25519::Keypair keys[] = {alice_};
  const Epoch vrf = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const Epoch plain = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  const Epoch primary_only = epoch_of({alice_.public_key}, AllowedSlots::kPrimarySlots);
  for (Slot s = kStart; s < kStart + 60; ++s) {
    const bool primary = claim_slot(s, vrf, keys)->pre_digest.is_primary();
    auto plain_claim = claim_slot(s, plain, keys);
    ASSERT_TRUE(plain_claim.has_value());
    EXPECT_EQ(plain_claim->pre_digest.is_primary(), primary);
    if (!primary) {
      EXPECT_TRUE(std::holds_alternative<SecondaryPlainPreDigest>(plain_claim->pre_digest.value));
    }
    auto verified = verify_header(sealed(plain_claim->pre_digest, alice_), plain);
    ASSERT_TRUE(verified.has_value()) << to_string(verified.error());

    auto only = claim_slot(s, primary_only, keys);
    EXPECT_EQ(only.has_value(), primary);
    if (only) EXPECT_TRUE(verify_header(sealed(only->pre_digest, alice_), primary_only));
  }
}

// Alice and Bob share the epoch; we hold Alice's key only.
TEST_F(BabeClaimVerify, ClaimsOnlyWhatOurKeyMay) {
  const Epoch epoch =
      epoch_of({alice_.public_key, bob_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair only_alice[] = {alice_};
  const sr25519::Keypair bob_then_alice[] = {bob_, alice_};
  const Threshold alice_threshold =
      calculate_primary_threshold(epoch.config.c, epoch.authorities, 0);
  int claimed = 0;
  int unclaimed = 0;
  for (Slot s = kStart; s < kStart + kDuration; ++s) {
    const auto inout = sr25519::vrf_compute_inout(
        alice_, make_vrf_transcript(epoch.randomness, s, epoch.epoch_index));
    const bool wins_primary = check_primary_threshold(inout, alice_threshold);
    const bool is_secondary_author = secondary_slot_author(s, 2, epoch.randomness) == 0u;
    auto claim = claim_slot(s, epoch, only_alice);
    ASSERT_EQ(claim.has_value(), wins_primary || is_secondary_author) << s;
    if (!claim) {
      ++unclaimed;
      continue;
    }
    ++claimed;
    EXPECT_EQ(claim->pre_digest.is_primary(), wins_primary);
    EXPECT_EQ(claim->pre_digest.authority_index(), 0u);
    auto verified = verify_header(sealed(claim->pre_digest, alice_), epoch);
    ASSERT_TRUE(verified.has_value()) << to_string(verified.error());

    // The key index points into the span we passed.
    auto again = claim_slot(s, epoch, bob_then_alice);
    ASSERT_TRUE(again.has_value());
    if (again->pre_digest.authority_index() == 0) EXPECT_EQ(again->key_index, 1u);
  }
  EXPECT_GT(claimed, 0);
  EXPECT_GT(unclaimed, 0);
  // With both keys every slot has an author.
  const sr25519::Keypair both[] = {alice_, bob_};
  for (Slot s = kStart; s < kStart + 40; ++s) {
    auto claim = claim_slot(s, epoch, both);
    ASSERT_TRUE(claim.has_value());
    const sr25519::Keypair& key = both[claim->key_index];
    EXPECT_EQ(key.public_key, epoch.authorities[claim->pre_digest.authority_index()].public_key);
    EXPECT_TRUE(verify_header(sealed(claim->pre_digest, key), epoch).has_value());
  }
}

TEST_F(BabeClaimVerify, NothingToClaim) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair alice[] = {alice_};
  const sr25519::Keypair bob[] = {bob_};
  EXPECT_FALSE(claim_slot(kStart, epoch, {}).has_value());
  EXPECT_FALSE(claim_slot(kStart, epoch, bob).has_value());
  EXPECT_FALSE(claim_slot(kStart - 1, epoch, alice).has_value());          // before the epoch
  EXPECT_FALSE(claim_slot(kStart + kDuration, epoch, alice).has_value());  // after it
  Epoch empty = epoch;
  empty.authorities.clear();
  EXPECT_FALSE(claim_slot(kStart, empty, alice).has_value());
}

TEST_F(BabeClaimVerify, WrongSealIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const Slot s = first_slot(epoch, alice_, true);
  const sr25519::Keypair keys[] = {alice_};
  block::Header header = sealed(claim_slot(s, epoch, keys)->pre_digest, alice_);
  auto& seal = std::get<block::DigestSeal>(header.digest.back());
  seal.data[3] ^= 0x10;
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
  std::fill(seal.data.begin(), seal.data.end(), 0);
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
}

TEST_F(BabeClaimVerify, SealByAnotherKeyIsRejected) {
  const Epoch epoch =
      epoch_of({alice_.public_key, bob_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  for (Slot s = kStart; s < kStart + 20; ++s) {
    auto claim = claim_slot(s, epoch, keys);
    if (!claim) continue;
    expect_error(verify_header(sealed(claim->pre_digest, bob_), epoch), Kind::kBadSignature);
  }
}

TEST_F(BabeClaimVerify, TamperedHeaderIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  const block::Header good = sealed(claim_slot(kStart + 5, epoch, keys)->pre_digest, alice_);
  ASSERT_TRUE(verify_header(good, epoch).has_value());

  block::Header header = good;
  header.state_root[0] ^= 1;
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
  header = good;
  header.number += 1;
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
  header = good;
  header.parent_hash[31] ^= 0x80;
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
  header = good;
  header.digest.insert(header.digest.begin(), block::DigestOther{{1, 2, 3}});
  expect_error(verify_header(header, epoch), Kind::kBadSignature);
}

TEST_F(BabeClaimVerify, VrfOfAnotherSlotIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  for (bool primary : {true, false}) {
    const Slot s = first_slot(epoch, alice_, primary);
    PreDigest pre = claim_slot(s, epoch, keys)->pre_digest;
    std::visit([](auto& d) { d.slot += 1; }, pre.value);  // sealed correctly, VRF of slot s
    expect_error(verify_header(sealed(pre, alice_), epoch), Kind::kVrfVerificationFailed);
  }
}

TEST_F(BabeClaimVerify, VrfOfAnotherEpochOrRandomnessIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  for (bool primary : {true, false}) {
    const block::Header header =
        sealed(claim_slot(first_slot(epoch, alice_, primary), epoch, keys)->pre_digest, alice_);
    Epoch other_index = epoch;
    other_index.epoch_index += 1;
    expect_error(verify_header(header, other_index), Kind::kVrfVerificationFailed);
    Epoch other_randomness = epoch;
    other_randomness.randomness[0] ^= 1;
    // A secondary claim may now belong to no one else (one authority): still the VRF fails.
    expect_error(verify_header(header, other_randomness), Kind::kVrfVerificationFailed);
  }
}

TEST_F(BabeClaimVerify, PrimaryAboveThresholdIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const Slot s = first_slot(epoch, alice_, false);  // Alice's output is above 2^126 here
  const PreDigest pre{PrimaryPreDigest{0, s, vrf_for(alice_, epoch, s)}};
  expect_error(verify_header(sealed(pre, alice_), epoch), Kind::kVrfThresholdExceeded);
  // With c = 1 the same claim is a winner.
  const Epoch certain =
      epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots, {1, 1});
  EXPECT_TRUE(verify_header(sealed(pre, alice_), certain).has_value());
}

TEST_F(BabeClaimVerify, AuthorityIndexOutOfRangeIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const sr25519::Keypair keys[] = {alice_};
  PreDigest pre = claim_slot(kStart, epoch, keys)->pre_digest;
  for (AuthorityIndex index : {1u, 1000u, 0xffffffffu}) {
    std::visit([index](auto& d) { d.authority_index = index; }, pre.value);
    expect_error(verify_header(sealed(pre, alice_), epoch), Kind::kAuthorityIndexOutOfRange);
  }
  Epoch empty = epoch;
  empty.authorities.clear();
  expect_error(verify_header(sealed(claim_slot(kStart, epoch, keys)->pre_digest, alice_), empty),
               Kind::kAuthorityIndexOutOfRange);
}

TEST_F(BabeClaimVerify, SecondaryByTheWrongAuthorIsRejected) {
  for (AllowedSlots allowed :
       {AllowedSlots::kPrimaryAndSecondaryPlainSlots, AllowedSlots::kPrimaryAndSecondaryVrfSlots}) {
    const Epoch epoch = epoch_of({alice_.public_key, bob_.public_key}, allowed);
    Slot bobs = kStart;
    while (secondary_slot_author(bobs, 2, epoch.randomness) != 1u) ++bobs;
    PreDigest pre;
    if (allowed == AllowedSlots::kPrimaryAndSecondaryPlainSlots) {
      pre.value = SecondaryPlainPreDigest{0, bobs};
    } else {
      pre.value = SecondaryVrfPreDigest{0, bobs, vrf_for(alice_, epoch, bobs)};
    }
    expect_error(verify_header(sealed(pre, alice_), epoch), Kind::kInvalidSecondaryAuthor);
    // Claiming Bob's index with Alice's seal: the seal fails.
    std::visit([](auto& d) { d.authority_index = 1; }, pre.value);
    expect_error(verify_header(sealed(pre, alice_), epoch), Kind::kBadSignature);
  }
}

TEST_F(BabeClaimVerify, SecondaryOfADisallowedKindIsRejected) {
  const Slot s = kStart + 3;
  const Epoch primary_only = epoch_of({alice_.public_key}, AllowedSlots::kPrimarySlots);
  const Epoch plain = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  const Epoch vrf = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryVrfSlots);
  const PreDigest plain_claim{SecondaryPlainPreDigest{0, s}};
  const PreDigest vrf_claim{SecondaryVrfPreDigest{0, s, vrf_for(alice_, vrf, s)}};
  expect_error(verify_header(sealed(plain_claim, alice_), primary_only),
               Kind::kSecondarySlotsDisabled);
  expect_error(verify_header(sealed(vrf_claim, alice_), primary_only),
               Kind::kSecondarySlotsDisabled);
  expect_error(verify_header(sealed(plain_claim, alice_), vrf), Kind::kSecondarySlotsDisabled);
  expect_error(verify_header(sealed(vrf_claim, alice_), plain), Kind::kSecondarySlotsDisabled);
  EXPECT_TRUE(verify_header(sealed(plain_claim, alice_), plain).has_value());
  EXPECT_TRUE(verify_header(sealed(vrf_claim, alice_), vrf).has_value());
}

TEST_F(BabeClaimVerify, SlotOutsideTheEpochIsRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  for (Slot s : {kStart - 1, kStart + kDuration, Slot{0}, UINT64_MAX}) {
    expect_error(verify_header(sealed(PreDigest{SecondaryPlainPreDigest{0, s}}, alice_), epoch),
                 Kind::kSlotOutsideEpoch);
  }
}

TEST_F(BabeClaimVerify, PreDigestMissingDuplicateOrUndecodable) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  const PreDigest pre{SecondaryPlainPreDigest{0, kStart}};

  block::Header none = unsealed(pre);
  none.digest.clear();
  seal_header(none, alice_);
  expect_error(verify_header(none, epoch), Kind::kNoPreDigest);

  block::Header twice = unsealed(pre);
  twice.digest.push_back(pre_runtime_item(pre));
  seal_header(twice, alice_);
  expect_error(verify_header(twice, epoch), Kind::kMultiplePreDigests);

  block::Header garbled = unsealed(pre);
  std::get<block::DigestPreRuntime>(garbled.digest[0]).data.push_back(0);  // trailing byte
  seal_header(garbled, alice_);
  expect_error(verify_header(garbled, epoch), Kind::kBadPreDigest);

  // Another engine's pre-runtime item is not ours to judge.
  block::Header with_aura = unsealed(pre);
  with_aura.digest.push_back(block::DigestPreRuntime{{'a', 'u', 'r', 'a'}, {1, 2}});
  seal_header(with_aura, alice_);
  EXPECT_TRUE(verify_header(with_aura, epoch).has_value());
}

TEST_F(BabeClaimVerify, SealMissingOrMalformed) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  const PreDigest pre{SecondaryPlainPreDigest{0, kStart}};
  expect_error(verify_header(unsealed(pre), epoch), Kind::kHeaderUnsealed);
  block::Header empty;
  expect_error(verify_header(empty, epoch), Kind::kHeaderUnsealed);

  block::Header seal_not_last = sealed(pre, alice_);
  seal_not_last.digest.push_back(block::DigestOther{{}});
  expect_error(verify_header(seal_not_last, epoch), Kind::kHeaderUnsealed);

  block::Header grandpa_seal = sealed(pre, alice_);
  std::get<block::DigestSeal>(grandpa_seal.digest.back()).engine = block::kGrandpaEngineId;
  expect_error(verify_header(grandpa_seal, epoch), Kind::kBadSeal);

  for (size_t size : {0u, 63u, 65u}) {
    block::Header bad_size = sealed(pre, alice_);
    std::get<block::DigestSeal>(bad_size.digest.back()).data.resize(size);
    expect_error(verify_header(bad_size, epoch), Kind::kBadSeal);
  }
}

TEST_F(BabeClaimVerify, ConsensusLogsAreReturnedOrRejected) {
  const Epoch epoch = epoch_of({alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots);
  const PreDigest pre{SecondaryPlainPreDigest{0, kStart}};
  const ConsensusLog next{NextEpochData{NextEpochDescriptor{{Authority{bob_.public_key, 1}}, {}}}};
  const ConsensusLog disabled{OnDisabled{4}};

  block::Header header = unsealed(pre);
  header.digest.push_back(block::DigestConsensus{block::kBabeEngineId, scale::encode(next)});
  header.digest.push_back(block::DigestConsensus{block::kGrandpaEngineId, {0xff}});  // not ours
  header.digest.push_back(block::DigestConsensus{block::kBabeEngineId, scale::encode(disabled)});
  seal_header(header, alice_);
  auto verified = verify_header(header, epoch);
  ASSERT_TRUE(verified.has_value()) << to_string(verified.error());
  ASSERT_EQ(verified->consensus_logs.size(), 2u);
  EXPECT_EQ(verified->consensus_logs[0], next);
  EXPECT_EQ(verified->consensus_logs[1], disabled);

  block::Header bad = unsealed(pre);
  bad.digest.push_back(block::DigestConsensus{block::kBabeEngineId, {9, 9}});
  seal_header(bad, alice_);
  expect_error(verify_header(bad, epoch), Kind::kBadConsensusLog);
}

// An authority listed twice may claim its secondary slots with either index (Substrate compares
// keys); the claim itself uses the first.
TEST_F(BabeClaimVerify, DuplicateAuthorityKey) {
  const Epoch epoch =
      epoch_of({alice_.public_key, alice_.public_key}, AllowedSlots::kPrimaryAndSecondaryPlainSlots,
               {0, 1});  // no primaries
  const sr25519::Keypair keys[] = {alice_};
  for (Slot s = kStart; s < kStart + 10; ++s) {
    auto claim = claim_slot(s, epoch, keys);
    ASSERT_TRUE(claim.has_value());
    EXPECT_EQ(claim->pre_digest.authority_index(), 0u);
    for (AuthorityIndex index : {0u, 1u}) {
      EXPECT_TRUE(
          verify_header(sealed(PreDigest{SecondaryPlainPreDigest{index, s}}, alice_), epoch));
    }
  }
}

TEST(BabeSlotChecks, SlotProgression) {
  EXPECT_TRUE(check_slot_progression(0, 1).has_value());
  EXPECT_TRUE(check_slot_progression(10, 11).has_value());
  EXPECT_TRUE(check_slot_progression(10, 1000).has_value());
  for (auto [parent, slot] : {std::pair<Slot, Slot>{10, 10}, {10, 9}, {UINT64_MAX, 0}}) {
    auto r = check_slot_progression(parent, slot);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, Kind::kSlotNotIncreasing);
  }
}

TEST(BabeSlotChecks, SlotInTheFuture) {
  // Now is 12 345 678 ms: slot 2057 of 6 s; one slot of drift is tolerated.
  EXPECT_FALSE(slot_is_in_future(2056, 12'345'678, 6000));
  EXPECT_FALSE(slot_is_in_future(2057, 12'345'678, 6000));
  EXPECT_FALSE(slot_is_in_future(2058, 12'345'678, 6000));
  EXPECT_TRUE(slot_is_in_future(2059, 12'345'678, 6000));
  EXPECT_TRUE(slot_is_in_future(2058, 12'345'678, 6000, 0));
  EXPECT_FALSE(slot_is_in_future(2067, 12'345'678, 6000, 10));
  EXPECT_FALSE(slot_is_in_future(UINT64_MAX, UINT64_MAX, 1, UINT64_MAX));  // saturates
  EXPECT_TRUE(slot_is_in_future(0, 12'345'678, 0));
}

}  // namespace
}  // namespace canary::consensus::babe
