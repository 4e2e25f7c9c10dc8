// Bitfield distribution (parachain/bitfield_distribution), after polkadot-sdk's bitfield
// distribution tests (polkadot/node/network/bitfield-distribution/src/tests.rs) with real sr25519
// signatures: a peer's valid bitfield kept, rewarded and forwarded to the interested peers but
// its sender; every refusal with polkadot-sdk's cost (relay parent not in view, no validators,
// validator index, duplicate from the same peer, known and conflicting copies, bad signatures,
// Canary's length check); our own bitfield; the catch-up of a peer whose View gains a leaf; the
// provisioner's input sorted by validator index.
#include "parachain/bitfield_distribution/bitfield_distribution.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "parachain/protocol/validation_protocol.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::parachain {
namespace {

using protocol::UncheckedSignedAvailabilityBitfield;
namespace rep = bitfield_reputation;

constexpr SessionIndex kSession = 3;
constexpr size_t kCores = 5;
constexpr size_t kValidators = 4;

crypto::sr25519::Keypair key(uint8_t i) {
  crypto::sr25519::MiniSecret seed{};
  seed[0] = i;
  seed[1] = 0xb1;
  return crypto::sr25519::keypair_from_mini_secret(seed);
}

std::vector<protocol::ValidatorId> validators() {
  std::vector<protocol::ValidatorId> out;
  out.reserve(kValidators);
  for (uint8_t i = 0; i < kValidators; ++i) out.push_back(key(i).public_key);
  return out;
}

Hash256 hash_of(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}
const Hash256 kLeaf = hash_of(0x11);
const Hash256 kOtherLeaf = hash_of(0x22);

network::PeerId peer(uint8_t i) {
  crypto::ed25519::Seed seed{};
  seed[0] = i;
  seed[1] = 0x77;
  return network::PeerId::from_ed25519(crypto::ed25519::keypair_from_seed(seed).public_key);
}

scale::BitVec some_bits(uint8_t pattern, size_t n = kCores) {
  scale::BitVec out(n);
  for (size_t i = 0; i < n; ++i) out.set(i, ((pattern >> (i % 8)) & 1) != 0);
  return out;
}

UncheckedSignedAvailabilityBitfield signed_bitfield(uint8_t signer, ValidatorIndex index,
                                                    scale::BitVec payload,
                                                    const Hash256& relay_parent = kLeaf,
                                                    SessionIndex session = kSession) {
  return protocol::sign_payload(key(signer), protocol::AvailabilityBitfield{std::move(payload)},
                                index, protocol::SigningContext{session, relay_parent});
}
UncheckedSignedAvailabilityBitfield by(uint8_t validator, uint8_t pattern = 0b10101) {
  return signed_bitfield(validator, validator, some_bits(pattern));
}

protocol::View view_of(std::vector<Hash256> heads) {
  return protocol::make_view(std::move(heads), 0);
}

// The bitfield message each Outgoing carries.
protocol::BitfieldMessage message_of(const Outgoing& out) {
  auto decoded = protocol::decode_validation_message(out.bytes);
  EXPECT_TRUE(decoded.has_value());
  if (!decoded) return {};
  const auto& wire = std::get<protocol::ProtocolMessage<protocol::ValidationProtocol>>(*decoded);
  const auto& bitfield = std::get<protocol::BitfieldDistribution>(wire.message);
  return std::get<protocol::BitfieldMessage>(bitfield.message);
}

std::vector<network::PeerId> recipients(const std::vector<Outgoing>& messages) {
  std::vector<network::PeerId> out;
  out.reserve(messages.size());
  for (const Outgoing& m : messages) out.push_back(m.peer);
  std::ranges::sort(out);
  return out;
}
std::vector<network::PeerId> sorted(std::vector<network::PeerId> peers) {
  std::ranges::sort(peers);
  return peers;
}

// A leaf with four validators and five cores; peers 1 and 2 have the leaf in view, peer 3 only
// another head, peer 4 is connected without a View.
class BitfieldDistributionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d_.activate_leaf(kLeaf, validators(), kSession, kCores);
    for (uint8_t i = 1; i <= 4; ++i) d_.on_peer_connected(peer(i));
    EXPECT_TRUE(d_.on_peer_view_change(peer(1), view_of({kLeaf})).empty());
    EXPECT_TRUE(d_.on_peer_view_change(peer(2), view_of({kLeaf, kOtherLeaf})).empty());
    EXPECT_TRUE(d_.on_peer_view_change(peer(3), view_of({kOtherLeaf})).empty());
  }

  // Expects a refusal with the given reputation change and nothing sent.
  void expect_refused(const PeerBitfieldOutcome& outcome, BitfieldRefusal refusal,
                      std::optional<network::ReputationChange> reputation) {
    ASSERT_FALSE(outcome.kept());
    EXPECT_EQ(*outcome.refusal, refusal) << to_string(*outcome.refusal);
    EXPECT_EQ(outcome.reputation, reputation);
    EXPECT_TRUE(outcome.messages.empty());
  }

  BitfieldDistribution d_;
};

