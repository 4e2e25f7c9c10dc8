// pallet_session::historical natively, in a mock runtime (System 0, Historical 34, Session 8)
// whose SessionManager gives sets with exposures: the roots stored per session (genesis included,
// a session without a new set takes the previous root), pruned, the events; key-ownership proofs
// for every validator's keys that verify in their session and later, and fail when tampered,
// padded, duplicated, for another session or count, or once pruned; the proving trie's root and
// proofs against the node's trie (state/trie); the metadata.
#include "runtime/pallets/session/historical.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/trie/proving_trie.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/session/session.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::rt {
namespace {

namespace session = pallets::session;
namespace historical = pallets::session::historical;
using rt::testing::account;
using traits::staking::Exposure;
using traits::staking::IndividualExposure;

struct TestKey {
  ByteArray<32> bytes{};
  bool operator==(const TestKey&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"test", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "[u8; 32]");
  }
};
struct SessionKeys {
  TestKey grandpa;
  TestKey babe;
  bool operator==(const SessionKeys&) const = default;
  static constexpr std::array<session::KeyTypeId, 2> kKeyTypeIds = {session::key_type("gran"),
                                                                    session::key_type("babe")};
  static constexpr auto fields() {
    return std::tuple{field("grandpa", &SessionKeys::grandpa, "Public"),
                      field("babe", &SessionKeys::babe, "Public")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"test_runtime", "SessionKeys"});
    add_fields(b, fields());
  }
};
SessionKeys keys_of(uint8_t n) {
  SessionKeys k;
  k.grandpa.bytes.fill(static_cast<uint8_t>(0x10 + n));
  k.babe.bytes.fill(static_cast<uint8_t>(0x20 + n));
  return k;
}
// Validator n's exposure (what the mock's staking says, and its FullIdentificationOf).
Exposure exposure_of(const AccountId32& v) {
  const uint8_t n = v.bytes[0];
  return Exposure{1'000u * n + 5, 1'000u * n, {IndividualExposure{account(100 + n), 5}}};
}

// A historical SessionManager: the set the test queues, with the validators' exposures.
struct TestManager {
  static inline std::optional<std::vector<AccountId32>> next;
  static std::optional<std::vector<std::pair<AccountId32, Exposure>>>
  new_session_with_identification(session::SessionIndex) {
    auto set = std::exchange(next, std::nullopt);
    if (!set) return std::nullopt;
    std::vector<std::pair<AccountId32, Exposure>> out;
    for (const AccountId32& v : *set) out.emplace_back(v, exposure_of(v));
    return out;
  }
  static std::optional<std::vector<AccountId32>> new_session(session::SessionIndex) {
    return std::exchange(next, std::nullopt);
  }
  static void end_session(session::SessionIndex) {}
  static void start_session(session::SessionIndex) {}
};
static_assert(traits::HistoricalSessionManager<TestManager, Exposure>);

struct Runtime : rt::testing::TestRuntimeBase {
  using System = pallets::system::Pallet<Runtime, PalletAt<0, "System">>;
  using Session = session::Pallet<Runtime, PalletAt<8, "Session">>;
  using Historical = historical::Pallet<Runtime, PalletAt<34, "Historical">>;
  using Pallets = Composition<"test_runtime", System, Historical, Session>;

  using SessionKeys = canary::rt::SessionKeys;
  using SessionManager = historical::NoteHistoricalRoot<Runtime, TestManager>;
  using SessionHandler = session::SessionHandlers<SessionKeys>;
  static inline bool rotate = false;
  static bool session_should_end(BlockNumber) { return std::exchange(rotate, false); }

  using FullIdentification = Exposure;
  static std::optional<Exposure> full_identification_of(const AccountId32& v) {
    const auto set = Session::validators();
    if (std::find(set.begin(), set.end(), v) == set.end()) return std::nullopt;
    return exposure_of(v);
  }
};
using System = Runtime::System;
using Session = Runtime::Session;
using Historical = Runtime::Historical;

// Genesis with validators 1..4 registered, the manager giving {1, 2, 3} for session 0.
void genesis() {
  for (uint8_t n = 1; n <= 4; ++n) System::inc_providers(account(n));
  TestManager::next = std::vector<AccountId32>{account(1), account(2), account(3)};
  ASSERT_TRUE(Session::build_genesis({{{account(1), account(1), keys_of(1)},
                                       {account(2), account(2), keys_of(2)},
                                       {account(3), account(3), keys_of(3)},
                                       {account(4), account(4), keys_of(4)}}})
                  .has_value());
}

