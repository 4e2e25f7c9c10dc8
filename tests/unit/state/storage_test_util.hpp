// Helpers of the storage tests: temporary database directories, and blocks built the way the
// node builds them (a trie opened over the database's nodes, changed, its root computed with a
// sink collecting the new nodes), with a std::map model of every state to compare against.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "primitives/hash/hash.hpp"
#include "state/storage/database.hpp"
#include "state/storage/node_changes.hpp"
#include "state/storage/state_diff.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::state::testing {

// Under /dev/shm when there is one: RocksDB syncs files and directories when it opens and
// closes, which on a real disk makes each open take ~100 ms; tmpfs keeps the tests fast and
// changes nothing they check (the crash test, tests/crash/, runs on a real disk).
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::string pattern = (base / "canary-db-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

using Model = std::map<Bytes, Bytes>;
using ChildModels = std::map<Bytes, Model>;  // by unprefixed child key

struct StateModel {
  Model top;  // without the child-root entries
  ChildModels children;
};

// A change: top-level when child is empty, else in the default child trie `child`.
struct Change {
  Bytes child;
  Bytes key;
  std::optional<Bytes> value;
};

struct PreparedBlock {
  block::Header header;
  block::BlockHash hash{};
  StateModel state;
  // What the root computations reported: the new nodes, and what they replaced.
  std::unique_ptr<NodeChanges> nodes = std::make_unique<NodeChanges>();
  // Whether commit() hands the database the reported changes (BlockCommit::changes) instead of
  // letting it diff the states.
  bool report_changes = false;

  BlockCommit commit(bool make_best = true,
                     std::optional<block::BlockHash> finalize = std::nullopt) const {
    BlockCommit c;
    c.header = header;
    c.body = scale_body();
    c.new_nodes = nodes.get();
    if (report_changes) c.changes = nodes.get();
    c.make_best = make_best;
    c.finalize = finalize;
    return c;
  }
  // An opaque body that differs per block: Vec<Vec<u8>> with one "extrinsic", the number.
  Bytes scale_body() const {
    return Bytes{0x04,
                 0x10,
                 static_cast<uint8_t>(header.number),
                 static_cast<uint8_t>(header.number >> 8),
                 static_cast<uint8_t>(header.number >> 16),
                 static_cast<uint8_t>(header.number >> 24)};
  }
};

inline Hash256 expected_root(const StateModel& s) {
  std::vector<std::pair<Bytes, Bytes>> entries(s.top.begin(), s.top.end());
  for (const auto& [ck, child] : s.children) {
    if (child.empty()) continue;
    std::vector<std::pair<Bytes, Bytes>> ce(child.begin(), child.end());
    Hash256 r = trie_root(ce, StateVersion::kV1);
    entries.emplace_back(default_child_root_key(ck), Bytes(r.begin(), r.end()));
  }
  return trie_root(entries, StateVersion::kV1);
}

// Builds a child of `parent` (nullopt: the genesis block) over the database's nodes. `salt`
// goes into the extrinsics root so that siblings with equal states still differ.
inline PreparedBlock prepare_block(const Database& db, const std::optional<block::Header>& parent,
                                   const StateModel& parent_state,
                                   const std::vector<Change>& changes, uint64_t salt) {
  PreparedBlock b;
  b.state = parent_state;
  Trie main = parent ? Trie::open(parent->state_root, db.node_store()) : Trie();
  std::map<Bytes, Trie> children;
  for (const Change& c : changes) {
    if (c.child.empty()) {
      if (c.value) {
        EXPECT_TRUE(main.insert(c.key, *c.value));
        b.state.top[c.key] = *c.value;
      } else {
        EXPECT_TRUE(main.remove(c.key));
        b.state.top.erase(c.key);
      }
      continue;
    }
    auto it = children.find(c.child);
    if (it == children.end()) {
      auto root = main.get(default_child_root_key(c.child));
      EXPECT_TRUE(root);
      Trie child;
      if (root && *root) {
        Hash256 h{};
        std::copy((*root)->begin(), (*root)->end(), h.begin());
        child = Trie::open(h, db.node_store());
      }
      it = children.emplace(c.child, std::move(child)).first;
    }
    Model& cm = b.state.children[c.child];
    if (c.value) {
      EXPECT_TRUE(it->second.insert(c.key, *c.value));
      cm[c.key] = *c.value;
    } else {
      EXPECT_TRUE(it->second.remove(c.key));
      cm.erase(c.key);
    }
  }
  for (auto& [ck, child] : children) {
    child.root_hash(StateVersion::kV1, b.nodes.get());
    EXPECT_TRUE(store_child_root(main, ck, child, StateVersion::kV1));
    if (b.state.children[ck].empty()) b.state.children.erase(ck);
  }
  b.header.parent_hash = parent ? block::hash_of(*parent) : block::BlockHash{};
  b.header.number = parent ? parent->number + 1 : 0;
  b.header.state_root = main.root_hash(StateVersion::kV1, b.nodes.get());
  Bytes salt_bytes(8);
  for (int i = 0; i < 8; ++i) salt_bytes[i] = static_cast<uint8_t>(salt >> (8 * i));
  b.header.extrinsics_root = hash::blake2b_256(salt_bytes);
  b.hash = block::hash_of(b.header);
  return b;
}

// Reads the whole state under `root` from the database (every node and value, child tries
// included) and compares it with the model.
inline void expect_state(const Database& db, const Hash256& root, const StateModel& model) {
  Trie main = Trie::open(root, db.node_store());
  Model seen;
  ChildModels seen_children;
  auto walked = main.for_each({}, [&](ByteSpan k, ByteSpan v) {
    seen.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
    return true;
  });
  ASSERT_TRUE(walked) << to_string(walked.error());
  Bytes prefix = to_bytes(kDefaultChildStoragePrefix);
  for (auto it = seen.begin(); it != seen.end();) {
    if (it->first.size() < prefix.size() ||
        !std::equal(prefix.begin(), prefix.end(), it->first.begin())) {
      ++it;
      continue;
    }
    Bytes ck(it->first.begin() + static_cast<std::ptrdiff_t>(prefix.size()), it->first.end());
    Hash256 child_root{};
    ASSERT_EQ(it->second.size(), 32u);
    std::copy(it->second.begin(), it->second.end(), child_root.begin());
    Trie child = Trie::open(child_root, db.node_store());
    Model& cm = seen_children[ck];
    auto cw = child.for_each({}, [&](ByteSpan k, ByteSpan v) {
      cm.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
      return true;
    });
    ASSERT_TRUE(cw) << to_string(cw.error());
    it = seen.erase(it);
  }
  EXPECT_EQ(seen, model.top);
  EXPECT_EQ(seen_children, model.children);
}

inline Bytes random_bytes(std::mt19937_64& rng, size_t n) {
  Bytes out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

}  // namespace canary::state::testing