TEST(BitfieldReputation, PolkadotSdkNamesAndValues) {
  // UnifiedReputationChange: CostMajor, CostMinor, CostMinorRepeated, BenefitMinorFirst,
  // BenefitMinor.
  EXPECT_EQ(rep::kCostSignatureInvalid.value, -300'000);
  EXPECT_EQ(rep::kCostValidatorIndexInvalid.value, -300'000);
  EXPECT_EQ(rep::kCostMissingPeerSessionKey.value, -100'000);
  EXPECT_EQ(rep::kCostNotInView.value, -100'000);
  EXPECT_EQ(rep::kCostPeerDuplicateMessage.value, -200'000);
  EXPECT_EQ(rep::kBenefitValidMessageFirst.value, 15'000);
  EXPECT_EQ(rep::kBenefitValidMessage.value, 10'000);
  EXPECT_EQ(rep::kCostNotInView.reason, "Not interested in that parent hash");
  EXPECT_EQ(rep::kCostPeerDuplicateMessage.reason, "Peer sent the same message multiple times");
  EXPECT_EQ(rep::kBenefitValidMessageFirst.reason, "Valid message with new information");
}

TEST_F(BitfieldDistributionTest, KeepsAPeersValidBitfieldAndForwardsItToTheOtherInterestedPeers) {
  const auto bitfield = by(1);
  const PeerBitfieldOutcome outcome = d_.on_peer_bitfield(peer(1), kLeaf, bitfield);
  ASSERT_TRUE(outcome.kept());
  EXPECT_EQ(outcome.reputation, rep::kBenefitValidMessageFirst);
  // Peer 2 has the leaf in view; peer 1 sent it; peer 3 and peer 4 do not have the leaf.
  ASSERT_EQ(recipients(outcome.messages), std::vector<network::PeerId>{peer(2)});
  const protocol::BitfieldMessage message = message_of(outcome.messages[0]);
  EXPECT_EQ(message.relay_parent, kLeaf);
  EXPECT_EQ(message.bitfield, bitfield);
  EXPECT_EQ(d_.bitfields(kLeaf), std::vector<UncheckedSignedAvailabilityBitfield>{bitfield});
}

TEST_F(BitfieldDistributionTest, RefusesARelayParentThatIsNotAnActiveLeaf) {
  const auto bitfield = signed_bitfield(1, 1, some_bits(1), kOtherLeaf);
  expect_refused(d_.on_peer_bitfield(peer(1), kOtherLeaf, bitfield), BitfieldRefusal::kNotInView,
                 rep::kCostNotInView);
  // A deactivated leaf is forgotten with its bitfields.
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(1)).kept());
  d_.deactivate_leaf(kLeaf);
  EXPECT_FALSE(d_.is_active(kLeaf));
  EXPECT_TRUE(d_.bitfields(kLeaf).empty());
  expect_refused(d_.on_peer_bitfield(peer(2), kLeaf, by(2)), BitfieldRefusal::kNotInView,
                 rep::kCostNotInView);
}

TEST_F(BitfieldDistributionTest, RefusesALeafWithoutValidators) {
  d_.activate_leaf(kOtherLeaf, {}, kSession, kCores);
  expect_refused(
      d_.on_peer_bitfield(peer(1), kOtherLeaf, signed_bitfield(0, 0, some_bits(1), kOtherLeaf)),
      BitfieldRefusal::kNoValidators, rep::kCostMissingPeerSessionKey);
}

TEST_F(BitfieldDistributionTest, RefusesAValidatorIndexOutsideTheSession) {
  expect_refused(d_.on_peer_bitfield(peer(1), kLeaf, signed_bitfield(0, kValidators, some_bits(1))),
                 BitfieldRefusal::kValidatorIndexInvalid, rep::kCostValidatorIndexInvalid);
  EXPECT_TRUE(d_.bitfields(kLeaf).empty());
}

TEST_F(BitfieldDistributionTest, RefusesBadSignatures) {
  // Another validator's key, another session, another relay parent, a payload changed after
  // signing: none verifies with the leaf's context and validator 1's key.
  auto tampered = by(1);
  tampered.payload.bits.set(1, !tampered.payload.bits.get(1));
  const std::vector<UncheckedSignedAvailabilityBitfield> forged = {
      signed_bitfield(2, 1, some_bits(1)),
      signed_bitfield(1, 1, some_bits(1), kLeaf, kSession + 1),
      signed_bitfield(1, 1, some_bits(1), kOtherLeaf),
      tampered,
  };
  uint8_t sender = 1;
  for (const auto& bitfield : forged) {
    // A fresh peer each time: a peer's second message for a validator is a duplicate.
    expect_refused(d_.on_peer_bitfield(peer(sender++), kLeaf, bitfield),
                   BitfieldRefusal::kSignatureInvalid, rep::kCostSignatureInvalid);
  }
  EXPECT_TRUE(d_.bitfields(kLeaf).empty());
}

TEST_F(BitfieldDistributionTest, APeersSecondMessageForAValidatorIsADuplicate) {
  const auto bitfield = by(1);
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, bitfield).kept());
  expect_refused(d_.on_peer_bitfield(peer(1), kLeaf, bitfield), BitfieldRefusal::kPeerDuplicate,
                 rep::kCostPeerDuplicateMessage);
  // As polkadot-sdk, the peer's message counts before its signature is checked: a forged one
  // first makes the genuine one from the same peer a duplicate.
  expect_refused(d_.on_peer_bitfield(peer(2), kLeaf, signed_bitfield(3, 2, some_bits(1))),
                 BitfieldRefusal::kSignatureInvalid, rep::kCostSignatureInvalid);
  expect_refused(d_.on_peer_bitfield(peer(2), kLeaf, by(2)), BitfieldRefusal::kPeerDuplicate,
                 rep::kCostPeerDuplicateMessage);
  EXPECT_TRUE(d_.on_peer_bitfield(peer(3), kLeaf, by(2)).kept());
}

TEST_F(BitfieldDistributionTest, KnownAndConflictingCopiesFromOtherPeers) {
  const auto first = by(1, 0b00011);
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, first).kept());
  // The same bitfield from another peer: the small benefit, nothing forwarded.
  expect_refused(d_.on_peer_bitfield(peer(2), kLeaf, first), BitfieldRefusal::kKnown,
                 rep::kBenefitValidMessage);
  // Another, validly signed bitfield of the same validator: ignored unchecked, no change; the
  // first stays.
  const auto second = by(1, 0b11100);
  expect_refused(d_.on_peer_bitfield(peer(3), kLeaf, second), BitfieldRefusal::kConflicting,
                 std::nullopt);
  EXPECT_EQ(d_.bitfields(kLeaf), std::vector<UncheckedSignedAvailabilityBitfield>{first});
}

TEST_F(BitfieldDistributionTest, DropsAValidlySignedBitfieldOfTheWrongLength) {
  for (size_t n : {kCores - 1, kCores + 1, size_t{0}}) {
    expect_refused(d_.on_peer_bitfield(peer(static_cast<uint8_t>(n + 1)), kLeaf,
                                       signed_bitfield(1, 1, some_bits(0xff, n))),
                   BitfieldRefusal::kWrongLength, std::nullopt);
  }
  EXPECT_TRUE(d_.bitfields(kLeaf).empty());
  // The validator's right bitfield is still taken.
  EXPECT_TRUE(d_.on_peer_bitfield(peer(20), kLeaf, by(1)).kept());
}

TEST_F(BitfieldDistributionTest, OurBitfieldGoesToEveryPeerWithTheLeafAndIsKept) {
  const auto ours = by(0);
  auto sent = d_.on_our_bitfield(kLeaf, ours);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(recipients(*sent), sorted({peer(1), peer(2)}));
  for (const Outgoing& out : *sent) EXPECT_EQ(message_of(out).bitfield, ours);
  EXPECT_EQ(d_.bitfields(kLeaf), std::vector<UncheckedSignedAvailabilityBitfield>{ours});
  // A peer echoing it is not charged; nobody gets it twice.
  const PeerBitfieldOutcome echo = d_.on_peer_bitfield(peer(1), kLeaf, ours);
  EXPECT_EQ(echo.refusal, BitfieldRefusal::kKnown);
  EXPECT_TRUE(echo.messages.empty());
  EXPECT_EQ(d_.on_our_bitfield(kLeaf, ours).error(), BitfieldRefusal::kKnown);

  EXPECT_EQ(d_.on_our_bitfield(kOtherLeaf, signed_bitfield(0, 0, some_bits(1), kOtherLeaf)).error(),
            BitfieldRefusal::kNotInView);
  EXPECT_EQ(d_.on_our_bitfield(kLeaf, signed_bitfield(0, kValidators, some_bits(1))).error(),
            BitfieldRefusal::kValidatorIndexInvalid);
  EXPECT_EQ(d_.on_our_bitfield(kLeaf, signed_bitfield(1, 1, some_bits(1, kCores + 1))).error(),
            BitfieldRefusal::kWrongLength);
}

TEST_F(BitfieldDistributionTest, NeverSendsABitfieldBackToAPeerThatSentItOrAlreadyHasIt) {
  const auto bitfield = by(2);
  // Peer 1 sends it: forwarded to peer 2 only.
  auto first = d_.on_peer_bitfield(peer(1), kLeaf, bitfield);
  ASSERT_EQ(recipients(first.messages), std::vector<network::PeerId>{peer(2)});
  // Peer 2 echoes it: a known copy, nothing forwarded.
  auto echo = d_.on_peer_bitfield(peer(2), kLeaf, bitfield);
  EXPECT_EQ(echo.refusal, BitfieldRefusal::kKnown);
  EXPECT_TRUE(echo.messages.empty());
  // Views that re-add the leaf bring nothing to peers 1 and 2.
  EXPECT_TRUE(d_.on_peer_view_change(peer(1), view_of({})).empty());
  EXPECT_TRUE(d_.on_peer_view_change(peer(1), view_of({kLeaf})).empty());
  EXPECT_TRUE(d_.on_peer_view_change(peer(2), view_of({kOtherLeaf})).empty());
  EXPECT_TRUE(d_.on_peer_view_change(peer(2), view_of({kLeaf})).empty());
  // Peer 3 gains the leaf: it gets the bitfield once.
  auto catch_up = d_.on_peer_view_change(peer(3), view_of({kLeaf, kOtherLeaf}));
  ASSERT_EQ(recipients(catch_up), std::vector<network::PeerId>{peer(3)});
  EXPECT_EQ(message_of(catch_up[0]).bitfield, bitfield);
  EXPECT_TRUE(d_.on_peer_view_change(peer(3), view_of({kLeaf})).empty());
}

TEST_F(BitfieldDistributionTest, APeerGainingTheLeafGetsWhatItLacksInValidatorOrder) {
  // Peer 1 sends validators 3 and 0, peer 2 validator 2.
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(3)).kept());
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(0)).kept());
  auto from_two = d_.on_peer_bitfield(peer(2), kLeaf, by(2));
  ASSERT_TRUE(from_two.kept());
  EXPECT_EQ(recipients(from_two.messages), std::vector<network::PeerId>{peer(1)});
  // Peer 4 connected without a View: it got nothing so far; its View brings all three.
  const auto catch_up = d_.on_peer_view_change(peer(4), view_of({kLeaf}));
  ASSERT_EQ(catch_up.size(), 3u);
  std::vector<ValidatorIndex> order;
  for (const Outgoing& out : catch_up) {
    EXPECT_EQ(out.peer, peer(4));
    EXPECT_EQ(message_of(out).relay_parent, kLeaf);
    order.push_back(message_of(out).bitfield.validator_index);
  }
  EXPECT_EQ(order, (std::vector<ValidatorIndex>{0, 2, 3}));
  // A head we do not have brings nothing; a peer that is not connected gets nothing.
  d_.on_peer_disconnected(peer(3));
  EXPECT_TRUE(d_.on_peer_view_change(peer(3), view_of({kLeaf})).empty());
  EXPECT_TRUE(d_.on_peer_view_change(peer(9), view_of({kLeaf})).empty());
  // Reconnected, peer 3 has an empty View again and catches up when it sends one.
  d_.on_peer_connected(peer(3));
  EXPECT_EQ(d_.on_peer_view_change(peer(3), view_of({kLeaf})).size(), 3u);
}