// Block n: a new session if `set` is given (the manager's set for the session after it).
void next_session(BlockNumber n, std::optional<std::vector<AccountId32>> set) {
  System::reset_events();
  System::initialize(n, H256{}, {});
  TestManager::next = std::move(set);
  Runtime::rotate = true;
  Runtime::Pallets::on_initialize(n);
}

std::vector<std::string> events() {
  std::vector<std::string> out;
  for (const auto& record : System::EventsOf<>::get()) {
    const std::string hex = to_hex(scale::encode(record.event));
    if (hex.starts_with("0x22")) out.push_back(hex);  // Historical's (34)
  }
  return out;
}

// The pairs of a session's trie as FRAME builds them, for the node's trie.
std::vector<std::pair<Bytes, Bytes>> expected_pairs(const std::vector<AccountId32>& set) {
  std::vector<std::pair<Bytes, Bytes>> out;
  for (uint32_t i = 0; i < set.size(); ++i) {
    const uint8_t n = set[i].bytes[0];
    for (const auto& [id, raw] : session::raw_keys(keys_of(n))) {
      out.emplace_back(scale::encode(std::tuple<session::KeyTypeId, Bytes>{id, raw}),
                       scale::encode(i));
    }
    out.emplace_back(scale::encode(i),
                     scale::encode(std::tuple<AccountId32, Exposure>{set[i], exposure_of(set[i])}));
  }
  return out;
}

Hash256 node_root(const std::vector<AccountId32>& set) {
  const auto pairs = expected_pairs(set);
  return state::trie_root(std::span<const std::pair<Bytes, Bytes>>(pairs),
                          state::StateVersion::kV0);
}

TEST(Historical, GenesisSessionsHaveRoots) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    EXPECT_EQ(Session::validators(),
              (std::vector<AccountId32>{account(1), account(2), account(3)}));
    // Session 0: the manager's set; session 1: none given, so session 0's root.
    const auto root0 = Historical::historical_root(0);
    ASSERT_TRUE(root0);
    EXPECT_EQ(std::get<0>(*root0).bytes, node_root({account(1), account(2), account(3)}));
    EXPECT_EQ(std::get<1>(*root0), 3u);
    EXPECT_EQ(Historical::historical_root(1), root0);
    EXPECT_EQ(Historical::StoredRange::get(),
              (std::optional<std::tuple<uint32_t, uint32_t>>{{0, 2}}));
    // FRAME's keys: twox128("Historical") ‖ twox128("HistoricalSessions") ‖ twox64(0) ‖ 0.
    Bytes key;
    for (const auto& part : {io::hashing::twox_128(as_bytes("Historical")),
                             io::hashing::twox_128(as_bytes("HistoricalSessions"))}) {
      key.insert(key.end(), part.begin(), part.end());
    }
    const Bytes index = scale::encode(uint32_t{0});
    const auto hashed = io::hashing::twox_64(index);
    key.insert(key.end(), hashed.begin(), hashed.end());
    key.insert(key.end(), index.begin(), index.end());
    EXPECT_EQ(Historical::HistoricalSessions::key(0), key);
  });
}

