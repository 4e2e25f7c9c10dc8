// OverlayedChanges case by case: the reference host's own unit tests (sp-state-machine ext.rs and
// overlayed_changes/mod.rs, including their published roots), clear_prefix / kill counts worked
// out by hand, transactions, the side effect of a child root, root caching, and the batch a
// database commits (nodes and entries), checked by loading the new state back from it.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using Map = std::map<Bytes, Bytes>;

struct StateSpec {
  Map main;
  std::map<Bytes, Map> children;
};

Bytes b(std::string_view s) {
  return to_bytes(s);
}

Bytes bytes_of(std::initializer_list<uint8_t> v) {
  return Bytes(v);
}

using canary::test::hex;

void must(const Result<void, TrieError>& r) {
  ASSERT_TRUE(r);
}

// Writes the state's tries (child roots stored in the main trie) into `store`; returns the root.
Hash256 build_state(const StateSpec& spec, StateVersion version, MemoryNodeStore& store) {
  Trie main;
  for (const auto& [k, v] : spec.main) must(main.insert(k, v));
  for (const auto& [child, entries] : spec.children) {
    Trie trie;
    for (const auto& [k, v] : entries) must(trie.insert(k, v));
    Hash256 root = trie.root_hash(version, &store);
    if (!trie.empty()) must(main.insert(default_child_root_key(child), root));
  }
  return main.root_hash(version, &store);
}

Hash256 map_root(const Map& m, StateVersion version) {
  std::vector<std::pair<Bytes, Bytes>> entries(m.begin(), m.end());
  return trie_root(entries, version);
}

// A state held in memory: its store and a backend reading it.
struct Fixture {
  explicit Fixture(const StateSpec& spec, StateVersion version = StateVersion::kV1)
      : root(build_state(spec, version, store)), backend(root, store) {}
  MemoryNodeStore store;
  Hash256 root;
  TrieBackend backend;
};

std::optional<Bytes> value(const Result<std::optional<Bytes>, StorageError>& r) {
  EXPECT_TRUE(r);
  return r ? *r : std::nullopt;
}

// A copy of what get_view shows for `key` (none: no value).
std::optional<Bytes> view_of(OverlayedChanges& o, std::string_view key) {
  auto r = o.get_view(b(key));
  EXPECT_TRUE(r);
  if (!r || !*r) return std::nullopt;
  return Bytes((*r)->begin(), (*r)->end());
}

RemovalResult removal(const Result<RemovalResult, StorageError>& r) {
  EXPECT_TRUE(r);
  return r ? *r : RemovalResult{};
}

Hash256 root_of(OverlayedChanges& o, StateVersion v = StateVersion::kV1) {
  auto r = o.root(v);
  EXPECT_TRUE(r);
  return r ? *r : Hash256{};
}

// --- Reads.

TEST(OverlayedChanges, ReadsSeeTheOverlayFirst) {
  Fixture f({{{b("a"), b("1")}, {b("b"), b("2")}}, {}});
  OverlayedChanges o(f.backend);
  EXPECT_EQ(value(o.get(b("a"))), b("1"));
  EXPECT_TRUE(o.set(b("a"), b("x")));
  EXPECT_TRUE(o.clear(b("b")));
  EXPECT_TRUE(o.set(b("c"), {}));
  EXPECT_EQ(value(o.get(b("a"))), b("x"));
  EXPECT_EQ(value(o.get(b("b"))), std::nullopt);
  EXPECT_EQ(value(o.get(b("c"))), Bytes{});
  EXPECT_FALSE(*o.exists(b("b")));
  EXPECT_TRUE(*o.exists(b("c")));  // an empty value exists
  EXPECT_FALSE(*o.exists(b("d")));
}

// get_view answers as get does, from the changes or from the backend.
TEST(OverlayedChanges, ViewsAgreeWithCopies) {
  Fixture f({{{b("a"), b("1")}, {b("b"), b("2")}}, {}});
  OverlayedChanges o(f.backend);
  const auto view = [&](std::string_view key) { return view_of(o, key); };
  EXPECT_EQ(view("a"), b("1"));
  EXPECT_EQ(view("b"), b("2"));
  EXPECT_EQ(view("z"), std::nullopt);
  EXPECT_TRUE(o.set(b("a"), b("x")));
  EXPECT_TRUE(o.clear(b("b")));
  EXPECT_TRUE(o.set(b("c"), {}));
  for (std::string_view key : {"a", "b", "c", "z"}) EXPECT_EQ(view(key), value(o.get(b(key))));
  EXPECT_EQ(view("c"), Bytes{});  // an empty value is a value
}

