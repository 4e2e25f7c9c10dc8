// Which peers are which validators (parachain/network_bridge/validator_peers.hpp): authority
// discovery's answers by the session's discovery keys, the statement-peer fallback, and who a
// group's statements and manifests go to.
#include "parachain/network_bridge/validator_peers.hpp"

#include <gtest/gtest.h>

#include <map>

#include "tests/unit/parachain/test_peer.hpp"

namespace canary::parachain {
namespace {

using testing::peer;

AuthorityDiscoveryKey key(uint8_t i) {
  AuthorityDiscoveryKey k{};
  k[0] = i;
  k[31] = 0xAD;
  return k;
}

// An authority discovery that knows `records` (key → peers).
struct FakeDiscovery {
  std::map<AuthorityDiscoveryKey, std::vector<network::PeerId>> records;

  AuthorityLookup lookup() {
    return {[this](const AuthorityDiscoveryKey& k) {
              auto it = records.find(k);
              return it == records.end() ? std::vector<network::PeerId>{} : it->second;
            },
            [this](const network::PeerId& p) {
              std::vector<AuthorityDiscoveryKey> out;
              for (const auto& [k, peers] : records) {
                if (std::find(peers.begin(), peers.end(), p) != peers.end()) out.push_back(k);
              }
              return out;
            }};
  }
};

constexpr SessionIndex kSession = 7;

TEST(ValidatorPeers, AuthorityDiscoveryNamesTheValidatorsPeersByTheirDiscoveryKeys) {
  FakeDiscovery discovery;
  discovery.records[key(0)] = {peer(10)};
  discovery.records[key(2)] = {peer(12)};
  ValidatorPeers peers(discovery.lookup());
  peers.set_session(kSession, {key(0), key(1), key(2)});

  EXPECT_EQ(peers.peers_of(kSession, 0), std::vector{peer(10)});
  EXPECT_TRUE(peers.peers_of(kSession, 1).empty());
  EXPECT_EQ(peers.peers_of(kSession, 2), std::vector{peer(12)});
  EXPECT_TRUE(peers.peers_of(kSession, 3).empty());      // no such validator
  EXPECT_TRUE(peers.peers_of(kSession + 1, 0).empty());  // an unknown session
  EXPECT_EQ(peers.validator_of(kSession, peer(12)), ValidatorIndex{2});
  EXPECT_EQ(peers.validator_of(kSession, peer(11)), std::nullopt);
  EXPECT_TRUE(peers.discovered(kSession, 0));
  EXPECT_FALSE(peers.discovered(kSession, 1));
  EXPECT_EQ(peers.discovery_keys(kSession).size(), 3U);

  // What authority discovery learns later is seen at once (it is asked every time).
  discovery.records[key(1)] = {peer(11)};
  EXPECT_EQ(peers.peers_of(kSession, 1), std::vector{peer(11)});
  EXPECT_EQ(peers.validator_of(kSession, peer(11)), ValidatorIndex{1});
}

TEST(ValidatorPeers, TheStatementsPeerStandsForAValidatorAuthorityDiscoveryHasNotFound) {
  FakeDiscovery discovery;
  discovery.records[key(0)] = {peer(10)};
  ValidatorPeers peers(discovery.lookup());
  peers.set_session(kSession, {key(0), key(1)});
  peers.note_statement_peer(kSession, 1, peer(21));
  peers.note_statement_peer(kSession, 0, peer(20));      // authority discovery wins for 0
  peers.note_statement_peer(kSession + 1, 0, peer(25));  // a session not set: ignored
  EXPECT_EQ(peers.peers_of(kSession, 1), std::vector{peer(21)});
  EXPECT_EQ(peers.peers_of(kSession, 0), std::vector{peer(10)});
  EXPECT_EQ(peers.validator_of(kSession, peer(21)), ValidatorIndex{1});
  EXPECT_EQ(peers.validator_of(kSession + 1, peer(25)), std::nullopt);
  EXPECT_FALSE(peers.discovered(kSession, 1));

  // A session whose SessionInfo has no discovery keys (Canary's genesis session): the fallback
  // alone, which makes the group known once its members spoke.
  ValidatorPeers keyless(discovery.lookup());
  keyless.set_session(kSession, {});
  keyless.note_statement_peer(kSession, 0, peer(20));
  keyless.note_statement_peer(kSession, 1, peer(21));
  EXPECT_EQ(keyless.peers_of(kSession, 1), std::vector{peer(21)});
  const std::vector<ValidatorIndex> members{0, 1};
  const std::vector<network::PeerId> in_view{peer(20), peer(21), peer(22)};
  EXPECT_EQ(keyless.targets(kSession, members, in_view).cluster, (std::vector{peer(20), peer(21)}));

  // Without authority discovery at all (a node that is no validator), only the fallback.
  ValidatorPeers bare;
  bare.set_session(kSession, {key(0), key(1)});
  bare.note_statement_peer(kSession, 0, peer(20));
  EXPECT_EQ(bare.peers_of(kSession, 0), std::vector{peer(20)});
  EXPECT_TRUE(bare.peers_of(kSession, 1).empty());
}

TEST(ValidatorPeers, AGroupsStatementsGoToItsMembersAndManifestsToTheOtherValidators) {
  FakeDiscovery discovery;
  for (uint8_t v = 0; v < 6; ++v) discovery.records[key(v)] = {peer(static_cast<uint8_t>(10 + v))};
  ValidatorPeers peers(discovery.lookup());
  peers.set_session(kSession, {key(0), key(1), key(2), key(3), key(4), key(5)});
  const std::vector<ValidatorIndex> group{0, 1, 2};
  // Peers with the relay parent in view: validators 1, 2 (the group), 4 (outside) and a full
  // node 99 (no validator).
  const std::vector<network::PeerId> in_view{peer(11), peer(12), peer(14), peer(99)};
  const auto targets = peers.targets(kSession, group, in_view);
  EXPECT_EQ(targets.cluster, (std::vector{peer(11), peer(12)}));
  EXPECT_EQ(targets.outside, std::vector{peer(14)});
}

TEST(ValidatorPeers, AMemberWithoutAKnownPeerMayBeAnyPeerNotKnownAsAValidator) {
  FakeDiscovery discovery;
  discovery.records[key(0)] = {peer(10)};
  discovery.records[key(3)] = {peer(13)};
  ValidatorPeers peers(discovery.lookup());
  peers.set_session(kSession, {key(0), key(1), key(2), key(3)});
  const std::vector<ValidatorIndex> group{0, 1};  // 1 has no known peer
  const std::vector<network::PeerId> in_view{peer(10), peer(13), peer(50)};
  const auto targets = peers.targets(kSession, group, in_view);
  // 50 may be validator 1; 13 is validator 3, outside the group: never the group's statements.
  EXPECT_EQ(targets.cluster, (std::vector{peer(10), peer(50)}));
  EXPECT_EQ(targets.outside, std::vector{peer(13)});

  // Once validator 1's statement came from 51, the group is known and 50 is left out.
  peers.note_statement_peer(kSession, 1, peer(51));
  const std::vector<network::PeerId> later{peer(10), peer(13), peer(50), peer(51)};
  const auto known = peers.targets(kSession, group, later);
  EXPECT_EQ(known.cluster, (std::vector{peer(10), peer(51)}));
  EXPECT_EQ(known.outside, std::vector{peer(13)});

  // A session the bridge does not know: every peer may be a member.
  const auto unknown = peers.targets(kSession + 1, group, in_view);
  EXPECT_EQ(unknown.cluster, in_view);
  EXPECT_TRUE(unknown.outside.empty());
}

TEST(ValidatorPeers, OnlyTheLatestSessionsAreKept) {
  ValidatorPeers peers;
  for (SessionIndex s = 1; s <= ValidatorPeers::kMaxSessions + 2; ++s) {
    peers.set_session(s, {key(static_cast<uint8_t>(s))});
  }
  EXPECT_FALSE(peers.knows_session(1));
  EXPECT_FALSE(peers.knows_session(2));
  for (SessionIndex s = 3; s <= ValidatorPeers::kMaxSessions + 2; ++s) {
    EXPECT_TRUE(peers.knows_session(s));
  }
  // A session set again with other keys (a reorg across a session change) is replaced.
  peers.set_session(5, {key(9), key(8)});
  EXPECT_EQ(peers.discovery_keys(5).size(), 2U);
}

}  // namespace
}  // namespace canary::parachain
