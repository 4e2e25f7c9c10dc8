// The parachain peer sets (parachain/network_bridge/peer_set.hpp): our View first on every
// substream and again on change, a peer's View changes and messages decoded, the refusals a peer
// is charged for, and gossip only to peers with the head in view.
#include "parachain/network_bridge/peer_set.hpp"

#include <gtest/gtest.h>

#include "tests/unit/parachain/test_peer.hpp"

namespace canary::parachain {
namespace {

using testing::peer;

Hash256 head(uint8_t i) {
  Hash256 h{};
  h[0] = i;
  return h;
}

protocol::ValidationWireMessage decoded(const Outgoing& out) {
  return protocol::decode_validation_message(out.bytes).value();
}

TEST(PeerSet, OurViewGoesFirstAndAgainWhenItChanges) {
  ValidationPeerSet set;
  auto first = set.connected(peer(1), network::Roles{network::Roles::kAuthority});
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(std::get<protocol::ViewUpdate>(decoded(first[0])).view, protocol::View{});

  auto changed = set.set_view(protocol::View{{head(3), head(2)}, 7});
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].peer, peer(1));
  // Sorted, as polkadot-sdk's View::new.
  EXPECT_EQ(std::get<protocol::ViewUpdate>(decoded(changed[0])).view,
            (protocol::View{{head(2), head(3)}, 7}));
  EXPECT_TRUE(set.set_view(protocol::View{{head(2), head(3)}, 7}).empty());  // the same

  auto second = set.connected(peer(2), network::Roles{network::Roles::kFull});
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(std::get<protocol::ViewUpdate>(decoded(second[0])).view, set.our_view());

  // At most five heads are sent.
  std::vector<Hash256> many;
  for (uint8_t i = 10; i < 17; ++i) many.push_back(head(i));
  auto capped = set.set_view(protocol::View{many, 8});
  ASSERT_EQ(capped.size(), 2U);
  EXPECT_EQ(std::get<protocol::ViewUpdate>(decoded(capped[0])).view.heads.size(),
            protocol::kMaxViewHeads);
}

TEST(PeerSet, PeersViewsAndMessagesAreDecoded) {
  ValidationPeerSet set;
  set.connected(peer(1), network::Roles{network::Roles::kAuthority});
  set.connected(peer(2), network::Roles{network::Roles::kAuthority});

  const Bytes view_bytes = protocol::encode_validation_message(
                               protocol::ViewUpdate{protocol::View{{head(5), head(4)}, 3}})
                               .value();
  auto event = set.on_notification(peer(1), view_bytes);
  ASSERT_TRUE(event.has_value());
  ASSERT_TRUE(event->has_value());
  const auto& change = std::get<ValidationPeerSet::ViewChange>(**event);
  EXPECT_EQ(change.view, (protocol::View{{head(4), head(5)}, 3}));
  // The same View again is no event.
  event = set.on_notification(peer(1), view_bytes);
  ASSERT_TRUE(event.has_value());
  EXPECT_FALSE(event->has_value());
  EXPECT_EQ(set.peers_with(head(4)), std::vector<network::PeerId>{peer(1)});
  EXPECT_TRUE(set.peers_with(head(9)).empty());

  protocol::BitfieldMessage bitfield;
  bitfield.relay_parent = head(4);
  bitfield.bitfield.payload.bits = scale::BitVec(3);
  const protocol::ValidationProtocol message{protocol::BitfieldDistribution{bitfield}};
  auto sent = set.send({peer(2), peer(9)}, message);
  ASSERT_EQ(sent.size(), 1U);  // peer 9 is not in the set
  event = set.on_notification(peer(2), sent[0].bytes);
  ASSERT_TRUE(event.has_value() && event->has_value());
  const auto& received = std::get<ValidationPeerSet::Message>(**event);
  EXPECT_EQ(received.peer, peer(2));
  EXPECT_EQ(received.message, message);
}

TEST(PeerSet, RefusesWhatAPeerIsChargedFor) {
  ValidationPeerSet set;
  EXPECT_EQ(set.on_notification(peer(1), Bytes{2, 0, 0, 0, 0, 0}).error(),
            PeerSetError::kUnknownPeer);
  set.connected(peer(1), network::Roles{});
  EXPECT_EQ(set.on_notification(peer(1), Bytes{9}).error(), PeerSetError::kMalformed);
  std::vector<Hash256> six;
  six.reserve(6);
  for (uint8_t i = 0; i < 6; ++i) six.push_back(head(i));
  const Bytes too_many =
      protocol::encode_validation_message(protocol::ViewUpdate{protocol::View{six, 1}}).value();
  EXPECT_EQ(set.on_notification(peer(1), too_many).error(), PeerSetError::kMalformedView);
  set.disconnected(peer(1));
  EXPECT_EQ(set.size(), 0U);
}

TEST(PeerSet, TheCollationSetSpeaksTheCollationProtocol) {
  CollationPeerSet set;
  set.connected(peer(1), network::Roles{network::Roles::kAuthority});
  protocol::AdvertiseCollation advert;
  advert.relay_parent = head(1);
  const protocol::CollationProtocol message{protocol::CollatorProtocol{advert}};
  auto sent = set.send({peer(1)}, message);
  ASSERT_EQ(sent.size(), 1U);
  auto event = set.on_notification(peer(1), sent[0].bytes);
  ASSERT_TRUE(event.has_value() && event->has_value());
  EXPECT_EQ(std::get<CollationPeerSet::Message>(**event).message, message);
}

}  // namespace
}  // namespace canary::parachain