TEST(Historical, RootsPerSessionAndPruning) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    // Session 1 starts; the manager gives {2, 4} for session 2.
    next_session(1, std::vector<AccountId32>{account(2), account(4)});
    EXPECT_EQ(Session::current_index(), 1u);
    const auto root2 = Historical::historical_root(2);
    ASSERT_TRUE(root2);
    EXPECT_EQ(std::get<0>(*root2).bytes, node_root({account(2), account(4)}));
    EXPECT_EQ(std::get<1>(*root2), 2u);
    EXPECT_EQ(events(), std::vector<std::string>{"0x220002000000"});  // RootStored { 2 }
    // No new set for session 3: session 2's root again.
    next_session(2, std::nullopt);
    EXPECT_EQ(Historical::historical_root(3), root2);
    EXPECT_EQ(events(), std::vector<std::string>{"0x220003000000"});
    next_session(3, std::vector<AccountId32>{account(1)});
    next_session(4, std::nullopt);
    EXPECT_EQ(Historical::StoredRange::get(),
              (std::optional<std::tuple<uint32_t, uint32_t>>{{0, 6}}));
    for (uint32_t i = 0; i < 6; ++i) EXPECT_TRUE(Historical::historical_root(i)) << i;

    System::reset_events();
    Historical::prune_up_to(2);
    EXPECT_EQ(events(), std::vector<std::string>{"0x220102000000"});  // RootsPruned { 2 }
    EXPECT_FALSE(Historical::historical_root(0));
    EXPECT_FALSE(Historical::historical_root(1));
    EXPECT_TRUE(Historical::historical_root(2));
    EXPECT_EQ(Historical::StoredRange::get(),
              (std::optional<std::tuple<uint32_t, uint32_t>>{{2, 6}}));
    Historical::prune_up_to(1);  // below the range: nothing
    EXPECT_EQ(Historical::StoredRange::get(),
              (std::optional<std::tuple<uint32_t, uint32_t>>{{2, 6}}));
    Historical::prune_up_to(100);  // past the end: everything
    EXPECT_FALSE(Historical::StoredRange::get());
    for (uint32_t i = 0; i < 6; ++i) EXPECT_FALSE(Historical::historical_root(i)) << i;
  });
}

TEST(Historical, ProofsVerifyAndReturnTheIdentification) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    std::vector<std::tuple<session::KeyTypeId, Bytes, AccountId32, session::MembershipProof>>
        proofs;
    for (uint8_t n = 1; n <= 3; ++n) {
      for (const auto& [id, raw] : session::raw_keys(keys_of(n))) {
        const auto proof = Historical::prove(id, raw);
        ASSERT_TRUE(proof);
        EXPECT_EQ(proof->session, 0u);
        EXPECT_EQ(proof->validator_count, 3u);
        const auto owner = Historical::check_proof(id, raw, *proof);
        ASSERT_TRUE(owner);
        EXPECT_EQ(*owner, (std::tuple<AccountId32, Exposure>{account(n), exposure_of(account(n))}));
        proofs.emplace_back(id, raw, account(n), *proof);
      }
    }
    // Validator 4 has keys but is not in the set: its proof proves nothing.
    const Bytes raw4 = scale::encode(keys_of(4).babe);
    const auto absent = Historical::prove(session::key_type("babe"), raw4);
    ASSERT_TRUE(absent);
    EXPECT_FALSE(Historical::check_proof(session::key_type("babe"), raw4, *absent));

    // Later sessions, with other sets: the proofs of session 0 still verify against its root.
    next_session(1, std::vector<AccountId32>{account(2), account(4)});
    next_session(2, std::nullopt);
    ASSERT_EQ(Session::validators(), (std::vector<AccountId32>{account(2), account(4)}));
    for (const auto& [id, raw, who, proof] : proofs) {
      const auto owner = Historical::check_proof(id, raw, proof);
      ASSERT_TRUE(owner);
      EXPECT_EQ(std::get<0>(*owner), who);
    }
    // Validator 4 proves its key in the current session (2).
    const auto proof4 = Historical::prove(session::key_type("babe"), raw4);
    ASSERT_TRUE(proof4);
    EXPECT_EQ(proof4->session, 2u);
    EXPECT_EQ(std::get<0>(*Historical::check_proof(session::key_type("babe"), raw4, *proof4)),
              account(4));
  });
}

