// The io layer's mirror of the state (runtime/io/storage_cache.hpp): what it answers, what makes
// it forget, the decoded values typed reads keep in it, and the hash memo (hash_memo.hpp). Its
// use inside the blob is checked end to end by runtime_scenario_tests (the same blocks natively
// and on the Wasm engines reach the same roots and answers); typed reads through the native io
// layer by storage_test.cpp.
#include "runtime/io/storage_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/hash_memo.hpp"
#include "runtime/io/key_table.hpp"

namespace canary::rt::io {
namespace {

ByteSpan bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Bytes value(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

// The mirror's table: every key found as itself, short and long ones, across growth and clearing,
// and items that stay where they are.
TEST(KeyTable, FindsEveryKeyItWasGivenAndNoOther) {
  KeyTable<int> table;
  EXPECT_EQ(table.find(bytes("a")), nullptr);
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    // Storage-key-like: a shared 32-byte prefix, then something distinct; every 7th one longer
    // than an item keeps inline; the empty key too.
    std::string key(32, 'p');
    key += std::to_string(i);
    if (i % 7 == 0) key += std::string(KeyTable<int>::kInlineKey, 'x');
    keys.push_back(i == 999 ? std::string() : key);
  }
  std::vector<KeyTable<int>::Item*> items;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto [item, added] = table.find_or_add(bytes(keys[i]));
    ASSERT_TRUE(added);
    item->value = static_cast<int>(i);
    items.push_back(item);
  }
  EXPECT_EQ(table.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    KeyTable<int>::Item* item = table.find(bytes(keys[i]));
    ASSERT_EQ(item, items[i]) << i;
    EXPECT_EQ(item->value, static_cast<int>(i));
    EXPECT_EQ(Bytes(item->key().begin(), item->key().end()), value(keys[i]));
    auto [again, added] = table.find_or_add(bytes(keys[i]));
    EXPECT_EQ(again, item);
    EXPECT_FALSE(added);
  }
  EXPECT_EQ(table.find(bytes(std::string(32, 'p') + "1000")), nullptr);
  size_t seen = 0;
  table.for_each(
      [&](KeyTable<int>::Item& item) { EXPECT_EQ(item.value, static_cast<int>(seen++)); });
  EXPECT_EQ(seen, keys.size());
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.find(bytes(keys[0])), nullptr);
  auto [item, added] = table.find_or_add(bytes(keys[1]));
  EXPECT_TRUE(added);
  EXPECT_EQ(item->value, 0);
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
  EXPECT_EQ(cache.find(bytes("pb1")), nullptr);
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

TEST(StorageCache, DecodedValuesGoWithTheirBytes) {
  StorageCache cache;
  std::optional<Bytes> read = value("1");
  StorageCache::Entry* entry = cache.remember_read(bytes("k"), read);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->value, std::optional<Bytes>(value("1")));
  EXPECT_EQ(entry->decoded.get<uint32_t>(), nullptr);
  entry->decoded.set<uint32_t>(1);
  ASSERT_NE(cache.find_entry(bytes("k"))->decoded.get<uint32_t>(), nullptr);
  EXPECT_EQ(*cache.find_entry(bytes("k"))->decoded.get<uint32_t>(), 1u);
  // Another type's read does not see it.
  EXPECT_EQ(cache.find_entry(bytes("k"))->decoded.get<uint64_t>(), nullptr);
  // Any write of the key drops it: a value, an absence, a forgotten key.
  cache.remember_value(bytes("k"), bytes("2"));
  EXPECT_EQ(cache.find_entry(bytes("k"))->decoded.get<uint32_t>(), nullptr);
  cache.find_entry(bytes("k"))->decoded.set<std::vector<int>>({1, 2});
  cache.remember_absent(bytes("k"));
  EXPECT_EQ(cache.find_entry(bytes("k"))->decoded.get<std::vector<int>>(), nullptr);
  cache.find_entry(bytes("k"))->decoded.set<uint32_t>(3);
  cache.forget(bytes("k"));
  EXPECT_EQ(cache.find_entry(bytes("k")), nullptr);
}

