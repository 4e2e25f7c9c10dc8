// The collator protocol (parachain/collator_protocol), after polkadot-sdk's collator-protocol
// tests (polkadot/node/network/collator-protocol/src/{validator_side,collator_side}/tests): a
// collator side and a validator side wired together in memory, with the real candidate backing
// between the fetch and CollationSeconded (declare → advertise → fetch → second →
// CollationSeconded); the validator's refusals with polkadot-sdk's costs (a bad Declare signature,
// a second Declare, an undeclared advert, an unneeded para, a relay parent that is not a leaf,
// duplicate and excess adverts, a fetched collation that is not the advertised one); moving on to
// the next advert after a failed or timed-out fetch and an invalid candidate; one seconded
// collation per relay parent; eviction; and the collator serving only what it advertised to the
// peer, one upload per relay parent at a time.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <vector>

#include "parachain/backing/candidate_backing.hpp"
#include "parachain/collator_protocol/collator_side.hpp"
#include "parachain/collator_protocol/validator_side.hpp"

namespace canary::parachain::collator_protocol {
namespace {

using namespace std::chrono_literals;

constexpr ParaId kPara = 100;
constexpr ParaId kOtherPara = 200;
constexpr SessionIndex kSession = 2;
const TimePoint kT0{};

const Hash256 kLeaf = [] {
  Hash256 h{};
  h[0] = 0xaa;
  return h;
}();
const Hash256 kOtherLeaf = [] {
  Hash256 h{};
  h[0] = 0xbb;
  return h;
}();

crypto::sr25519::Keypair key(uint8_t i) {
  crypto::sr25519::MiniSecret seed{};
  seed[0] = i;
  seed[1] = 0xc0;
  return crypto::sr25519::keypair_from_mini_secret(seed);
}

network::PeerId peer_id(uint8_t i) {
  crypto::ed25519::PublicKey public_key{};
  public_key.fill(i);
  return network::PeerId::from_ed25519(public_key);
}

// A collation of `para` on `relay_parent` as collation generation builds one (V2 descriptor on
// core 0); `tag` makes it distinct.
Collation collation_for(ParaId para, const Hash256& relay_parent, uint8_t tag) {
  Collation c;
  c.pov = PoV{BlockData{Bytes{tag, 2, 3}}};
  c.parent_head = HeadData{Bytes{0, tag}};
  c.candidate.commitments.head_data = HeadData{Bytes{tag}};
  CandidateDescriptor& d = c.candidate.descriptor;
  d.para_id = para;
  d.relay_parent = relay_parent;
  d.core_index_v2 = 0;
  d.session_index_v2 = kSession;
  d.pov_hash = pov_hash(c.pov);
  d.para_head = head_data_hash(c.candidate.commitments.head_data);
  c.candidate_hash = candidate_hash(c.candidate.to_plain());
  return c;
}

protocol::AdvertiseCollation advert_of(const Collation& c, const Hash256& relay_parent = kLeaf) {
  return {relay_parent, c.candidate_hash, head_data_hash(c.parent_head)};
}

protocol::UncheckedSignedFullStatement seconded_statement(const Collation& c) {
  return protocol::sign_payload(key(0),
                                protocol::Statement{protocol::SecondedStatement{c.candidate}}, 0,
                                protocol::SigningContext{kSession, kLeaf});
}

template <class T, class Output>
std::vector<T> all(const std::vector<Output>& outputs) {
  std::vector<T> found;
  for (const auto& output : outputs) {
    if (const T* t = std::get_if<T>(&output)) found.push_back(*t);
  }
  return found;
}

template <class Output>
bool reported(const std::vector<Output>& outputs, const network::PeerId& peer,
              const network::ReputationChange& change) {
  for (const Report& report : all<Report>(outputs)) {
    if (report.peer == peer && report.change == change) return true;
  }
  return false;
}

// A validator with a declared collator for each of `collators` (peer i, collator key i).
ValidatorSide validator_with(const std::vector<uint8_t>& collators,
                             std::vector<ParaId> claim_queue = {kPara}) {
  ValidatorSide validator;
  EXPECT_TRUE(validator.set_assignments(kLeaf, std::move(claim_queue)).empty());
  for (uint8_t i : collators) {
    EXPECT_TRUE(validator.on_peer_connected(peer_id(i), kT0).empty());
    const auto out = validator.on_declare(
        peer_id(i), protocol::sign_declare(key(i), kPara, peer_id(i).bytes()), kT0);
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(validator.is_declared(peer_id(i)));
  }
  return validator;
}

// ---- both sides wired together
// -------------------------------------------------------------------

// One validator and collators of kPara (peer i, collator key 10 + i). Messages and requests pass
// between the sides at once (fetches can be held back); backing validates what it is asked to
// second as the test says (valid unless listed in `invalid`).
struct Wire {
  network::PeerId validator_peer = peer_id(2);
  std::map<network::PeerId, CollatorSide> collators;
  ValidatorSide validator;
  CandidateBacking backing{key(0)};
  TimePoint now = kT0;
  std::map<Hash256, CandidateCommitments> commitments;  // what validation finds, by candidate
  std::set<Hash256> invalid;
  bool hold_fetches = false;

  std::vector<FetchCollation> fetches;  // all, served or held
  std::vector<FetchCollation> held;
  std::vector<Second> seconds;
  std::vector<SecondedBy> seconded;
  std::vector<ValidatorOutput> validator_outputs;
  std::vector<CollatorOutput> collator_outputs;

  Wire() {
    BackingLeaf leaf;
    leaf.relay_parent = kLeaf;
    leaf.number = 7;
    leaf.session_index = kSession;
    leaf.validators = {key(0).public_key};
    leaf.groups_by_core = {{0, {0}}};
    leaf.claim_queue = {{0, {kPara}}};
    leaf.minimum_backing_votes = 1;
    leaf.our_index = 0;
    backing.activate_leaf(leaf);
    from_validator(validator.set_assignments(kLeaf, {kPara}));
  }

