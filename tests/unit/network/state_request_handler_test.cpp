// The `/state/2` server (network/protocols/state_request_handler.hpp) over in-memory states read
// through TrieStateReader: a client that downloads the whole state piece by piece, as Substrate's
// state sync does (the next start from the last keys it got), gets every entry of the main trie
// and of each child trie, with entries or with compact proofs it verifies against the state root;
// the size bounds, child tries with identical roots, and Substrate's refusals.
#include "network/protocols/state_request_handler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "network/protocols/trie_state_reader.hpp"
#include "primitives/scale/scale.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/compact_storage_proof.hpp"
#include "state/trie/trie.hpp"

namespace canary::network {
namespace {

using Model = std::map<Bytes, Bytes>;

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

Bytes random_bytes(std::mt19937_64& rng, size_t size) {
  Bytes out(size);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// A block's state: `top` plus the default child tries of `children` (unprefixed names), whose
// roots `top` gets.
class MemoryStateSource final : public StateSource {
 public:
  MemoryStateSource(Model top, const std::map<Bytes, Model>& children) : top_(std::move(top)) {
    state::Trie main;
    for (const auto& [name, model] : children) {
      state::Trie child;
      for (const auto& [k, v] : model) EXPECT_TRUE(child.insert(k, v));
      const Hash256 root = child.root_hash(state::StateVersion::kV1, &store_);
      top_[state::default_child_root_key(name)] = Bytes(root.begin(), root.end());
      child_models_[Bytes(root.begin(), root.end())] = model;
    }
    for (const auto& [k, v] : top_) EXPECT_TRUE(main.insert(k, v));
    root_ = main.root_hash(state::StateVersion::kV1, &store_);
    block_.fill(7);
  }

  Result<std::unique_ptr<StateReader>, StateSourceError> open(const block::BlockHash& block,
                                                              bool record) override {
    if (block != block_) return unexpected(StateSourceError{"unknown block"});
    return std::unique_ptr<StateReader>(std::make_unique<TrieStateReader>(root_, store_, record));
  }

  const Model& top() const { return top_; }
  // Child tries by root.
  const std::map<Bytes, Model>& children() const { return child_models_; }
  const Hash256& root() const { return root_; }
  const block::BlockHash& block() const { return block_; }

 private:
  Model top_;
  std::map<Bytes, Model> child_models_;
  state::MemoryNodeStore store_;
  Hash256 root_{};
  block::BlockHash block_{};
};

MemoryStateSource random_state(uint64_t seed, size_t top_entries, size_t child_tries) {
  std::mt19937_64 rng(seed);
  static const size_t value_sizes[] = {0, 1, 7, 32, 33, 120};
  Model top;
  for (size_t i = 0; i < top_entries; ++i) {
    top[random_bytes(rng, 1 + rng() % 6)] = random_bytes(rng, value_sizes[rng() % 6]);
  }
  // Keys around and under ":child_storage:" too, so that child tries sit between other keys.
  top[text(":child")] = text("before the child tries");
  top[text(":d")] = text("after them");
  std::map<Bytes, Model> children;
  for (size_t c = 0; c < child_tries; ++c) {
    Model child;
    const size_t n = 1 + rng() % 40;
    for (size_t i = 0; i < n; ++i) {
      child[random_bytes(rng, 1 + rng() % 4)] = random_bytes(rng, value_sizes[rng() % 6]);
    }
    Bytes name = text("child-");
    const Bytes suffix = random_bytes(rng, 2);
    name.insert(name.end(), suffix.begin(), suffix.end());
    children[name] = child;
  }
  return MemoryStateSource(std::move(top), children);
}

// sp-state-machine read_range_proof_check_with_child_on_proving_backend: the entries a compact
// proof holds from `start` on, each trie walked until the proof lacks a node.
std::vector<KeyValueStateEntry> verify_range(const state::DecodedStorageProof& proof,
                                             const std::vector<Bytes>& start) {
  TrieStateReader reader(proof.root, proof.nodes, false);
  // Walks one trie from `start_at` (exclusive; none: from its first key, the empty key included);
  // `visit` may stop it. Returns whether the trie's end was reached.
  auto walk = [&](std::optional<ByteSpan> trie, std::optional<Bytes> start_at, auto&& visit) {
    Bytes cursor = start_at.value_or(Bytes{});
    if (!start_at) {
      auto empty = reader.get(trie, Bytes{});
      if (!empty) return false;
      if (*empty && !visit(Bytes{}, **empty)) return false;
    }
    for (;;) {
      auto next = reader.next_key(trie, cursor);
      if (!next) return false;
      if (!*next) return true;
      auto value = reader.get(trie, **next);
      if (!value || !*value) return false;
      cursor = **next;
      if (!visit(cursor, **value)) return false;
    }
  };
  std::vector<KeyValueStateEntry> out(1);
  std::set<Bytes> roots;
  auto child_walk = [&](const Bytes& key, const Bytes& root, std::optional<Bytes> from) {
    KeyValueStateEntry entry{root, {}, false};
    entry.complete = walk(ByteSpan(key), std::move(from), [&](const Bytes& k, const Bytes& v) {
      entry.entries.push_back({k, v});
      return true;
    });
    out.push_back(std::move(entry));
    return out.back().complete;
  };
  std::optional<Bytes> top_from;
  if (start.size() == 2) {
    auto root = reader.get(std::nullopt, start[0]);
    EXPECT_TRUE(root && *root);
    roots.insert(**root);
    if (!child_walk(start[0], **root, start[1])) return out;
    top_from = start[0];
  } else if (start.size() == 1) {
    top_from = start[0];
  }
  out[0].complete = walk(std::nullopt, top_from, [&](const Bytes& k, const Bytes& v) {
    out[0].entries.push_back({k, v});
    if (k.size() >= 15 && std::equal(k.begin(), k.begin() + 15, text(":child_storage:").begin()) &&
        roots.insert(v).second) {
      return child_walk(k, v, std::nullopt);
    }
    return true;
  });
  return out;
}

struct Downloaded {
  Model top;
  std::map<Bytes, Model> children;  // by root
  int responses = 0;
};

// Substrate's state sync (sc-network-sync strategy/state_sync.rs, KeyValueStates::update_last_key):
// requests until the main trie is complete, each starting after the last keys received.
Downloaded download(MemoryStateSource& source, bool with_proof, size_t max_bytes) {
  Downloaded got;
  std::vector<Bytes> start;
  for (;;) {
    EXPECT_LT(got.responses, 100000);
    if (got.responses >= 100000) return got;
    StateRequest request{source.block(), start, !with_proof};
    auto response = build_state_response(request, source, max_bytes);
    EXPECT_TRUE(response);
    if (!response) return got;
    ++got.responses;
    std::vector<KeyValueStateEntry> entries;
    if (with_proof) {
      EXPECT_TRUE(response->entries.empty());
      auto nodes = scale::decode<std::vector<Bytes>>(response->proof);
      EXPECT_TRUE(nodes);
      auto decoded = state::decode_compact_storage_proof(*nodes, source.root());
      EXPECT_TRUE(decoded);
      if (!decoded) return got;
      entries = verify_range(*decoded, start);
    } else {
      EXPECT_TRUE(response->proof.empty());
      entries = std::move(response->entries);
    }
    EXPECT_FALSE(entries.empty());
    std::optional<Bytes> last_top;
    for (const StateEntry& e : entries[0].entries) got.top[e.key] = e.value;
    if (!entries[0].entries.empty()) last_top = entries[0].entries.back().key;
    for (size_t i = 1; i < entries.size(); ++i) {
      for (const StateEntry& e : entries[i].entries) {
        got.children[entries[i].state_root][e.key] = e.value;
      }
    }
    const KeyValueStateEntry& last = entries.back();
    if (entries.size() > 1 && !last.complete) {
      // Inside a child trie: its key, then the last key in it.
      const Bytes top_key = last_top ? *last_top : start.at(0);
      EXPECT_FALSE(last.entries.empty());
      start = {top_key, last.entries.back().key};
    } else if (entries[0].complete) {
      return got;
    } else {
      if (last_top) {
        start = {*last_top};
      } else {
        start.resize(1);  // a child trie finished: on with the main trie after its key
      }
    }
  }
}

TEST(StateRequestHandler, DownloadsAWholeStateWithoutProofs) {
  for (size_t max_bytes : {size_t{1}, size_t{64}, size_t{1000}, kMaxStateResponseBytes}) {
    SCOPED_TRACE(max_bytes);
    MemoryStateSource source = random_state(1, 300, 3);
    Downloaded got = download(source, false, max_bytes);
    EXPECT_EQ(got.top, source.top());
    EXPECT_EQ(got.children, source.children());
    if (max_bytes == kMaxStateResponseBytes) {
      EXPECT_EQ(got.responses, 1);
    } else {
      EXPECT_GT(got.responses, 3);
    }
  }
}

TEST(StateRequestHandler, DownloadsAWholeStateWithCompactProofs) {
  for (size_t max_bytes : {size_t{1}, size_t{600}, size_t{5000}, kMaxStateResponseBytes}) {
    SCOPED_TRACE(max_bytes);
    MemoryStateSource source = random_state(2, 300, 3);
    Downloaded got = download(source, true, max_bytes);
    EXPECT_EQ(got.top, source.top());
    EXPECT_EQ(got.children, source.children());
    if (max_bytes == kMaxStateResponseBytes) {
      EXPECT_EQ(got.responses, 1);
    } else {
      EXPECT_GT(got.responses, 1);
    }
  }
}

TEST(StateRequestHandler, EntriesStayWithinTheBudgetButEachSegmentHasOne) {
  MemoryStateSource source({{text("a"), Bytes(10, 1)},
                            {text("b"), Bytes(5000, 2)},
                            {text("c"), Bytes(10, 3)},
                            {text("d"), Bytes(10, 4)}},
                           {});
  auto first = build_state_response({source.block(), {}, true}, source, 100);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->entries.size(), 1u);
  EXPECT_EQ(first->entries[0].entries.size(), 1u);  // "b" would overflow
  EXPECT_FALSE(first->entries[0].complete);
  // The large value alone is still sent.
  auto second = build_state_response({source.block(), {text("a")}, true}, source, 100);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->entries[0].entries.size(), 1u);
  EXPECT_EQ(second->entries[0].entries[0].key, text("b"));
  auto rest = build_state_response({source.block(), {text("b")}, true}, source, 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->entries[0].entries.size(), 2u);
  EXPECT_TRUE(rest->entries[0].complete);
}

TEST(StateRequestHandler, ChildTriesWithTheSameRootAreWalkedOnce) {
  const Model same = {{text("k1"), text("v1")}, {text("k2"), Bytes(40, 2)}};
  MemoryStateSource source({{text("x"), text("y")}}, {{text("one"), same}, {text("two"), same}});
  auto response = build_state_response({source.block(), {}, true}, source);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->entries.size(), 2u);
  EXPECT_EQ(response->entries[0].entries.size(), 3u);  // both child keys and "x"
  EXPECT_TRUE(response->entries[0].complete);
  EXPECT_EQ(response->entries[1].entries.size(), 2u);
  EXPECT_TRUE(response->entries[1].complete);
}

