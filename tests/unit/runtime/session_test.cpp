// pallet_session natively, in a Kusama-shaped mock runtime (System 0, Babe 1, Timestamp 2,
// Authorship 5, Session 8, Grandpa 10): genesis keys, set_keys / purge_keys with their errors and
// reference counts, rotation driven by BABE's epoch end with the handlers' consensus logs (BABE
// NextEpochData, GRANDPA ScheduledChange), a changed validator set from the SessionManager,
// disabling, the author found from the BABE digest, and the metadata.
#include "runtime/pallets/session/session.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/authorship/authorship.hpp"
#include "runtime/pallets/babe/babe.hpp"
#include "runtime/pallets/grandpa/grandpa.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/timestamp/timestamp.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace babe = pallets::babe;
namespace grandpa = pallets::grandpa;
namespace session = pallets::session;

// A runtime's SessionKeys in Kusama's order (the keys this runtime has so far).
struct AuthorityDiscoveryId {
  ByteArray<32> bytes{};
  bool operator==(const AuthorityDiscoveryId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_authority_discovery", "app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};
struct SessionKeys {
  grandpa::AuthorityId grandpa;
  babe::AuthorityId babe;
  AuthorityDiscoveryId authority_discovery;
  bool operator==(const SessionKeys&) const = default;
  static constexpr std::array<session::KeyTypeId, 3> kKeyTypeIds = {
      session::key_type("gran"), session::key_type("babe"), session::key_type("audi")};
  static constexpr auto fields() {
    return std::tuple{
        field("grandpa", &SessionKeys::grandpa, "<Grandpa as BoundToRuntimeAppPublic>::Public"),
        field("babe", &SessionKeys::babe, "<Babe as BoundToRuntimeAppPublic>::Public"),
        field("authority_discovery", &SessionKeys::authority_discovery,
              "<AuthorityDiscovery as BoundToRuntimeAppPublic>::Public")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"test_runtime", "SessionKeys"});
    add_fields(b, fields());
  }
};

using rt::testing::account;
SessionKeys keys_of(uint8_t n) {
  SessionKeys k;
  k.grandpa.bytes.fill(static_cast<uint8_t>(0x10 + n));
  k.babe.bytes.fill(static_cast<uint8_t>(0x20 + n));
  k.authority_discovery.bytes.fill(static_cast<uint8_t>(0x30 + n));
  return k;
}

// The next validator set the test wants (none: keep the set).
struct TestSessionManager {
  static inline std::optional<std::vector<AccountId32>> next;
  static inline std::vector<session::SessionIndex> started;
  static std::optional<std::vector<AccountId32>> new_session(session::SessionIndex) {
    return std::exchange(next, std::nullopt);
  }
  static void end_session(session::SessionIndex) {}
  static void start_session(session::SessionIndex i) { started.push_back(i); }
};

struct Runtime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Babe = babe::Pallet<Runtime, PalletAt<1, "Babe">>;
  using Timestamp = pallets::timestamp::Pallet<Runtime, PalletAt<2, "Timestamp">>;
  using Authorship = pallets::authorship::Pallet<Runtime, PalletAt<5, "Authorship">>;
  using Session = session::Pallet<Runtime, PalletAt<8, "Session">>;
  using Grandpa = grandpa::Pallet<Runtime, PalletAt<10, "Grandpa">>;
  using Pallets =
      Composition<"test_runtime", System, Babe, Timestamp, Authorship, Session, Grandpa>;

  static constexpr uint64_t kMinimumPeriod = 3'000;
  static constexpr uint64_t kEpochDuration = 5;
  static constexpr uint64_t kExpectedBlockTime = 6'000;
  static constexpr uint32_t kMaxAuthorities = 100'000;
  static constexpr uint32_t kMaxNominators = 512;
  static constexpr uint64_t kMaxSetIdSessionEntries = 3;

  using SessionKeys = canary::rt::SessionKeys;
  using SessionManager = TestSessionManager;
  using SessionHandler =
      session::SessionHandlers<SessionKeys, session::KeyHandler<Babe, &SessionKeys::babe>,
                               session::KeyHandler<Grandpa, &SessionKeys::grandpa>>;
  static bool session_should_end(BlockNumber n) { return Babe::should_end_session(n); }
  static bool babe_is_disabled(babe::AuthorityIndex i) { return Session::is_disabled(i); }
  static void on_timestamp_set(uint64_t now) { Babe::on_timestamp_set(now); }
  static std::optional<AccountId32> authorship_find_author(const block::Digest& digest) {
    return Session::find_account_from_author_index(digest, &Babe::find_author);
  }
  static inline std::vector<AccountId32> noted;
  static void note_author(const AccountId32& who) { noted.push_back(who); }

  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 1;
      return out;
    }();
    return v;
  }
};
using System = Runtime::System;
using Babe = Runtime::Babe;
using Session = Runtime::Session;
using Grandpa = Runtime::Grandpa;
using Authorship = Runtime::Authorship;
using Call = Runtime::Pallets::Call;

