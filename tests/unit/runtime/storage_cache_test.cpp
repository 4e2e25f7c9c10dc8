// The wasm32 io layer's mirror of the state (runtime/io/storage_cache.hpp): what it answers, and
// what makes it forget. Its use inside the blob is checked end to end by runtime_scenario_tests
// (the same blocks natively, without the mirror, and on the Wasm engines reach the same roots).
#include "runtime/io/storage_cache.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace canary::rt::io {
namespace {

ByteSpan bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Bytes value(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

TEST(StorageCache, AnswersWhatItWasTold) {
  StorageCache cache;
  EXPECT_EQ(cache.find(bytes("a")), nullptr);
  cache.remember_value(bytes("a"), bytes("1"));
  cache.remember_absent(bytes("b"));
  ASSERT_NE(cache.find(bytes("a")), nullptr);
  EXPECT_EQ(*cache.find(bytes("a")), std::optional<Bytes>(value("1")));
  ASSERT_NE(cache.find(bytes("b")), nullptr);
  EXPECT_FALSE(cache.find(bytes("b"))->has_value());
  // A later write replaces the value.
  cache.remember(bytes("a"), std::optional<Bytes>(value("2")));
  EXPECT_EQ(*cache.find(bytes("a")), std::optional<Bytes>(value("2")));
  cache.remember(bytes("a"), std::nullopt);
  EXPECT_FALSE(cache.find(bytes("a"))->has_value());
  // Keys differing only in length or last byte are different entries.
  cache.remember_value(bytes("ab"), bytes("x"));
  cache.remember_value(bytes("ac"), bytes("y"));
  EXPECT_EQ(*cache.find(bytes("ab")), std::optional<Bytes>(value("x")));
  EXPECT_EQ(*cache.find(bytes("ac")), std::optional<Bytes>(value("y")));
  EXPECT_EQ(cache.find(bytes("abc")), nullptr);
}

TEST(StorageCache, ForgetsKeysPrefixesAndEverything) {
  StorageCache cache;
  for (std::string_view key : {"pa1", "pa2", "pb1", "q"})
    cache.remember_value(bytes(key), bytes("v"));
  cache.forget(bytes("q"));
  EXPECT_EQ(cache.find(bytes("q")), nullptr);
  cache.forget_prefix(bytes("pa"));
  EXPECT_EQ(cache.find(bytes("pa1")), nullptr);
  EXPECT_EQ(cache.find(bytes("pa2")), nullptr);
  EXPECT_NE(cache.find(bytes("pb1")), nullptr);
  cache.forget_prefix({});  // the empty prefix is every key
  EXPECT_EQ(cache.size(), 0u);
  cache.remember_value(bytes("k"), bytes("v"));
  cache.forget_all();
  EXPECT_EQ(cache.find(bytes("k")), nullptr);
}

TEST(StorageCache, KeepsNeitherChildRootsNorLargeValues) {
  StorageCache cache;
  cache.remember_value(bytes(":child_storage:default:x"), bytes("root"));
  EXPECT_EQ(cache.find(bytes(":child_storage:default:x")), nullptr);
  cache.remember_value(bytes("big"), bytes("small"));
  const Bytes large(StorageCache::kMaxValueSize + 1, 7);
  cache.remember_value(bytes("big"), large);
  // The older, smaller value must not survive a write it did not keep.
  EXPECT_EQ(cache.find(bytes("big")), nullptr);
}

TEST(StorageCache, StartsOverWhenFull) {
  StorageCache cache;
  for (size_t i = 0; i < StorageCache::kMaxEntries + 10; ++i) {
    const Bytes key = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8), 1};
    cache.remember_value(key, bytes("v"));
  }
  EXPECT_LE(cache.size(), StorageCache::kMaxEntries);
  const Bytes last = {static_cast<uint8_t>(StorageCache::kMaxEntries + 9),
                      static_cast<uint8_t>((StorageCache::kMaxEntries + 9) >> 8), 1};
  EXPECT_NE(cache.find(last), nullptr);
}

}  // namespace
}  // namespace canary::rt::io
