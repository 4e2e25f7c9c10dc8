// The state diff behind the pruning journals, against brute force: for random pairs of states
// (shared history, V1 hashed values, child tries, duplicate subtrees) the multiset of stored
// elements of the new state must equal old - removed + inserted, with nothing both removed and
// inserted; the work must follow the change, not the state; and missing nodes are reported for
// the side that lacks them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "state/storage/node_changes.hpp"
#include "state/storage/state_diff.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {
namespace {

using Multiset = std::map<Hash256, int>;

Multiset to_multiset(const std::vector<Hash256>& v) {
  Multiset m;
  for (const auto& h : v) ++m[h];
  return m;
}

Multiset elements_of(const MemoryNodeStore& store, const Hash256& root) {
  auto e = state_elements(loader_of(store), root);
  EXPECT_TRUE(e);
  return e ? to_multiset(*e) : Multiset{};
}

// elements(new) == elements(old) - removed + inserted, and removed ∩ inserted = ∅.
void check_diff(const MemoryNodeStore& store, const Hash256& old_root, const Hash256& new_root) {
  auto diff = diff_states(loader_of(store), old_root, loader_of(store), new_root);
  ASSERT_TRUE(diff);
  Multiset expect = elements_of(store, old_root);
  Multiset removed = to_multiset(diff->removed);
  Multiset inserted;
  for (const auto& e : diff->inserted) {
    ++inserted[e.hash];
    ASSERT_NE(e.data, nullptr);
    EXPECT_EQ(trie_hash(TrieHasher::kBlake2b256, *e.data), e.hash);
  }
  for (const auto& [h, n] : removed) {
    EXPECT_EQ(inserted.count(h), 0u) << "removed and inserted at once";
    expect[h] -= n;
    EXPECT_GE(expect[h], 0) << "removed more than the old state had";
    if (expect[h] == 0) expect.erase(h);
  }
  for (const auto& [h, n] : inserted) expect[h] += n;
  EXPECT_EQ(expect, elements_of(store, new_root));
}

Bytes random_key(std::mt19937_64& rng) {
  // Short keys over a small alphabet: shared prefixes, branches with values, splits and merges.
  static const uint8_t alphabet[] = {0x00, 0x01, 0x10, 0x11, 0xab};
  Bytes key(1 + rng() % 5);
  for (auto& b : key) b = alphabet[rng() % sizeof alphabet];
  return key;
}

Bytes random_value(std::mt19937_64& rng) {
  static const size_t sizes[] = {1, 4, 32, 33, 40, 100};
  Bytes v(sizes[rng() % 6]);
  // Few distinct values, so that equal leaves (duplicate subtrees) occur.
  uint8_t fill = static_cast<uint8_t>(rng() % 3);
  std::fill(v.begin(), v.end(), fill);
  return v;
}

TEST(StorageDiff, IdenticalRootsHaveNoDiff) {
  MemoryNodeStore store;
  Trie t;
  ASSERT_TRUE(t.insert(as_bytes("key"), as_bytes("value")));
  Hash256 root = t.root_hash(StateVersion::kV1, &store);
  auto diff = diff_states(loader_of(store), root, loader_of(store), root);
  ASSERT_TRUE(diff);
  EXPECT_TRUE(diff->inserted.empty());
  EXPECT_TRUE(diff->removed.empty());
}

TEST(StorageDiff, FromEmptyInsertsEveryStoredElement) {
  MemoryNodeStore store;
  Trie t;
  for (int i = 0; i < 200; ++i) {
    Bytes k{static_cast<uint8_t>(i), static_cast<uint8_t>(i * 7)};
    ASSERT_TRUE(t.insert(k, Bytes(40, static_cast<uint8_t>(i))));  // hashed under V1
  }
  Hash256 root = t.root_hash(StateVersion::kV1, &store);
  auto elements = state_elements(loader_of(store), root);
  ASSERT_TRUE(elements);
  // Every element is in the store, and everything the root computation stored is an element
  // (from scratch, the sink sees exactly the state).
  std::vector<Hash256> stored;
  for (const auto& [h, _] : store.nodes()) stored.push_back(h);
  std::sort(stored.begin(), stored.end());
  std::vector<Hash256> got = *elements;
  std::sort(got.begin(), got.end());
  got.erase(std::unique(got.begin(), got.end()), got.end());
  EXPECT_EQ(got, stored);
}

TEST(StorageDiff, RandomHistoriesMatchBruteForce) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    std::mt19937_64 rng(seed);
    MemoryNodeStore store;
    Trie trie;
    std::vector<Hash256> roots{trie.root_hash(StateVersion::kV1, &store)};
    for (int step = 0; step < 25; ++step) {
      int ops = 1 + static_cast<int>(rng() % 12);
      for (int i = 0; i < ops; ++i) {
        Bytes k = random_key(rng);
        if (rng() % 3 == 0) {
          ASSERT_TRUE(trie.remove(k));
        } else {
          ASSERT_TRUE(trie.insert(k, random_value(rng)));
        }
      }
      if (rng() % 4 == 0) {
        ASSERT_TRUE(trie.clear_prefix(Bytes{static_cast<uint8_t>(rng() % 2 ? 0x00 : 0x10)}));
      }
      roots.push_back(trie.root_hash(StateVersion::kV1, &store));
    }
    SCOPED_TRACE(seed);
    for (size_t i = 1; i < roots.size(); ++i) check_diff(store, roots[i - 1], roots[i]);
    // Also between distant states and backwards.
    for (int i = 0; i < 10; ++i) {
      size_t a = rng() % roots.size();
      size_t b = rng() % roots.size();
      check_diff(store, roots[a], roots[b]);
    }
  }
}

