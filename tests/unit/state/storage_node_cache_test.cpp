// The shared node cache: hits and misses, CLOCK eviction within its byte budget, erasure (how
// pruned nodes leave it), the open-addressing table against a model under long probe runs, and
// concurrent use.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <thread>
#include <vector>

#include "state/storage/node_cache.hpp"

namespace canary::state {
namespace {

Hash256 key(uint32_t i) {
  Hash256 h{};
  // The shard is chosen by byte 8, the map hash by bytes 0..7: vary both.
  for (int b = 0; b < 4; ++b) h[b] = static_cast<uint8_t>(i >> (8 * b));
  h[8] = static_cast<uint8_t>(i);
  return h;
}

SharedBytes bytes_of(size_t n, uint8_t fill) {
  return std::make_shared<const Bytes>(n, fill);
}

TEST(StorageNodeCache, ReturnsWhatWasPut) {
  NodeCache cache(1 << 20);
  EXPECT_EQ(cache.get(key(1)), nullptr);
  cache.put(key(1), bytes_of(10, 1));
  auto hit = cache.get(key(1));
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, Bytes(10, 1));
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
  cache.erase(key(1));
  EXPECT_EQ(cache.get(key(1)), nullptr);
  EXPECT_EQ(cache.size_bytes(), 0u);
}

TEST(StorageNodeCache, StaysWithinItsBudgetAndGivesUsedEntriesASecondChance) {
  const size_t capacity = 16 * 4 * (100 + NodeCache::kEntryOverhead);  // ~4 entries per shard
  NodeCache cache(capacity);
  for (uint32_t i = 0; i < 1000; ++i) {
    cache.put(key(i), bytes_of(100, static_cast<uint8_t>(i)));
    EXPECT_LE(cache.size_bytes(), capacity);
  }
  EXPECT_LE(cache.entries(), 64u);
  EXPECT_GE(cache.entries(), 48u);
  // Within one shard (same byte 8), an entry used since it was inserted survives the next
  // eviction; one never used again goes.
  NodeCache small(16 * 2 * (100 + NodeCache::kEntryOverhead));  // 2 entries per shard
  small.put(key(0), bytes_of(100, 0));
  small.put(key(16), bytes_of(100, 1));
  ASSERT_NE(small.get(key(0)), nullptr);  // key(0) is now marked as used
  small.put(key(32), bytes_of(100, 2));   // evicts key(16)
  EXPECT_NE(small.get(key(0)), nullptr);
  EXPECT_EQ(small.get(key(16)), nullptr);
  EXPECT_NE(small.get(key(32)), nullptr);
}

TEST(StorageNodeCache, AgreesWithAModelUnderCollisionsAndErasures) {
  // Keys whose first 8 bytes (the probe start) take few values: long probe runs, so erasures
  // must shift later entries back correctly.
  NodeCache cache(size_t{1} << 30);
  std::map<Hash256, uint8_t> model;
  std::mt19937_64 rng(5);
  for (int step = 0; step < 200000; ++step) {
    Hash256 h{};
    h[0] = static_cast<uint8_t>(rng() % 4);
    h[8] = static_cast<uint8_t>(rng() % 2);  // two shards
    h[20] = static_cast<uint8_t>(rng() % 64);
    switch (rng() % 3) {
      case 0: {
        uint8_t v = static_cast<uint8_t>(rng());
        if (!model.contains(h)) {
          cache.put(h, std::make_shared<const Bytes>(1, v));
          model[h] = v;
        }
        break;
      }
      case 1:
        cache.erase(h);
        model.erase(h);
        break;
      default: {
        auto got = cache.get(h);
        auto it = model.find(h);
        ASSERT_EQ(got != nullptr, it != model.end()) << step;
        if (got) ASSERT_EQ((*got)[0], it->second);
        bool visited = cache.visit(h, [&](ByteSpan b) { ASSERT_EQ(b[0], it->second); });
        ASSERT_EQ(visited, it != model.end());
      }
    }
    ASSERT_EQ(cache.entries(), model.size());
  }
}

TEST(StorageNodeCache, EntriesStayRightAcrossManyChunksOfEntries) {
  // Entries are kept in chunks of 1,024 per shard: fill several chunks per shard, evict across
  // them (CLOCK reuses freed entries in any chunk) and check that every hit is the right entry.
  constexpr uint32_t kKeep = 40000;
  NodeCache cache(kKeep * (8 + NodeCache::kEntryOverhead));
  auto value_of = [](uint32_t i) {
    Bytes v(8);
    for (int b = 0; b < 4; ++b) v[b] = static_cast<uint8_t>(i >> (8 * b));
    return std::make_shared<const Bytes>(std::move(v));
  };
  for (uint32_t i = 0; i < 3 * kKeep; ++i) {
    cache.put(key(i), value_of(i));
    if (i % 3 == 0) (void)cache.get(key(i / 2));  // a second use for some older entries
    if (i % 11 == 0) cache.erase(key(i / 3));
  }
  EXPECT_LE(cache.size_bytes(), cache.capacity_bytes());
  EXPECT_GT(cache.entries(), kKeep / 2);
  size_t hits = 0;
  for (uint32_t i = 0; i < 3 * kKeep; ++i) {
    if (auto hit = cache.get(key(i))) {
      ++hits;
      ASSERT_EQ(*hit, *value_of(i)) << i;
    }
  }
  EXPECT_EQ(hits, cache.entries());
  // The newest entries of each shard were not evicted yet.
  EXPECT_NE(cache.get(key(3 * kKeep - 1)), nullptr);
}

TEST(StorageNodeCache, IgnoresEntriesLargerThanAShard) {
  NodeCache cache(16 * 1000);
  cache.put(key(1), bytes_of(5000, 1));
  EXPECT_EQ(cache.get(key(1)), nullptr);
}

TEST(StorageNodeCache, EntriesOutliveEviction) {
  NodeCache cache(16 * (100 + NodeCache::kEntryOverhead));  // one entry per shard
  cache.put(key(0), bytes_of(100, 9));
  SharedBytes held = cache.get(key(0));
  cache.put(key(16), bytes_of(100, 1));  // evicts key(0)
  EXPECT_EQ(cache.get(key(0)), nullptr);
  EXPECT_EQ(*held, Bytes(100, 9));
}

TEST(StorageNodeCache, ConcurrentReadersAndWriters) {
  NodeCache cache(1 << 16);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (uint32_t i = 0; i < 20000; ++i) {
        uint32_t k = (i * 7 + static_cast<uint32_t>(t)) % 500;
        if (auto hit = cache.get(key(k))) {
          ASSERT_EQ(hit->size(), 50u);
          ASSERT_EQ((*hit)[0], static_cast<uint8_t>(k));
        } else {
          cache.put(key(k), bytes_of(50, static_cast<uint8_t>(k)));
        }
        if (i % 97 == 0) cache.erase(key(k));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.size_bytes(), size_t{1} << 16);
}

}  // namespace
}  // namespace canary::state