TEST(Historical, BadProofsFail) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    const session::KeyTypeId gran = session::key_type("gran");
    const Bytes raw = scale::encode(keys_of(2).grandpa);
    const auto proof = Historical::prove(gran, raw).value();
    next_session(1, std::vector<AccountId32>{account(2), account(4)});
    next_session(2, std::vector<AccountId32>{account(3)});
    ASSERT_TRUE(Historical::check_proof(gran, raw, proof));

    // Another key than the proven one.
    EXPECT_FALSE(Historical::check_proof(gran, scale::encode(keys_of(1).grandpa), proof));
    EXPECT_FALSE(Historical::check_proof(session::key_type("babe"), raw, proof));
    // A node changed.
    for (size_t i = 0; i < proof.trie_nodes.size(); ++i) {
      auto tampered = proof;
      tampered.trie_nodes[i].back() ^= 1;
      EXPECT_FALSE(Historical::check_proof(gran, raw, tampered)) << i;
    }
    // A node missing, one too many (unused), one twice.
    auto missing = proof;
    missing.trie_nodes.pop_back();
    EXPECT_FALSE(Historical::check_proof(gran, raw, missing));
    auto padded = proof;
    padded.trie_nodes.push_back(
        Historical::prove(gran, scale::encode(keys_of(3).grandpa))->trie_nodes.front());
    EXPECT_FALSE(Historical::check_proof(gran, raw, padded));
    auto twice = proof;
    twice.trie_nodes.push_back(proof.trie_nodes.back());
    EXPECT_FALSE(Historical::check_proof(gran, raw, twice));
    // The wrong validator count, another session (2's set is {2, 4}), an unknown session.
    auto count = proof;
    count.validator_count = 2;
    EXPECT_FALSE(Historical::check_proof(gran, raw, count));
    auto other = proof;
    other.session = 2;
    EXPECT_FALSE(Historical::check_proof(gran, raw, other));
    auto unknown = proof;
    unknown.session = 9;
    EXPECT_FALSE(Historical::check_proof(gran, raw, unknown));
    // Pruned.
    Historical::prune_up_to(1);
    EXPECT_FALSE(Historical::check_proof(gran, raw, proof));
  });
}

TEST(Historical, TrieAgreesWithTheNodesTrie) {
  // Keys of every shape: empty, a prefix of others (branch values), long (partial keys over 62
  // nibbles), shared prefixes, values from empty to large.
  std::vector<std::vector<std::pair<Bytes, Bytes>>> cases;
  cases.push_back({});
  cases.push_back({{Bytes{}, Bytes{1}}});
  cases.push_back(
      {{Bytes{0x12}, Bytes{}}, {Bytes{0x12, 0x34}, Bytes(40, 7)}, {Bytes{0x13}, Bytes{9}}});
  std::vector<std::pair<Bytes, Bytes>> many;
  for (uint32_t i = 0; i < 300; ++i) {
    Bytes key = scale::encode(i * 2654435761u);
    if (i % 7 == 0) key.resize(40, static_cast<uint8_t>(i));
    if (i % 11 == 0) key.resize(1);
    many.emplace_back(key, Bytes(i % 50, static_cast<uint8_t>(i)));
  }
  cases.push_back(many);
  for (const auto& pairs : cases) {
    const auto ours = trie::ProvingTrie::build(pairs);
    EXPECT_EQ(ours.root(), state::trie_root(std::span<const std::pair<Bytes, Bytes>>(pairs),
                                            state::StateVersion::kV0));
    // Each proof reads back through the node's proof reader.
    for (const auto& [key, value] : pairs) {
      std::vector<Bytes> proof;
      const auto found = ours.get_recording(key, proof);
      const auto expected = [&] {  // the last value of the key
        Bytes v;
        for (const auto& [k, x] : pairs) {
          if (k == key) v = x;
        }
        return v;
      }();
      ASSERT_EQ(found, std::optional<Bytes>(expected));
      const auto read = state::read_proof(ours.root(), proof, key);
      ASSERT_TRUE(read);
      EXPECT_EQ(*read, std::optional<Bytes>(expected));
      auto nodes = trie::ProofNodes::from(proof).value();
      EXPECT_EQ(nodes.get(ours.root(), key).value(), std::optional<Bytes>(expected));
      EXPECT_TRUE(nodes.all_read());
    }
    std::vector<Bytes> proof;
    EXPECT_FALSE(ours.get_recording(Bytes{0xff, 0xfe, 0xfd}, proof));
  }
}

TEST(Historical, Metadata) {
  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata& h = metadata.pallets[1];
  EXPECT_EQ(h.name, "Historical");
  EXPECT_EQ(h.index, 34);
  ASSERT_EQ(h.storage->entries.size(), 2u);
  EXPECT_EQ(h.storage->entries[0].name, "HistoricalSessions");
  EXPECT_EQ(h.storage->entries[1].name, "StoredRange");
  EXPECT_FALSE(h.calls);
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[h.event->id].path,
            (std::vector<std::string>{"pallet_session", "historical", "pallet", "Event"}));
  const auto& events = std::get<meta::VariantDef>(types[h.event->id].def).variants;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].name, "RootStored");
  EXPECT_EQ(events[1].name, "RootsPruned");
  EXPECT_EQ(events[1].fields[0].name, "up_to");
}

}  // namespace
}  // namespace canary::rt
