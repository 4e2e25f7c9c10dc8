// The trie against a std::map model: random operation sequences, roots compared with tries built
// from scratch in another order, iteration, next_key, clear_prefix with limits and cursors, value
// layout per state version, and tries loaded lazily from a node store (including a store that
// lacks nodes or returns corrupt ones).
#include "state/trie/trie.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>

#include "primitives/util/hex.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/kill_storage_result.hpp"
#include "state/trie/lookup.hpp"
#include "state/trie/trie_root.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using Model = std::map<Bytes, Bytes>;

using canary::test::hex;

// Keys over a small alphabet and of small length share long prefixes, which exercises splits,
// merges, branches with values and the extended partial-key lengths.
Bytes random_key(std::mt19937_64& rng, int max_len = 6) {
  static const uint8_t alphabet[] = {0x00, 0x01, 0x10, 0x11, 0xab, 0xff};
  Bytes key(rng() % (max_len + 1));
  for (auto& b : key) b = alphabet[rng() % sizeof alphabet];
  return key;
}

Bytes random_value(std::mt19937_64& rng) {
  // Around the V1 threshold (33) often, sometimes empty, sometimes long.
  static const size_t sizes[] = {0, 1, 5, 31, 32, 33, 34, 100, 1000};
  Bytes value(sizes[rng() % 9]);
  for (auto& b : value) b = static_cast<uint8_t>(rng());
  return value;
}

Hash256 fresh_root(const Model& model, StateVersion version, uint64_t seed,
                   TrieHasher hasher = TrieHasher::kBlake2b256) {
  std::vector<std::pair<Bytes, Bytes>> entries(model.begin(), model.end());
  std::mt19937_64 rng(seed);
  std::shuffle(entries.begin(), entries.end(), rng);
  return trie_root(entries, version, hasher);
}

void expect_same_content(Trie& trie, const Model& model) {
  Model seen;
  auto r = trie.for_each({}, [&](ByteSpan k, ByteSpan v) {
    seen.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(seen, model);
}

std::optional<Bytes> model_next(const Model& model, const Bytes& key) {
  auto it = model.upper_bound(key);
  if (it == model.end()) return std::nullopt;
  return it->first;
}

TEST(Trie, InsertGetRemoveBasics) {
  Trie trie;
  EXPECT_TRUE(trie.empty());
  ASSERT_TRUE(trie.insert(to_bytes("dog"), to_bytes("puppy")));
  ASSERT_TRUE(trie.insert(to_bytes("do"), to_bytes("verb")));
  ASSERT_TRUE(trie.insert(to_bytes("doge"), to_bytes("coin")));
  ASSERT_TRUE(trie.insert(to_bytes(""), to_bytes("empty key")));
  EXPECT_EQ(trie.get(to_bytes("do")).value(), to_bytes("verb"));
  EXPECT_EQ(trie.get(to_bytes("dog")).value(), to_bytes("puppy"));
  EXPECT_EQ(trie.get(to_bytes("")).value(), to_bytes("empty key"));
  EXPECT_EQ(trie.get(to_bytes("d")).value(), std::nullopt);
  EXPECT_EQ(trie.get(to_bytes("dogs")).value(), std::nullopt);
  EXPECT_TRUE(trie.contains(to_bytes("doge")).value());
  EXPECT_TRUE(trie.remove(to_bytes("dog")).value());
  EXPECT_FALSE(trie.remove(to_bytes("dog")).value());
  EXPECT_EQ(trie.get(to_bytes("doge")).value(), to_bytes("coin"));
  Model model{{to_bytes("do"), to_bytes("verb")},
              {to_bytes("doge"), to_bytes("coin")},
              {to_bytes(""), to_bytes("empty key")}};
  EXPECT_EQ(trie.root_hash(StateVersion::kV0), fresh_root(model, StateVersion::kV0, 1));
  for (const auto& [k, v] : model) ASSERT_TRUE(trie.remove(k).value());
  EXPECT_TRUE(trie.empty());
  EXPECT_EQ(trie.root_hash(StateVersion::kV1), empty_trie_root(TrieHasher::kBlake2b256));
}

TEST(Trie, RandomOperationsMatchAModelAndFreshRoots) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 rng(seed);
    Trie trie(seed % 4 == 0 ? TrieHasher::kKeccak256 : TrieHasher::kBlake2b256);
    Model model;
    for (int step = 0; step < 600; ++step) {
      Bytes key = random_key(rng);
      switch (rng() % 5) {
        case 0:
        case 1:
        case 2: {
          Bytes value = random_value(rng);
          ASSERT_TRUE(trie.insert(key, value));
          model[key] = value;
          break;
        }
        case 3: {
          bool existed = model.erase(key) != 0;
          ASSERT_EQ(trie.remove(key).value(), existed);
          break;
        }
        default: {
          auto got = trie.get(key).value();
          auto it = model.find(key);
          ASSERT_EQ(got.has_value(), it != model.end());
          if (got) ASSERT_EQ(*got, it->second);
          ASSERT_EQ(trie.next_key(key).value(), model_next(model, key));
        }
      }
      if (step % 50 == 49) {
        // Alternate versions so that cached Merkle values are reused across versions too.
        StateVersion v = (step / 50) % 2 == 0 ? StateVersion::kV0 : StateVersion::kV1;
        ASSERT_EQ(hex(trie.root_hash(v)), hex(fresh_root(model, v, seed + step, trie.hasher())))
            << "seed " << seed << " step " << step;
      }
    }
    expect_same_content(trie, model);
    for (StateVersion v : {StateVersion::kV1, StateVersion::kV0, StateVersion::kV1}) {
      EXPECT_EQ(trie.root_hash(v), fresh_root(model, v, seed, trie.hasher()));
    }
  }
}