void genesis() {
  TestSessionManager::next.reset();
  TestSessionManager::started.clear();
  Runtime::noted.clear();
  ASSERT_TRUE(Babe::build_genesis({}).has_value());
  ASSERT_TRUE(Grandpa::build_genesis({}).has_value());
  ASSERT_TRUE(Session::build_genesis(
                  {{{account(1), account(1), keys_of(1)}, {account(2), account(2), keys_of(2)}}})
                  .has_value());
}

// The consensus logs of one engine in this block's digest.
std::vector<Bytes> logs_of(const block::ConsensusEngineId& engine) {
  std::vector<Bytes> out;
  for (const block::DigestItem& item : System::Digest::get()) {
    const auto* c = std::get_if<block::DigestConsensus>(&item);
    if (c != nullptr && c->engine == engine) out.push_back(c->data);
  }
  return out;
}

// Runs block `n` at `slot` authored by validator `author` (secondary plain), up to the inherents.
void start_block(BlockNumber n, uint64_t slot, uint32_t author) {
  System::reset_events();
  const babe::PreDigest pre{babe::PreDigest::SecondaryPlain{{author, babe::Slot{slot}}}};
  System::initialize(n, H256{},
                     {block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)}});
  Runtime::Pallets::on_initialize(n);
  Runtime::Timestamp::set_timestamp(slot * 6'000);
}

TEST(Session, GenesisFeedsTheHandlers) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    EXPECT_EQ(Session::validators(), (std::vector<AccountId32>{account(1), account(2)}));
    EXPECT_EQ(Session::QueuedKeys::get().size(), 2u);
    EXPECT_EQ(Babe::authorities(),
              (std::vector<babe::Authority>{{keys_of(1).babe, 1}, {keys_of(2).babe, 1}}));
    EXPECT_EQ(Grandpa::grandpa_authorities(),
              (grandpa::AuthorityList{{keys_of(1).grandpa, 1}, {keys_of(2).grandpa, 1}}));
    // The well-known key holds VersionedAuthorityList: version 1, then the list.
    const Bytes raw = io::storage::get(grandpa::authorities_key()).value();
    EXPECT_EQ(to_hex(raw).substr(0, 8), "0x0108" + to_hex(keys_of(1).grandpa.bytes).substr(2, 2));
    EXPECT_EQ(Grandpa::SetIdSession::get(0), std::optional<uint32_t>(0));
    // Key owners by (key type, raw key); a consumer reference for each account (a provider when
    // it had none).
    EXPECT_EQ(Session::key_owner(session::key_type("babe"), scale::encode(keys_of(2).babe)),
              std::optional<AccountId32>(account(2)));
    EXPECT_EQ(System::providers(account(1)), 1u);
    EXPECT_EQ(TestSessionManager::started, std::vector<session::SessionIndex>{0});
  });
}