TEST(StateRequestHandler, TheEmptyKeyAsSubstrateWalksIt) {
  MemoryStateSource source({{Bytes{}, text("empty key")}, {text("a"), text("1")}}, {});
  // The entry walk starts strictly after the empty start key...
  auto entries = build_state_response({source.block(), {}, true}, source);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->entries[0].entries.size(), 1u);
  EXPECT_EQ(entries->entries[0].entries[0].key, text("a"));
  // ... the proof walk from the beginning of the trie, which holds it.
  auto proven = build_state_response({source.block(), {}, false}, source);
  ASSERT_TRUE(proven);
  auto nodes = scale::decode<std::vector<Bytes>>(proven->proof);
  ASSERT_TRUE(nodes);
  auto decoded = state::decode_compact_storage_proof(*nodes, source.root());
  ASSERT_TRUE(decoded);
  auto got = verify_range(*decoded, {});
  ASSERT_EQ(got[0].entries.size(), 2u);
  EXPECT_EQ(got[0].entries[0].key, Bytes{});
}

TEST(StateRequestHandler, Refusals) {
  MemoryStateSource source = random_state(3, 50, 1);
  const Bytes child_key = state::default_child_root_key(text("absent"));
  for (bool no_proof : {true, false}) {
    SCOPED_TRACE(no_proof);
    block::BlockHash unknown{};
    EXPECT_EQ(build_state_response({unknown, {}, no_proof}, source).error(),
              StateRequestRefusal::kUnavailable);
    // Two start keys: the first must be an existing default child trie's.
    EXPECT_EQ(
        build_state_response({source.block(), {text(":d"), text("x")}, no_proof}, source).error(),
        StateRequestRefusal::kInvalidStart);
    EXPECT_EQ(
        build_state_response({source.block(), {child_key, text("x")}, no_proof}, source).error(),
        StateRequestRefusal::kInvalidStart);
    EXPECT_EQ(
        build_state_response({source.block(), {text("a"), text("b"), text("c")}, no_proof}, source)
            .error(),
        StateRequestRefusal::kInvalidStart);
  }
  // A child trie of another type than the default one cannot be walked.
  MemoryStateSource odd({{text(":child_storage:other:x"), Bytes(32, 1)}}, {});
  EXPECT_EQ(build_state_response({odd.block(), {}, true}, odd).error(),
            StateRequestRefusal::kInvalidStart);
  EXPECT_EQ(build_state_response({odd.block(), {}, false}, odd).error(),
            StateRequestRefusal::kInvalidStart);
  // Bytes that are not a request.
  EXPECT_EQ(serve_state_request(Bytes{0xff}, source).error(), StateRequestRefusal::kMalformed);
}