TEST(Trie, InsertionOrderDoesNotMatter) {
  std::mt19937_64 rng(99);
  Model model;
  for (int i = 0; i < 2000; ++i) model[random_key(rng, 10)] = random_value(rng);
  Hash256 first = fresh_root(model, StateVersion::kV1, 1);
  for (uint64_t seed = 2; seed < 6; ++seed) {
    EXPECT_EQ(fresh_root(model, StateVersion::kV1, seed), first);
  }
  // Building up and tearing down half again ends where building only the rest ends.
  Trie trie;
  for (const auto& [k, v] : model) ASSERT_TRUE(trie.insert(k, v));
  Model rest;
  bool keep = false;
  for (const auto& [k, v] : model) {
    keep = !keep;
    if (keep) {
      rest[k] = v;
    } else {
      ASSERT_TRUE(trie.remove(k).value());
    }
  }
  EXPECT_EQ(trie.root_hash(StateVersion::kV1), fresh_root(rest, StateVersion::kV1, 7));
}

TEST(Trie, IterationAndNextKeyAgreeWithTheModel) {
  std::mt19937_64 rng(5);
  Trie trie;
  Model model;
  for (int i = 0; i < 3000; ++i) {
    Bytes k = random_key(rng, 8);
    Bytes v = random_value(rng);
    ASSERT_TRUE(trie.insert(k, v));
    model[k] = v;
  }
  expect_same_content(trie, model);
  // next_key from every stored key and from random probes.
  for (const auto& [k, v] : model) ASSERT_EQ(trie.next_key(k).value(), model_next(model, k));
  for (int i = 0; i < 3000; ++i) {
    Bytes probe = random_key(rng, 9);
    ASSERT_EQ(trie.next_key(probe).value(), model_next(model, probe)) << hex(probe);
  }
  // Walking with next_key visits every key in order.
  std::vector<Bytes> walked;
  std::optional<Bytes> k =
      model.count(Bytes{}) != 0 ? std::optional<Bytes>(Bytes{}) : trie.next_key(Bytes{}).value();
  while (k) {
    walked.push_back(*k);
    k = trie.next_key(*k).value();
  }
  ASSERT_EQ(walked.size(), model.size());
  // Prefix iteration, including stopping early.
  for (int i = 0; i < 200; ++i) {
    Bytes prefix = random_key(rng, 3);
    std::vector<Bytes> expected;
    for (auto it = model.lower_bound(prefix); it != model.end(); ++it) {
      const Bytes& key = it->first;
      if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) {
        break;
      }
      expected.push_back(key);
    }
    std::vector<Bytes> got;
    size_t stop_after = rng() % 4 == 0 ? 3 : SIZE_MAX;
    auto collect = [&](ByteSpan key, ByteSpan) {  // an lvalue visitor
      got.emplace_back(key.begin(), key.end());
      return got.size() < stop_after;
    };
    ASSERT_TRUE(trie.for_each(prefix, collect));
    if (expected.size() > stop_after) expected.resize(stop_after);
    ASSERT_EQ(got, expected) << hex(prefix);
  }
}

