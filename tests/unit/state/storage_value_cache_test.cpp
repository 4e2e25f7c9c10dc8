// The point-read cache: answers (values and "absent") by state root and key, never another
// root's or another key's (also when their hashes collide in the table), CLOCK eviction within
// the byte budget, and agreement with a model under many inserts and evictions.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "state/storage/value_cache.hpp"

namespace canary::state {
namespace {

Hash256 root_of(uint8_t n) {
  Hash256 r{};
  r.fill(n);
  return r;
}

TEST(StorageValueCache, RemembersValuesAndAbsence) {
  ValueCache cache(1 << 20);
  Hash256 r1 = root_of(1);
  Hash256 r2 = root_of(2);
  EXPECT_FALSE(cache.get(r1, as_bytes("k")));
  cache.put(r1, as_bytes("k"), to_bytes("v1"));
  cache.put(r2, as_bytes("k"), std::nullopt);  // absent in the other state
  cache.put(r1, as_bytes(""), to_bytes(""));   // empty key, empty value
  auto a = cache.get(r1, as_bytes("k"));
  ASSERT_TRUE(a && *a);
  EXPECT_EQ(**a, to_bytes("v1"));
  auto b = cache.get(r2, as_bytes("k"));
  ASSERT_TRUE(b);
  EXPECT_FALSE(*b);
  auto c = cache.get(r1, as_bytes(""));
  ASSERT_TRUE(c && *c);
  EXPECT_TRUE((*c)->empty());
  EXPECT_FALSE(cache.get(r1, as_bytes("k2")));
  EXPECT_FALSE(cache.get(root_of(3), as_bytes("k")));
  EXPECT_EQ(cache.entries(), 3u);
}

TEST(StorageValueCache, StaysWithinItsBudget) {
  const size_t capacity = 16 * 4 * (100 + 10 + ValueCache::kEntryOverhead);
  ValueCache cache(capacity);
  for (int i = 0; i < 5000; ++i) {
    cache.put(root_of(static_cast<uint8_t>(i % 7)), to_bytes("key" + std::to_string(i)),
              Bytes(100, static_cast<uint8_t>(i)));
    ASSERT_LE(cache.size_bytes(), capacity);
  }
  EXPECT_GT(cache.entries(), 16u);
}

TEST(StorageValueCache, AgreesWithAModel) {
  // A budget for ~2,000 of 4,000 possible entries: evictions all along. Whatever is found must
  // be what the model says; a value put is found right after.
  ValueCache cache(2000 * (8 + 20 + ValueCache::kEntryOverhead));
  std::map<std::pair<Hash256, Bytes>, std::optional<Bytes>> model;
  std::mt19937_64 rng(9);
  for (int step = 0; step < 100000; ++step) {
    Hash256 root = root_of(static_cast<uint8_t>(rng() % 4));
    Bytes key = to_bytes("key-" + std::to_string(rng() % 1000));
    auto it = model.find({root, key});
    if (it == model.end()) {
      std::optional<Bytes> value;
      if (rng() % 3 != 0) value = Bytes(rng() % 20, static_cast<uint8_t>(rng()));
      model[{root, key}] = value;
      cache.put(root, key, value);
      auto got = cache.get(root, key);
      ASSERT_TRUE(got);
      ASSERT_EQ(*got, value);
    } else {
      auto got = cache.get(root, key);
      if (got) ASSERT_EQ(*got, it->second);
    }
  }
  EXPECT_GT(cache.hits(), 10000u);
}

}  // namespace
}  // namespace canary::state