// A backend that counts the values it is asked for.
class CountingBackend final : public StorageBackend {
 public:
  explicit CountingBackend(StorageBackend& inner) : inner_(inner) {}
  Result<std::optional<Bytes>, StorageError> get(ChildKey child, ByteSpan key) override {
    ++gets;
    return inner_.get(child, key);
  }
  Result<bool, StorageError> exists(ChildKey child, ByteSpan key) override {
    return inner_.exists(child, key);
  }
  Result<std::optional<Bytes>, StorageError> next_key(ChildKey child, ByteSpan key) override {
    return inner_.next_key(child, key);
  }
  Hash256 state_root() const override { return inner_.state_root(); }
  const NodeStore& node_store() const override { return inner_.node_store(); }
  int gets = 0;

 private:
  StorageBackend& inner_;
};

// The runtime reads a large value in parts (ext_storage_read: its first bytes, then the rest):
// get_view asks the backend once for the same key, and the changes still come first.
TEST(OverlayedChanges, ViewOfTheSameKeyAsksTheBackendOnce) {
  Fixture f({{{b("a"), b("1")}, {b("b"), b("2")}}, {}});
  CountingBackend backend(f.backend);
  OverlayedChanges o(backend);
  const auto view = [&](std::string_view key) { return view_of(o, key); };
  EXPECT_EQ(view("a"), b("1"));
  EXPECT_EQ(view("a"), b("1"));
  EXPECT_EQ(backend.gets, 1);
  EXPECT_TRUE(o.set(b("a"), b("x")));
  EXPECT_EQ(view("a"), b("x"));
  o.start_transaction();
  EXPECT_TRUE(o.clear(b("a")));
  EXPECT_EQ(view("a"), std::nullopt);
  EXPECT_TRUE(o.rollback_transaction().has_value());
  EXPECT_EQ(view("a"), b("x"));
  EXPECT_EQ(backend.gets, 1);
  EXPECT_EQ(view("b"), b("2"));
  EXPECT_EQ(view("z"), std::nullopt);
  EXPECT_EQ(view("z"), std::nullopt);
  EXPECT_EQ(backend.gets, 3);
  EXPECT_EQ(view("b"), b("2"));  // another key was viewed in between
  EXPECT_EQ(backend.gets, 4);
}

// ext.rs next_storage_key_works / next_child_storage_key_works.
TEST(OverlayedChanges, NextKeyMergesOverlayAndBackend) {
  Map backend_entries{{{10}, {10}}, {{20}, {20}}, {{40}, {40}}};
  Fixture f({backend_entries, {{b("Child1"), backend_entries}}});
  OverlayedChanges o(f.backend);
  o.set(bytes_of({20}), {});  // replaced below
  o.clear(bytes_of({20}));
  o.set(bytes_of({30}), bytes_of({31}));
  o.child_clear(b("Child1"), bytes_of({20}));
  o.child_set(b("Child1"), bytes_of({30}), bytes_of({31}));

  auto next = [&](std::initializer_list<uint8_t> k) { return value(o.next_key(Bytes(k))); };
  auto child_next = [&](std::initializer_list<uint8_t> k) {
    return value(o.child_next_key(b("Child1"), Bytes(k)));
  };
  EXPECT_EQ(next({5}), bytes_of({10}));   // backend before overlay
  EXPECT_EQ(next({10}), bytes_of({30}));  // the backend's next is deleted in the overlay
  EXPECT_EQ(next({20}), bytes_of({30}));  // overlay before backend
  EXPECT_EQ(next({30}), bytes_of({40}));  // backend only
  EXPECT_EQ(child_next({5}), bytes_of({10}));
  EXPECT_EQ(child_next({10}), bytes_of({30}));
  EXPECT_EQ(child_next({20}), bytes_of({30}));
  EXPECT_EQ(child_next({30}), bytes_of({40}));

  o.set(bytes_of({50}), bytes_of({50}));
  o.child_set(b("Child1"), bytes_of({50}), bytes_of({50}));
  EXPECT_EQ(next({40}), bytes_of({50}));  // overlay only
  EXPECT_EQ(child_next({40}), bytes_of({50}));
  // With {50} deleted again, what follows {40} is the entry holding the child trie's root.
  o.clear(bytes_of({50}));
  EXPECT_EQ(next({40}), default_child_root_key(b("Child1")));
}