TEST(Trie, NextKeyEdgeCases) {
  Trie trie;
  EXPECT_EQ(trie.next_key({}).value(), std::nullopt);
  ASSERT_TRUE(trie.insert(to_bytes("abc"), to_bytes("1")));
  ASSERT_TRUE(trie.insert(to_bytes("abd"), to_bytes("2")));
  ASSERT_TRUE(trie.insert(to_bytes("b"), to_bytes("3")));
  EXPECT_EQ(trie.next_key({}).value(), to_bytes("abc"));
  EXPECT_EQ(trie.next_key(to_bytes("a")).value(), to_bytes("abc"));
  EXPECT_EQ(trie.next_key(to_bytes("abc")).value(), to_bytes("abd"));
  EXPECT_EQ(trie.next_key(to_bytes("abcz")).value(), to_bytes("abd"));
  EXPECT_EQ(trie.next_key(to_bytes("abd")).value(), to_bytes("b"));
  EXPECT_EQ(trie.next_key(to_bytes("ac")).value(), to_bytes("b"));
  EXPECT_EQ(trie.next_key(to_bytes("b")).value(), std::nullopt);
  EXPECT_EQ(trie.next_key(to_bytes("zzz")).value(), std::nullopt);
}

TEST(Trie, ClearPrefixWithLimitsAndCursor) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    Trie trie;
    Model model;
    for (int i = 0; i < 400; ++i) {
      Bytes k = random_key(rng, 5);
      Bytes v = random_value(rng);
      ASSERT_TRUE(trie.insert(k, v));
      model[k] = v;
    }
    Bytes prefix = random_key(rng, 2);
    auto has_prefix = [&](const Bytes& k) {
      return k.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), k.begin());
    };
    std::optional<uint32_t> limit;
    if (seed % 3 != 0) limit = static_cast<uint32_t>(rng() % 20);
    Bytes cursor;
    size_t rounds = 0;
    while (true) {
      std::vector<Bytes> expected_removed;
      std::optional<Bytes> expected_next;
      for (const auto& [k, v] : model) {
        if (!has_prefix(k) || k < cursor) continue;
        if (limit && expected_removed.size() == *limit) {
          expected_next = k;
          break;
        }
        expected_removed.push_back(k);
      }
      auto r = trie.clear_prefix(prefix, limit, cursor);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->removed, expected_removed.size());
      ASSERT_EQ(r->all_removed, !expected_next.has_value());
      ASSERT_EQ(r->next_cursor, expected_next);
      for (const Bytes& k : expected_removed) model.erase(k);
      ASSERT_EQ(trie.root_hash(StateVersion::kV1), fresh_root(model, StateVersion::kV1, seed));
      if (r->all_removed || ++rounds > 1000) break;
      if (*limit == 0) break;
      cursor = *r->next_cursor;
    }
    expect_same_content(trie, model);
  }
}

TEST(Trie, ClearPrefixWithoutLimitRemovesTheSubtree) {
  Trie trie;
  for (std::string_view k : {"alpha", "alphabet", "alps", "beta", "al"}) {
    ASSERT_TRUE(trie.insert(to_bytes(k), to_bytes(k)));
  }
  auto r = trie.clear_prefix(to_bytes("alp"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->removed, 3u);
  EXPECT_TRUE(r->all_removed);
  Model rest{{to_bytes("beta"), to_bytes("beta")}, {to_bytes("al"), to_bytes("al")}};
  EXPECT_EQ(trie.root_hash(StateVersion::kV0), fresh_root(rest, StateVersion::kV0, 3));
  // Nothing under the prefix: nothing removed, "all" removed.
  r = trie.clear_prefix(to_bytes("gamma"), 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->removed, 0u);
  EXPECT_TRUE(r->all_removed);
  // An empty prefix clears everything.
  r = trie.clear_prefix({});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->removed, 2u);
  EXPECT_TRUE(trie.empty());
}

TEST(Trie, KillStorageResultEncoding) {
  // sp-io KillStorageResult: AllRemoved(u32) = 0, SomeRemaining(u32) = 1.
  EXPECT_EQ(hex(KillStorageResult{true, 5}.encode()), "0005000000");
  EXPECT_EQ(hex(KillStorageResult{false, 0x01020304}.encode()), "0104030201");
  EXPECT_EQ(KillStorageResult::from(ClearPrefixResult{3, false, to_bytes("k")}).removed, 3u);
}