  // A collator connects: it declares itself; the validator's view has kLeaf.
  CollatorSide& connect(uint8_t i) {
    const network::PeerId peer = peer_id(i);
    auto [it, inserted] =
        collators.emplace(peer, CollatorSide(key(static_cast<uint8_t>(10 + i)), kPara, peer));
    from_validator(validator.on_peer_connected(peer, now));
    from_collator(peer, it->second.on_peer_connected(validator_peer));
    from_collator(peer,
                  it->second.on_peer_view_change(validator_peer, protocol::make_view({kLeaf}, 6)));
    return it->second;
  }

  void distribute(uint8_t i, const Collation& c) {
    auto out = collators.at(peer_id(i)).distribute(kLeaf, c, std::vector{validator_peer});
    ASSERT_TRUE(out.has_value()) << to_string(out.error());
    from_collator(peer_id(i), *out);
  }

  void release() {
    hold_fetches = false;
    std::vector<FetchCollation> now_served;
    now_served.swap(held);
    for (const FetchCollation& fetch : now_served) serve(fetch);
  }

  void serve(const FetchCollation& fetch) {
    from_collator(fetch.peer,
                  collators.at(fetch.peer)
                      .on_collation_request(fetch.id, validator_peer, fetch.request, now));
  }

  void from_collator(const network::PeerId& from, const std::vector<CollatorOutput>& outputs) {
    for (const CollatorOutput& output : outputs) {
      collator_outputs.push_back(output);
      if (const auto* send = std::get_if<SendMessage>(&output)) {
        ASSERT_EQ(send->peer, validator_peer);
        from_validator(validator.on_message(from, send->message, now));
      } else if (const auto* respond = std::get_if<Respond>(&output)) {
        auto fetched = validator.on_collation_fetched(respond->id, respond->response, now);
        ASSERT_TRUE(fetched.has_value()) << to_string(fetched.error());
        from_validator(*fetched);
        from_collator(from, collators.at(from).on_response_sent(respond->id, now));
      } else if (const auto* refuse = std::get_if<RefuseRequest>(&output)) {
        auto failed = validator.on_fetch_failed(refuse->id, FetchFailure::kNetworkError, now);
        ASSERT_TRUE(failed.has_value());
        from_validator(*failed);
      } else if (const auto* event = std::get_if<SecondedBy>(&output)) {
        seconded.push_back(*event);
      }
    }
  }

  void from_validator(const std::vector<ValidatorOutput>& outputs) {
    for (const ValidatorOutput& output : outputs) {
      validator_outputs.push_back(output);
      if (const auto* send = std::get_if<SendMessage>(&output)) {
        from_collator(send->peer,
                      collators.at(send->peer).on_message(validator_peer, send->message));
      } else if (const auto* fetch = std::get_if<FetchCollation>(&output)) {
        fetches.push_back(*fetch);
        if (hold_fetches) {
          held.push_back(*fetch);
        } else {
          serve(*fetch);
        }
      } else if (const auto* second = std::get_if<Second>(&output)) {
        seconds.push_back(*second);
        run_backing(*second);
      }
    }
  }

  void run_backing(const Second& second) {
    const Hash256 hash = candidate_hash(second.receipt);
    auto actions = backing.second(second.relay_parent, second.receipt, second.pov);
    if (!actions) {
      auto next = validator.on_not_seconded(second.relay_parent, hash, now);
      ASSERT_TRUE(next.has_value());
      from_validator(*next);
      return;
    }
    ValidationOutcome outcome;
    outcome.kind = invalid.contains(hash) ? ValidationOutcome::Kind::kInvalid
                                          : ValidationOutcome::Kind::kValid;
    outcome.commitments = commitments.at(hash);
    auto verdict = backing.on_validated(hash, outcome);
    ASSERT_TRUE(verdict.has_value()) << to_string(verdict.error());
    for (const backing::Action& action : *verdict) {
      if (const auto* ok = std::get_if<backing::CollationSeconded>(&action)) {
        auto out = validator.on_seconded(ok->relay_parent, ok->candidate_hash, ok->statement);
        ASSERT_TRUE(out.has_value()) << to_string(out.error());
        from_validator(*out);
      } else if (const auto* bad = std::get_if<backing::CollationInvalid>(&action)) {
        auto out = validator.on_invalid(bad->relay_parent, bad->candidate_hash, now);
        ASSERT_TRUE(out.has_value());
        from_validator(*out);
      }
    }
  }

