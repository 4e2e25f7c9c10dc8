// Storage proofs and trie-db compact proofs: hand-derived encodings for a known trie, random key
// sets (present and absent) under both versions, and proofs with missing, extra or tampered nodes,
// which must fail rather than answer wrongly.
#include "state/trie/proof.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "primitives/util/hex.hpp"
#include "state/trie/compact_proof.hpp"
#include "state/trie/trie.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using Model = std::map<Bytes, Bytes>;

using canary::test::hex;
using canary::test::unhex;

Bytes random_key(std::mt19937_64& rng) {
  static const uint8_t alphabet[] = {0x00, 0x01, 0x10, 0xab, 0xff};
  Bytes key(1 + rng() % 6);
  for (auto& b : key) b = alphabet[rng() % sizeof alphabet];
  return key;
}

Bytes random_value(std::mt19937_64& rng) {
  static const size_t sizes[] = {0, 1, 3, 32, 33, 80};
  Bytes value(sizes[rng() % 6]);
  for (auto& b : value) b = static_cast<uint8_t>(rng());
  return value;
}

Trie build(const Model& model) {
  Trie trie;
  for (const auto& [k, v] : model) EXPECT_TRUE(trie.insert(k, v));
  return trie;
}

std::optional<Bytes> expected(const Model& model, const Bytes& key) {
  auto it = model.find(key);
  return it == model.end() ? std::nullopt : std::optional<Bytes>(it->second);
}

// {foo → bar, foobar → baz}: the root is a branch with value "bar" whose child 6 is the inline leaf
// of "foobar". Written out by hand from docs/chap-state.md; its hash is smoldot's V0 vector.
constexpr std::string_view kFooRoot =
    "c6666f6f"
    "4000"
    "0c626172"
    "20"
    "450261720c62617a";
constexpr std::string_view kFooRootHash =
    "a61820b5fba9b01aee10b5bbd84aea80b8230318c5e8ca14b9a4940c76e09815";

Trie foo_trie() {
  return build({{to_bytes("foo"), to_bytes("bar")}, {to_bytes("foobar"), to_bytes("baz")}});
}

TEST(TrieProof, StorageProofOfAKnownTrie) {
  Trie trie = foo_trie();
  ASSERT_EQ(hex(trie.root_hash(StateVersion::kV0)), kFooRootHash);
  std::vector<Bytes> keys{to_bytes("foobar")};
  auto proof = generate_storage_proof(trie, keys, StateVersion::kV0);
  ASSERT_TRUE(proof);
  // The child is inline, so the root alone proves both keys and any absence.
  ASSERT_EQ(proof->size(), 1u);
  EXPECT_EQ(hex((*proof)[0]), kFooRoot);
  Hash256 root = from_hex_fixed<32>(kFooRootHash).value();
  EXPECT_EQ(read_proof(root, *proof, to_bytes("foobar")).value(), to_bytes("baz"));
  EXPECT_EQ(read_proof(root, *proof, to_bytes("foo")).value(), to_bytes("bar"));
  EXPECT_EQ(read_proof(root, *proof, to_bytes("fo")).value(), std::nullopt);
  EXPECT_EQ(read_proof(root, *proof, to_bytes("foob")).value(), std::nullopt);
  // Without the root nothing can be said.
  auto nothing = read_proof(root, std::vector<Bytes>{}, to_bytes("foo"));
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error(), ProofError::kIncompleteProof);
}

TEST(TrieProof, EmptyTrieNeedsNoProof) {
  Trie trie;
  std::vector<Bytes> keys{to_bytes("a")};
  auto proof = generate_storage_proof(trie, keys, StateVersion::kV1);
  ASSERT_TRUE(proof);
  EXPECT_TRUE(proof->empty());
  EXPECT_EQ(read_proof(empty_trie_root(TrieHasher::kBlake2b256), *proof, to_bytes("a")).value(),
            std::nullopt);
}