TEST(Trie, RootsOfBothVersionsStayCorrectWhileCaching) {
  std::mt19937_64 rng(11);
  Trie trie;
  Model model;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 20; ++i) {
      Bytes k = random_key(rng, 7);
      Bytes v = random_value(rng);
      ASSERT_TRUE(trie.insert(k, v));
      model[k] = v;
    }
    // Several roots per state, in varying version order.
    for (int i = 0; i < 3; ++i) {
      StateVersion v = rng() % 2 == 0 ? StateVersion::kV0 : StateVersion::kV1;
      ASSERT_EQ(trie.root_hash(v), fresh_root(model, v, round));
    }
  }
}

// Builds a store holding `model` under `version` and returns its root.
Hash256 store_state(const Model& model, StateVersion version, MemoryNodeStore& store) {
  Trie trie(store.hasher());
  for (const auto& [k, v] : model) EXPECT_TRUE(trie.insert(k, v));
  return trie.root_hash(version, &store);
}

TEST(Trie, FixedValueFormsFollowSubstrate) {
  // A state written under V0 keeps its long values inline when later roots are V1, until they are
  // rewritten (even with the same bytes). Two mechanisms must agree: values loaded from a V0 store
  // and values frozen with fix_value_forms(V0).
  Bytes long1(40, 'a'), long2(50, 'b'), long3(60, 'c');
  Model model{{to_bytes("k1"), long1}, {to_bytes("k2"), long2}, {to_bytes("short"), to_bytes("s")}};
  MemoryNodeStore store;
  Hash256 v0_root = store_state(model, StateVersion::kV0, store);

  Trie loaded = Trie::open(v0_root, store);
  Trie frozen;
  for (const auto& [k, v] : model) ASSERT_TRUE(frozen.insert(k, v));
  EXPECT_EQ(frozen.root_hash(StateVersion::kV0), v0_root);
  frozen.fix_value_forms(StateVersion::kV0);

  // Nothing rewritten: V1 root == V0 root.
  EXPECT_EQ(loaded.root_hash(StateVersion::kV1), v0_root);
  EXPECT_EQ(frozen.root_hash(StateVersion::kV1), v0_root);

  // Rewrite k1 with the same bytes and add k3: those two are laid out by V1 now.
  for (Trie* t : {&loaded, &frozen}) {
    ASSERT_TRUE(t->insert(to_bytes("k1"), long1));
    ASSERT_TRUE(t->insert(to_bytes("k3"), long3));
  }
  Hash256 mixed = loaded.root_hash(StateVersion::kV1);
  EXPECT_EQ(frozen.root_hash(StateVersion::kV1), mixed);
  Model with_k3 = model;
  with_k3[to_bytes("k3")] = long3;
  EXPECT_NE(mixed, fresh_root(with_k3, StateVersion::kV0, 1));
  EXPECT_NE(mixed, fresh_root(with_k3, StateVersion::kV1, 1));
  // A third mechanism: k2 alone from a V0 store, then k1 and k3 inserted and laid out by V1.
  MemoryNodeStore store2;
  Hash256 only_k2 = store_state({{to_bytes("k2"), long2}, {to_bytes("short"), to_bytes("s")}},
                                StateVersion::kV0, store2);
  Trie third = Trie::open(only_k2, store2);
  ASSERT_TRUE(third.insert(to_bytes("k1"), long1));
  ASSERT_TRUE(third.insert(to_bytes("k3"), long3));
  EXPECT_EQ(third.root_hash(StateVersion::kV1), mixed);

  // Freezing under V1 after a V0 root computation must not leave stale cached values.
  Trie t;
  for (const auto& [k, v] : with_k3) ASSERT_TRUE(t.insert(k, v));
  t.root_hash(StateVersion::kV0);
  t.fix_value_forms(StateVersion::kV1);
  EXPECT_EQ(t.root_hash(StateVersion::kV0), fresh_root(with_k3, StateVersion::kV1, 2));
}

