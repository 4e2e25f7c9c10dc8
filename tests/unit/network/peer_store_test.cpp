#include "network/peerset/peer_store.hpp"

#include <gtest/gtest.h>

namespace canary::network {
namespace {

using std::chrono::seconds;
using TimePoint = PeerStore::TimePoint;

PeerId peer(uint32_t tag) {
  crypto::ed25519::PublicKey key{};
  key[0] = static_cast<uint8_t>(tag);
  key[1] = static_cast<uint8_t>(tag >> 8);
  key[2] = static_cast<uint8_t>(tag >> 16);
  key[31] = 0x77;
  return PeerId::from_ed25519(key);
}

const TimePoint t0{seconds(1000)};

TEST(PeerStore, ReportsAddUpAndUnknownPeersAreNeutral) {
  PeerStore store;
  EXPECT_EQ(store.reputation(peer(1), t0), 0);
  EXPECT_FALSE(store.is_banned(peer(1), t0));
  EXPECT_EQ(store.size(), 0u);  // asking does not create entries
  EXPECT_EQ(store.report(peer(1), {-100, "a"}, t0).reputation, -100);
  EXPECT_EQ(store.report(peer(1), {30, "b"}, t0).reputation, -70);
  EXPECT_EQ(store.reputation(peer(2), t0), 0);
}

TEST(PeerStore, ReputationSaturates) {
  PeerStore store;
  store.report(peer(1), {INT32_MIN, "fatal"}, t0);
  EXPECT_EQ(store.report(peer(1), {INT32_MIN, "fatal"}, t0).reputation, INT32_MIN);
  store.report(peer(2), {INT32_MAX, "great"}, t0);
  EXPECT_EQ(store.report(peer(2), {INT32_MAX, "great"}, t0).reputation, INT32_MAX);
}

TEST(PeerStore, FallingBelowTheThresholdBansOnce) {
  PeerStore store;
  auto first = store.report(peer(1), {kBannedThreshold, "at the threshold"}, t0);
  EXPECT_FALSE(first.banned);  // strictly below bans
  auto second = store.report(peer(1), {-1, "one more"}, t0);
  EXPECT_TRUE(second.banned);
  EXPECT_TRUE(second.newly_banned);
  auto third = store.report(peer(1), {-1, "and another"}, t0);
  EXPECT_TRUE(third.banned);
  EXPECT_FALSE(third.newly_banned);  // already disconnected
  EXPECT_TRUE(store.is_banned(peer(1), t0));
}

TEST(PeerStore, DecayMovesTowardsZeroBySubstratesRule) {
  PeerStore store;
  store.report(peer(1), {-1000, "bad"}, t0);
  // -1000 / 200 = -5 per second.
  EXPECT_EQ(store.reputation(peer(1), t0 + seconds(1)), -995);
  store.report(peer(2), {150, "good"}, t0);
  // 150 / 200 = 0, so 1 per second.
  EXPECT_EQ(store.reputation(peer(2), t0 + seconds(3)), 147);
  // Fractions of seconds are not lost by frequent calls.
  PeerStore frequent;
  frequent.report(peer(1), {-1000, "bad"}, t0);
  for (int ms = 100; ms <= 2000; ms += 100) {
    frequent.reputation(peer(1), t0 + std::chrono::milliseconds(ms));
  }
  EXPECT_EQ(frequent.reputation(peer(1), t0 + seconds(2)),
            store.reputation(peer(1), t0 + seconds(2)));
  // Everything reaches 0 within 3544 seconds, and stays there.
  PeerStore extremes;
  extremes.report(peer(1), {INT32_MIN, "fatal"}, t0);
  extremes.report(peer(2), {INT32_MAX, "great"}, t0);
  EXPECT_LT(extremes.reputation(peer(1), t0 + seconds(1772)), 0);
  EXPECT_GT(extremes.reputation(peer(2), t0 + seconds(1772)), 0);
  EXPECT_EQ(extremes.reputation(peer(1), t0 + seconds(3544)), 0);
  EXPECT_EQ(extremes.reputation(peer(2), t0 + seconds(3544)), 0);
  EXPECT_EQ(extremes.reputation(peer(2), t0 + seconds(99999)), 0);
}

TEST(PeerStore, ABanEndsOnItsOwnAfterAboutSeventySeconds) {
  PeerStore store;
  ASSERT_TRUE(store.report(peer(1), {INT32_MIN, "fatal"}, t0).newly_banned);
  EXPECT_TRUE(store.is_banned(peer(1), t0 + seconds(60)));
  EXPECT_FALSE(store.is_banned(peer(1), t0 + seconds(70)));  // peer_store.rs: 69 s
  // Misbehaving again bans at once, and again for a while.
  EXPECT_TRUE(store.report(peer(1), {INT32_MIN, "fatal"}, t0 + seconds(70)).newly_banned);
  EXPECT_TRUE(store.is_banned(peer(1), t0 + seconds(100)));
}

TEST(PeerStore, ForgetsNeutralPeersAfterAnHourAndStaysBounded) {
  PeerStore store(100);
  for (uint32_t i = 0; i < 100; ++i) store.report(peer(i), {-10, "meh"}, t0);
  store.report(peer(7), {INT32_MIN, "fatal"}, t0 + seconds(1));
  EXPECT_EQ(store.size(), 100u);
  // Full: a new peer makes room by dropping the least valuable quarter, never the banned one.
  store.report(peer(1000), {-5, "new"}, t0 + seconds(2));
  EXPECT_LE(store.size(), 100u);
  EXPECT_GE(store.size(), 75u);
  EXPECT_TRUE(store.is_banned(peer(7), t0 + seconds(2)));
  EXPECT_EQ(store.reputation(peer(1000), t0 + seconds(2)), -5);
  // Two hours later all but the banned peer's have decayed to 0 and are forgotten on the next
  // prune.
  for (uint32_t i = 2000; i < 2200; ++i) store.report(peer(i), {-1, "x"}, t0 + seconds(7200));
  EXPECT_LE(store.size(), 100u);
}

}  // namespace
}  // namespace canary::network