TEST(TrieProof, RandomStorageProofsReadBackAndFailWhenIncomplete) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    StateVersion version = seed % 2 == 0 ? StateVersion::kV0 : StateVersion::kV1;
    Model model;
    for (int i = 0; i < 300; ++i) model[random_key(rng)] = random_value(rng);
    Trie trie = build(model);
    Hash256 root = trie.root_hash(version);
    std::vector<Bytes> keys;
    for (int i = 0; i < 1 + static_cast<int>(rng() % 8); ++i) {
      if (rng() % 2 == 0) {
        auto it = model.begin();
        std::advance(it, rng() % model.size());
        keys.push_back(it->first);
      } else {
        keys.push_back(random_key(rng));  // often absent
      }
    }
    auto proof = generate_storage_proof(trie, keys, version);
    ASSERT_TRUE(proof);
    for (const Bytes& key : keys) {
      ASSERT_EQ(read_proof(root, *proof, key).value(), expected(model, key)) << hex(key);
    }
    auto all = read_proof(root, *proof, std::span<const Bytes>(keys));
    ASSERT_TRUE(all);
    // Every entry of the proof is needed by some key; without it that key fails, and no key ever
    // reads a wrong answer.
    for (size_t drop = 0; drop < proof->size(); ++drop) {
      std::vector<Bytes> partial = *proof;
      partial.erase(partial.begin() + static_cast<ptrdiff_t>(drop));
      size_t failed = 0;
      for (const Bytes& key : keys) {
        auto got = read_proof(root, partial, key);
        if (!got) {
          ++failed;
          EXPECT_EQ(got.error(), ProofError::kIncompleteProof);
        } else {
          ASSERT_EQ(*got, expected(model, key));
        }
      }
      EXPECT_GT(failed, 0u) << "proof entry " << drop << " was not needed";
    }
    // A tampered entry no longer matches its hash: it is as good as missing.
    for (size_t bad = 0; bad < proof->size(); ++bad) {
      std::vector<Bytes> tampered = *proof;
      tampered[bad][rng() % tampered[bad].size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      for (const Bytes& key : keys) {
        auto got = read_proof(root, tampered, key);
        if (got) ASSERT_EQ(*got, expected(model, key));
      }
    }
  }
}

TEST(TrieProof, HashedValuesMustBeInTheProof) {
  Model model{{to_bytes("big"), Bytes(100, 'x')}, {to_bytes("small"), to_bytes("y")}};
  Trie trie = build(model);
  Hash256 root = trie.root_hash(StateVersion::kV1);
  std::vector<Bytes> keys{to_bytes("big")};
  auto proof = generate_storage_proof(trie, keys, StateVersion::kV1);
  ASSERT_TRUE(proof);
  ASSERT_EQ(proof->size(), 3u);  // the root branch, the leaf of "big", the value
  EXPECT_EQ(read_proof(root, *proof, to_bytes("big")).value(), Bytes(100, 'x'));
  std::vector<Bytes> without_value;
  for (const Bytes& p : *proof) {
    if (p != Bytes(100, 'x')) without_value.push_back(p);
  }
  ASSERT_EQ(without_value.size(), 2u);
  auto got = read_proof(root, without_value, to_bytes("big"));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), ProofError::kIncompleteProof);
  // Under V0 the same key needs no separate value.
  Hash256 v0_root = trie.root_hash(StateVersion::kV0);
  auto v0_proof = generate_storage_proof(trie, keys, StateVersion::kV0);
  ASSERT_TRUE(v0_proof);
  EXPECT_EQ(v0_proof->size(), 2u);
  EXPECT_EQ(read_proof(v0_root, *v0_proof, to_bytes("big")).value(), Bytes(100, 'x'));
}

TEST(TrieProof, ProofsFromALazilyLoadedTrieMatch) {
  std::mt19937_64 rng(4);
  Model model;
  for (int i = 0; i < 500; ++i) model[random_key(rng)] = random_value(rng);
  Trie trie = build(model);
  MemoryNodeStore store;
  Hash256 root = trie.root_hash(StateVersion::kV1, &store);
  Trie lazy = Trie::open(root, store);
  std::vector<Bytes> keys{model.begin()->first, model.rbegin()->first, Bytes{0x10, 0x10, 0x99}};
  auto a = generate_storage_proof(trie, keys, StateVersion::kV1);
  auto b = generate_storage_proof(lazy, keys, StateVersion::kV1);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  std::sort(a->begin(), a->end());
  std::sort(b->begin(), b->end());
  EXPECT_EQ(*a, *b);
}

// --- Compact proofs (trie-db format) --------------------------------------------------------

std::vector<std::string> hex_all(const std::vector<Bytes>& nodes) {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (const Bytes& n : nodes) out.push_back(hex(n));
  return out;
}