  Collation collation(uint8_t tag) {
    Collation c = collation_for(kPara, kLeaf, tag);
    commitments[c.candidate_hash] = c.candidate.commitments;
    return c;
  }
};

TEST(CollatorProtocol, DeclareAdvertiseFetchSecondAndCollationSeconded) {
  Wire wire;
  const network::PeerId collator_peer = peer_id(1);
  CollatorSide& collator =
      wire.collators.emplace(collator_peer, CollatorSide(key(11), kPara, collator_peer))
          .first->second;
  wire.from_validator(wire.validator.on_peer_connected(collator_peer, wire.now));
  wire.from_collator(collator_peer, collator.on_peer_connected(wire.validator_peer));
  // The collator declared itself, signed over its own PeerId.
  const auto declares = all<SendMessage>(wire.collator_outputs);
  ASSERT_EQ(declares.size(), 1U);
  const auto& declare = std::get<protocol::Declare>(declares[0].message);
  EXPECT_EQ(declare.collator_id, key(11).public_key);
  EXPECT_EQ(declare.para_id, kPara);
  EXPECT_TRUE(protocol::verify_declare(declare, collator_peer.bytes()));
  EXPECT_TRUE(wire.validator.is_declared(collator_peer));

  // Distributed before the validator has the relay parent in view: nothing advertised yet.
  const Collation c = wire.collation(1);
  auto distributed = collator.distribute(kLeaf, c, std::vector{wire.validator_peer});
  ASSERT_TRUE(distributed.has_value());
  EXPECT_TRUE(distributed->empty());
  EXPECT_TRUE(wire.fetches.empty());

  // The view catches up: advert, fetch, second, CollationSeconded.
  wire.from_collator(collator_peer, collator.on_peer_view_change(wire.validator_peer,
                                                                 protocol::make_view({kLeaf}, 6)));
  EXPECT_TRUE(collator.advertised_to(kLeaf, c.candidate_hash, wire.validator_peer));
  ASSERT_EQ(wire.fetches.size(), 1U);
  EXPECT_EQ(wire.fetches[0].peer, collator_peer);
  EXPECT_EQ(wire.fetches[0].request,
            (protocol::CollationFetchingRequest{kLeaf, kPara, c.candidate_hash}));
  ASSERT_EQ(wire.seconds.size(), 1U);
  EXPECT_EQ(wire.seconds[0].relay_parent, kLeaf);
  EXPECT_EQ(wire.seconds[0].receipt, c.candidate.to_plain());
  EXPECT_EQ(wire.seconds[0].pov, c.pov);
  EXPECT_EQ(wire.seconds[0].peer, collator_peer);

  ASSERT_EQ(wire.seconded.size(), 1U);
  const SecondedBy& event = wire.seconded[0];
  EXPECT_EQ(event.peer, wire.validator_peer);
  EXPECT_EQ(event.relay_parent, kLeaf);
  EXPECT_EQ(event.candidate_hash, c.candidate_hash);
  EXPECT_EQ(event.validator_index, 0U);
  EXPECT_TRUE(protocol::verify_signed(event.statement, protocol::SigningContext{kSession, kLeaf},
                                      key(0).public_key));
  EXPECT_TRUE(reported(wire.validator_outputs, collator_peer, kBenefitNotifyGood));
  EXPECT_TRUE(all<Report>(wire.collator_outputs).empty());
  EXPECT_TRUE(wire.validator.has_seconded(kLeaf));
  EXPECT_EQ(wire.backing.backable(kLeaf).size(), 1U);
  EXPECT_FALSE(wire.validator.fetching(kLeaf).has_value());
}

TEST(CollatorProtocol, AnInvalidCollationIsReportedAndTheNextAdvertSeconded) {
  Wire wire;
  wire.connect(1);
  wire.connect(3);
  const Collation bad = wire.collation(1);
  const Collation good = wire.collation(2);
  wire.invalid.insert(bad.candidate_hash);
  // Collator 1's advert is fetched first; collator 3's waits behind it.
  wire.hold_fetches = true;
  wire.distribute(1, bad);
  wire.distribute(3, good);
  ASSERT_EQ(wire.held.size(), 1U);
  EXPECT_EQ(wire.held[0].peer, peer_id(1));
  EXPECT_EQ(wire.validator.queued_adverts(kLeaf), 1U);

  wire.release();
  EXPECT_TRUE(reported(wire.validator_outputs, peer_id(1), kCostReportBad));
  ASSERT_EQ(wire.fetches.size(), 2U);
  EXPECT_EQ(wire.fetches[1].peer, peer_id(3));
  EXPECT_EQ(wire.fetches[1].request.candidate_hash, good.candidate_hash);
  ASSERT_EQ(wire.seconded.size(), 1U);
  EXPECT_EQ(wire.seconded[0].candidate_hash, good.candidate_hash);
  EXPECT_TRUE(reported(wire.validator_outputs, peer_id(3), kBenefitNotifyGood));
  EXPECT_TRUE(wire.validator.has_seconded(kLeaf));
  // Only collator 3 heard CollationSeconded.
  EXPECT_EQ(all<SecondedBy>(wire.collator_outputs).size(), 1U);
}

TEST(CollatorProtocol, OneCollationSecondedPerRelayParent) {
  Wire wire;
  wire.connect(1);
  wire.connect(3);
  wire.distribute(1, wire.collation(1));
  ASSERT_EQ(wire.seconded.size(), 1U);
  // A later collation of another collator at the same relay parent is advertised, not fetched.
  wire.distribute(3, wire.collation(2));
  EXPECT_TRUE(wire.collators.at(peer_id(3))
                  .advertised_to(kLeaf, wire.collation(2).candidate_hash, wire.validator_peer));
  EXPECT_EQ(wire.fetches.size(), 1U);
  EXPECT_EQ(wire.seconds.size(), 1U);
  EXPECT_FALSE(reported(wire.validator_outputs, peer_id(3), kCostUnexpectedMessage));
}

// ---- the validator side's refusals --------------------------------------------------------------

TEST(CollatorProtocolValidator, RefusesABadDeclareSignature) {
  ValidatorSide validator = validator_with({});
  const network::PeerId peer = peer_id(1);
  validator.on_peer_connected(peer, kT0);
  // Signed over another peer's id: the key is not proven to belong to this peer.
  auto out =
      validator.on_declare(peer, protocol::sign_declare(key(1), kPara, peer_id(9).bytes()), kT0);
  EXPECT_TRUE(reported(out, peer, kCostInvalidSignature));
  EXPECT_EQ(kCostInvalidSignature.value, INT32_MIN);
  EXPECT_FALSE(validator.is_declared(peer));
  // The signature right, it declares.
  out = validator.on_declare(peer, protocol::sign_declare(key(1), kPara, peer.bytes()), kT0);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(validator.is_declared(peer));
}

TEST(CollatorProtocolValidator, RefusesASecondDeclareAndAReusedCollatorKey) {
  ValidatorSide validator = validator_with({1});
  auto out = validator.on_declare(peer_id(1),
                                  protocol::sign_declare(key(1), kPara, peer_id(1).bytes()), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  EXPECT_EQ(kCostUnexpectedMessage.value, -100'000);
  // Another peer declaring the same collator key.
  validator.on_peer_connected(peer_id(2), kT0);
  out = validator.on_declare(peer_id(2), protocol::sign_declare(key(1), kPara, peer_id(2).bytes()),
                             kT0);
  EXPECT_TRUE(reported(out, peer_id(2), kCostUnexpectedMessage));
  EXPECT_FALSE(validator.is_declared(peer_id(2)));
  // A peer that never connected.
  out = validator.on_declare(peer_id(5), protocol::sign_declare(key(5), kPara, peer_id(5).bytes()),
                             kT0);
  EXPECT_TRUE(reported(out, peer_id(5), kCostUnexpectedMessage));
}

TEST(CollatorProtocolValidator, DisconnectsACollatorOfAnUnneededPara) {
  ValidatorSide validator = validator_with({});
  const network::PeerId peer = peer_id(1);
  validator.on_peer_connected(peer, kT0);
  auto out =
      validator.on_declare(peer, protocol::sign_declare(key(1), kOtherPara, peer.bytes()), kT0);
  EXPECT_TRUE(reported(out, peer, kCostUnneededCollator));
  ASSERT_EQ(all<Disconnect>(out).size(), 1U);
  EXPECT_EQ(all<Disconnect>(out)[0].peer, peer);
  EXPECT_FALSE(validator.is_declared(peer));
}

TEST(CollatorProtocolValidator, DisconnectsCollatorsWhoseParaLeavesTheClaimQueues) {
  ValidatorSide validator = validator_with({1});
  // A new leaf where our core serves another para, then the old leaf goes.
  EXPECT_TRUE(validator.set_assignments(kOtherLeaf, {kOtherPara}).empty());
  auto out = validator.remove_leaf(kLeaf);
  ASSERT_EQ(all<Disconnect>(out).size(), 1U);
  EXPECT_EQ(all<Disconnect>(out)[0].peer, peer_id(1));
  // Once.
  EXPECT_TRUE(all<Disconnect>(validator.set_assignments(kOtherLeaf, {kOtherPara})).empty());
}

TEST(CollatorProtocolValidator, RefusesAnUndeclaredAdvert) {
  ValidatorSide validator = validator_with({});
  const Collation c = collation_for(kPara, kLeaf, 1);
  // Connected, not declared.
  validator.on_peer_connected(peer_id(1), kT0);
  auto out = validator.on_advertisement(peer_id(1), advert_of(c), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  EXPECT_TRUE(all<FetchCollation>(out).empty());
  // Not even connected: ignored without a cost (AdvertisementError::UnknownPeer).
  EXPECT_TRUE(validator.on_advertisement(peer_id(7), advert_of(c), kT0).empty());
}

TEST(CollatorProtocolValidator, RefusesAnAdvertAtARelayParentThatIsNotALeaf) {
  ValidatorSide validator = validator_with({1});
  const Collation c = collation_for(kPara, kOtherLeaf, 1);
  auto out = validator.on_advertisement(peer_id(1), advert_of(c, kOtherLeaf), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  EXPECT_TRUE(all<FetchCollation>(out).empty());
  // A leaf where we back nothing is no better.
  EXPECT_TRUE(validator.set_assignments(kOtherLeaf, {}).empty());
  out = validator.on_advertisement(peer_id(1), advert_of(c, kOtherLeaf), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  // Nor a leaf that was removed.
  validator.remove_leaf(kLeaf);
  out = validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 2)), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
}

TEST(CollatorProtocolValidator, IgnoresAnAdvertForAParaNotOnTheLeafsQueue) {
  // Declared for kPara (on kLeaf's queue); at kOtherLeaf our core serves kOtherPara only.
  ValidatorSide validator = validator_with({1});
  EXPECT_TRUE(validator.set_assignments(kOtherLeaf, {kOtherPara}).empty());
  auto out = validator.on_advertisement(
      peer_id(1), advert_of(collation_for(kPara, kOtherLeaf, 1), kOtherLeaf), kT0);
  EXPECT_TRUE(out.empty());  // SecondedLimitReached: no fetch, no cost
  EXPECT_FALSE(validator.fetching(kOtherLeaf).has_value());
}

TEST(CollatorProtocolValidator, RefusesDuplicateAndExcessAdverts) {
  ValidatorSide validator = validator_with({1});
  const Collation a = collation_for(kPara, kLeaf, 1);
  auto out = validator.on_advertisement(peer_id(1), advert_of(a), kT0);
  ASSERT_EQ(all<FetchCollation>(out).size(), 1U);
  out = validator.on_advertisement(peer_id(1), advert_of(a), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  // A claim queue of length 1: polkadot-sdk accepts adverts while the peer has at most 1.
  out = validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 2)), kT0);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(validator.queued_adverts(kLeaf), 1U);
  out = validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 3)), kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
  EXPECT_EQ(validator.queued_adverts(kLeaf), 1U);
}

TEST(CollatorProtocolValidator, ChargesAFetchedCollationThatIsNotTheAdvertisedOne) {
  ValidatorSide validator = validator_with({1, 2});
  const Collation advertised = collation_for(kPara, kLeaf, 1);
  const Collation next = collation_for(kPara, kLeaf, 2);
  auto out = validator.on_advertisement(peer_id(1), advert_of(advertised), kT0);
  const RequestId first = all<FetchCollation>(out).at(0).id;
  EXPECT_TRUE(validator.on_advertisement(peer_id(2), advert_of(next), kT0).empty());

  // Peer 1 answers with another candidate: COST_REPORT_BAD, and peer 2's advert is fetched.
  const Collation other = collation_for(kPara, kLeaf, 9);
  auto fetched = validator.on_collation_fetched(first, other.candidate.to_plain(), other.pov,
                                                std::nullopt, kT0);
  ASSERT_TRUE(fetched.has_value());
  EXPECT_TRUE(reported(*fetched, peer_id(1), kCostReportBad));
  EXPECT_TRUE(all<Second>(*fetched).empty());
  ASSERT_EQ(all<FetchCollation>(*fetched).size(), 1U);
  const FetchCollation second = all<FetchCollation>(*fetched)[0];
  EXPECT_EQ(second.peer, peer_id(2));
  // A late answer to the first fetch is not waited for.
  EXPECT_EQ(validator
                .on_collation_fetched(first, advertised.candidate.to_plain(), advertised.pov,
                                      std::nullopt, kT0)
                .error(),
            ValidatorSideError::kUnknownRequest);

  // Peer 2's answer for another para: COST_WRONG_PARA.
  const Collation wrong_para = collation_for(kOtherPara, kLeaf, 2);
  fetched = validator.on_collation_fetched(second.id, wrong_para.candidate.to_plain(),
                                           wrong_para.pov, std::nullopt, kT0);
  ASSERT_TRUE(fetched.has_value());
  EXPECT_TRUE(reported(*fetched, peer_id(2), kCostWrongPara));
  EXPECT_TRUE(all<Second>(*fetched).empty());
}

TEST(CollatorProtocolValidator, ChargesAWrongPovAndAWrongParentHead) {
  ValidatorSide validator = validator_with({1});
  const Collation c = collation_for(kPara, kLeaf, 1);
  auto out = validator.on_advertisement(peer_id(1), advert_of(c), kT0);
  RequestId id = all<FetchCollation>(out).at(0).id;
  // The PoV is not the descriptor's.
  auto fetched = validator.on_collation_fetched(id, c.candidate.to_plain(),
                                                PoV{BlockData{Bytes{7}}}, std::nullopt, kT0);
  ASSERT_TRUE(fetched.has_value());
  EXPECT_TRUE(reported(*fetched, peer_id(1), kCostReportBad));
  EXPECT_TRUE(all<Second>(*fetched).empty());

  // The advert again (a new one of the same collator): the parent head sent is not the one
  // advertised.
  ValidatorSide again = validator_with({1});
  out = again.on_advertisement(peer_id(1), advert_of(c), kT0);
  id = all<FetchCollation>(out).at(0).id;
  fetched = again.on_collation_fetched(
      id, protocol::CollationWithParentHeadData{c.candidate.to_plain(), c.pov, HeadData{Bytes{5}}},
      kT0);
  ASSERT_TRUE(fetched.has_value());
  EXPECT_TRUE(reported(*fetched, peer_id(1), kCostReportBad));
  EXPECT_TRUE(all<Second>(*fetched).empty());

  // With the right parent head it is handed to backing.
  ValidatorSide right = validator_with({1});
  out = right.on_advertisement(peer_id(1), advert_of(c), kT0);
  id = all<FetchCollation>(out).at(0).id;
  fetched = right.on_collation_fetched(
      id, protocol::CollationWithParentHeadData{c.candidate.to_plain(), c.pov, c.parent_head}, kT0);
  ASSERT_TRUE(fetched.has_value());
  ASSERT_EQ(all<Second>(*fetched).size(), 1U);
  EXPECT_TRUE(all<Report>(*fetched).empty());
}

TEST(CollatorProtocolValidator, AFailedFetchMovesOnToTheNextAdvertInArrivalOrder) {
  ValidatorSide validator = validator_with({1, 2, 3});
  const Collation a = collation_for(kPara, kLeaf, 1);
  const Collation b = collation_for(kPara, kLeaf, 2);
  const Collation c = collation_for(kPara, kLeaf, 3);
  auto out = validator.on_advertisement(peer_id(1), advert_of(a), kT0);
  ASSERT_EQ(all<FetchCollation>(out).size(), 1U);
  const RequestId first = all<FetchCollation>(out)[0].id;
  // One fetch in flight per relay parent: the others queue.
  EXPECT_TRUE(validator.on_advertisement(peer_id(2), advert_of(b), kT0).empty());
  EXPECT_TRUE(validator.on_advertisement(peer_id(3), advert_of(c), kT0).empty());
  EXPECT_EQ(validator.queued_adverts(kLeaf), 2U);
  EXPECT_EQ(validator.fetching(kLeaf), first);

  // A network error costs COST_NETWORK_ERROR; peer 2 is next.
  auto failed = validator.on_fetch_failed(first, FetchFailure::kNetworkError, kT0 + 10ms);
  ASSERT_TRUE(failed.has_value());
  EXPECT_TRUE(reported(*failed, peer_id(1), kCostNetworkError));
  ASSERT_EQ(all<FetchCollation>(*failed).size(), 1U);
  const FetchCollation second = all<FetchCollation>(*failed)[0];
  EXPECT_EQ(second.peer, peer_id(2));
  EXPECT_EQ(second.request.candidate_hash, b.candidate_hash);

  // No answer within the request timeout: given up without a cost, peer 3 is next.
  EXPECT_TRUE(validator.tick(kT0 + 10ms + protocol::kPovRequestTimeout - 1ms).empty());
  auto ticked = validator.tick(kT0 + 10ms + protocol::kPovRequestTimeout);
  ASSERT_EQ(all<CancelFetch>(ticked).size(), 1U);
  EXPECT_EQ(all<CancelFetch>(ticked)[0].id, second.id);
  EXPECT_TRUE(all<Report>(ticked).empty());
  ASSERT_EQ(all<FetchCollation>(ticked).size(), 1U);
  EXPECT_EQ(all<FetchCollation>(ticked)[0].peer, peer_id(3));
  EXPECT_EQ(validator.queued_adverts(kLeaf), 0U);
}

TEST(CollatorProtocolValidator, SkipsQueuedAdvertsOfPeersThatLeft) {
  ValidatorSide validator = validator_with({1, 2, 3});
  auto out = validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 1)), kT0);
  const RequestId first = all<FetchCollation>(out).at(0).id;
  validator.on_advertisement(peer_id(2), advert_of(collation_for(kPara, kLeaf, 2)), kT0);
  validator.on_advertisement(peer_id(3), advert_of(collation_for(kPara, kLeaf, 3)), kT0);
  validator.on_peer_disconnected(peer_id(2));
  auto failed = validator.on_fetch_failed(first, FetchFailure::kTimeout, kT0);
  ASSERT_TRUE(failed.has_value());
  EXPECT_TRUE(all<Report>(*failed).empty());
  ASSERT_EQ(all<FetchCollation>(*failed).size(), 1U);
  EXPECT_EQ(all<FetchCollation>(*failed)[0].peer, peer_id(3));
}