TEST(Session, SetAndPurgeKeys) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    System::initialize(1, H256{}, {});
    const auto set = [](uint8_t who, const SessionKeys& k) {
      auto r =
          Call::of<Session>(Session::set_keys{k, {}}).dispatch(Origin::signed_by(account(who)));
      return r ? std::string("ok") : runtime::to_string(r.error().error);
    };
    // No account: cannot take a consumer reference.
    EXPECT_EQ(set(3, keys_of(3)), "Module { index: 8, error: 0x04000000 }");
    System::inc_providers(account(3));
    // Another validator's key.
    SessionKeys taken = keys_of(3);
    taken.babe = keys_of(1).babe;
    EXPECT_EQ(set(3, taken), "Module { index: 8, error: 0x02000000 }");
    EXPECT_EQ(set(3, keys_of(3)), "ok");
    EXPECT_EQ(System::consumers(account(3)), 1u);
    // Re-setting moves the ownership of the changed key only, without another reference.
    SessionKeys moved = keys_of(3);
    moved.grandpa = keys_of(9).grandpa;
    EXPECT_EQ(set(3, moved), "ok");
    EXPECT_EQ(System::consumers(account(3)), 1u);
    EXPECT_FALSE(Session::key_owner(session::key_type("gran"), scale::encode(keys_of(3).grandpa)));
    EXPECT_EQ(Session::key_owner(session::key_type("gran"), scale::encode(keys_of(9).grandpa)),
              std::optional<AccountId32>(account(3)));

    const Call purge = Call::of<Session>(Session::purge_keys{});
    // Session (8) . purge_keys (1).
    EXPECT_EQ(to_hex(scale::encode(purge)), "0x0801");
    ASSERT_TRUE(purge.dispatch(Origin::signed_by(account(3))).has_value());
    EXPECT_EQ(System::consumers(account(3)), 0u);
    EXPECT_FALSE(Session::NextKeys::contains_key(account(3)));
    EXPECT_FALSE(Session::key_owner(session::key_type("babe"), scale::encode(keys_of(3).babe)));
    EXPECT_EQ(runtime::to_string(purge.dispatch(Origin::signed_by(account(3))).error().error),
              "Module { index: 8, error: 0x03000000 }");
    // set_keys (0) { keys: grandpa ‖ babe ‖ audi, proof: Vec<u8> }.
    EXPECT_EQ(scale::encode(Call::of<Session>(Session::set_keys{keys_of(3), {7}})).size(),
              2u + 96 + 2);
  });
}

TEST(Session, RotatesWithBabeEpochs) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    start_block(1, 100, 0);
    EXPECT_EQ(logs_of(block::kBabeEngineId).size(), 1u);  // genesis epoch data
    EXPECT_EQ(Authorship::author(), std::optional<AccountId32>(account(1)));
    Runtime::Pallets::on_finalize(1);
    EXPECT_FALSE(Authorship::Author::exists());
    EXPECT_EQ(Runtime::noted, std::vector<AccountId32>{account(1)});

    // Validator 3 registers keys; the manager picks {2, 3} for session 2.
    System::inc_providers(account(3));
    start_block(2, 101, 1);
    ASSERT_TRUE(Call::of<Session>(Session::set_keys{keys_of(3), {}})
                    .dispatch(Origin::signed_by(account(3)))
                    .has_value());
    Runtime::Pallets::on_finalize(2);

    // Slot 105 ends epoch 0: session 1 starts (the genesis set), {2, 3} is queued.
    TestSessionManager::next = std::vector<AccountId32>{account(2), account(3)};
    start_block(3, 105, 1);
    EXPECT_EQ(Session::current_index(), 1u);
    EXPECT_TRUE(Session::QueuedChanged::get());
    EXPECT_EQ(Babe::EpochIndex::get(), 1u);
    EXPECT_EQ(Babe::NextAuthorities::get().items,
              (std::vector<babe::Authority>{{keys_of(2).babe, 1}, {keys_of(3).babe, 1}}));
    const auto babe_logs = logs_of(block::kBabeEngineId);
    ASSERT_EQ(babe_logs.size(), 1u);
    EXPECT_EQ(babe_logs[0][0], 1);  // NextEpochData
    // GRANDPA: `changed` was false for session 1 (the genesis set was not a change): no log.
    EXPECT_EQ(Grandpa::current_set_id(), 0u);
    EXPECT_EQ(Grandpa::SetIdSession::get(0), std::optional<uint32_t>(1));
    Runtime::Pallets::on_finalize(3);
    EXPECT_TRUE(logs_of(block::kGrandpaEngineId).empty());
    // NewQueued, then NewSession { 1 }.
    const auto events = System::EventsOf<>::get();
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(to_hex(scale::encode(events[events.size() - 2].event)), "0x0801");
    EXPECT_EQ(to_hex(scale::encode(events.back().event)), "0x080001000000");

    // Slot 110 ends epoch 1: session 2 with {2, 3}; GRANDPA schedules the change (delay 0).
    start_block(4, 110, 0);
    EXPECT_EQ(Session::current_index(), 2u);
    EXPECT_EQ(Session::validators(), (std::vector<AccountId32>{account(2), account(3)}));
    EXPECT_EQ(Babe::authorities(),
              (std::vector<babe::Authority>{{keys_of(2).babe, 1}, {keys_of(3).babe, 1}}));
    EXPECT_EQ(Grandpa::current_set_id(), 1u);
    EXPECT_EQ(Grandpa::SetIdSession::get(1), std::optional<uint32_t>(2));
    // Authorship (5) ran before Session (8) rotated: index 0 was read in the set that produced
    // the block (Kusama orders the pallets so for this reason).
    EXPECT_EQ(Authorship::author(), std::optional<AccountId32>(account(1)));
    Authorship::Author::kill();
    EXPECT_EQ(Authorship::author(), std::optional<AccountId32>(account(2)));
    Runtime::Pallets::on_finalize(4);
    const auto grandpa_logs = logs_of(block::kGrandpaEngineId);
    ASSERT_EQ(grandpa_logs.size(), 1u);
    const auto change = scale::decode<grandpa::ConsensusLog>(grandpa_logs[0]).value();
    const auto& scheduled = std::get<grandpa::ConsensusLog::Scheduled>(change.value).change;
    EXPECT_EQ(scheduled.delay, 0u);
    EXPECT_EQ(scheduled.next_authorities,
              (grandpa::AuthorityList{{keys_of(2).grandpa, 1}, {keys_of(3).grandpa, 1}}));
    // Delay 0: enacted at the end of the same block.
    EXPECT_EQ(Grandpa::grandpa_authorities(), scheduled.next_authorities);
    EXPECT_FALSE(Grandpa::PendingChange::exists());
  });
}