TEST(OverlayedChanges, NextKeySkipsManyDeletions) {
  Fixture f({{{bytes_of({30}), bytes_of({30})}}, {}});
  OverlayedChanges o(f.backend);
  for (uint8_t k = 20; k < 30; ++k) o.clear(bytes_of({k}));
  EXPECT_EQ(value(o.next_key(bytes_of({5}))), bytes_of({30}));
  o.clear(bytes_of({30}));
  EXPECT_EQ(value(o.next_key(bytes_of({5}))), std::nullopt);
}

// --- Writes the reference host refuses.

TEST(OverlayedChanges, ChildStorageKeysCannotBeWrittenDirectly) {
  Fixture f({{}, {{b("c"), {{b("k"), b("v")}}}}});
  OverlayedChanges o(f.backend);
  Bytes root_key = default_child_root_key(b("c"));
  Hash256 before = root_of(o);
  EXPECT_FALSE(o.set(root_key, b("garbage")));
  EXPECT_FALSE(o.clear(root_key));
  EXPECT_FALSE(o.set(b(":child_storage:other"), b("x")));
  EXPECT_TRUE(o.set(b(":child_storagX"), b("x")));
  std::optional<Bytes> stored = value(f.backend.get(std::nullopt, root_key));
  ASSERT_TRUE(stored);
  EXPECT_EQ(value(o.get(root_key)), stored);
  o.clear(b(":child_storagX"));
  EXPECT_EQ(root_of(o), before);
}

// ext.rs clear_prefix_cannot_delete_a_child_root.
TEST(OverlayedChanges, ClearPrefixRefusesTheChildStorageArea) {
  Fixture f({{}, {{b("Child1"), {{bytes_of({30}), bytes_of({40})}}}}});
  OverlayedChanges o(f.backend);
  Bytes not_under = b(":child_storage:");
  not_under[4] = 88;
  not_under.insert(not_under.end(), {'p', 'a', 't', 'h'});
  o.set(not_under, bytes_of({10}));
  Hash256 before = root_of(o);
  for (Bytes prefix : {Bytes{}, b(":"), b(":chi"), b(":child_storage:"),
                       b(":child_storage:default:"), default_child_root_key(b("Child1"))}) {
    RemovalResult r = removal(o.clear_prefix(prefix));
    EXPECT_FALSE(r.cursor);
    EXPECT_EQ(r.loops + r.backend + r.unique, 0u);
  }
  EXPECT_EQ(value(o.child_get(b("Child1"), bytes_of({30}))), bytes_of({40}));
  EXPECT_EQ(value(o.get(not_under)), bytes_of({10}));
  EXPECT_EQ(root_of(o), before);
  RemovalResult r = removal(o.clear_prefix(ByteSpan(not_under).first(5)));
  EXPECT_EQ(r.unique, 1u);
  EXPECT_EQ(value(o.get(not_under)), std::nullopt);
}

// --- clear_prefix and kill with limits: the counts of ext.rs `limit_remove_from_backend`.

TEST(OverlayedChanges, ClearPrefixCountsBackendKeysVisited) {
  Fixture f({{{b("k1"), b("1")},
              {b("k2"), b("2")},
              {b("k3"), b("3")},
              {b("k4"), b("4")},
              {b("other"), b("9")}},
             {}});
  OverlayedChanges o(f.backend);
  o.set(b("k2"), b("new"));  // a backend key the overlay rewrote
  o.clear(b("k3"));          // a backend key the overlay deleted
  o.set(b("k5"), b("5"));    // a key only the overlay has

  // The overlay's keys go regardless of the limit (k2, k5 had values). In the backend, k1 is
  // deleted, k2 is visited but was deleted already, and the limit stops at k3.
  RemovalResult r = removal(o.clear_prefix(b("k"), 2));
  EXPECT_EQ(r.cursor, b("k3"));
  EXPECT_EQ(r.backend, 1u);
  EXPECT_EQ(r.unique, 3u);
  EXPECT_EQ(r.loops, 2u);
  EXPECT_EQ(hex(r.kill_storage_result().encode()), "0102000000");  // SomeRemaining(2)
  for (const char* k : {"k1", "k2", "k3", "k5"}) EXPECT_EQ(value(o.get(b(k))), std::nullopt) << k;
  EXPECT_EQ(value(o.get(b("k4"))), b("4"));

  // Resuming: k3 was deleted already (visited, not counted as deleted), k4 goes.
  r = removal(o.clear_prefix(b("k"), 2, b("k3")));
  EXPECT_FALSE(r.cursor);
  EXPECT_EQ(r.backend, 1u);
  EXPECT_EQ(r.unique, 1u);
  EXPECT_EQ(r.loops, 2u);
  EXPECT_EQ(hex(r.kill_storage_result().encode()), "0002000000");  // AllRemoved(2)
  EXPECT_EQ(value(o.get(b("k4"))), std::nullopt);
  EXPECT_EQ(value(o.get(b("other"))), b("9"));

  // Not cumulative within a block: starting over visits the deleted backend keys again.
  r = removal(o.clear_prefix(b("k"), 3));
  EXPECT_EQ(r.cursor, b("k4"));
  EXPECT_EQ(r.backend, 0u);
  EXPECT_EQ(r.loops, 3u);
  EXPECT_EQ(root_of(o), map_root({{b("other"), b("9")}}, StateVersion::kV1));
}