TEST(CollatorProtocolValidator, SecondsOneCollationPerRelayParent) {
  ValidatorSide validator = validator_with({1, 2, 3});
  const Collation a = collation_for(kPara, kLeaf, 1);
  auto out = validator.on_advertisement(peer_id(1), advert_of(a), kT0);
  const RequestId id = all<FetchCollation>(out).at(0).id;
  EXPECT_TRUE(validator.on_advertisement(peer_id(2), advert_of(collation_for(kPara, kLeaf, 2)), kT0)
                  .empty());
  auto fetched =
      validator.on_collation_fetched(id, a.candidate.to_plain(), a.pov, std::nullopt, kT0);
  ASSERT_TRUE(fetched.has_value());
  ASSERT_EQ(all<Second>(*fetched).size(), 1U);
  // While backing validates, nothing else is fetched.
  EXPECT_FALSE(validator.fetching(kLeaf).has_value());

  // A statement of another candidate is refused; the right one tells the collator.
  EXPECT_EQ(
      validator
          .on_seconded(kLeaf, a.candidate_hash, seconded_statement(collation_for(kPara, kLeaf, 5)))
          .error(),
      ValidatorSideError::kStatementMismatch);
  const protocol::UncheckedSignedFullStatement statement = seconded_statement(a);
  auto seconded = validator.on_seconded(kLeaf, a.candidate_hash, statement);
  ASSERT_TRUE(seconded.has_value());
  const auto sent = all<SendMessage>(*seconded);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].peer, peer_id(1));
  const auto& message = std::get<protocol::CollationSeconded>(sent[0].message);
  EXPECT_EQ(message.relay_parent, kLeaf);
  EXPECT_EQ(message.statement, statement);
  EXPECT_TRUE(reported(*seconded, peer_id(1), kBenefitNotifyGood));
  EXPECT_EQ(kBenefitNotifyGood.value, 10'000);
  EXPECT_TRUE(all<FetchCollation>(*seconded).empty());  // the queued advert is dropped
  EXPECT_TRUE(validator.has_seconded(kLeaf));
  EXPECT_EQ(validator.queued_adverts(kLeaf), 0U);

  // Later adverts at the relay parent are not fetched, and cost nothing.
  out = validator.on_advertisement(peer_id(3), advert_of(collation_for(kPara, kLeaf, 3)), kT0);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(validator.fetching(kLeaf).has_value());
  EXPECT_EQ(validator.queued_adverts(kLeaf), 0U);
  // Backing cannot second twice: a second verdict names nothing.
  EXPECT_EQ(validator.on_seconded(kLeaf, a.candidate_hash, statement).error(),
            ValidatorSideError::kUnknownCandidate);
}