TEST(Trie, LazilyLoadedTrieBehavesLikeTheInMemoryOne) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    StateVersion version = seed % 2 == 0 ? StateVersion::kV0 : StateVersion::kV1;
    Model model;
    for (int i = 0; i < 1500; ++i) model[random_key(rng, 9)] = random_value(rng);
    MemoryNodeStore store;
    Hash256 root = store_state(model, version, store);

    Trie lazy = Trie::open(root, store);
    EXPECT_EQ(lazy.root_hash(version), root);
    EXPECT_EQ(lazy.node_count(), 1u);  // nothing loaded yet
    for (int i = 0; i < 200; ++i) {
      Bytes probe = random_key(rng, 9);
      auto it = model.find(probe);
      auto got = lazy.get(probe).value();
      ASSERT_EQ(got.has_value(), it != model.end());
      if (got) ASSERT_EQ(*got, it->second);
      ASSERT_EQ(lookup(store, root, probe).value(), got);
      ASSERT_EQ(lazy.next_key(probe).value(), model_next(model, probe));
    }
    // Mutate both a lazy trie and the model; roots agree, and the sink makes new roots loadable.
    Trie mutated = Trie::open(root, store);
    for (int i = 0; i < 400; ++i) {
      Bytes k = random_key(rng, 9);
      if (rng() % 3 == 0) {
        ASSERT_EQ(mutated.remove(k).value(), model.erase(k) != 0);
      } else {
        Bytes v = random_value(rng);
        ASSERT_TRUE(mutated.insert(k, v));
        model[k] = v;
      }
    }
    if (seed % 3 == 0) {
      auto r = mutated.clear_prefix(Bytes{0x01}, 5);
      ASSERT_TRUE(r);
      size_t n = 0;
      for (auto it = model.begin(); it != model.end() && n < 5;) {
        if (!it->first.empty() && it->first[0] == 0x01) {
          it = model.erase(it);
          ++n;
        } else {
          ++it;
        }
      }
      ASSERT_EQ(r->removed, n);
    }
    Hash256 new_root = mutated.root_hash(version, &store);
    EXPECT_EQ(new_root, fresh_root(model, version, seed));
    Trie reopened = Trie::open(new_root, store);
    expect_same_content(reopened, model);
    EXPECT_EQ(reopened.root_hash(version), new_root);
  }
}

class FilteringStore final : public NodeStore {
 public:
  explicit FilteringStore(const MemoryNodeStore& inner) : inner_(inner) {}
  std::optional<Bytes> get(const Hash256& hash) const override {
    if (hash == hidden_) return std::nullopt;
    auto bytes = inner_.get(hash);
    if (bytes && hash == corrupted_) (*bytes)[bytes->size() - 1] ^= 1;
    return bytes;
  }
  Hash256 hidden_{};
  Hash256 corrupted_{};

 private:
  const MemoryNodeStore& inner_;
};

TEST(Trie, MissingOrCorruptNodesAreErrorsAndLeaveTheTrieUnchanged) {
  std::mt19937_64 rng(21);
  Model model;
  // 150 keys: branches at several depths, values hashed under V1; every stored entry is hidden
  // in turn, and each round reads, writes and rebuilds the whole trie (quadratic in the keys).
  for (int i = 0; i < 150; ++i) {
    Bytes k(8);
    for (auto& b : k) b = static_cast<uint8_t>(rng());
    model[k] = Bytes(40, static_cast<uint8_t>(i));  // hashed under V1
  }
  MemoryNodeStore inner;
  Hash256 root = store_state(model, StateVersion::kV1, inner);
  FilteringStore store(inner);

  // Hide every stored entry in turn (nodes and hashed values alike); every read that needs it
  // fails, no read answers "absent" wrongly, and failed writes change nothing.
  size_t failures = 0;
  for (const auto& [hash, bytes] : inner.nodes()) {
    if (hash == root) continue;
    store.hidden_ = hash;
    Trie trie = Trie::open(root, store);
    for (const auto& [k, v] : model) {
      auto got = trie.get(k);
      if (!got) {
        ++failures;
        EXPECT_TRUE(got.error() == TrieError::kMissingNode ||
                    got.error() == TrieError::kMissingValue);
        continue;
      }
      ASSERT_TRUE(got->has_value());
      ASSERT_EQ(**got, v);
    }
    for (const auto& [k, v] : model) {
      Bytes sibling = k;
      sibling.back() ^= 0x80;
      auto inserted = trie.insert(sibling, to_bytes("x"));
      auto removed = trie.remove(k);
      (void)inserted;
      (void)removed;
    }
    // Whatever succeeded is reflected in the root; whatever failed is not half-done: the trie is
    // still a well-formed trie whose content matches its root.
    Hash256 after = trie.root_hash(StateVersion::kV1);
    Model content;
    store.hidden_ = Hash256{};
    ASSERT_TRUE(trie.for_each({}, [&](ByteSpan k, ByteSpan v) {
      content.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
      return true;
    }));
    EXPECT_EQ(after, fresh_root(content, StateVersion::kV1, 5));
  }
  EXPECT_GT(failures, 0u);

  store.hidden_ = Hash256{};
  store.corrupted_ = root;
  Trie corrupt = Trie::open(root, store);
  auto got = corrupt.get(model.begin()->first);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), TrieError::kHashMismatch);
}

