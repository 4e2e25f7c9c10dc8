// sp_trie CompactProof (state/trie/compact_storage_proof.hpp), the proof recorder and the proving
// backend: a hand-derived encoding, random states with child tries whose full and partial proofs
// survive the round trip exactly, the decoder's refusals, and what the recorder sees (and must
// not see) of reads.
#include "state/trie/compact_storage_proof.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/proving_backend.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/recording_node_store.hpp"
#include "state/trie/trie.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using Model = std::map<Bytes, Bytes>;

using canary::test::unhex;

struct State {
  MemoryNodeStore store;
  Hash256 root{};
};

// The main trie of `top` holding the roots of `children` (unprefixed names), all in one store.
State build_state(const Model& top, const std::map<Bytes, Model>& children,
                  StateVersion version = StateVersion::kV1) {
  State s;
  Trie main;
  for (const auto& [k, v] : top) EXPECT_TRUE(main.insert(k, v));
  for (const auto& [name, model] : children) {
    Trie child;
    for (const auto& [k, v] : model) EXPECT_TRUE(child.insert(k, v));
    const Hash256 root = child.root_hash(version, &s.store);
    EXPECT_TRUE(main.insert(default_child_root_key(name), root));
  }
  s.root = main.root_hash(version, &s.store);
  return s;
}

std::set<Bytes> contents(const MemoryNodeStore& store) {
  std::set<Bytes> out;
  for (const auto& [hash, bytes] : store.nodes()) out.insert(bytes);
  return out;
}

Bytes random_bytes(std::mt19937_64& rng, size_t size) {
  Bytes out(size);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

Model random_model(std::mt19937_64& rng, size_t entries) {
  static const size_t value_sizes[] = {0, 1, 5, 32, 33, 100};
  Model model;
  for (size_t i = 0; i < entries; ++i) {
    model[random_bytes(rng, 1 + rng() % 5)] = random_bytes(rng, value_sizes[rng() % 6]);
  }
  return model;
}

TEST(CompactStorageProof, HandDerivedEncoding) {
  // {10 → 40 × aa (a V1 hashed value), 20 → "x"}: a root branch with the leaf of 10 by hash and
  // the 4-byte leaf of 20 inline.
  const Bytes big(40, 0xaa);
  State s = build_state({{Bytes{0x10}, big}, {Bytes{0x20}, to_bytes("x")}}, {});
  ASSERT_EQ(s.store.size(), 3u);  // root, the leaf of 10, its value
  auto entries = encode_compact_storage_proof(s.root, s.store);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 3u);
  // The root with child 1 omitted (00) and child 2 inline (10 ‖ 41 00 04 78).
  EXPECT_EQ((*entries)[0], unhex("80060000104100"
                                 "0478"));
  // The leaf of 10, escaped, its value replaced by an empty inline value; then the value.
  EXPECT_EQ((*entries)[1], unhex("01410000"));
  EXPECT_EQ((*entries)[2], big);

  auto decoded = decode_compact_storage_proof(*entries, s.root);
  ASSERT_TRUE(decoded) << to_string(decoded.error());
  EXPECT_EQ(decoded->root, s.root);
  EXPECT_EQ(contents(decoded->nodes), contents(s.store));
}

TEST(CompactStorageProof, FullStatesWithChildTriesRoundTrip) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 40; ++round) {
    std::map<Bytes, Model> children;
    const size_t child_count = rng() % 4;
    for (size_t i = 0; i < child_count; ++i) {
      children[random_bytes(rng, 1 + rng() % 3)] = random_model(rng, 1 + rng() % 30);
    }
    const StateVersion version = round % 2 == 0 ? StateVersion::kV1 : StateVersion::kV0;
    State s = build_state(random_model(rng, 1 + rng() % 60), children, version);
    auto entries = encode_compact_storage_proof(s.root, s.store);
    ASSERT_TRUE(entries);
    // The compact form leaves out one hash per stored node but the root.
    size_t storage_proof_bytes = 0;
    for (const auto& [hash, bytes] : s.store.nodes()) storage_proof_bytes += bytes.size();
    size_t compact_bytes = 0;
    for (const Bytes& e : *entries) compact_bytes += e.size();
    EXPECT_LE(compact_bytes, storage_proof_bytes);
    auto decoded = decode_compact_storage_proof(*entries, s.root);
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(contents(decoded->nodes), contents(s.store)) << "round " << round;
  }
}