TEST(OverlayedChanges, ClearPrefixLimitZeroAndCursorsOutsideThePrefix) {
  Fixture f({{{b("a"), b("0")}, {b("k1"), b("1")}, {b("k2"), b("2")}, {b("z"), b("9")}}, {}});
  OverlayedChanges o(f.backend);
  RemovalResult r = removal(o.clear_prefix(b("k"), 0));
  EXPECT_EQ(r.cursor, b("k1"));
  EXPECT_EQ(r.loops, 0u);
  EXPECT_EQ(hex(r.kill_storage_result().encode()), "0100000000");
  // A cursor before the prefix starts at the prefix; one after it finds nothing.
  r = removal(o.clear_prefix(b("k"), 1, b("a")));
  EXPECT_EQ(r.cursor, b("k2"));
  EXPECT_EQ(r.backend, 1u);
  r = removal(o.clear_prefix(b("k"), std::nullopt, b("l")));
  EXPECT_FALSE(r.cursor);
  EXPECT_EQ(r.loops, 0u);
  EXPECT_EQ(value(o.get(b("k2"))), b("2"));
  // A cursor that is itself a backend key is included.
  r = removal(o.clear_prefix(b("k"), std::nullopt, b("k2")));
  EXPECT_EQ(r.backend, 1u);
  EXPECT_EQ(value(o.get(b("k2"))), std::nullopt);
}

TEST(OverlayedChanges, KillChildWithLimitThenRemovesItsRoot) {
  Map child{{b("a"), b("1")}, {b("b"), b("2")}, {b("c"), b("3")}, {b("d"), b("4")}};
  Fixture f({{{b("x"), b("y")}}, {{b("c1"), child}}});
  OverlayedChanges o(f.backend);
  o.child_set(b("c1"), b("new"), b("n"));
  o.child_clear(b("c1"), b("b"));
  RemovalResult r = removal(o.kill_child(b("c1"), 3));
  EXPECT_EQ(r.cursor, b("d"));
  EXPECT_EQ(r.loops, 3u);    // a, b (deleted already), c
  EXPECT_EQ(r.backend, 2u);  // a, c
  EXPECT_EQ(r.unique, 3u);   // new, a, c
  EXPECT_EQ(value(o.child_get(b("c1"), b("d"))), b("4"));
  EXPECT_EQ(root_of(o), map_root({{b("x"), b("y")},
                                  {default_child_root_key(b("c1")),
                                   [] {
                                     Hash256 h = map_root({{b("d"), b("4")}}, StateVersion::kV1);
                                     return Bytes(h.begin(), h.end());
                                   }()}},
                                 StateVersion::kV1));
  r = removal(o.kill_child(b("c1"), std::nullopt, b("d")));
  EXPECT_FALSE(r.cursor);
  EXPECT_EQ(r.loops, 1u);
  // The empty child trie leaves the main trie.
  EXPECT_EQ(root_of(o), map_root({{b("x"), b("y")}}, StateVersion::kV1));
  EXPECT_EQ(value(o.child_next_key(b("c1"), {})), std::nullopt);
  // Killing a child trie that does not exist changes nothing.
  r = removal(o.kill_child(b("nothing"), 5));
  EXPECT_FALSE(r.cursor);
  EXPECT_EQ(r.loops, 0u);
  EXPECT_EQ(root_of(o), map_root({{b("x"), b("y")}}, StateVersion::kV1));
}

// --- Transactions.

