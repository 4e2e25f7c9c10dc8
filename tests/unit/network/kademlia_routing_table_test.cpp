// Kademlia's k-buckets: keys and distances, the bucket of a peer, rust-libp2p's insertion policy
// (room, full, pending entries and their expiry), ordering by connection, addresses, and
// closest() against a brute-force sort; plus the address scopes the DHT filters by.
#include "network/libp2p/kademlia_routing_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "network/libp2p/ip_scope.hpp"
#include "primitives/hash/hash.hpp"
#include "tests/unit/network/kademlia_test_support.hpp"

namespace canary::network {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::addr;
using testing::addr_of;
using testing::test_peer;

// Peers that land in bucket `index` of `local`'s table.
std::vector<PeerId> peers_in_bucket(const PeerId& local, size_t index, size_t count,
                                    uint32_t first = 1) {
  std::vector<PeerId> out;
  const KademliaKey local_key = kademlia_key(local);
  for (uint32_t i = first; out.size() < count; ++i) {
    PeerId p = test_peer(i);
    if (kademlia_bucket_index(local_key, kademlia_key(p)) == index) out.push_back(p);
  }
  return out;
}

TEST(KademliaKey, IsSha256OfThePeerIdBytes) {
  const PeerId p = test_peer(7);
  EXPECT_EQ(kademlia_key(p), hash::sha2_256(p.bytes()));
  EXPECT_EQ(kademlia_key(ByteSpan(p.bytes())), kademlia_key(p));
}

TEST(KademliaKey, DistanceAndBucketIndex) {
  KademliaKey a{};
  KademliaKey b{};
  EXPECT_EQ(kademlia_bucket_index(a, b), std::nullopt);
  b[31] = 0x01;  // lowest bit
  EXPECT_EQ(kademlia_bucket_index(a, b), 0u);
  b[31] = 0x80;
  EXPECT_EQ(kademlia_bucket_index(a, b), 7u);
  b = {};
  b[0] = 0x80;  // highest bit
  EXPECT_EQ(kademlia_bucket_index(a, b), 255u);
  b[0] = 0x01;
  EXPECT_EQ(kademlia_bucket_index(a, b), 248u);
  const KademliaKey x = kademlia_key(test_peer(1));
  const KademliaKey y = kademlia_key(test_peer(2));
  EXPECT_EQ(kademlia_distance(x, y), kademlia_distance(y, x));
  EXPECT_EQ(kademlia_distance(x, kademlia_distance(x, y)), y);  // XOR
}

TEST(KademliaRoutingTable, FullBucketRefusesDisconnectedAndQueuesConnected) {
  const PeerId local = test_peer(0);
  KademliaRoutingTable table(local, 20, 60s);
  const auto now = Clock::now();
  const auto peers = peers_in_bucket(local, 255, 23);
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(table.add_address(peers[i], addr_of(static_cast<uint32_t>(i)),
                                KademliaNodeStatus::kDisconnected, now),
              RoutingUpdate::kInserted);
  }
  EXPECT_EQ(table.bucket_size(255), 20u);
  EXPECT_EQ(table.add_address(peers[20], addr_of(20), KademliaNodeStatus::kDisconnected, now),
            RoutingUpdate::kFull);
  EXPECT_EQ(table.add_address(peers[20], addr_of(20), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kPending);
  // One pending entry per bucket.
  EXPECT_EQ(table.add_address(peers[21], addr_of(21), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kFull);
  EXPECT_FALSE(table.contains(peers[20]));
  EXPECT_TRUE(table.bucket_has_pending(255));
  EXPECT_EQ(table.next_pending_deadline(), now + 60s);

  // Not yet: nothing changes.
  EXPECT_TRUE(table.apply_pending(now + 59s).empty());
  // Then the least recently connected (the first inserted) makes room.
  const auto applied = table.apply_pending(now + 60s);
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].inserted, peers[20]);
  EXPECT_EQ(applied[0].evicted, peers[0]);
  EXPECT_TRUE(table.contains(peers[20]));
  EXPECT_FALSE(table.contains(peers[0]));
  EXPECT_EQ(table.find(peers[20])->status, KademliaNodeStatus::kConnected);
  EXPECT_EQ(table.size(), 20u);
}

