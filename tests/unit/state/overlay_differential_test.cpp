// OverlayedChanges against a reference model made of plain maps: random sequences of writes,
// appends, clear_prefix and child trie kills with limits and cursors, reads, next_key, nested
// transactions (the model copies its whole state at every start), and roots, which must equal
// trie_root of the model's maps. At the end, the database batch (nodes and entries) must load the
// model's final state.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "primitives/scale/compact.hpp"
#include "primitives/scale/encoder.hpp"
#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::state {
namespace {

using Map = std::map<Bytes, Bytes>;

Bytes b(std::string_view s) {
  return to_bytes(s);
}

Hash256 map_root(const Map& m, StateVersion version) {
  std::vector<std::pair<Bytes, Bytes>> entries(m.begin(), m.end());
  return trie_root(entries, version);
}

Bytes as_vec(const Hash256& h) {
  return Bytes(h.begin(), h.end());
}

// --- The model.

struct TrieModel {
  Map values;               // the trie as the overlay shows it
  std::set<Bytes> written;  // the keys the overlay holds (written, not rolled back)
};

struct ModelState {
  TrieModel main;
  std::map<Bytes, TrieModel> children;  // the child tries the overlay holds changes for
};

struct Model {
  Map backend_main;  // child roots included
  std::map<Bytes, Map> backend_children;
  ModelState cur;
  std::vector<ModelState> saved;

  const Map& child_view(const Bytes& child) const {
    static const Map kEmpty;
    if (auto it = cur.children.find(child); it != cur.children.end()) return it->second.values;
    auto it = backend_children.find(child);
    return it == backend_children.end() ? kEmpty : it->second;
  }
  TrieModel& touch_child(const Bytes& child) {
    auto it = cur.children.find(child);
    if (it == cur.children.end()) {
      TrieModel t;
      if (auto bc = backend_children.find(child); bc != backend_children.end())
        t.values = bc->second;
      it = cur.children.emplace(child, std::move(t)).first;
    }
    return it->second;
  }

  // ext.rs clear_prefix / limit_remove_from_backend over one trie.
  static RemovalResult remove(TrieModel& t, const Map& backend, ByteSpan prefix,
                              std::optional<uint32_t> limit, ByteSpan cursor) {
    RemovalResult r;
    uint32_t from_overlay = 0;
    for (const Bytes& k : t.written) {
      if (has_prefix(k, prefix) && t.values.erase(k) == 1) ++from_overlay;
    }
    for (const auto& [k, v] : backend) {
      if (!has_prefix(k, prefix) || BytesLess{}(k, cursor)) continue;
      if (limit && r.loops == *limit) {
        r.cursor = k;
        break;
      }
      bool deleted_already = t.written.contains(k) && !t.values.contains(k);
      if (!deleted_already) {
        t.values.erase(k);
        t.written.insert(k);
        ++r.backend;
      }
      ++r.loops;
    }
    r.unique = from_overlay + r.backend;
    return r;
  }

  Map main_with_child_roots(StateVersion version) const {
    Map m = cur.main.values;
    for (const auto& [child, t] : cur.children) {
      Bytes key = default_child_root_key(child);
      if (t.values.empty()) {
        m.erase(key);
      } else {
        m[key] = as_vec(map_root(t.values, version));
      }
    }
    return m;
  }

  void rollback() {
    cur = std::move(saved.back());
    saved.pop_back();
    std::erase_if(cur.children, [](const auto& c) { return c.second.written.empty(); });
  }
};

bool model_refuses_prefix(ByteSpan prefix) {
  ByteSpan area = as_bytes(":child_storage:");
  return prefix.size() > area.size() ? has_prefix(prefix, area) : has_prefix(area, prefix);
}

// ext_storage_append, written from its definition: a valid Compact<u32> prefix gets incremented.
Bytes model_append(const std::optional<Bytes>& value, ByteSpan item) {
  std::optional<uint64_t> count;
  size_t prefix = 0;
  if (value && !value->empty()) {
    const Bytes& v = *value;
    uint64_t le = 0;
    for (size_t i = 0; i < std::min<size_t>(v.size(), 5); ++i) le |= uint64_t{v[i]} << (8 * i);
    switch (v[0] & 3) {
      case 0:
        count = v[0] >> 2, prefix = 1;
        break;
      case 1:
        if (v.size() >= 2 && ((le & 0xFFFF) >> 2) >= 64) count = (le & 0xFFFF) >> 2, prefix = 2;
        break;
      case 2:
        if (v.size() >= 4 && ((le & 0xFFFFFFFF) >> 2) >= (1u << 14)) {
          count = (le & 0xFFFFFFFF) >> 2, prefix = 4;
        }
        break;
      default:
        if (v[0] == 3 && v.size() >= 5 && (le >> 8) >= (1u << 30) && (le >> 8) < 0xFFFFFFFFu) {
          count = le >> 8, prefix = 5;
        }
    }
  }
  scale::Encoder e;
  scale::encode_compact(e, count ? *count + 1 : 1);
  if (count) e.put_bytes(ByteSpan(*value).subspan(prefix));
  e.put_bytes(item);
  return std::move(e).take();
}

// --- Random inputs.

struct Gen {
  std::mt19937_64 rng;