// The trie's own report of what a root computation replaced (NodeSink::removed), netted with
// what it hashed anew, is exactly the diff of the two states: for tries kept in memory across
// blocks and for tries opened lazily at the parent state (dropped subtrees never loaded), with
// child tries, both state versions, and identical rewrites.
TEST(StorageDiff, TrieReportedChangesMatchDiff) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed);
    MemoryNodeStore store;
    Trie main;
    std::map<Bytes, Trie> children;
    std::map<Bytes, Hash256> child_roots;
    Hash256 root = main.root_hash(StateVersion::kV1, &store);
    const Hash256 empty = root;
    for (int step = 0; step < 25; ++step) {
      if (rng() % 2 == 0) {  // a fresh node: everything from the store, lazily
        main = Trie::open(root, store);
        for (auto& [ck, child] : children) child = Trie::open(child_roots[ck], store);
      }
      StateVersion version = rng() % 5 == 0 ? StateVersion::kV0 : StateVersion::kV1;
      int ops = 1 + static_cast<int>(rng() % 12);
      for (int i = 0; i < ops; ++i) {
        Bytes k = random_key(rng);
        if (rng() % 3 == 0) {
          ASSERT_TRUE(main.remove(k));
        } else {
          ASSERT_TRUE(main.insert(k, random_value(rng)));
        }
      }
      if (rng() % 4 == 0) {
        ASSERT_TRUE(main.clear_prefix(Bytes{static_cast<uint8_t>(rng() % 2 ? 0x00 : 0x10)}));
      }
      std::vector<Bytes> touched;
      for (int i = 0; i < 4; ++i) {
        Bytes ck{static_cast<uint8_t>('a' + rng() % 3)};
        if (!children.contains(ck)) {
          children.emplace(ck, Trie());
          child_roots[ck] = empty;
        }
        Trie& child = children.at(ck);
        Bytes k = random_key(rng);
        if (rng() % 3 == 0) {
          ASSERT_TRUE(child.remove(k));
        } else {
          ASSERT_TRUE(child.insert(k, random_value(rng)));
        }
        if (rng() % 8 == 0) ASSERT_TRUE(child.clear_prefix({}));  // kill the child trie
        touched.push_back(ck);
      }
      NodeChanges changes;
      for (const Bytes& ck : touched) {
        Trie& child = children.at(ck);
        child_roots[ck] = child.root_hash(version, &changes);
        ASSERT_TRUE(store_child_root(main, ck, child, version));
        child.fix_value_forms(version);
      }
      Hash256 new_root = main.root_hash(version, &changes);
      main.fix_value_forms(version);
      ASSERT_TRUE(changes.complete());
      for (const auto& [h, e] : changes.entries()) {
        if (e.data) store.insert(h, *e.data);
      }
      auto diff = diff_states(loader_of(store), root, loader_of(store), new_root);
      ASSERT_TRUE(diff);
      Multiset want_inserted;
      for (const auto& e : diff->inserted) ++want_inserted[e.hash];
      Multiset want_removed = to_multiset(diff->removed);
      Multiset got_inserted;
      Multiset got_removed;
      for (const auto& [h, e] : changes.entries()) {
        if (e.delta > 0) got_inserted[h] = static_cast<int>(e.delta);
        if (e.delta < 0) got_removed[h] = static_cast<int>(-e.delta);
      }
      EXPECT_EQ(got_inserted, want_inserted) << "step " << step;
      EXPECT_EQ(got_removed, want_removed) << "step " << step;
      root = new_root;
    }
  }
}