TEST(CollatorProtocolValidator, NotSecondedMovesOnWithoutACost) {
  ValidatorSide validator = validator_with({1, 2});
  const Collation a = collation_for(kPara, kLeaf, 1);
  auto out = validator.on_advertisement(peer_id(1), advert_of(a), kT0);
  const RequestId id = all<FetchCollation>(out).at(0).id;
  validator.on_advertisement(peer_id(2), advert_of(collation_for(kPara, kLeaf, 2)), kT0);
  ASSERT_TRUE(validator.on_collation_fetched(id, a.candidate.to_plain(), a.pov, std::nullopt, kT0));
  auto next = validator.on_not_seconded(kLeaf, a.candidate_hash, kT0);
  ASSERT_TRUE(next.has_value());
  EXPECT_TRUE(all<Report>(*next).empty());
  ASSERT_EQ(all<FetchCollation>(*next).size(), 1U);
  EXPECT_EQ(all<FetchCollation>(*next)[0].peer, peer_id(2));
}

TEST(CollatorProtocolValidator, RemovingALeafCancelsItsFetch) {
  ValidatorSide validator = validator_with({1});
  auto out = validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 1)), kT0);
  const RequestId id = all<FetchCollation>(out).at(0).id;
  EXPECT_TRUE(validator.set_assignments(kOtherLeaf, {kPara}).empty());
  out = validator.remove_leaf(kLeaf);
  ASSERT_EQ(all<CancelFetch>(out).size(), 1U);
  EXPECT_EQ(all<CancelFetch>(out)[0].id, id);
  EXPECT_TRUE(all<Disconnect>(out).empty());  // kPara is still needed at kOtherLeaf
  EXPECT_EQ(validator.on_fetch_failed(id, FetchFailure::kCancelled, kT0).error(),
            ValidatorSideError::kUnknownRequest);
}