  size_t below(size_t n) { return rng() % n; }
  Bytes key() {
    switch (below(20)) {
      case 0:
        return default_child_root_key(b("c1"));
      case 1:
        return b(":child_storagX");
      default: {
        static const uint8_t alphabet[] = {0x00, 0x01, 0x10, 0xab, 0xff};
        Bytes k(below(4));
        for (auto& x : k) x = alphabet[below(5)];
        return k;
      }
    }
  }
  Bytes prefix() {
    if (below(10) == 0) return b(":chi");  // refused
    Bytes k = key();
    k.resize(std::min<size_t>(k.size(), below(3)));
    return k;
  }
  Bytes value() {
    static const size_t sizes[] = {0, 1, 2, 32, 33, 40};
    if (below(3) == 0) {  // a vector to append to
      scale::Encoder e;
      scale::encode_compact(e, below(3) == 0 ? 63u : below(3));
      e.put_byte(static_cast<uint8_t>(rng()));
      return std::move(e).take();
    }
    Bytes v(sizes[below(6)]);
    for (auto& x : v) x = static_cast<uint8_t>(rng());
    return v;
  }
  Bytes child() {
    static const char* names[] = {"c1", "c2", "c3"};
    return b(names[below(3)]);
  }
  std::optional<uint32_t> limit() {
    if (below(3) == 0) return std::nullopt;
    return static_cast<uint32_t>(below(4));
  }
  Bytes cursor() { return below(2) == 0 ? Bytes{} : key(); }
};

// Records which hashes are asked for.
class RecordingStore final : public NodeStore {
 public:
  explicit RecordingStore(const NodeStore& inner) : inner_(inner) {}
  std::optional<Bytes> get(const Hash256& hash) const override {
    asked.insert(hash);
    return inner_.get(hash);
  }
  mutable std::set<Hash256> asked;