TEST(Trie, StoredNodesThatBreakTheShapeAreRejected) {
  // A branch without value and a single child would have been merged: not loadable.
  MemoryNodeStore store;
  Bytes leaf = from_hex("42310431").value();  // inline leaf "1" → "1" ... as a child of nibble 0
  Bytes branch = from_hex("800100").value();
  branch.push_back(static_cast<uint8_t>(leaf.size() << 2));
  branch.insert(branch.end(), leaf.begin(), leaf.end());
  Hash256 root = store.insert(branch);
  Trie trie = Trie::open(root, store);
  auto got = trie.get(Bytes{0x01});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), TrieError::kInvalidNode);
}

TEST(Trie, CopiesAreIndependent) {
  Trie a;
  ASSERT_TRUE(a.insert(to_bytes("x"), to_bytes("1")));
  Hash256 before = a.root_hash(StateVersion::kV0);
  Trie b = a;
  ASSERT_TRUE(b.insert(to_bytes("y"), to_bytes("2")));
  EXPECT_EQ(a.root_hash(StateVersion::kV0), before);
  EXPECT_NE(b.root_hash(StateVersion::kV0), before);
  EXPECT_EQ(a.get(to_bytes("y")).value(), std::nullopt);
}

TEST(Trie, ChurnCompactsArenasWithoutChangingContent) {
  std::mt19937_64 rng(8);
  Trie trie;
  Model model;
  for (int round = 0; round < 30; ++round) {
    for (int i = 0; i < 500; ++i) {
      Bytes k(3);  // 4096 keys: removals hit, overwrites leave garbage behind
      for (auto& b : k) b = static_cast<uint8_t>(rng() % 16);
      if (rng() % 2 == 0) {
        Bytes v(200, static_cast<uint8_t>(rng()));
        ASSERT_TRUE(trie.insert(k, v));
        model[k] = v;
      } else {
        ASSERT_EQ(trie.remove(k).value(), model.erase(k) != 0);
      }
    }
    ASSERT_EQ(trie.root_hash(StateVersion::kV1), fresh_root(model, StateVersion::kV1, round));
  }
  expect_same_content(trie, model);
}

TEST(Trie, ValuesReadFromTheTrieCanBeWrittenBack) {
  Trie trie;
  ASSERT_TRUE(trie.insert(to_bytes("a"), Bytes(100, 'v')));
  Trie::NodeId root = trie.root_node();
  ByteSpan v = trie.value(root);
  ASSERT_TRUE(trie.insert(to_bytes("b"), v));  // `v` points into the trie's own arena
  EXPECT_EQ(trie.get(to_bytes("b")).value(), Bytes(100, 'v'));
}

TEST(TrieChild, EmptyChildTrieRemovesItsRoot) {
  Trie main;
  Trie child;
  ASSERT_TRUE(child.insert(to_bytes("k"), to_bytes("v")));
  ASSERT_TRUE(store_child_root(main, to_bytes("c"), child, StateVersion::kV1));
  EXPECT_TRUE(main.contains(default_child_root_key(to_bytes("c"))).value());
  ASSERT_TRUE(child.remove(to_bytes("k")));
  auto root = store_child_root(main, to_bytes("c"), child, StateVersion::kV1);
  ASSERT_TRUE(root);
  EXPECT_EQ(*root, empty_trie_root(TrieHasher::kBlake2b256));
  EXPECT_TRUE(main.empty());
  EXPECT_TRUE(is_child_storage_key(to_bytes(":child_storage:default:c")));
  EXPECT_FALSE(is_child_storage_key(to_bytes(":code")));
  EXPECT_EQ(hex(default_child_root_key(to_bytes("c"))),
            "3a6368696c645f73746f726167653a64656661756c743a63");
}

}  // namespace
}  // namespace canary::state