TEST(CollatorProtocolValidator, EvictsUndeclaredAndInactivePeers) {
  ValidatorSide validator = validator_with({1});
  validator.on_peer_connected(peer_id(2), kT0);
  EXPECT_TRUE(validator.tick(kT0 + 999ms).empty());
  auto out = validator.tick(kT0 + 1s);
  ASSERT_EQ(all<Disconnect>(out).size(), 1U);
  EXPECT_EQ(all<Disconnect>(out)[0].peer, peer_id(2));
  // The declared collator advertises at 10 s, so it is kept until 34 s.
  validator.on_advertisement(peer_id(1), advert_of(collation_for(kPara, kLeaf, 1)), kT0 + 10s);
  out = validator.tick(kT0 + 33s);
  EXPECT_TRUE(all<Disconnect>(out).empty());
  out = validator.tick(kT0 + 34s);
  ASSERT_EQ(all<Disconnect>(out).size(), 1U);
  EXPECT_EQ(all<Disconnect>(out)[0].peer, peer_id(1));
  EXPECT_TRUE(all<Disconnect>(validator.tick(kT0 + 40s)).empty());  // asked once
}

TEST(CollatorProtocolValidator, ACollationSecondedMessageIsUnexpected) {
  ValidatorSide validator = validator_with({1});
  const Collation c = collation_for(kPara, kLeaf, 1);
  auto out = validator.on_message(peer_id(1),
                                  protocol::CollationSeconded{kLeaf, seconded_statement(c)}, kT0);
  EXPECT_TRUE(reported(out, peer_id(1), kCostUnexpectedMessage));
}