// Typed items keep pointers to entries (framework/storage.hpp's EntryMemo): an entry stays where
// it is, forgotten or written again, until the generation changes.
TEST(StorageCache, EntriesStayPutUntilTheGenerationChanges) {
  StorageCache cache;
  const uint64_t first = cache.generation();
  StorageCache::Entry* entry = cache.remember_value(bytes("k"), bytes("1"));
  ASSERT_NE(entry, nullptr);
  for (int i = 0; i < 100; ++i) cache.remember_value(bytes("k" + std::to_string(i)), bytes("v"));
  EXPECT_EQ(cache.remember_value(bytes("k"), bytes("22")), entry);
  EXPECT_EQ(entry->value, std::optional<Bytes>(value("22")));
  cache.forget(bytes("k"));
  EXPECT_FALSE(entry->known);
  EXPECT_FALSE(entry->value.has_value());
  EXPECT_EQ(cache.find_entry(bytes("k")), nullptr);
  std::optional<Bytes> read = value("3");
  EXPECT_EQ(cache.remember_read(bytes("k"), read), entry);
  EXPECT_TRUE(entry->known);
  cache.forget_prefix(bytes("k"));
  EXPECT_FALSE(entry->known);
  cache.remember_absent(bytes("k"));
  EXPECT_EQ(cache.find_entry(bytes("k")), entry);
  EXPECT_EQ(cache.generation(), first);
  cache.forget_all();
  EXPECT_NE(cache.generation(), first);
}

// wasm32's write-back (io/wasm_host.cpp): writes kept back reach the host once each, with the
// key's last value.
TEST(StorageCache, WritesKeptBackReachTheHostOnceWithTheirLastValue) {
  StorageCache cache;
  std::vector<std::pair<Bytes, std::optional<Bytes>>> host;
  auto to_host = [&](ByteSpan key, const std::optional<Bytes>& value) {
    host.emplace_back(Bytes(key.begin(), key.end()), value);
  };
  EXPECT_FALSE(cache.has_unwritten());
  ASSERT_NE(cache.write_back(bytes("a"), bytes("1")), nullptr);
  EXPECT_TRUE(cache.write_back_absent(bytes("b")));
  ASSERT_NE(cache.write_back(bytes("a"), bytes("2")), nullptr);
  ASSERT_NE(cache.write_back(bytes("c"), bytes("3")), nullptr);
  // Kept back, yet what the mirror answers.
  EXPECT_EQ(*cache.find(bytes("a")), std::optional<Bytes>(value("2")));
  EXPECT_FALSE(cache.find(bytes("b"))->has_value());
  EXPECT_TRUE(cache.has_unwritten());
  // A write through supersedes what was kept back; so does a forgotten key (an append's).
  cache.remember_value(bytes("c"), bytes("4"));
  cache.flush_key(bytes("a"), to_host);
  cache.flush_key(bytes("a"), to_host);
  ASSERT_EQ(host.size(), 1u);
  EXPECT_EQ(host[0], std::make_pair(value("a"), std::optional<Bytes>(value("2"))));
  ASSERT_NE(cache.write_back(bytes("a"), bytes("5")), nullptr);
  ASSERT_NE(cache.write_back(bytes("d"), bytes("6")), nullptr);
  cache.forget(bytes("d"));
  host.clear();
  cache.flush(to_host);
  std::sort(host.begin(), host.end());
  ASSERT_EQ(host.size(), 2u);
  EXPECT_EQ(host[0], std::make_pair(value("a"), std::optional<Bytes>(value("5"))));
  EXPECT_EQ(host[1], std::make_pair(value("b"), std::optional<Bytes>()));
  EXPECT_FALSE(cache.has_unwritten());
  host.clear();
  cache.flush(to_host);
  EXPECT_TRUE(host.empty());
  // Values the mirror does not keep are written through by the caller, and the key forgotten.
  EXPECT_EQ(cache.write_back(bytes("a"), Bytes(StorageCache::kMaxValueSize + 1, 1)), nullptr);
  EXPECT_EQ(cache.find(bytes("a")), nullptr);
  EXPECT_FALSE(cache.write_back_absent(bytes(":child_storage:default:x")));
  // A rolled-back transaction's writes go with forget_all.
  ASSERT_NE(cache.write_back(bytes("e"), bytes("7")), nullptr);
  cache.forget_all();
  EXPECT_FALSE(cache.has_unwritten());
  cache.flush(to_host);
  EXPECT_TRUE(host.empty());
}