TEST(TrieProof, CompactProofOfAKnownTrie) {
  // Derived by hand from trie-db proof/generate.rs: a proven branch value is dropped (the branch
  // becomes "without value", 0x86), a proven leaf value becomes empty inline, and an inline child
  // on the path appears in that compact form.
  Trie trie = foo_trie();
  Hash256 root = from_hex_fixed<32>(kFooRootHash).value();
  auto only_foo =
      generate_compact_proof(trie, std::vector<Bytes>{to_bytes("foo")}, StateVersion::kV0);
  ASSERT_TRUE(only_foo);
  EXPECT_EQ(hex_all(*only_foo), std::vector<std::string>{"86666f6f4000"
                                                         "20"
                                                         "450261720c62617a"});
  auto only_foobar =
      generate_compact_proof(trie, std::vector<Bytes>{to_bytes("foobar")}, StateVersion::kV0);
  ASSERT_TRUE(only_foobar);
  EXPECT_EQ(hex_all(*only_foobar), std::vector<std::string>{"c6666f6f4000"
                                                            "0c626172"
                                                            "14"
                                                            "4502617200"});
  auto both = generate_compact_proof(trie, std::vector<Bytes>{to_bytes("foobar"), to_bytes("foo")},
                                     StateVersion::kV0);
  ASSERT_TRUE(both);
  EXPECT_EQ(hex_all(*both), std::vector<std::string>{"86666f6f4000"
                                                     "14"
                                                     "4502617200"});

  EXPECT_TRUE(verify_proof(root, *only_foo, to_bytes("foo"), to_bytes("bar"), StateVersion::kV0));
  EXPECT_FALSE(verify_proof(root, *only_foo, to_bytes("foo"), to_bytes("baz"), StateVersion::kV0));
  EXPECT_TRUE(
      verify_proof(root, *only_foobar, to_bytes("foobar"), to_bytes("baz"), StateVersion::kV0));
  // A proof for one key does not prove another.
  EXPECT_FALSE(
      verify_proof(root, *only_foo, to_bytes("foobar"), to_bytes("baz"), StateVersion::kV0));
  Bytes foo = to_bytes("foo"), bar = to_bytes("bar"), foobar = to_bytes("foobar"),
        baz = to_bytes("baz");
  ProofItem items[] = {{foo, ByteSpan(bar)}, {foobar, ByteSpan(baz)}};
  EXPECT_TRUE(verify_compact_proof(root, *both, items, StateVersion::kV0));
  items[1] = {foobar, std::nullopt};
  auto absent = verify_compact_proof(root, *both, items, StateVersion::kV0);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error(), CompactProofError::kValueMismatch);
}

TEST(TrieProof, CompactProofStatementChecks) {
  Trie trie = foo_trie();
  Hash256 root = trie.root_hash(StateVersion::kV0);
  Bytes foo = to_bytes("foo"), bar = to_bytes("bar");
  auto proof = generate_compact_proof(trie, std::vector<Bytes>{foo}, StateVersion::kV0);
  ASSERT_TRUE(proof);
  ProofItem twice[] = {{foo, ByteSpan(bar)}, {foo, ByteSpan(bar)}};
  EXPECT_EQ(verify_compact_proof(root, *proof, twice, StateVersion::kV0).error(),
            CompactProofError::kDuplicateKey);
  EXPECT_TRUE(verify_compact_proof(root, {}, {}, StateVersion::kV0));
  EXPECT_EQ(verify_compact_proof(root, *proof, {}, StateVersion::kV0).error(),
            CompactProofError::kExtraneousNode);
  ProofItem one[] = {{foo, ByteSpan(bar)}};
  EXPECT_EQ(verify_compact_proof(root, {}, one, StateVersion::kV0).error(),
            CompactProofError::kIncompleteProof);
  std::vector<Bytes> extra = *proof;
  extra.push_back(unhex("42310431"));
  EXPECT_EQ(verify_compact_proof(root, extra, one, StateVersion::kV0).error(),
            CompactProofError::kExtraneousNode);
  // The full (non-compact) root node still carries the value: not a compact proof.
  std::vector<Bytes> full{unhex(kFooRoot)};
  EXPECT_EQ(verify_compact_proof(root, full, one, StateVersion::kV0).error(),
            CompactProofError::kExtraneousValue);
  // The empty trie: its proof is the empty node.
  Trie empty;
  auto empty_proof = generate_compact_proof(empty, std::vector<Bytes>{foo}, StateVersion::kV1);
  ASSERT_TRUE(empty_proof);
  EXPECT_EQ(hex_all(*empty_proof), std::vector<std::string>{"00"});
  ProofItem absent[] = {{foo, std::nullopt}};
  EXPECT_TRUE(verify_compact_proof(empty_trie_root(TrieHasher::kBlake2b256), *empty_proof, absent,
                                   StateVersion::kV1));
}