// ---- the collator side
// ------------------------------------------------------------------------------

struct Collator {
  network::PeerId a = peer_id(2);
  network::PeerId b = peer_id(3);
  CollatorSide side{key(10), kPara, peer_id(1)};
  Collation c = collation_for(kPara, kLeaf, 1);

  explicit Collator(std::optional<std::vector<network::PeerId>> targets,
                    bool with_parent_head_data = false) {
    for (const auto& peer : {a, b}) {
      EXPECT_EQ(all<SendMessage>(side.on_peer_connected(peer)).size(), 1U);
      EXPECT_TRUE(side.on_peer_view_change(peer, protocol::make_view({kLeaf}, 6)).empty());
    }
    auto out = side.distribute(kLeaf, c, std::move(targets), with_parent_head_data);
    EXPECT_TRUE(out.has_value());
  }
};

TEST(CollatorProtocolCollator, AdvertisesOnlyToTargetsWithTheRelayParentInView) {
  CollatorSide side(key(10), kPara, peer_id(1));
  const network::PeerId a = peer_id(2);
  const network::PeerId b = peer_id(3);
  side.on_peer_connected(a);
  side.on_peer_connected(b);
  EXPECT_TRUE(side.on_peer_view_change(a, protocol::make_view({kLeaf}, 6)).empty());
  const Collation c = collation_for(kPara, kLeaf, 1);
  auto out = side.distribute(kLeaf, c, std::vector{a, b});
  ASSERT_TRUE(out.has_value());
  // a has the relay parent in view: advertised now, with the parent head's hash.
  auto adverts = all<SendMessage>(*out);
  ASSERT_EQ(adverts.size(), 1U);
  EXPECT_EQ(adverts[0].peer, a);
  EXPECT_EQ(std::get<protocol::AdvertiseCollation>(adverts[0].message), advert_of(c));
  // b when its view catches up, once.
  out = side.on_peer_view_change(b, protocol::make_view({kOtherLeaf, kLeaf}, 6));
  adverts = all<SendMessage>(*out);
  ASSERT_EQ(adverts.size(), 1U);
  EXPECT_EQ(adverts[0].peer, b);
  EXPECT_TRUE(side.on_peer_view_change(b, protocol::make_view({kLeaf}, 7)).empty());
  EXPECT_TRUE(side.on_peer_view_change(a, protocol::make_view({kLeaf}, 7)).empty());
  // A peer outside the targets never hears of it.
  const network::PeerId outsider = peer_id(4);
  side.on_peer_connected(outsider);
  EXPECT_TRUE(side.on_peer_view_change(outsider, protocol::make_view({kLeaf}, 7)).empty());

  // distribute's refusals.
  EXPECT_EQ(side.distribute(kLeaf, c, std::nullopt).error(),
            CollatorSideError::kAlreadyDistributed);
  EXPECT_EQ(side.distribute(kLeaf, collation_for(kPara, kLeaf, 2), std::nullopt).error(),
            CollatorSideError::kTooManyCollations);
  EXPECT_EQ(side.distribute(kLeaf, collation_for(kOtherPara, kLeaf, 3), std::nullopt).error(),
            CollatorSideError::kWrongPara);
  EXPECT_EQ(side.distribute(kOtherLeaf, collation_for(kPara, kLeaf, 3), std::nullopt).error(),
            CollatorSideError::kWrongRelayParent);
}

TEST(CollatorProtocolCollator, ServesOnlyWhatItAdvertisedToThePeer) {
  Collator collator(std::vector{peer_id(2)});  // a only
  const protocol::CollationFetchingRequest request{kLeaf, kPara, collator.c.candidate_hash};
  // b was not advertised the candidate.
  auto out = collator.side.on_collation_request(1, collator.b, request, kT0);
  ASSERT_EQ(all<RefuseRequest>(out).size(), 1U);
  EXPECT_EQ(all<RefuseRequest>(out)[0].reason, ServeRefusal::kNotAdvertised);
  EXPECT_TRUE(all<Respond>(out).empty());
  // Nor anyone a candidate, relay parent or para we do not have.
  auto refusal = [&](const protocol::CollationFetchingRequest& r) {
    auto refused = all<RefuseRequest>(collator.side.on_collation_request(2, collator.a, r, kT0));
    return refused.empty() ? std::optional<ServeRefusal>{} : refused[0].reason;
  };
  EXPECT_EQ(refusal({kLeaf, kOtherPara, collator.c.candidate_hash}), ServeRefusal::kWrongPara);
  EXPECT_EQ(refusal({kOtherLeaf, kPara, collator.c.candidate_hash}),
            ServeRefusal::kUnknownRelayParent);
  EXPECT_EQ(refusal({kLeaf, kPara, kOtherLeaf}), ServeRefusal::kUnknownCandidate);

  // a gets the collation: the plain receipt and the PoV.
  out = collator.side.on_collation_request(3, collator.a, request, kT0);
  ASSERT_EQ(all<Respond>(out).size(), 1U);
  const Respond respond = all<Respond>(out)[0];
  EXPECT_EQ(respond.id, 3U);
  EXPECT_EQ(respond.peer, collator.a);
  EXPECT_EQ(respond.response, (protocol::CollationFetchingResponse{protocol::CollationResponse{
                                  collator.c.candidate.to_plain(), collator.c.pov}}));
  // Asking again while the upload is in flight is a flood.
  out = collator.side.on_collation_request(4, collator.a, request, kT0);
  EXPECT_TRUE(reported(out, collator.a, kCostApparentFlood));
  ASSERT_EQ(all<RefuseRequest>(out).size(), 1U);
  EXPECT_EQ(all<RefuseRequest>(out)[0].reason, ServeRefusal::kAlreadyRequested);
  // Once it is sent, a may ask again.
  EXPECT_TRUE(collator.side.on_response_sent(3, kT0).empty());
  EXPECT_EQ(all<Respond>(collator.side.on_collation_request(5, collator.a, request, kT0)).size(),
            1U);
}