// Writes addressed by an entry (a memo's) act as writes of the entry's key.
TEST(StorageCache, WritesToAnEntryAreWritesOfItsKey) {
  StorageCache cache;
  StorageCache::Entry* entry = cache.remember_value(bytes("a"), bytes("1"));
  ASSERT_NE(entry, nullptr);
  const ByteSpan key = StorageCache::key_of(*entry);
  EXPECT_EQ(Bytes(key.begin(), key.end()), value("a"));
  EXPECT_EQ(cache.write_back(*entry, bytes("2")), entry);
  EXPECT_EQ(*cache.find(bytes("a")), std::optional<Bytes>(value("2")));
  cache.write_back_absent(*entry);
  EXPECT_FALSE(cache.find(bytes("a"))->has_value());
  std::vector<std::pair<Bytes, std::optional<Bytes>>> host;
  cache.flush([&](ByteSpan key, const std::optional<Bytes>& v) {
    host.emplace_back(Bytes(key.begin(), key.end()), v);
  });
  ASSERT_EQ(host.size(), 1u);
  EXPECT_EQ(host[0], std::make_pair(value("a"), std::optional<Bytes>()));
  // Written through (natively), and forgotten entries come back known.
  EXPECT_EQ(cache.remember_value(*entry, bytes("3")), entry);
  EXPECT_FALSE(cache.has_unwritten());
  cache.forget(bytes("a"));
  EXPECT_EQ(cache.find(bytes("a")), nullptr);
  cache.remember_absent(*entry);
  EXPECT_FALSE(cache.find(bytes("a"))->has_value());
  // A value too large for the mirror: the key is forgotten, the caller writes it through.
  EXPECT_EQ(cache.write_back(*entry, Bytes(StorageCache::kMaxValueSize + 1, 1)), nullptr);
  EXPECT_EQ(cache.find(bytes("a")), nullptr);
  EXPECT_FALSE(cache.has_unwritten());
}

// A full mirror starts over only with nothing kept back.
TEST(StorageCache, KeepsWritesBackPastItsSize) {
  StorageCache cache;
  ASSERT_NE(cache.write_back(bytes("kept"), bytes("v")), nullptr);
  for (size_t i = 0; i <= StorageCache::kMaxEntries; ++i) {
    cache.remember_value(bytes("k" + std::to_string(i)), bytes("v"));
  }
  EXPECT_GT(cache.size(), StorageCache::kMaxEntries);
  ASSERT_NE(cache.find(bytes("kept")), nullptr);
  size_t written = 0;
  cache.flush([&](ByteSpan, const std::optional<Bytes>&) { ++written; });
  EXPECT_EQ(written, 1u);
  cache.remember_value(bytes("new"), bytes("v"));
  EXPECT_LE(cache.size(), 1u);
}

TEST(StorageCache, ReadsItDoesNotKeepStayWithTheCaller) {
  StorageCache cache;
  cache.remember_value(bytes("big"), bytes("small"));
  std::optional<Bytes> large = Bytes(StorageCache::kMaxValueSize + 1, 7);
  EXPECT_EQ(cache.remember_read(bytes("big"), large), nullptr);
  EXPECT_EQ(large, std::optional<Bytes>(Bytes(StorageCache::kMaxValueSize + 1, 7)));
  EXPECT_EQ(cache.find(bytes("big")), nullptr);
  std::optional<Bytes> root = value("root");
  EXPECT_EQ(cache.remember_read(bytes(":child_storage:default:x"), root), nullptr);
  EXPECT_EQ(root, std::optional<Bytes>(value("root")));
  std::optional<Bytes> absent;
  ASSERT_NE(cache.remember_read(bytes("gone"), absent), nullptr);
  EXPECT_FALSE(cache.find(bytes("gone"))->has_value());
}

TEST(HashMemo, ComputesEachInputOnce) {
  HashMemo<8> memo;
  int computed = 0;
  const auto hash_of = [&](ByteSpan data) {
    return memo.get(data, [&] {
      ++computed;
      ByteArray<8> out{};
      out[0] = static_cast<uint8_t>(data.size());
      if (!data.empty()) out[1] = data.back();
      return out;
    });
  };
  const Bytes account(32, 0xAA);
  Bytes other = account;
  other[31] = 0xAB;  // same first word: must not be taken for `account`
  EXPECT_EQ(hash_of(account)[1], 0xAA);
  EXPECT_EQ(hash_of(account)[1], 0xAA);
  EXPECT_EQ(computed, 1);
  EXPECT_EQ(hash_of(other)[1], 0xAB);
  EXPECT_EQ(hash_of(account)[1], 0xAA);
  EXPECT_EQ(hash_of(bytes(""))[0], 0);
  EXPECT_EQ(hash_of(bytes("ab"))[0], 2);
  EXPECT_EQ(hash_of(bytes("a"))[1], 'a');
  // Longer inputs than the memo keeps are computed every time.
  const Bytes long_input(HashMemo<8>::kMaxInput + 1, 1);
  const int before = computed;
  hash_of(long_input);
  hash_of(long_input);
  EXPECT_EQ(computed, before + 2);
}

}  // namespace
}  // namespace canary::rt::io