 private:
  const NodeStore& inner_;
};

void must(const Result<void, TrieError>& r) {
  ASSERT_TRUE(r);
}

Hash256 build_state(const Model& m, StateVersion version, MemoryNodeStore& store) {
  Trie main;
  for (const auto& [k, v] : m.backend_main) must(main.insert(k, v));
  return main.root_hash(version, &store);
}

void expect_same(const RemovalResult& got, const RemovalResult& want, const std::string& where) {
  EXPECT_EQ(got.cursor, want.cursor) << where;
  EXPECT_EQ(got.backend, want.backend) << where;
  EXPECT_EQ(got.unique, want.unique) << where;
  EXPECT_EQ(got.loops, want.loops) << where;
}

std::optional<Bytes> model_get(const Map& m, const Bytes& k) {
  auto it = m.find(k);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

std::optional<Bytes> model_next(const Map& m, const Bytes& k) {
  auto it = m.upper_bound(k);
  if (it == m.end()) return std::nullopt;
  return it->first;
}

void run(uint64_t seed, int steps) {
  Gen g{std::mt19937_64(seed)};
  StateVersion version = seed % 2 == 0 ? StateVersion::kV1 : StateVersion::kV0;
  Model m;
  for (int i = 0; i < 12; ++i) m.backend_main[g.key()] = g.value();
  m.backend_main.erase(default_child_root_key(b("c1")));
  m.backend_main.erase(b(":child_storagX"));
  for (const char* c : {"c1", "c2"}) {
    Map& child = m.backend_children[b(c)];
    for (int i = 0; i < 6; ++i) child[g.key()] = g.value();
    m.backend_main[default_child_root_key(b(c))] = as_vec(map_root(child, version));
  }
  m.cur.main.values = m.backend_main;

  MemoryNodeStore store;
  Hash256 base = build_state(m, version, store);
  // The child tries' nodes.
  for (const auto& [c, entries] : m.backend_children) {
    Trie t;
    for (const auto& [k, v] : entries) must(t.insert(k, v));
    t.root_hash(version, &store);
  }
  TrieBackend backend(base, store);
  OverlayedChanges o(backend);

  for (int step = 0; step < steps; ++step) {
    std::string where = "seed " + std::to_string(seed) + " step " + std::to_string(step);
    switch (g.below(24)) {
      case 0:
      case 1: {
        Bytes k = g.key(), v = g.value();
        bool refused = has_prefix(k, as_bytes(":child_storage:"));
        ASSERT_EQ(o.set(k, v), !refused) << where;
        if (!refused) m.cur.main.values[k] = v, m.cur.main.written.insert(k);
        break;
      }
      case 2: {
        Bytes k = g.key();
        bool refused = has_prefix(k, as_bytes(":child_storage:"));
        ASSERT_EQ(o.clear(k), !refused) << where;
        if (!refused) m.cur.main.values.erase(k), m.cur.main.written.insert(k);
        break;
      }
      case 3:
      case 4: {
        Bytes k = g.key(), item = g.value();
        ASSERT_TRUE(o.append(k, item)) << where;
        m.cur.main.values[k] = model_append(model_get(m.cur.main.values, k), item);
        m.cur.main.written.insert(k);
        break;
      }
      case 5: {
        Bytes prefix = g.prefix(), cursor = g.cursor();
        std::optional<uint32_t> limit = g.limit();
        auto got = o.clear_prefix(prefix, limit, cursor);
        ASSERT_TRUE(got) << where;
        RemovalResult want;
        if (!model_refuses_prefix(prefix)) {
          want = Model::remove(m.cur.main, m.backend_main, prefix, limit, cursor);
        }
        expect_same(*got, want, where);
        break;
      }
      case 6:
      case 7: {
        Bytes c = g.child(), k = g.key(), v = g.value();
        o.child_set(c, k, v);
        TrieModel& t = m.touch_child(c);
        t.values[k] = v, t.written.insert(k);
        break;
      }
      case 8: {
        Bytes c = g.child(), k = g.key();
        o.child_clear(c, k);
        TrieModel& t = m.touch_child(c);
        t.values.erase(k), t.written.insert(k);
        break;
      }
      case 9: {
        Bytes c = g.child(), prefix = g.prefix(), cursor = g.cursor();
        std::optional<uint32_t> limit = g.limit();
        bool kill = g.below(2) == 0;
        if (kill) prefix.clear();
        auto got =
            kill ? o.kill_child(c, limit, cursor) : o.child_clear_prefix(c, prefix, limit, cursor);
        ASSERT_TRUE(got) << where;
        Map backend_child = m.backend_children[c];
        RemovalResult want = Model::remove(m.touch_child(c), backend_child, prefix, limit, cursor);
        expect_same(*got, want, where);
        break;
      }
      case 10:
      case 11: {
        Bytes k = g.key();
        auto got = o.get(k);
        ASSERT_TRUE(got) << where;
        EXPECT_EQ(*got, model_get(m.cur.main.values, k)) << where;
        EXPECT_EQ(*o.exists(k), m.cur.main.values.contains(k)) << where;
        auto next = o.next_key(k);
        ASSERT_TRUE(next) << where;
        EXPECT_EQ(*next, model_next(m.cur.main.values, k)) << where;
        break;
      }
      case 12:
      case 13: {
        Bytes c = g.child(), k = g.key();
        const Map& view = m.child_view(c);
        auto got = o.child_get(c, k);
        ASSERT_TRUE(got) << where;
        EXPECT_EQ(*got, model_get(view, k)) << where;
        EXPECT_EQ(*o.child_exists(c, k), view.contains(k)) << where;
        auto next = o.child_next_key(c, k);
        ASSERT_TRUE(next) << where;
        EXPECT_EQ(*next, model_next(view, k)) << where;
        break;
      }
      case 14:
      case 15:
        o.start_transaction();
        m.saved.push_back(m.cur);
        break;
      case 16: {
        auto r = o.commit_transaction();
        ASSERT_EQ(r.has_value(), !m.saved.empty()) << where;
        if (!m.saved.empty()) m.saved.pop_back();
        break;
      }
      case 17:
      case 18: {
        auto r = o.rollback_transaction();
        ASSERT_EQ(r.has_value(), !m.saved.empty()) << where;
        if (!m.saved.empty()) m.rollback();
        break;
      }
      case 19:
      case 20: {
        auto got = o.root(version);
        ASSERT_TRUE(got) << where;
        ASSERT_EQ(*got, map_root(m.main_with_child_roots(version), version)) << where;
        break;
      }
      case 21: {
        Bytes c = g.child();
        auto got = o.child_root(c, version);
        ASSERT_TRUE(got) << where;
        Bytes key = default_child_root_key(c);
        Hash256 want = empty_trie_root(TrieHasher::kBlake2b256);
        if (auto t = m.cur.children.find(c); t != m.cur.children.end()) {
          if (!t->second.values.empty()) {
            want = map_root(t->second.values, version);
            m.cur.main.values[key] = as_vec(want);
          } else {
            m.cur.main.values.erase(key);
          }
          m.cur.main.written.insert(key);
        } else if (auto v = model_get(m.cur.main.values, key); v && v->size() >= 32) {
          std::copy_n(v->begin(), 32, want.begin());
        }
        ASSERT_EQ(*got, want) << where;
        break;
      }
      default: {
        // Appends dominate real blocks (events): several in a row on one key.
        Bytes k = g.key();
        for (size_t i = g.below(4); i > 0; --i) {
          Bytes item = g.value();
          ASSERT_TRUE(o.append(k, item)) << where;
          m.cur.main.values[k] = model_append(model_get(m.cur.main.values, k), item);
          m.cur.main.written.insert(k);
        }
        break;
      }
    }
    ASSERT_EQ(o.transaction_depth(), m.saved.size()) << where;
  }

  // Close what is open, randomly, and check the batch a database would commit.
  while (!m.saved.empty()) {
    if (g.below(2) == 0) {
      ASSERT_TRUE(o.commit_transaction());
      m.saved.pop_back();
    } else {
      ASSERT_TRUE(o.rollback_transaction());
      m.rollback();
    }
  }
  Map final_main = m.main_with_child_roots(version);
  MemoryNodeStore batch;
  auto root = o.write_nodes(version, batch);
  ASSERT_TRUE(root);
  ASSERT_EQ(*root, map_root(final_main, version)) << "seed " << seed;

  Map main = m.backend_main;
  std::map<Bytes, Map> children = m.backend_children;
  auto r =
      o.for_each_change(version, [&](ChildKey child, ByteSpan key, const std::optional<Bytes>& v) {
        Map& target = child ? children[Bytes(child->begin(), child->end())] : main;
        if (v) {
          target[Bytes(key.begin(), key.end())] = *v;
        } else {
          target.erase(Bytes(key.begin(), key.end()));
        }
      });
  ASSERT_TRUE(r);
  EXPECT_EQ(main, final_main) << "seed " << seed;
  for (const auto& [c, t] : m.cur.children) EXPECT_EQ(children[c], t.values) << "seed " << seed;

  // The old store plus the batch hold the whole new state, and the batch holds nothing the new
  // state does not reference: reading every entry asks the store for every element.
  MemoryNodeStore combined = store;
  for (const auto& [h, bytes] : batch.nodes()) combined.insert(h, bytes);
  RecordingStore recording(combined);
  TrieBackend after(*root, recording);
  for (const auto& [k, v] : final_main) {
    auto got = after.get(std::nullopt, k);
    ASSERT_TRUE(got) << "seed " << seed;
    EXPECT_EQ(*got, v) << "seed " << seed;
  }
  for (const char* c : {"c1", "c2", "c3"}) {
    const Map& want = m.child_view(b(c));
    // An append to the entry of an untouched child trie leaves garbage where its root belongs
    // (the reference host allows that append); such a child cannot be opened.
    auto entry = model_get(final_main, default_child_root_key(b(c)));
    if (entry && *entry != as_vec(map_root(want, version))) continue;
    for (const auto& [k, v] : want) {
      auto got = after.get(ChildKey(b(c)), k);
      ASSERT_TRUE(got) << "seed " << seed << " child " << c;
      EXPECT_EQ(*got, v) << "seed " << seed;
    }
  }
  for (const auto& [h, bytes] : batch.nodes()) {
    EXPECT_TRUE(recording.asked.contains(h)) << "seed " << seed << ": unreferenced node";
  }
}

TEST(OverlayDifferential, RandomSequencesMatchTheModel) {
  for (uint64_t seed = 0; seed < 400; ++seed) {
    run(seed, 250);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(OverlayDifferential, LongSequences) {
  for (uint64_t seed = 1000; seed < 1010; ++seed) {
    run(seed, 3000);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace canary::state