TEST(CollatorProtocolCollator, UploadsOneCollationPerRelayParentAtATime) {
  Collator collator(std::nullopt);  // every peer
  const protocol::CollationFetchingRequest request{kLeaf, kPara, collator.c.candidate_hash};
  EXPECT_EQ(all<Respond>(collator.side.on_collation_request(1, collator.a, request, kT0)).size(),
            1U);
  // b waits for a's upload...
  EXPECT_TRUE(collator.side.on_collation_request(2, collator.b, request, kT0).empty());
  EXPECT_TRUE(collator.side.tick(kT0 + kMaxUnsharedUploadTime - 1ms).empty());
  // ...until it is done.
  auto out = collator.side.on_response_sent(1, kT0 + 20ms);
  ASSERT_EQ(all<Respond>(out).size(), 1U);
  EXPECT_EQ(all<Respond>(out)[0].id, 2U);
  EXPECT_EQ(all<Respond>(out)[0].peer, collator.b);

  // A slow upload holds the slot for kMaxUnsharedUploadTime at most.
  Collator slow(std::nullopt);
  slow.side.on_collation_request(1, slow.a, request, kT0);
  EXPECT_TRUE(slow.side.on_collation_request(2, slow.b, request, kT0).empty());
  out = slow.side.tick(kT0 + kMaxUnsharedUploadTime);
  ASSERT_EQ(all<Respond>(out).size(), 1U);
  EXPECT_EQ(all<Respond>(out)[0].id, 2U);
  // The slow one finishing later frees nothing more.
  EXPECT_TRUE(slow.side.on_response_sent(1, kT0 + 1s).empty());
}

TEST(CollatorProtocolCollator, SendsTheParentHeadWhenAskedTo) {
  Collator collator(std::nullopt, true);
  auto out = collator.side.on_collation_request(1, collator.a,
                                                {kLeaf, kPara, collator.c.candidate_hash}, kT0);
  const auto responds = all<Respond>(out);
  ASSERT_EQ(responds.size(), 1U);
  const auto& with_parent = std::get<protocol::CollationWithParentHeadData>(responds[0].response);
  EXPECT_EQ(with_parent.parent_head_data, collator.c.parent_head);
  EXPECT_EQ(with_parent.receipt, collator.c.candidate.to_plain());
}

TEST(CollatorProtocolCollator, RemovingALeafRefusesTheRequestsWaitingThere) {
  Collator collator(std::nullopt);
  const protocol::CollationFetchingRequest request{kLeaf, kPara, collator.c.candidate_hash};
  collator.side.on_collation_request(1, collator.a, request, kT0);
  collator.side.on_collation_request(2, collator.b, request, kT0);
  auto out = collator.side.remove_leaf(kLeaf);
  ASSERT_EQ(all<RefuseRequest>(out).size(), 1U);
  EXPECT_EQ(all<RefuseRequest>(out)[0].id, 2U);
  EXPECT_FALSE(collator.side.advertised_to(kLeaf, collator.c.candidate_hash, collator.a));
  EXPECT_TRUE(collator.side.on_response_sent(1, kT0).empty());
}

TEST(CollatorProtocolCollator, ChecksCollationSecondedAgainstItsCandidates) {
  Collator collator(std::nullopt);
  // Ours.
  auto out = collator.side.on_message(
      collator.a, protocol::CollationSeconded{kLeaf, seconded_statement(collator.c)});
  ASSERT_EQ(all<SecondedBy>(out).size(), 1U);
  EXPECT_EQ(all<SecondedBy>(out)[0].candidate_hash, collator.c.candidate_hash);
  EXPECT_EQ(all<SecondedBy>(out)[0].peer, collator.a);
  // Not ours, at another relay parent, or not a Seconded statement: nothing.
  EXPECT_TRUE(collator.side
                  .on_collation_seconded(collator.a, kLeaf,
                                         seconded_statement(collation_for(kPara, kLeaf, 7)))
                  .empty());
  EXPECT_TRUE(
      collator.side.on_collation_seconded(collator.a, kOtherLeaf, seconded_statement(collator.c))
          .empty());
  auto valid = protocol::sign_payload(
      key(0), protocol::Statement{protocol::ValidStatement{collator.c.candidate_hash}}, 0,
      protocol::SigningContext{kSession, kLeaf});
  EXPECT_TRUE(collator.side.on_collation_seconded(collator.a, kLeaf, valid).empty());
}

TEST(CollatorProtocolCollator, DisconnectsPeersThatBehaveLikeCollators) {
  CollatorSide side(key(10), kPara, peer_id(1));
  side.on_peer_connected(peer_id(2));
  auto out =
      side.on_message(peer_id(2), protocol::sign_declare(key(11), kPara, peer_id(2).bytes()));
  ASSERT_EQ(all<Disconnect>(out).size(), 1U);
  EXPECT_TRUE(all<Report>(out).empty());
  out = side.on_message(peer_id(2), advert_of(collation_for(kPara, kLeaf, 1)));
  EXPECT_TRUE(reported(out, peer_id(2), kCostUnexpectedMessage));
  EXPECT_EQ(all<Disconnect>(out).size(), 1U);
}

}  // namespace
}  // namespace canary::parachain::collator_protocol