TEST(OverlayedChanges, UnbalancedCommitAndRollbackFail) {
  Fixture f({});
  OverlayedChanges o(f.backend);
  EXPECT_EQ(o.commit_transaction().error(), TransactionError::kNoOpenTransaction);
  EXPECT_EQ(o.rollback_transaction().error(), TransactionError::kNoOpenTransaction);
  o.start_transaction();
  o.set(b("k"), b("v"));
  EXPECT_TRUE(o.commit_transaction());
  EXPECT_FALSE(o.commit_transaction());
  EXPECT_FALSE(o.rollback_transaction());
  EXPECT_EQ(o.transaction_depth(), 0u);
  EXPECT_EQ(value(o.get(b("k"))), b("v"));  // a failed close does not touch the changes
}

TEST(OverlayedChanges, RollbackRestoresMainAndChildTries) {
  Fixture f(
      {{{b("a"), b("1")}, {b("events"), bytes_of({0x04, 0xee})}}, {{b("c"), {{b("k"), b("v")}}}}});
  OverlayedChanges o(f.backend);
  Hash256 original = root_of(o);
  o.start_transaction();
  o.set(b("a"), b("2"));
  ASSERT_TRUE(o.append(b("events"), bytes_of({0x01})));
  o.child_set(b("c"), b("k2"), b("v2"));
  o.start_transaction();
  o.clear(b("a"));
  ASSERT_TRUE(o.append(b("events"), bytes_of({0x02})));
  ASSERT_TRUE(o.kill_child(b("c")));
  o.child_set(b("new child"), b("k"), b("v"));
  EXPECT_EQ(value(o.get(b("events"))), bytes_of({0x0c, 0xee, 0x01, 0x02}));
  EXPECT_EQ(value(o.child_get(b("c"), b("k"))), std::nullopt);
  Hash256 inner = root_of(o);
  EXPECT_TRUE(o.rollback_transaction().has_value());
  EXPECT_EQ(value(o.get(b("a"))), b("2"));
  EXPECT_EQ(value(o.get(b("events"))), bytes_of({0x08, 0xee, 0x01}));
  EXPECT_EQ(value(o.child_get(b("c"), b("k"))), b("v"));
  EXPECT_EQ(value(o.child_get(b("c"), b("k2"))), b("v2"));
  EXPECT_EQ(value(o.child_get(b("new child"), b("k"))), std::nullopt);
  EXPECT_NE(root_of(o), inner);
  EXPECT_TRUE(o.rollback_transaction().has_value());
  EXPECT_EQ(value(o.get(b("a"))), b("1"));
  EXPECT_EQ(value(o.get(b("events"))), bytes_of({0x04, 0xee}));
  EXPECT_EQ(root_of(o), original);
}

// --- Roots.

// overlayed_changes/mod.rs overlayed_storage_root_works, with its published roots.
TEST(OverlayedChanges, StorageRootOfTheReferenceHostTest) {
  Fixture f({{{b("doe"), b("reindeer")},
              {b("dog"), b("puppyXXX")},
              {b("dogglesworth"), b("catXXX")},
              {b("doug"), b("notadog")}},
             {}});
  OverlayedChanges o(f.backend);
  o.start_transaction();
  o.set(b("dog"), b("puppy"));
  o.set(b("dogglesworth"), b("catYYY"));
  o.set(b("doug"), {});
  ASSERT_TRUE(o.commit_transaction());
  o.start_transaction();
  o.set(b("dogglesworth"), b("cat"));
  o.clear(b("doug"));
  const char* expected = "39245109cef3758c2eed2ccba8d9b370a917850af3824bc8348d505df2c298fa";
  EXPECT_EQ(hex(root_of(o)), expected);
  EXPECT_EQ(hex(root_of(o)), expected);
  o.set(b("doug2"), b("yes"));
  EXPECT_EQ(hex(root_of(o)), "5c0a4e35cb967de785e1cb8743e6f24b6ff6d45155317f2078f6eb3fc4ff3e3d");
}

// overlayed_changes/mod.rs overlayed_child_storage_root_works.
TEST(OverlayedChanges, ChildStorageRootOfTheReferenceHostTest) {
  Fixture f({});
  OverlayedChanges o(f.backend);
  o.start_transaction();
  o.child_set(b("Child1"), bytes_of({20}), bytes_of({20}));
  o.child_set(b("Child1"), bytes_of({30}), bytes_of({30}));
  o.child_set(b("Child1"), bytes_of({40}), bytes_of({40}));
  ASSERT_TRUE(o.commit_transaction());
  o.child_set(b("Child1"), bytes_of({10}), bytes_of({10}));
  o.child_clear(b("Child1"), bytes_of({30}));
  const char* child_root = "c02965e1df4dc5baf6977390ce67dab1d7a9b27a87c1afe27b50d29cc990e0f5";
  EXPECT_EQ(hex(*o.child_root(b("Child1"), StateVersion::kV1)), child_root);
  EXPECT_EQ(hex(root_of(o)), "eafb765909c3ed5afd92a0c564acf4620d0234b31702e8e8e9b48da72a748838");
  EXPECT_EQ(hex(*o.child_root(b("Child1"), StateVersion::kV1)), child_root);
}