TEST(CompactStorageProof, RecordedPartialProofsRoundTripAndProveTheReads) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 40; ++round) {
    std::map<Bytes, Model> children;
    for (size_t i = 0; i < 3; ++i) children[random_bytes(rng, 2)] = random_model(rng, 20);
    const Model top = random_model(rng, 80);
    State s = build_state(top, children);

    // Reads of a few main-trie keys (present and absent) and of one child trie.
    RecordingNodeStore recorder(s.store);
    TrieBackend backend(s.root, recorder);
    std::vector<Bytes> keys;
    for (int i = 0; i < 5; ++i) {
      auto it = top.begin();
      std::advance(it, static_cast<ptrdiff_t>(rng() % top.size()));
      keys.push_back(rng() % 4 == 0 ? random_bytes(rng, 3) : it->first);
    }
    for (const Bytes& key : keys) ASSERT_TRUE(backend.get(std::nullopt, key));
    const auto& [name, child_model] = *children.begin();
    const Bytes child_key = child_model.begin()->first;
    ASSERT_TRUE(backend.get(ByteSpan(name), child_key));

    auto entries = encode_compact_storage_proof(s.root, recorder.recorded());
    ASSERT_TRUE(entries);
    auto decoded = decode_compact_storage_proof(*entries, s.root);
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(contents(decoded->nodes), contents(recorder.recorded()));

    // What was read can be read back from the decoded proof alone.
    const std::vector<Bytes> proof = recorder.proof();
    for (const Bytes& key : keys) {
      auto value = read_proof(s.root, proof, key);
      ASSERT_TRUE(value);
      auto it = top.find(key);
      EXPECT_EQ(*value, it == top.end() ? std::nullopt : std::optional<Bytes>(it->second));
    }
    TrieBackend from_proof(decoded->root, decoded->nodes);
    auto child_value = from_proof.get(ByteSpan(name), child_key);
    ASSERT_TRUE(child_value);
    EXPECT_EQ(*child_value, std::optional<Bytes>(child_model.begin()->second));
  }
}

TEST(CompactStorageProof, AChildRootWithoutItsTrieInTheProofIsPassedOver) {
  State s = build_state({{to_bytes("a"), to_bytes("1")}},
                        {{to_bytes("one"), {{to_bytes("k"), Bytes(40, 1)}}},
                         {to_bytes("two"), {{to_bytes("k"), Bytes(40, 2)}}}});
  // Every main-trie node, and only the second child trie.
  RecordingNodeStore recorder(s.store);
  TrieBackend backend(s.root, recorder);
  ASSERT_TRUE(backend.get(std::nullopt, default_child_root_key(to_bytes("one"))));
  ASSERT_TRUE(backend.get(ByteSpan(to_bytes("two")), to_bytes("k")));
  ASSERT_TRUE(backend.get(std::nullopt, to_bytes("a")));
  auto entries = encode_compact_storage_proof(s.root, recorder.recorded());
  ASSERT_TRUE(entries);
  auto decoded = decode_compact_storage_proof(*entries, s.root);
  ASSERT_TRUE(decoded) << to_string(decoded.error());
  EXPECT_EQ(contents(decoded->nodes), contents(recorder.recorded()));
}

TEST(CompactStorageProof, RefusesBrokenProofs) {
  State s = build_state({{Bytes{0x10}, Bytes(40, 0xaa)}, {Bytes{0x20}, to_bytes("x")}},
                        {{to_bytes("c"), {{to_bytes("k"), Bytes(50, 3)}}}});
  auto entries = encode_compact_storage_proof(s.root, s.store);
  ASSERT_TRUE(entries);
  ASSERT_TRUE(decode_compact_storage_proof(*entries, s.root));

  // Another root expected.
  EXPECT_EQ(decode_compact_storage_proof(*entries, Hash256{}).error(),
            CompactStorageProofError::kRootMismatch);
  // Cut short: inside the main trie, and inside the child trie.
  std::vector<Bytes> cut(entries->begin(), entries->begin() + 1);
  EXPECT_EQ(decode_compact_storage_proof(cut).error(), CompactStorageProofError::kIncompleteProof);
  cut.assign(entries->begin(), entries->end() - 1);
  EXPECT_FALSE(decode_compact_storage_proof(cut, s.root));
  // An entry too many.
  std::vector<Bytes> extra = *entries;
  extra.push_back(unhex("410000"));
  EXPECT_FALSE(decode_compact_storage_proof(extra, s.root));
  // Garbage for a node.
  std::vector<Bytes> garbage = *entries;
  garbage[0] = unhex("ff");
  EXPECT_EQ(decode_compact_storage_proof(garbage).error(), CompactStorageProofError::kInvalidNode);
  // An escaped node that does not have the empty value in place of its hash.
  std::vector<Bytes> escaped = {unhex("01410004"
                                      "78"),
                                to_bytes("x")};
  EXPECT_EQ(decode_compact_storage_proof(escaped).error(), CompactStorageProofError::kInvalidNode);
  // The main trie's root missing from a storage proof.
  EXPECT_EQ(encode_compact_storage_proof(Hash256{}, s.store).error(),
            CompactStorageProofError::kIncompleteProof);

  // A second partial trie that is no child trie of the main trie.
  State other = build_state({{to_bytes("z"), Bytes(40, 9)}}, {});
  State plain = build_state({{to_bytes("a"), to_bytes("1")}}, {});
  auto main_only = encode_compact_storage_proof(plain.root, plain.store);
  auto stray = encode_compact_storage_proof(other.root, other.store);
  ASSERT_TRUE(main_only && stray);
  std::vector<Bytes> joined = *main_only;
  joined.insert(joined.end(), stray->begin(), stray->end());
  EXPECT_EQ(decode_compact_storage_proof(joined).error(),
            CompactStorageProofError::kExtraneousNode);

  // A child trie entry that holds no 32-byte root.
  State bad = build_state({{default_child_root_key(to_bytes("c")), Bytes(5, 1)}}, {});
  EXPECT_EQ(encode_compact_storage_proof(bad.root, bad.store).error(),
            CompactStorageProofError::kInvalidChildRoot);
}