TEST(StorageDiff, ChildTriesBelongToTheirState) {
  std::mt19937_64 rng(7);
  MemoryNodeStore store;
  Trie main;
  std::map<Bytes, Trie> children;
  std::vector<Hash256> roots;
  for (int step = 0; step < 30; ++step) {
    for (int i = 0; i < 6; ++i) {
      Bytes ck{static_cast<uint8_t>('a' + rng() % 3)};
      Trie& child = children[ck];
      Bytes k = random_key(rng);
      if (rng() % 3 == 0) {
        ASSERT_TRUE(child.remove(k));
      } else {
        ASSERT_TRUE(child.insert(k, random_value(rng)));
      }
      if (rng() % 5 == 0) ASSERT_TRUE(main.insert(random_key(rng), random_value(rng)));
    }
    if (step % 7 == 6) {  // kill a whole child trie
      Trie& child = children[Bytes{'a'}];
      ASSERT_TRUE(child.clear_prefix({}));
    }
    for (auto& [ck, child] : children) {
      child.root_hash(StateVersion::kV1, &store);
      ASSERT_TRUE(store_child_root(main, ck, child, StateVersion::kV1));
    }
    roots.push_back(main.root_hash(StateVersion::kV1, &store));
  }
  for (size_t i = 1; i < roots.size(); ++i) check_diff(store, roots[i - 1], roots[i]);
  check_diff(store, roots.front(), roots.back());
  check_diff(store, roots.back(), empty_trie_root(TrieHasher::kBlake2b256));
  // The child tries' elements are part of the state.
  auto with_children = elements_of(store, roots.back());
  size_t count = 0;
  for (const auto& [_, n] : with_children) count += static_cast<size_t>(n);
  EXPECT_GT(count, main.node_count() / 4);
}

TEST(StorageDiff, ReadsOnlyAroundTheChange) {
  MemoryNodeStore store;
  Trie t;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    Bytes k(32);
    for (auto& b : k) b = static_cast<uint8_t>(rng());
    ASSERT_TRUE(t.insert(k, k));
  }
  Hash256 before = t.root_hash(StateVersion::kV1, &store);
  Bytes k(32, 0x42);
  ASSERT_TRUE(t.insert(k, as_bytes("changed")));
  Hash256 after = t.root_hash(StateVersion::kV1, &store);
  size_t loads = 0;
  NodeLoader counting = [&](const Hash256& h) -> SharedBytes {
    ++loads;
    return loader_of(store)(h);
  };
  auto diff = diff_states(counting, before, counting, after);
  ASSERT_TRUE(diff);
  EXPECT_LE(loads, 20u);  // a path of ~5 nodes on each side, not 20,000 leaves
  EXPECT_LE(diff->inserted.size(), 6u);
  EXPECT_GE(diff->inserted.size(), 2u);
  check_diff(store, before, after);
}

TEST(StorageDiff, ReportsWhichSideLacksANode) {
  MemoryNodeStore full;
  Trie t;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(t.insert(Bytes{static_cast<uint8_t>(i)}, Bytes(40, static_cast<uint8_t>(i))));
  }
  Hash256 old_root = t.root_hash(StateVersion::kV1, &full);
  ASSERT_TRUE(t.insert(Bytes{0x99}, Bytes(40, 0xee)));
  MemoryNodeStore delta;
  Hash256 new_root = t.root_hash(StateVersion::kV1, &delta);
  NodeLoader none = [](const Hash256&) -> SharedBytes { return nullptr; };

  auto missing_new = diff_states(loader_of(full), old_root, none, new_root);
  ASSERT_FALSE(missing_new);
  EXPECT_TRUE(missing_new.error().in_new_state);
  EXPECT_EQ(missing_new.error().hash, new_root);

  auto missing_old = diff_states(none, old_root, loader_of(delta), new_root);
  ASSERT_FALSE(missing_old);
  EXPECT_FALSE(missing_old.error().in_new_state);
  EXPECT_EQ(missing_old.error().kind, DiffError::Kind::kMissing);

  // A value the new state hashes but nobody stored.
  MemoryNodeStore no_values;
  for (const auto& [h, data] : delta.nodes()) {
    if (data.size() != 40) no_values.insert(h, data);
  }
  auto missing_value = diff_states(loader_of(full), old_root, loader_of(no_values), new_root);
  ASSERT_FALSE(missing_value);
  EXPECT_TRUE(missing_value.error().in_new_state);

  NodeLoader garbage = [](const Hash256&) -> SharedBytes {
    return std::make_shared<const Bytes>(Bytes{0x01, 0x02});
  };
  auto invalid = diff_states(loader_of(full), old_root, garbage, new_root);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().kind, DiffError::Kind::kInvalidNode);
}

}  // namespace
}  // namespace canary::state