TEST(OverlayedChanges, ChildRootIsRecordedInTheMainTrie) {
  Fixture f({{}, {{b("old"), {{b("k"), b("v")}}}}});
  OverlayedChanges o(f.backend);
  Bytes key = default_child_root_key(b("c"));
  Hash256 stored = map_root({{b("k"), b("v")}}, StateVersion::kV1);
  // Without changes: the root the main trie holds, or the empty root.
  EXPECT_EQ(*o.child_root(b("old"), StateVersion::kV1), stored);
  EXPECT_EQ(*o.child_root(b("c"), StateVersion::kV1), empty_trie_root(TrieHasher::kBlake2b256));
  EXPECT_EQ(value(o.get(key)), std::nullopt);

  o.start_transaction();
  o.child_set(b("c"), b("k"), b("v"));
  EXPECT_EQ(value(o.get(key)), std::nullopt);  // not until the root is asked for
  EXPECT_EQ(*o.child_root(b("c"), StateVersion::kV1), stored);
  EXPECT_EQ(value(o.get(key)), Bytes(stored.begin(), stored.end()));
  EXPECT_EQ(value(o.next_key(b(":child_storage:default:"))), key);
  o.child_clear(b("c"), b("k"));
  EXPECT_EQ(*o.child_root(b("c"), StateVersion::kV1), empty_trie_root(TrieHasher::kBlake2b256));
  EXPECT_EQ(value(o.get(key)), std::nullopt);
  ASSERT_TRUE(o.rollback_transaction());
  EXPECT_EQ(value(o.get(key)), std::nullopt);
  EXPECT_EQ(root_of(o), f.root);
}

// A NodeStore that counts the reads that reach it.
class CountingStore final : public NodeStore {
 public:
  explicit CountingStore(const NodeStore& inner) : inner_(inner) {}
  std::optional<Bytes> get(const Hash256& hash) const override {
    ++reads;
    return inner_.get(hash);
  }
  mutable size_t reads = 0;

 private:
  const NodeStore& inner_;
};

TEST(OverlayedChanges, RootsAreCachedAndIncremental) {
  StateSpec spec;
  for (int i = 0; i < 2000; ++i)
    spec.main[b("key" + std::to_string(i))] = b("v" + std::to_string(i));
  spec.children[b("c")] = {{b("a"), b("1")}, {b("b"), b("2")}};
  MemoryNodeStore store;
  Hash256 base = build_state(spec, StateVersion::kV1, store);
  CountingStore counting(store);
  TrieBackend backend(base, counting);
  OverlayedChanges o(backend);
  EXPECT_EQ(root_of(o), base);  // nothing changed: nothing to load but the root
  o.set(b("key7"), b("changed"));
  o.child_set(b("c"), b("a"), b("changed"));
  Hash256 first = root_of(o);
  size_t reads = counting.reads;
  EXPECT_EQ(root_of(o), first);
  EXPECT_EQ(counting.reads, reads);
  // One more change re-loads at most the nodes of its path, and nothing of the child trie.
  o.set(b("key1500"), b("changed too"));
  Hash256 second = root_of(o);
  EXPECT_LE(counting.reads - reads, 8u);
  spec.main[b("key7")] = b("changed");
  spec.main[b("key1500")] = b("changed too");
  spec.children[b("c")][b("a")] = b("changed");
  MemoryNodeStore scratch;
  EXPECT_EQ(second, build_state(spec, StateVersion::kV1, scratch));
  // Each version has its own cache.
  EXPECT_EQ(root_of(o, StateVersion::kV0), build_state(spec, StateVersion::kV0, scratch));
}

