// The transactional change set of one trie: hand-written cases (after sp-state-machine
// changeset.rs tests) and random operation sequences against a model that copies the whole map
// at every transaction start, with many appends so that vectors are lent to inner transactions
// and given back by rollbacks, replacements and commits in every order.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "primitives/scale/compact.hpp"
#include "primitives/scale/encoder.hpp"
#include "state/overlay/change_set.hpp"

namespace canary::state {
namespace {

// key -> value, nullopt for a written deletion; keys absent were not written.
using Written = std::map<Bytes, std::optional<Bytes>>;

Bytes b(std::string_view s) {
  return to_bytes(s);
}

Written contents(const ChangeSet& cs) {
  Written out;
  for (ChangeSet::Cursor c = cs.begin(); !c.at_end(); c.next()) out.emplace(c.key(), c.value());
  return out;
}

Bytes vec_of(std::initializer_list<std::string_view> items) {
  scale::Encoder e;
  scale::encode_compact(e, items.size());
  for (std::string_view i : items) e.put_bytes(as_bytes(i));
  return std::move(e).take();
}

TEST(ChangeSet, WritesWithoutTransactionAreFinal) {
  ChangeSet cs;
  cs.set(b("k0"), b("v0"));
  cs.set(b("k1"), b("v1"));
  cs.set(b("k0"), b("v0-1"));
  cs.set(b("k2"), std::nullopt);
  EXPECT_EQ(contents(cs),
            (Written{{b("k0"), b("v0-1")}, {b("k1"), b("v1")}, {b("k2"), std::nullopt}}));
  EXPECT_EQ(cs.find(b("k3")), nullptr);
  ASSERT_NE(cs.find(b("k2")), nullptr);
  EXPECT_FALSE(cs.find(b("k2"))->has_value());
}

TEST(ChangeSet, RollbackRestoresAndCommitMerges) {
  ChangeSet cs;
  cs.set(b("key0"), b("val0"));
  cs.set(b("key1"), b("val1"));
  cs.start_transaction();
  cs.set(b("key42"), b("val42"));
  cs.set(b("key99"), b("val99"));
  cs.start_transaction();
  cs.set(b("key42"), b("val42-rolled"));
  cs.set(b("key7"), b("val7-rolled"));
  cs.set(b("key0"), std::nullopt);
  Written all = contents(cs);
  // Empty transactions change nothing either way.
  cs.start_transaction();
  cs.start_transaction();
  cs.rollback_transaction(nullptr, nullptr);
  cs.commit_transaction();
  EXPECT_EQ(cs.depth(), 2u);
  EXPECT_EQ(contents(cs), all);

  std::vector<Bytes> changed, dropped;
  cs.rollback_transaction(&changed, &dropped);
  EXPECT_EQ(contents(cs), (Written{{b("key0"), b("val0")},
                                   {b("key1"), b("val1")},
                                   {b("key42"), b("val42")},
                                   {b("key99"), b("val99")}}));
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (std::vector<Bytes>{b("key0"), b("key42")}));
  EXPECT_EQ(dropped, (std::vector<Bytes>{b("key7")}));
  cs.commit_transaction();
  EXPECT_EQ(cs.depth(), 0u);
  EXPECT_EQ(contents(cs).size(), 4u);
}

TEST(ChangeSet, CommitThenRollbackOfTheEnclosingTransaction) {
  ChangeSet cs;
  cs.set(b("a"), b("1"));
  cs.start_transaction();
  cs.start_transaction();
  cs.set(b("a"), b("2"));
  cs.set(b("b"), b("2"));
  cs.commit_transaction();
  EXPECT_EQ(contents(cs), (Written{{b("a"), b("2")}, {b("b"), b("2")}}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(contents(cs), (Written{{b("a"), b("1")}}));
}

TEST(ChangeSet, ClearPrefixCountsKeysThatHadAValue) {
  ChangeSet cs;
  cs.set(b("del1"), b("x"));
  cs.set(b("del2"), std::nullopt);
  cs.set(b("key"), b("y"));
  cs.start_transaction();
  cs.set(b("del3"), b("z"));
  EXPECT_EQ(cs.clear_prefix(b("del")), 2u);
  EXPECT_EQ(contents(cs), (Written{{b("del1"), std::nullopt},
                                   {b("del2"), std::nullopt},
                                   {b("del3"), std::nullopt},
                                   {b("key"), b("y")}}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(contents(cs),
            (Written{{b("del1"), b("x")}, {b("del2"), std::nullopt}, {b("key"), b("y")}}));
  EXPECT_EQ(cs.clear_prefix({}), 2u);
}

TEST(ChangeSet, AppendAcrossTransactions) {
  ChangeSet cs;
  cs.append(b("k"), b("a"), vec_of({"x"}));  // the backend held [x]
  EXPECT_EQ(*cs.find(b("k")), vec_of({"x", "a"}));
  cs.start_transaction();
  cs.append(b("k"), b("b"), std::nullopt);
  cs.start_transaction();
  cs.append(b("k"), b("c"), std::nullopt);
  cs.append(b("k"), b("d"), std::nullopt);
  EXPECT_EQ(*cs.find(b("k")), vec_of({"x", "a", "b", "c", "d"}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("k")), vec_of({"x", "a", "b"}));
  cs.start_transaction();
  cs.append(b("k"), b("e"), std::nullopt);
  cs.commit_transaction();
  EXPECT_EQ(*cs.find(b("k")), vec_of({"x", "a", "b", "e"}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("k")), vec_of({"x", "a"}));
}

TEST(ChangeSet, AppendOnDeletedOrInvalidValues) {
  ChangeSet cs;
  cs.set(b("d"), std::nullopt);
  cs.append(b("d"), b("1"), std::nullopt);
  EXPECT_EQ(*cs.find(b("d")), vec_of({"1"}));
  cs.append(b("n"), b("1"), std::nullopt);  // absent in the backend
  EXPECT_EQ(*cs.find(b("n")), vec_of({"1"}));
  cs.append(b("i"), b("1"), Bytes{0x01});  // the backend's value is no vector
  EXPECT_EQ(*cs.find(b("i")), vec_of({"1"}));
  cs.start_transaction();
  cs.set(b("i"), Bytes{0x01});
  cs.append(b("i"), b("2"), std::nullopt);
  EXPECT_EQ(*cs.find(b("i")), vec_of({"2"}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("i")), vec_of({"1"}));
}

TEST(ChangeSet, ReplacingAnAppendedValueGivesTheVectorBack) {
  ChangeSet cs;
  Bytes base = vec_of({"p", "q"});
  cs.set(b("k"), base);
  cs.start_transaction();
  cs.append(b("k"), b("r"), std::nullopt);
  cs.start_transaction();
  cs.append(b("k"), b("s"), std::nullopt);
  cs.set(b("k"), b("other"));  // the vector lent to this transaction goes back first
  cs.commit_transaction();
  EXPECT_EQ(*cs.find(b("k")), b("other"));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("k")), base);
}

TEST(ChangeSet, CopiedWritesRewriteInPlaceButGiveLentVectorsBack) {
  ChangeSet cs;
  const Bytes base = vec_of({"p", "q"});
  cs.set_copy(b("k"), base);
  cs.set_copy(b("k"), b("rewritten"));  // the same transaction: in place
  EXPECT_EQ(*cs.find(b("k")), b("rewritten"));
  cs.set_copy(b("k"), base);
  cs.start_transaction();
  cs.append(b("k"), b("r"), std::nullopt);
  cs.start_transaction();
  cs.append(b("k"), b("s"), std::nullopt);
  cs.set_copy(b("k"), b("other"));  // holds the vector lent to it: given back first
  cs.set_copy(b("k"), b("other-again"));
  cs.commit_transaction();
  EXPECT_EQ(*cs.find(b("k")), b("other-again"));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("k")), base);
}

TEST(ChangeSet, RollbackRestoresAShorterLengthPrefix) {
  // 63 items: appending makes the prefix two bytes long; the rollback must restore one byte.
  Bytes base{0xfc, 0x11, 0x22};
  ChangeSet cs;
  cs.set(b("k"), base);
  cs.start_transaction();
  cs.append(b("k"), b("z"), std::nullopt);
  EXPECT_EQ(*cs.find(b("k")), (Bytes{0x01, 0x01, 0x11, 0x22, 'z'}));
  cs.rollback_transaction(nullptr, nullptr);
  EXPECT_EQ(*cs.find(b("k")), base);
}

// --- Random sequences against a model: the written map, copied at each transaction start.

struct Model {
  Written current;
  std::vector<Written> saved;
};

Bytes random_key(std::mt19937_64& rng) {
  static const char* keys[] = {"", "a", "ab", "abc", "b", "ba", "c"};
  return b(keys[rng() % 7]);
}

Bytes random_bytes(std::mt19937_64& rng, size_t max) {
  Bytes out(rng() % (max + 1));
  for (auto& x : out) x = static_cast<uint8_t>(rng() % 3);
  return out;
}

// Often a vector (sometimes just under a prefix-size boundary), sometimes not.
Bytes random_value(std::mt19937_64& rng) {
  static const uint32_t counts[] = {0, 1, 62, 63, 16383};
  switch (rng() % 4) {
    case 0:
      return random_bytes(rng, 3);
    default: {
      scale::Encoder e;
      scale::encode_compact(e, counts[rng() % 5]);
      Bytes items = random_bytes(rng, 4);
      e.put_bytes(items);
      return std::move(e).take();
    }
  }
}

// The reference behavior of append, written independently of scale_vec_append.
Bytes model_append(const std::optional<Bytes>& value, ByteSpan item) {
  std::optional<uint64_t> count;
  size_t prefix = 0;
  if (value && !value->empty()) {
    const Bytes& v = *value;
    switch (v[0] & 3) {
      case 0:
        count = v[0] >> 2;
        prefix = 1;
        break;
      case 1:
        if (v.size() >= 2) {
          uint64_t n = (v[0] | (v[1] << 8)) >> 2;
          if (n >= 64) count = n, prefix = 2;
        }
        break;
      case 2:
        if (v.size() >= 4) {
          uint64_t n = (uint64_t{v[0]} | (uint64_t{v[1]} << 8) | (uint64_t{v[2]} << 16) |
                        (uint64_t{v[3]} << 24)) >>
                       2;
          if (n >= (1u << 14)) count = n, prefix = 4;
        }
        break;
      default:
        if ((v[0] >> 2) == 0 && v.size() >= 5) {
          uint64_t n = uint64_t{v[1]} | (uint64_t{v[2]} << 8) | (uint64_t{v[3]} << 16) |
                       (uint64_t{v[4]} << 24);
          if (n >= (1u << 30) && n < 0xFFFFFFFFu) count = n, prefix = 5;
        }
    }
  }
  scale::Encoder e;
  if (!count) {
    scale::encode_compact(e, 1u);
    e.put_bytes(item);
    return std::move(e).take();
  }
  scale::encode_compact(e, *count + 1);
  e.put_bytes(ByteSpan(*value).subspan(prefix));
  e.put_bytes(item);
  return std::move(e).take();
}

TEST(ChangeSet, RandomSequencesMatchTheModel) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    std::mt19937_64 rng(seed);
    ChangeSet cs;
    Model m;
    for (int step = 0; step < 200; ++step) {
      Bytes key = random_key(rng);
      switch (rng() % 10) {
        case 0:
        case 1: {
          Bytes v = random_value(rng);
          // Both ways of writing a value: moved in, or copied (in place when the transaction
          // wrote the key already, not into a vector lent by an enclosing one).
          if (rng() % 2) {
            cs.set(key, v);
          } else {
            cs.set_copy(key, v);
          }
          m.current[key] = v;
          break;
        }
        case 2:
          cs.set(key, std::nullopt);
          m.current[key] = std::nullopt;
          break;
        case 3:
        case 4:
        case 5: {
          Bytes item = random_bytes(rng, 2);
          std::optional<Bytes> base;
          if (rng() % 2) base = random_value(rng);
          auto it = m.current.find(key);
          const std::optional<Bytes>& before = it != m.current.end() ? it->second : base;
          Bytes after = model_append(before, item);
          cs.append(key, item, base);
          m.current[key] = after;
          break;
        }
        case 6: {
          Bytes prefix = random_key(rng);
          uint32_t expected = 0;
          for (auto& [k, v] : m.current) {
            if (has_prefix(k, prefix) && v) {
              ++expected;
              v.reset();
            }
          }
          EXPECT_EQ(cs.clear_prefix(prefix), expected) << "seed " << seed << " step " << step;
          break;
        }
        case 7:
          cs.start_transaction();
          m.saved.push_back(m.current);
          break;
        case 8:
          if (m.saved.empty()) break;
          cs.commit_transaction();
          m.saved.pop_back();
          break;
        case 9:
          if (m.saved.empty()) break;
          cs.rollback_transaction(nullptr, nullptr);
          m.current = std::move(m.saved.back());
          m.saved.pop_back();
          break;
      }
      ASSERT_EQ(cs.depth(), m.saved.size());
      ASSERT_EQ(contents(cs), m.current) << "seed " << seed << " step " << step;
      // Exact lookups (the hash index) agree with the ordered walk, also after moves.
      if (step % 50 == 49) {
        ChangeSet moved(std::move(cs));
        cs = std::move(moved);
      }
      for (const auto& [k, v] : m.current) {
        const std::optional<Bytes>* found = cs.find(k);
        ASSERT_NE(found, nullptr) << "seed " << seed << " step " << step;
        ASSERT_EQ(*found, v) << "seed " << seed << " step " << step;
      }
      if (!m.current.contains(key)) {
        ASSERT_EQ(cs.find(key), nullptr) << "seed " << seed << " step " << step;
      }
    }
    while (!m.saved.empty()) {
      if (rng() % 2) {
        cs.commit_transaction();
        m.saved.pop_back();
      } else {
        cs.rollback_transaction(nullptr, nullptr);
        m.current = std::move(m.saved.back());
        m.saved.pop_back();
      }
      ASSERT_EQ(contents(cs), m.current) << "seed " << seed;
    }
  }
}

}  // namespace
}  // namespace canary::state
