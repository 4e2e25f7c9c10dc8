// Candidate backing (parachain/backing/candidate_backing.hpp), after polkadot-sdk's backing tests
// (polkadot/node/core/backing/src/tests): seconding a collation after validation, voting Valid on
// a group member's candidate after fetching its PoV, the backing threshold and the BackedCandidate
// the provisioner gets (votes and bits in group order, the core index, signatures that check), and
// the refusals (signatures, relay parents, paras, a second collation, unknown candidates).
#include "parachain/backing/candidate_backing.hpp"

#include <gtest/gtest.h>

namespace canary::parachain {
namespace {

using protocol::UncheckedSignedFullStatement;

crypto::sr25519::Keypair key(uint8_t i) {
  crypto::sr25519::MiniSecret seed{};
  seed[0] = i;
  seed[1] = 0x5a;
  return crypto::sr25519::keypair_from_mini_secret(seed);
}

const Hash256 kRelayParent = [] {
  Hash256 h{};
  h[0] = 0xaa;
  return h;
}();

// Four validators: group {2, 0, 1} on core 0 (para 100), group {3} on core 1 (para 200).
BackingLeaf leaf_for(std::optional<ValidatorIndex> ours, bool inject_core_index = true) {
  BackingLeaf leaf;
  leaf.relay_parent = kRelayParent;
  leaf.number = 7;
  leaf.session_index = 2;
  for (uint8_t i = 0; i < 4; ++i) leaf.validators.push_back(key(i).public_key);
  leaf.groups_by_core = {{0, {2, 0, 1}}, {1, {3}}};
  leaf.claim_queue = {{0, {100}}, {1, {200}}};
  leaf.minimum_backing_votes = 2;
  leaf.inject_core_index = inject_core_index;
  leaf.our_index = ours;
  return leaf;
}

struct Candidate {
  CandidateReceipt receipt;
  CommittedCandidateReceipt committed;
  PoV pov;
  Hash256 hash{};
};

Candidate candidate_for(ParaId para, CoreIndex core, uint8_t tag = 1) {
  Candidate c;
  c.pov = PoV{BlockData{Bytes{tag, 2, 3}}};
  c.committed.descriptor.para_id = para;
  c.committed.descriptor.relay_parent = kRelayParent;
  c.committed.descriptor.core_index_v2 = static_cast<uint16_t>(core);
  c.committed.descriptor.session_index_v2 = 2;
  c.committed.descriptor.pov_hash = pov_hash(c.pov);
  c.committed.commitments.head_data = HeadData{Bytes{tag}};
  c.receipt = c.committed.to_plain();
  c.hash = candidate_hash(c.receipt);
  return c;
}

UncheckedSignedFullStatement signed_by(uint8_t validator, protocol::Statement statement,
                                       const Hash256& relay_parent = kRelayParent) {
  return protocol::sign_payload(key(validator), std::move(statement), validator,
                                protocol::SigningContext{2, relay_parent});
}

template <class T>
const T* find_action(const std::vector<backing::Action>& actions) {
  for (const auto& action : actions) {
    if (const auto* found = std::get_if<T>(&action)) return found;
  }
  return nullptr;
}

TEST(CandidateBacking, SecondsAValidCollationAndBacksItWithAGroupMembersVote) {
  CandidateBacking backing(key(0));
  backing.activate_leaf(leaf_for(0));
  EXPECT_EQ(backing.our_core(kRelayParent), 0U);
  EXPECT_EQ(backing.our_para(kRelayParent), 100U);
  const Candidate c = candidate_for(100, 0);

  auto actions = backing.second(kRelayParent, c.receipt, c.pov);
  ASSERT_TRUE(actions.has_value()) << to_string(actions.error());
  const auto* validate = find_action<backing::Validate>(*actions);
  ASSERT_NE(validate, nullptr);
  EXPECT_TRUE(validate->second);
  EXPECT_EQ(validate->candidate_hash, c.hash);
  EXPECT_EQ(validate->pov, c.pov);

  actions =
      backing.on_validated(c.hash, {ValidationOutcome::Kind::kValid, c.committed.commitments});
  ASSERT_TRUE(actions.has_value()) << to_string(actions.error());
  const auto* distribute = find_action<backing::Distribute>(*actions);
  ASSERT_NE(distribute, nullptr);
  EXPECT_EQ(distribute->statement.validator_index, 0U);
  EXPECT_EQ(std::get<protocol::SecondedStatement>(distribute->statement.payload).candidate,
            c.committed);
  EXPECT_TRUE(protocol::verify_signed(distribute->statement, {2, kRelayParent}, key(0).public_key));
  ASSERT_NE(find_action<backing::CollationSeconded>(*actions), nullptr);
  EXPECT_EQ(find_action<backing::Backed>(*actions), nullptr);  // one vote of the two needed
  EXPECT_TRUE(backing.backable(kRelayParent).empty());

  actions = backing.on_statement(kRelayParent, signed_by(2, protocol::ValidStatement{c.hash}));
  ASSERT_TRUE(actions.has_value()) << to_string(actions.error());
  const auto* backed = find_action<backing::Backed>(*actions);
  ASSERT_NE(backed, nullptr);
  EXPECT_EQ(backed->para_id, 100U);
  EXPECT_EQ(backed->core, 0U);

  const auto backable = backing.backable(kRelayParent);
  ASSERT_EQ(backable.size(), 1U);
  const protocol::BackedCandidate& b = backable[0];
  EXPECT_EQ(b.candidate, c.committed);
  // Group {2, 0, 1}: validator 2 (Explicit) then validator 0 (Implicit); bits 1, 1, 0; then the
  // core index (0) in 8 more bits.
  ASSERT_EQ(b.validity_votes.size(), 2U);
  EXPECT_EQ(b.validity_votes[0].kind, protocol::ValidityAttestationKind::kExplicit);
  EXPECT_EQ(b.validity_votes[1].kind, protocol::ValidityAttestationKind::kImplicit);
  const auto [bits, core] = protocol::validator_indices_and_core_index(b);
  EXPECT_EQ(core, 0U);
  ASSERT_EQ(bits.size(), 3U);
  EXPECT_TRUE(bits.get(0));
  EXPECT_TRUE(bits.get(1));
  EXPECT_FALSE(bits.get(2));
  // Each attestation checks against its validator as the runtime checks it.
  const ValidatorIndex signers[] = {2, 0};
  for (size_t i = 0; i < 2; ++i) {
    protocol::UncheckedSignedStatement s{protocol::attested_statement(b.validity_votes[i], c.hash),
                                         signers[i], b.validity_votes[i].signature};
    EXPECT_TRUE(protocol::verify_signed(s, {2, kRelayParent}, key(signers[i]).public_key)) << i;
  }
  EXPECT_EQ(backing.statements(kRelayParent, c.hash).size(), 2U);
}

TEST(CandidateBacking, VotesValidOnAGroupMembersCandidateAfterFetchingItsPov) {
  CandidateBacking backing(key(1));
  backing.activate_leaf(leaf_for(1, false));
  const Candidate c = candidate_for(100, 0);
  // sr25519 signatures are randomized: a repeat is the same bytes, not a new signature.
  const auto seconded_by_0 = signed_by(0, protocol::SecondedStatement{c.committed});
  auto actions = backing.on_statement(kRelayParent, seconded_by_0);
  ASSERT_TRUE(actions.has_value()) << to_string(actions.error());
  const auto* fetch = find_action<backing::FetchPov>(*actions);
  ASSERT_NE(fetch, nullptr);
  EXPECT_EQ(fetch->from, std::vector<ValidatorIndex>{0});
  EXPECT_EQ(fetch->pov_hash, pov_hash(c.pov));

  // A PoV that is not the candidate's is refused.
  EXPECT_EQ(backing.on_pov(c.hash, PoV{BlockData{Bytes{9}}}).error(), BackingError::kNotValidating);
  // Asked for again when the candidate is heard of again.
  actions = backing.on_statement(kRelayParent, seconded_by_0);
  ASSERT_TRUE(actions.has_value());
  EXPECT_NE(find_action<backing::FetchPov>(*actions), nullptr);
  actions = backing.on_statement(kRelayParent, signed_by(2, protocol::ValidStatement{c.hash}));
  ASSERT_TRUE(actions.has_value());
  EXPECT_NE(find_action<backing::Backed>(*actions), nullptr);    // 0 and 2: backed without us
  EXPECT_EQ(find_action<backing::FetchPov>(*actions), nullptr);  // the fetch is under way

  actions = backing.on_pov(c.hash, c.pov);
  ASSERT_TRUE(actions.has_value());
  const auto* validate = find_action<backing::Validate>(*actions);
  ASSERT_NE(validate, nullptr);
  EXPECT_FALSE(validate->second);
  actions =
      backing.on_validated(c.hash, {ValidationOutcome::Kind::kValid, c.committed.commitments});
  ASSERT_TRUE(actions.has_value());
  const auto* distribute = find_action<backing::Distribute>(*actions);
  ASSERT_NE(distribute, nullptr);
  EXPECT_EQ(std::get<protocol::ValidStatement>(distribute->statement.payload).candidate_hash,
            c.hash);
  EXPECT_EQ(find_action<backing::CollationSeconded>(*actions), nullptr);

  const auto backable = backing.backable(kRelayParent);
  ASSERT_EQ(backable.size(), 1U);
  EXPECT_EQ(backable[0].validity_votes.size(), 3U);
  EXPECT_EQ(backable[0].validator_indices.size(), 3U);  // no core index without the feature
}

TEST(CandidateBacking, AnInvalidCollationIsReportedAndAnotherMayBeSeconded) {
  CandidateBacking backing(key(0));
  backing.activate_leaf(leaf_for(0));
  const Candidate bad = candidate_for(100, 0, 1);
  ASSERT_TRUE(backing.second(kRelayParent, bad.receipt, bad.pov).has_value());
  const Candidate good = candidate_for(100, 0, 2);
  EXPECT_EQ(backing.second(kRelayParent, good.receipt, good.pov).error(),
            BackingError::kAlreadySeconded);
  auto actions = backing.on_validated(bad.hash, {ValidationOutcome::Kind::kInvalid, {}});
  ASSERT_TRUE(actions.has_value());
  const auto* invalid = find_action<backing::CollationInvalid>(*actions);
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->candidate_hash, bad.hash);
  EXPECT_EQ(backing.second(kRelayParent, bad.receipt, bad.pov).error(),
            BackingError::kKnownCandidate);
  EXPECT_TRUE(backing.second(kRelayParent, good.receipt, good.pov).has_value());
  EXPECT_TRUE(backing.backable(kRelayParent).empty());
}

TEST(CandidateBacking, RefusesWhatIsNotOurs) {
  CandidateBacking backing(key(0));
  EXPECT_EQ(backing.second(kRelayParent, candidate_for(100, 0).receipt, {}).error(),
            BackingError::kUnknownRelayParent);
  backing.activate_leaf(leaf_for(0));
  EXPECT_EQ(backing.second(kRelayParent, candidate_for(200, 1).receipt, {}).error(),
            BackingError::kNotScheduled);
  EXPECT_EQ(backing.second(kRelayParent, candidate_for(100, 1).receipt, {}).error(),
            BackingError::kNotScheduled);
  Candidate elsewhere = candidate_for(100, 0);
  elsewhere.receipt.descriptor.relay_parent[0] = 1;
  EXPECT_EQ(backing.second(kRelayParent, elsewhere.receipt, {}).error(),
            BackingError::kWrongRelayParent);

  const Candidate c = candidate_for(100, 0);
  auto forged = signed_by(2, protocol::SecondedStatement{c.committed});
  forged.validator_index = 1;  // signed by 2, claimed by 1
  EXPECT_EQ(backing.on_statement(kRelayParent, forged).error(), BackingError::kBadSignature);
  auto outsider = signed_by(2, protocol::SecondedStatement{c.committed});
  outsider.validator_index = 9;
  EXPECT_EQ(backing.on_statement(kRelayParent, outsider).error(), BackingError::kUnknownValidator);
  EXPECT_EQ(
      backing.on_statement(kRelayParent, signed_by(2, protocol::ValidStatement{c.hash})).error(),
      BackingError::kUnknownCandidate);
  // Signed for another relay parent's context.
  Hash256 other{};
  other[0] = 0xbb;
  EXPECT_EQ(
      backing
          .on_statement(kRelayParent, signed_by(2, protocol::SecondedStatement{c.committed}, other))
          .error(),
      BackingError::kBadSignature);
  // Validator 3 seconds for core 1 a candidate that says core 0.
  EXPECT_EQ(
      backing.on_statement(kRelayParent, signed_by(3, protocol::SecondedStatement{c.committed}))
          .error(),
      BackingError::kNotScheduled);

  // Core 1's candidate seconded by its group: recorded (and backed: a group of one), never
  // fetched by us.
  const Candidate theirs = candidate_for(200, 1);
  auto actions = backing.on_statement(kRelayParent,
                                      signed_by(3, protocol::SecondedStatement{theirs.committed}));
  ASSERT_TRUE(actions.has_value()) << to_string(actions.error());
  EXPECT_EQ(find_action<backing::FetchPov>(*actions), nullptr);
  EXPECT_NE(find_action<backing::Backed>(*actions), nullptr);
  EXPECT_EQ(backing.backable(kRelayParent).size(), 1U);

  backing.deactivate_leaf(kRelayParent);
  EXPECT_TRUE(backing.backable(kRelayParent).empty());
  EXPECT_FALSE(backing.is_active(kRelayParent));
}

TEST(CandidateBacking, WithoutAKeyItOnlyRecords) {
  CandidateBacking backing(std::nullopt);
  backing.activate_leaf(leaf_for(std::nullopt));
  EXPECT_EQ(backing.second(kRelayParent, candidate_for(100, 0).receipt, {}).error(),
            BackingError::kNotAValidator);
  const Candidate c = candidate_for(100, 0);
  auto actions =
      backing.on_statement(kRelayParent, signed_by(0, protocol::SecondedStatement{c.committed}));
  ASSERT_TRUE(actions.has_value());
  EXPECT_TRUE(actions->empty());
}

}  // namespace
}  // namespace canary::parachain