// A block reads each account before it writes it: the root computation starts from the trie those
// reads loaded, so it loads nothing of their paths again, and the backend still answers reads
// afterwards (loading afresh what it handed over).
TEST(OverlayedChanges, RootStartsFromTheNodesTheReadsLoaded) {
  StateSpec spec;
  for (int i = 0; i < 2000; ++i)
    spec.main[b("key" + std::to_string(i))] = b("v" + std::to_string(i));
  MemoryNodeStore store;
  Hash256 base = build_state(spec, StateVersion::kV1, store);
  CountingStore counting(store);
  TrieBackend backend(base, counting);
  OverlayedChanges o(backend);
  for (std::string_view key : {"key7", "key1500", "key1999"}) {
    EXPECT_EQ(value(o.get(b(key))), spec.main[b(key)]);
    o.set(b(key), b("changed"));
    spec.main[b(key)] = b("changed");
  }
  const size_t reads = counting.reads;
  MemoryNodeStore scratch;
  EXPECT_EQ(root_of(o), build_state(spec, StateVersion::kV1, scratch));
  EXPECT_EQ(counting.reads, reads);
  // The backend reads the parent's state still, cached values and fresh loads alike.
  EXPECT_EQ(value(backend.get(std::nullopt, b("key7"))), b("v7"));
  EXPECT_EQ(value(backend.get(std::nullopt, b("key8"))), b("v8"));
  EXPECT_EQ(value(o.get(b("key7"))), b("changed"));
  EXPECT_EQ(value(o.get(b("key8"))), b("v8"));
  // Writes after the root go on from the trie it started from.
  o.set(b("key8"), b("changed"));
  spec.main[b("key8")] = b("changed");
  EXPECT_EQ(root_of(o), build_state(spec, StateVersion::kV1, scratch));
  // So does a start over (a rollback that forgets a key), from what the backend loaded since.
  o.start_transaction();
  o.set(b("new key"), b("rolled back"));
  root_of(o);
  ASSERT_TRUE(o.rollback_transaction());
  EXPECT_EQ(root_of(o), build_state(spec, StateVersion::kV1, scratch));
}

// The backend keeps the main trie's values it read (present or absent), not a child trie's under
// the same key, nor values over its size limit: every read gives what the trie holds.
TEST(TrieBackend, RepeatedReadsGiveTheTriesValues) {
  StateSpec spec;
  for (int i = 0; i < 500; ++i)
    spec.main[b("key" + std::to_string(i))] = b("v" + std::to_string(i));
  const Bytes big(size_t{100} << 10, 7);
  spec.main[b("big")] = big;
  spec.children[b("c")] = {{b("key1"), b("child value")}};
  Fixture f(spec);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    EXPECT_EQ(value(f.backend.get(std::nullopt, b("key1"))), b("v1"));
    EXPECT_EQ(value(f.backend.get(b("c"), b("key1"))), b("child value"));
    EXPECT_EQ(value(f.backend.get(std::nullopt, b("absent"))), std::nullopt);
    EXPECT_EQ(value(f.backend.get(b("c"), b("key2"))), std::nullopt);
    EXPECT_EQ(value(f.backend.get(std::nullopt, b("big"))), big);
    auto exists = f.backend.exists(std::nullopt, b("key2"));
    ASSERT_TRUE(exists);
    EXPECT_TRUE(*exists);
  }
  // An overlay over it still sees its own writes first, and the backend's values after a
  // rollback.
  OverlayedChanges o(f.backend);
  o.start_transaction();
  o.set(b("key1"), b("new"));
  EXPECT_EQ(value(o.get(b("key1"))), b("new"));
  ASSERT_TRUE(o.rollback_transaction());
  EXPECT_EQ(value(o.get(b("key1"))), b("v1"));
}

TEST(OverlayedChanges, RollbackAfterARootRestoresTheStoredValueLayout) {
  // A 40-byte value stored under V0 stays inline in a V1 root until it is rewritten (trie.hpp):
  // a write that is rolled back must leave it so.
  Bytes large(40, 0x5a);
  MemoryNodeStore store;
  Hash256 base =
      build_state({{{b("big"), large}, {b("small"), b("s")}}, {}}, StateVersion::kV0, store);
  TrieBackend backend(base, store);
  OverlayedChanges o(backend);
  o.set(b("small"), b("t"));
  Hash256 untouched = root_of(o);
  o.start_transaction();
  o.set(b("big"), large);
  Hash256 rewritten = root_of(o);
  EXPECT_NE(rewritten, untouched);  // the rewritten value is hashed under V1
  ASSERT_TRUE(o.rollback_transaction());
  EXPECT_EQ(root_of(o), untouched);
  o.start_transaction();
  o.child_set(b("c"), b("k"), b("v"));
  root_of(o);
  ASSERT_TRUE(o.rollback_transaction());  // drops the child trie and its root entry
  EXPECT_EQ(root_of(o), untouched);
}