TEST(TrieProof, RandomCompactProofsVerifyAndRejectTampering) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    std::mt19937_64 rng(seed);
    StateVersion version = seed % 2 == 0 ? StateVersion::kV0 : StateVersion::kV1;
    TrieHasher hasher = seed % 5 == 0 ? TrieHasher::kKeccak256 : TrieHasher::kBlake2b256;
    Model model;
    for (int i = 0; i < 200; ++i) model[random_key(rng)] = random_value(rng);
    Trie trie(hasher);
    for (const auto& [k, v] : model) ASSERT_TRUE(trie.insert(k, v));
    Hash256 root = trie.root_hash(version);

    std::vector<Bytes> keys;
    for (int i = 0; i < 1 + static_cast<int>(rng() % 6); ++i) {
      if (rng() % 2 == 0) {
        auto it = model.begin();
        std::advance(it, rng() % model.size());
        keys.push_back(it->first);
      } else {
        keys.push_back(random_key(rng));
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    auto proof = generate_compact_proof(trie, keys, version);
    ASSERT_TRUE(proof);
    std::vector<std::optional<Bytes>> values;
    values.reserve(keys.size());
    for (const Bytes& k : keys) values.push_back(expected(model, k));
    std::vector<ProofItem> items;
    items.reserve(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      items.push_back({keys[i], values[i] ? std::optional<ByteSpan>(*values[i]) : std::nullopt});
    }
    auto ok = verify_compact_proof(root, *proof, items, version, hasher);
    ASSERT_TRUE(ok) << "seed " << seed << ": " << to_string(ok.error());
    // The host function's single-claim form, on a proof of that key alone.
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!values[i].has_value()) continue;
      auto single = generate_compact_proof(trie, std::span<const Bytes>(&keys[i], 1), version);
      ASSERT_TRUE(single);
      EXPECT_TRUE(verify_proof(root, *single, keys[i], *values[i], version, hasher));
    }

    // Any wrong claim fails.
    Bytes other = to_bytes("not the value");
    for (size_t i = 0; i < items.size(); ++i) {
      std::vector<ProofItem> wrong = items;
      wrong[i].value = items[i].value ? std::nullopt : std::optional<ByteSpan>(other);
      EXPECT_FALSE(verify_compact_proof(root, *proof, wrong, version, hasher)) << seed;
      if (items[i].value) {
        wrong[i].value = ByteSpan(other);
        EXPECT_FALSE(verify_compact_proof(root, *proof, wrong, version, hasher)) << seed;
      }
    }
    // The other version lays long values out differently.
    bool has_long = false;
    for (const auto& v : values) has_long = has_long || (v && v->size() >= 33);
    if (has_long) {
      StateVersion other_version =
          version == StateVersion::kV0 ? StateVersion::kV1 : StateVersion::kV0;
      EXPECT_FALSE(verify_compact_proof(root, *proof, items, other_version, hasher));
    }
    // Missing, extra, reordered or tampered nodes fail.
    if (proof->size() > 1) {
      std::vector<Bytes> shorter(proof->begin(), proof->end() - 1);
      EXPECT_FALSE(verify_compact_proof(root, shorter, items, version, hasher));
      std::vector<Bytes> swapped = *proof;
      std::swap(swapped.front(), swapped.back());
      EXPECT_FALSE(verify_compact_proof(root, swapped, items, version, hasher));
    }
    std::vector<Bytes> longer = *proof;
    longer.push_back(proof->back());
    EXPECT_FALSE(verify_compact_proof(root, longer, items, version, hasher));
    for (size_t bad = 0; bad < proof->size(); ++bad) {
      std::vector<Bytes> tampered = *proof;
      tampered[bad][rng() % tampered[bad].size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      EXPECT_FALSE(verify_compact_proof(root, tampered, items, version, hasher)) << seed;
    }
  }
}

}  // namespace
}  // namespace canary::state
