// ByteRing, the FIFO behind a Yamux stream's send queue: order kept across the wrap and growth,
// pieces handed out at most two at a time, memory given back.
#include "network/libp2p/byte_ring.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>

namespace canary::network {
namespace {

Bytes drain(ByteRing& ring) {
  Bytes out;
  while (!ring.empty()) {
    const ByteSpan piece = ring.front();
    out.insert(out.end(), piece.begin(), piece.end());
    ring.pop(piece.size());
  }
  return out;
}

TEST(ByteRing, KeepsOrderAcrossTheWrap) {
  ByteRing ring;
  Bytes first(200), second(100);
  for (size_t i = 0; i < first.size(); ++i) first[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < second.size(); ++i) second[i] = static_cast<uint8_t>(0x80 + i);
  ring.push(first);
  EXPECT_EQ(ring.capacity(), 256u);
  ring.pop(150);
  // 50 bytes left at 150..199: 100 more fill 200..255 and wrap to 0..43.
  ring.push(second);
  EXPECT_EQ(ring.capacity(), 256u);
  EXPECT_EQ(ring.size(), 150u);
  EXPECT_EQ(ring.front().size(), 106u);  // up to the end of the buffer
  Bytes expected(first.begin() + 150, first.end());
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(drain(ring), expected);
}

TEST(ByteRing, GrowsToAPowerOfTwoAndKeepsWhatItHolds) {
  ByteRing ring;
  Bytes data(1000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  ring.push(ByteSpan(data).first(200));
  ring.pop(100);
  ring.push(ByteSpan(data).subspan(200));  // 900 held: the wrapped contents move, in order
  EXPECT_EQ(ring.capacity(), 1024u);
  EXPECT_EQ(ring.size(), 900u);
  EXPECT_EQ(drain(ring), Bytes(data.begin() + 100, data.end()));
  ring.release();
  EXPECT_EQ(ring.capacity(), 0u);
  EXPECT_TRUE(ring.front().empty());
}

TEST(ByteRing, RandomPushesAndPopsMatchADeque) {
  std::mt19937 rng(7);
  ByteRing ring;
  std::deque<uint8_t> model;
  uint8_t next = 0;
  size_t most = 0;
  for (int step = 0; step < 20'000; ++step) {
    if (rng() % 2 == 0) {
      Bytes chunk(rng() % 700);
      for (uint8_t& b : chunk) b = next++;
      ring.push(chunk);
      model.insert(model.end(), chunk.begin(), chunk.end());
    } else if (!model.empty()) {
      const ByteSpan piece = ring.front();
      ASSERT_FALSE(piece.empty());
      const size_t n = std::min<size_t>(piece.size(), 1 + rng() % 900);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(piece[i], model.front());
        model.pop_front();
      }
      ring.pop(n);
    }
    ASSERT_EQ(ring.size(), model.size());
    most = std::max(most, model.size());
    // Never more than twice what it ever held at once (and at least the minimum).
    ASSERT_LE(ring.capacity(), std::max<size_t>(256, 2 * most));
  }
}

}  // namespace
}  // namespace canary::network