// --- What a database commits.

// Records which hashes are asked for: loading a whole state asks for every element it stores.
class RecordingStore final : public NodeStore {
 public:
  std::optional<Bytes> get(const Hash256& hash) const override {
    asked.insert(hash);
    auto it = nodes.find(hash);
    if (it == nodes.end()) return std::nullopt;
    return it->second;
  }
  std::map<Hash256, Bytes> nodes;
  mutable std::set<Hash256> asked;
};

// Every entry of a trie, read through a backend.
Map read_all(StorageBackend& backend, ChildKey child) {
  Map out;
  std::optional<Bytes> key = Bytes{};
  auto first = backend.exists(child, Bytes{});
  EXPECT_TRUE(first);
  if (!first || !*first) {
    auto next = backend.next_key(child, Bytes{});
    EXPECT_TRUE(next);
    key = next ? *next : std::nullopt;
  }
  while (key) {
    auto v = backend.get(child, *key);
    EXPECT_TRUE(v && v->has_value());
    if (!v || !v->has_value()) break;
    out[*key] = **v;
    auto next = backend.next_key(child, *key);
    EXPECT_TRUE(next);
    if (!next) break;
    key = *next;
  }
  return out;
}

TEST(OverlayedChanges, WriteNodesAndChangesLoadTheNewState) {
  StateSpec spec;
  for (int i = 0; i < 300; ++i) {
    spec.main[b("key" + std::to_string(i))] = Bytes(static_cast<size_t>(i % 50), uint8_t(i));
  }
  spec.children[b("kept")] = {{b("a"), Bytes(40, 1)}, {b("b"), b("2")}};
  spec.children[b("gone")] = {{b("a"), b("1")}};
  for (StateVersion version : {StateVersion::kV0, StateVersion::kV1}) {
    MemoryNodeStore store;
    Hash256 base = build_state(spec, version, store);
    TrieBackend backend(base, store);
    OverlayedChanges o(backend);
    o.set(b("key3"), Bytes(60, 3));
    o.clear(b("key4"));
    ASSERT_TRUE(o.clear_prefix(b("key2")));
    o.child_set(b("kept"), b("c"), Bytes(70, 7));
    ASSERT_TRUE(o.kill_child(b("gone")));
    o.child_set(b("fresh"), b("x"), b("y"));
    root_of(o, version);  // an intermediate root: its nodes must not all end up in the batch
    o.set(b("key5"), Bytes(35, 5));

    MemoryNodeStore batch;
    auto root = o.write_nodes(version, batch);
    ASSERT_TRUE(root);
    EXPECT_EQ(*root, root_of(o, version));

    // The entries a database would apply to its view of the state.
    StateSpec expected = spec;
    std::map<Bytes, Map> child_changes;
    auto r = o.for_each_change(version, [&](ChildKey child, ByteSpan key,
                                            const std::optional<Bytes>& v) {
      Map& target = child ? expected.children[Bytes(child->begin(), child->end())] : expected.main;
      if (v) {
        target[Bytes(key.begin(), key.end())] = *v;
      } else {
        target.erase(Bytes(key.begin(), key.end()));
      }
    });
    ASSERT_TRUE(r);
    EXPECT_TRUE(expected.children[b("gone")].empty());
    expected.children.erase(b("gone"));
    EXPECT_FALSE(expected.main.contains(default_child_root_key(b("gone"))));
    ASSERT_TRUE(expected.main.contains(default_child_root_key(b("fresh"))));
    // The main trie's entries (child roots included) hash to the root.
    EXPECT_EQ(map_root(expected.main, version), *root);

    // The old store plus the batch hold the whole new state, and the batch holds nothing the new
    // state does not reference.
    RecordingStore combined;
    for (const auto& [h, bytes] : store.nodes()) combined.nodes[h] = bytes;
    for (const auto& [h, bytes] : batch.nodes()) combined.nodes[h] = bytes;
    TrieBackend after(*root, combined);
    EXPECT_EQ(read_all(after, std::nullopt), expected.main);
    for (const auto& [child, entries] : expected.children) {
      EXPECT_EQ(read_all(after, ChildKey(child)), entries) << hex(child);
    }
    for (const auto& [h, bytes] : batch.nodes()) {
      EXPECT_TRUE(combined.asked.contains(h)) << "unreferenced node in the batch";
    }
  }
}

}  // namespace
}  // namespace canary::state