TEST(KademliaRoutingTable, OldestReconnectingCancelsThePendingEntry) {
  const PeerId local = test_peer(0);
  KademliaRoutingTable table(local, 20, 60s);
  const auto now = Clock::now();
  const auto peers = peers_in_bucket(local, 255, 21);
  for (size_t i = 0; i < 20; ++i) {
    (void)table.add_address(peers[i], addr_of(static_cast<uint32_t>(i)),
                            KademliaNodeStatus::kDisconnected, now);
  }
  EXPECT_EQ(table.add_address(peers[20], addr_of(20), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kPending);
  table.set_status(peers[0], KademliaNodeStatus::kConnected);  // it was alive after all
  EXPECT_FALSE(table.bucket_has_pending(255));
  EXPECT_TRUE(table.apply_pending(now + 1h).empty());
  EXPECT_TRUE(table.contains(peers[0]));
  EXPECT_FALSE(table.contains(peers[20]));
}

TEST(KademliaRoutingTable, BucketOfConnectedPeersTakesNoPending) {
  const PeerId local = test_peer(0);
  KademliaRoutingTable table(local, 20, 60s);
  const auto now = Clock::now();
  const auto peers = peers_in_bucket(local, 255, 22);
  for (size_t i = 0; i < 20; ++i) {
    (void)table.add_address(peers[i], addr_of(static_cast<uint32_t>(i)),
                            KademliaNodeStatus::kConnected, now);
  }
  EXPECT_EQ(table.add_address(peers[20], addr_of(20), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kFull);
  // One of them goes away: a connected newcomer may wait for its place, until it is back.
  table.set_status(peers[0], KademliaNodeStatus::kDisconnected);
  EXPECT_EQ(table.add_address(peers[21], addr_of(21), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kPending);
  table.set_status(peers[0], KademliaNodeStatus::kConnected);
  EXPECT_TRUE(table.apply_pending(now + 1h).empty());
  EXPECT_EQ(table.size(), 20u);
}

TEST(KademliaRoutingTable, StatusOrdersTheBucket) {
  const PeerId local = test_peer(0);
  KademliaRoutingTable table(local, 3, 60s);
  const auto now = Clock::now();
  const auto peers = peers_in_bucket(local, 255, 4);
  (void)table.add_address(peers[0], addr_of(0), KademliaNodeStatus::kConnected, now);
  (void)table.add_address(peers[1], addr_of(1), KademliaNodeStatus::kDisconnected, now);
  (void)table.add_address(peers[2], addr_of(2), KademliaNodeStatus::kConnected, now);
  // [1 (disconnected)] [0, 2 (connected)]: the disconnected one is the eviction candidate.
  EXPECT_EQ(table.add_address(peers[3], addr_of(3), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kPending);
  const auto applied = table.apply_pending(now + 60s);
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].evicted, peers[1]);
  // Now [0, 2, 3] all connected; 0 disconnects and becomes the candidate.
  table.set_status(peers[0], KademliaNodeStatus::kDisconnected);
  EXPECT_EQ(table.find(peers[0])->status, KademliaNodeStatus::kDisconnected);
  EXPECT_EQ(table.add_address(peers[1], addr_of(1), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kPending);
  const auto again = table.apply_pending(now + 2min);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].evicted, peers[0]);
}

TEST(KademliaRoutingTable, AddressesAreBoundedAndTheLastIsKept) {
  const PeerId local = test_peer(0);
  const PeerId peer = test_peer(1);
  KademliaRoutingTable table(local, 20, 60s, 3);
  const auto now = Clock::now();
  EXPECT_EQ(table.add_address(peer, addr_of(1), KademliaNodeStatus::kDisconnected, now),
            RoutingUpdate::kInserted);
  EXPECT_EQ(table.add_address(peer, addr_of(1), KademliaNodeStatus::kDisconnected, now),
            RoutingUpdate::kUnchanged);
  // /p2p is taken off: the same address.
  EXPECT_EQ(table.add_address(peer, addr_of(1).with_p2p(peer).value(),
                              KademliaNodeStatus::kDisconnected, now),
            RoutingUpdate::kUnchanged);
  for (uint32_t i = 2; i <= 5; ++i) {
    EXPECT_EQ(table.add_address(peer, addr_of(i), KademliaNodeStatus::kDisconnected, now),
              RoutingUpdate::kAddressAdded);
  }
  EXPECT_EQ(table.find(peer)->addresses, (std::vector{addr_of(3), addr_of(4), addr_of(5)}));
  EXPECT_TRUE(table.remove_address(peer, addr_of(3)));
  EXPECT_TRUE(table.remove_address(peer, addr_of(4)));
  EXPECT_FALSE(table.remove_address(peer, addr_of(5)));  // the last one stays
  EXPECT_EQ(table.find(peer)->addresses, std::vector{addr_of(5)});
  EXPECT_EQ(table.add_address(local, addr_of(0), KademliaNodeStatus::kConnected, now),
            RoutingUpdate::kLocal);
  table.remove(peer);
  EXPECT_EQ(table.size(), 0u);
}

// closest() is the brute-force answer over the table's entries, for many targets; every bucket
// holds at most k peers that belong to it, and no peer is in two places.
TEST(KademliaRoutingTable, ClosestMatchesBruteForce) {
  const PeerId local = test_peer(0);
  KademliaRoutingTable table(local, 20, 60s);
  const auto now = Clock::now();
  for (uint32_t i = 1; i <= 600; ++i) {
    (void)table.add_address(
        test_peer(i), addr_of(i),
        i % 3 == 0 ? KademliaNodeStatus::kConnected : KademliaNodeStatus::kDisconnected, now);
  }
  const auto entries = table.entries();
  EXPECT_EQ(entries.size(), table.size());
  std::set<PeerId> unique;
  for (const KademliaNode* node : entries) {
    EXPECT_TRUE(unique.insert(node->peer).second);
    EXPECT_EQ(node->key, kademlia_key(node->peer));
  }
  size_t total = 0;
  for (size_t b = 0; b < KademliaRoutingTable::kBuckets; ++b) {
    EXPECT_LE(table.bucket_size(b), 20u);
    total += table.bucket_size(b);
  }
  EXPECT_EQ(total, table.size());
  EXPECT_GE(table.size(), 60u);  // buckets 255, 254, 253 full, and the rest
  for (uint32_t t = 1000; t < 1050; ++t) {
    const KademliaKey target = kademlia_key(test_peer(t));
    std::vector<const KademliaNode*> expected = entries;
    std::sort(expected.begin(), expected.end(), [&](const auto* a, const auto* b) {
      return kademlia_distance(a->key, target) < kademlia_distance(b->key, target);
    });
    expected.resize(20);
    EXPECT_EQ(table.closest(target, 20), expected);
  }
  EXPECT_TRUE(table.closest(kademlia_key(test_peer(5000)), 0).empty());
}

TEST(IpScope, GlobalAndNonGlobalAddresses) {
  for (const char* local : {"/ip4/127.0.0.1/tcp/1",
                            "/ip4/10.1.2.3/tcp/1",
                            "/ip4/172.16.0.1/tcp/1",
                            "/ip4/172.31.255.255/tcp/1",
                            "/ip4/192.168.1.1/tcp/1",
                            "/ip4/169.254.1.1/tcp/1",
                            "/ip4/100.64.0.1/tcp/1",
                            "/ip4/0.0.0.0/tcp/1",
                            "/ip4/192.0.0.1/tcp/1",
                            "/ip4/192.0.2.1/tcp/1",
                            "/ip4/198.18.0.1/tcp/1",
                            "/ip4/198.51.100.1/tcp/1",
                            "/ip4/203.0.113.1/tcp/1",
                            "/ip4/224.0.0.1/tcp/1",
                            "/ip4/255.255.255.255/tcp/1",
                            "/ip6/::1/tcp/1",
                            "/ip6/::/tcp/1",
                            "/ip6/fe80::1/tcp/1",
                            "/ip6/fd00::1/tcp/1",
                            "/ip6/2001:db8::1/tcp/1",
                            "/ip6/::ffff:10.0.0.1/tcp/1",
                            "/ip6/ff02::1/tcp/1",
                            "/ip6/100::1/tcp/1",
                            "/ip6/2001::1/tcp/1",
                            "/p2p-circuit-free/x"}) {
    auto a = Multiaddr::from_string(local);
    if (!a) continue;  // a protocol we do not speak
    EXPECT_FALSE(is_global_address(*a)) << local;
  }
  for (const char* global :
       {"/ip4/1.1.1.1/tcp/1", "/ip4/8.8.8.8/tcp/30333", "/ip4/172.32.0.1/tcp/1",
        "/ip4/100.128.0.1/tcp/1", "/ip4/192.0.0.9/tcp/1", "/ip6/2a01:4f8::1/tcp/1",
        "/ip6/::ffff:1.2.3.4/tcp/1", "/ip6/2001:20::1/tcp/1", "/dns/example.org/tcp/1",
        "/dns4/example.org/tcp/1", "/dns6/example.org/tcp/1"}) {
    EXPECT_TRUE(is_global_address(addr(global))) << global;
  }
}

}  // namespace
}  // namespace canary::network