TEST(StateRequestHandler, BytesInBytesOut) {
  MemoryStateSource source = random_state(4, 20, 1);
  auto served =
      serve_state_request(encode_state_request(StateRequest{source.block(), {}, true}), source);
  ASSERT_TRUE(served);
  auto decoded = decode_state_response(*served);
  ASSERT_TRUE(decoded);
  Model top;
  for (const StateEntry& e : decoded->entries.at(0).entries) top[e.key] = e.value;
  EXPECT_EQ(top, source.top());
}

// A reader whose one value is larger than any response may be.
class HugeValueSource final : public StateSource {
 public:
  class Reader final : public StateReader {
   public:
    Result<std::optional<Bytes>, StateSourceError> next_key(std::optional<ByteSpan>,
                                                            ByteSpan after) override {
      if (after.empty()) return std::optional<Bytes>(text("k"));
      return std::optional<Bytes>{};
    }
    Result<std::optional<Bytes>, StateSourceError> get(std::optional<ByteSpan>,
                                                       ByteSpan key) override {
      if (key.empty()) return std::optional<Bytes>{};
      return std::optional<Bytes>(Bytes(kMaxStateResponseSize + 1, 0));
    }
    size_t proof_size() const override { return 0; }
    Result<Bytes, StateSourceError> compact_proof() const override { return Bytes{}; }
  };
  Result<std::unique_ptr<StateReader>, StateSourceError> open(const block::BlockHash&,
                                                              bool) override {
    return std::unique_ptr<StateReader>(std::make_unique<Reader>());
  }
};

TEST(StateRequestHandler, ResponsesLargerThanThePeerTakesAreNotSent) {
  HugeValueSource source;
  auto served =
      serve_state_request(encode_state_request(StateRequest{block::BlockHash{}, {}, true}), source);
  ASSERT_FALSE(served);
  EXPECT_EQ(served.error(), StateRequestRefusal::kResponseTooLarge);
}

}  // namespace
}  // namespace canary::network