TEST_F(BitfieldDistributionTest, BitfieldsAreSortedByValidatorIndexOnePerValidator) {
  for (uint8_t v : {3, 0, 2}) ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(v)).kept());
  ASSERT_TRUE(d_.on_our_bitfield(kLeaf, by(1)).has_value());
  const auto kept = d_.bitfields(kLeaf);
  ASSERT_EQ(kept.size(), 4u);
  for (ValidatorIndex i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].validator_index, i);
    EXPECT_TRUE(protocol::verify_signed(kept[i], protocol::SigningContext{kSession, kLeaf},
                                        key(static_cast<uint8_t>(i)).public_key));
  }
  EXPECT_TRUE(d_.bitfields(kOtherLeaf).empty());
}

TEST_F(BitfieldDistributionTest, ReactivatingALeafStartsAfresh) {
  ASSERT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(1)).kept());
  d_.activate_leaf(kLeaf, validators(), kSession, kCores);
  EXPECT_TRUE(d_.bitfields(kLeaf).empty());
  EXPECT_TRUE(d_.on_peer_bitfield(peer(1), kLeaf, by(1)).kept());
  // The signing context is the leaf's: after a re-activation with another session, a bitfield
  // signed for the old one no longer verifies, one signed for the new one does.
  d_.activate_leaf(kLeaf, validators(), kSession + 1, kCores);
  expect_refused(d_.on_peer_bitfield(peer(1), kLeaf, by(1)), BitfieldRefusal::kSignatureInvalid,
                 rep::kCostSignatureInvalid);
  EXPECT_TRUE(
      d_.on_peer_bitfield(peer(2), kLeaf, signed_bitfield(1, 1, some_bits(1), kLeaf, kSession + 1))
          .kept());
}

TEST(BitfieldRefusalText, EveryRefusalHasAName) {
  for (uint8_t i = 0; i <= static_cast<uint8_t>(BitfieldRefusal::kWrongLength); ++i) {
    EXPECT_STRNE(to_string(static_cast<BitfieldRefusal>(i)), "unknown bitfield refusal");
  }
}

}  // namespace
}  // namespace canary::parachain