TEST(Session, DisablingReachesTheHandlers) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    genesis();
    start_block(1, 100, 0);
    EXPECT_FALSE(Session::disable_index(5));
    EXPECT_TRUE(Session::disable_index(1));
    EXPECT_FALSE(Session::disable_index(1));
    EXPECT_TRUE(Session::is_disabled(1));
    // BABE OnDisabled(u32 1), GRANDPA OnDisabled(u64 1).
    const auto babe_logs = logs_of(block::kBabeEngineId);
    EXPECT_EQ(to_hex(babe_logs.back()), "0x0201000000");
    EXPECT_EQ(to_hex(logs_of(block::kGrandpaEngineId).back()), "0x030100000000000000");
    Runtime::Pallets::on_finalize(1);
  });
  // A disabled validator authoring a block is a broken invariant.
  EXPECT_DEATH(ext.execute_with([] {
    start_block(2, 101, 1);
    Runtime::Pallets::on_finalize(2);
  }),
               "is disabled");
}

TEST(Session, Metadata) {
  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 6u);
  const meta::PalletMetadata& s = metadata.pallets[4];
  EXPECT_EQ(s.name, "Session");
  EXPECT_EQ(s.index, 8);
  EXPECT_EQ(s.storage->entries.size(), 7u);
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[s.calls->id].path,
            (std::vector<std::string>{"pallet_session", "pallet", "Call"}));
  EXPECT_EQ(types[s.event->id].path,
            (std::vector<std::string>{"pallet_session", "pallet", "Event"}));
  EXPECT_EQ(metadata.pallets[3].name, "Authorship");
  EXPECT_EQ(metadata.pallets[3].storage->entries.at(0).name, "Author");
  meta::Registry& r = metadata.registry;
  EXPECT_EQ(types[r.id<grandpa::AuthorityId>()].path,
            (std::vector<std::string>{"sp_consensus_grandpa", "app", "Public"}));
  EXPECT_EQ(types[r.id<session::KeyTypeId>()].path,
            (std::vector<std::string>{"sp_core", "crypto", "KeyTypeId"}));
  EXPECT_GT(meta::encode_v15(metadata).size(), 1000u);
}

}  // namespace
}  // namespace canary::rt