TEST(CompactStorageProof, EmptyTrie) {
  MemoryNodeStore none;
  const Hash256 empty = empty_trie_root(TrieHasher::kBlake2b256);
  auto entries = encode_compact_storage_proof(empty, none);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, std::vector<Bytes>{Bytes{0x00}});
  auto decoded = decode_compact_storage_proof(*entries, empty);
  ASSERT_TRUE(decoded);
}

TEST(RecordingNodeStore, RecordsEachElementOnceInByteOrder) {
  std::mt19937_64 rng(3);
  State s = build_state(random_model(rng, 200), {});
  RecordingNodeStore recorder(s.store);
  Trie trie = Trie::open(s.root, recorder);
  Bytes key;
  for (int i = 0; i < 50; ++i) {
    auto next = trie.next_key(key);
    ASSERT_TRUE(next && *next);
    key = **next;
    ASSERT_TRUE(trie.get(key));
  }
  // Another trie reading a key already read loads nothing new.
  Trie again = Trie::open(s.root, recorder);
  const size_t before = recorder.recorded().size();
  ASSERT_TRUE(again.get(key));
  EXPECT_EQ(recorder.recorded().size(), before);

  const std::vector<Bytes> proof = recorder.proof();
  EXPECT_TRUE(std::is_sorted(proof.begin(), proof.end()));
  EXPECT_EQ(std::set<Bytes>(proof.begin(), proof.end()).size(), proof.size());
  EXPECT_EQ(recorder.encoded_size(), scale::encode(proof).size());
}

TEST(ProvingBackend, ExistsRecordsTheValueAndReadsBeforeRecordingStayOut) {
  const Bytes big(100, 0x55);  // hashed under V1
  State s = build_state({{to_bytes(":code"), Bytes(5000, 1)},
                         {to_bytes(":heappages"), Bytes(8, 0)},
                         {to_bytes("big"), big},
                         {to_bytes("other"), Bytes(30, 7)}},  // its leaf is stored by hash
                        {{to_bytes("kid"), {{to_bytes("k"), to_bytes("child value")}}}});
  ProvingBackend backend(s.root, s.store);
  OverlayedChanges overlay(backend);
  // What a runtime session reads first, unrecorded.
  auto code = overlay.get(to_bytes(":code"));
  ASSERT_TRUE(code && *code);
  backend.start_recording();
  EXPECT_EQ(backend.recorder().recorded().size(), 0u);

  auto exists = overlay.exists(to_bytes("big"));
  ASSERT_TRUE(exists);
  EXPECT_TRUE(*exists);
  auto child = overlay.child_get(to_bytes("kid"), to_bytes("k"));
  ASSERT_TRUE(child && *child);

  const std::vector<Bytes> proof = backend.recorder().proof();
  // The hashed value exists() looked at is in the proof; :code is not.
  EXPECT_TRUE(std::find(proof.begin(), proof.end(), big) != proof.end());
  EXPECT_TRUE(std::find(proof.begin(), proof.end(), Bytes(5000, 1)) == proof.end());
  // The proof alone answers the reads, root node included although the unrecorded read of
  // :code loaded it first.
  auto proven = read_proof(s.root, proof, std::vector<Bytes>{to_bytes("big")});
  ASSERT_TRUE(proven);
  EXPECT_EQ((*proven)[0], std::optional<Bytes>(big));
  MemoryNodeStore only;
  for (const Bytes& node : proof) only.insert(node);
  TrieBackend verifier(s.root, only);
  auto again = verifier.get(ByteSpan(to_bytes("kid")), to_bytes("k"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, std::optional<Bytes>(to_bytes("child value")));
  // A read nobody proved fails from the proof, never answers "absent".
  EXPECT_FALSE(verifier.get(std::nullopt, to_bytes("other")));
}

}  // namespace
}  // namespace canary::state
