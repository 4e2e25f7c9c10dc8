// frame_system natively: account reference counting with its events, the block lifecycle
// (initialize → extrinsics → finalize gives a header with the right roots), events with topics and
// phases, block hash pruning, remarks, and runtime upgrades with their version checks.
#include "runtime/pallets/system/system.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;

struct TestAccountData {
  uint64_t free = 0;
  bool operator==(const TestAccountData&) const = default;
  static constexpr auto fields() { return std::tuple{field("free", &TestAccountData::free)}; }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"test", "AccountData"});
    add_fields(b, fields());
  }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = TestAccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Pallets = Composition<"test_runtime", System>;
  static constexpr uint32_t kBlockHashCount = 4;
  static constexpr uint32_t kMaxConsumers = 2;
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.impl_name = "canary-test";
      out.spec_version = 5;
      out.apis = {{runtime::kCoreApiId, 5}};
      out.transaction_version = 1;
      out.system_version = 1;
      return out;
    }();
    return v;
  }
};
using System = TestRuntime::System;
using Call = TestRuntime::Pallets::Call;

using rt::testing::account;

std::vector<system::EventRecord<TestRuntime::Pallets::Event>> events() {
  return System::EventsOf<>::get();
}

TEST(System, ProvidersCreateAndReapAccounts) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    System::initialize(1, H256{}, {});
    const AccountId32 alice = account(1);
    EXPECT_EQ(System::inc_providers(alice), system::IncRefStatus::kCreated);
    EXPECT_EQ(System::inc_providers(alice), system::IncRefStatus::kExisted);
    EXPECT_TRUE(System::inc_consumers(alice).has_value());
    EXPECT_TRUE(System::inc_consumers(alice).has_value());
    EXPECT_EQ(System::inc_consumers(alice).error().kind, DispatchError::Kind::kTooManyConsumers);
    EXPECT_EQ(System::dec_providers(alice).value(), system::DecRefStatus::kExists);
    // The last provider cannot go while consumers remain.
    EXPECT_EQ(System::dec_providers(alice).error().kind, DispatchError::Kind::kConsumerRemaining);
    System::dec_consumers(alice);
    System::dec_consumers(alice);
    EXPECT_EQ(System::dec_providers(alice).value(), system::DecRefStatus::kReaped);
    EXPECT_FALSE(System::account_exists(alice));
    EXPECT_EQ(System::inc_consumers(account(2)).error().kind, DispatchError::Kind::kNoProviders);

    const auto recorded = events();
    ASSERT_EQ(recorded.size(), 2u);
    // RuntimeEvent System (0) . NewAccount (3) { account }.
    EXPECT_EQ(to_hex(scale::encode(recorded[0].event)), "0x0003" + to_hex(alice.bytes).substr(2));
    EXPECT_EQ(to_hex(scale::encode(recorded[1].event)), "0x0004" + to_hex(alice.bytes).substr(2));
    EXPECT_EQ(recorded[0].phase, system::Phase::initialization());
  });
}

TEST(System, BlockLifecycleProducesTheHeader) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    H256 parent;
    parent.bytes.fill(0xab);
    block::Digest digest = {block::DigestPreRuntime{block::kBabeEngineId, {1, 2, 3}}};
    System::initialize(7, parent, digest);
    EXPECT_EQ(System::BlockHash::get(6), parent);
    System::note_finished_initialize();

    const std::vector<Bytes> extrinsics = {{0x08, 0x01, 0x02}, {0x04, 0x07}};
    for (const Bytes& xt : extrinsics) {
      System::note_extrinsic(xt);
      System::note_applied_extrinsic(PostDispatchInfo{}, DispatchInfo{Weight::from_parts(10, 0)});
    }
    System::note_finished_extrinsics();
    System::deposit_log(block::DigestOther{{9}});
    const block::Header header = System::finalize();

    EXPECT_EQ(header.number, 7u);
    EXPECT_EQ(header.parent_hash, parent.bytes);
    ASSERT_EQ(header.digest.size(), 2u);
    EXPECT_EQ(header.extrinsics_root,
              state::ordered_trie_root(extrinsics, state::StateVersion::kV0));
    EXPECT_EQ(header.state_root, io::storage::root(io::StateVersion::kV1));
    // Block data is cleaned up; the events stay until the next block.
    EXPECT_FALSE(System::ExtrinsicData::contains_key(0));
    EXPECT_FALSE(System::ExtrinsicCount::exists());
    EXPECT_FALSE(System::ExecutionPhase::exists());
    const auto recorded = events();
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_EQ(recorded[1].phase, system::Phase::apply_extrinsic(1));
    // ExtrinsicSuccess { weight: actual + base_extrinsic, Normal, Yes }.
    auto success = std::get<PalletEvent<System>>(recorded[0].event.value).event;
    EXPECT_EQ(std::get<System::ExtrinsicSuccess>(success).dispatch_info.weight,
              Weight::from_parts(100'000'010, 0));
  });
}

TEST(System, BlockHashesArePruned) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    for (BlockNumber n = 1; n <= 10; ++n) {
      H256 parent;
      parent.bytes.fill(static_cast<uint8_t>(n));
      System::reset_events();
      System::initialize(n, parent, {});
      System::note_finished_initialize();
      System::note_finished_extrinsics();
      (void)System::finalize();
    }
    // BlockHashCount = 4: the hashes of the last four blocks (6..9) and of genesis remain.
    EXPECT_TRUE(System::BlockHash::contains_key(0));
    EXPECT_FALSE(System::BlockHash::contains_key(1));
    EXPECT_FALSE(System::BlockHash::contains_key(5));
    EXPECT_TRUE(System::BlockHash::contains_key(6));
    EXPECT_TRUE(System::BlockHash::contains_key(9));
  });
}

TEST(System, RemarksAndRootCalls) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    System::initialize(1, H256{}, {});
    const Call remark = Call::of<System>(System::remark_with_event{to_bytes("hello")});
    // System (0) . remark_with_event (7) { remark: Vec<u8> }.
    EXPECT_EQ(to_hex(scale::encode(remark)), "0x00071468656c6c6f");
    ASSERT_TRUE(remark.dispatch(Origin::signed_by(account(1))).has_value());
    const auto recorded = events();
    ASSERT_EQ(recorded.size(), 1u);
    const H256 hash{io::hashing::blake2_256(to_bytes("hello"))};
    // FRAME's remark_with_event deposits no topics.
    EXPECT_TRUE(recorded[0].topics.empty());
    EXPECT_TRUE(System::EventTopics::get(hash).empty());
    // An event with topics (deposit_event_indexed) is listed under each of them.
    System::deposit_event_indexed({hash}, System::Remarked{account(1), hash});
    ASSERT_EQ(events().size(), 2u);
    EXPECT_EQ(events()[1].topics, std::vector<H256>{hash});
    ASSERT_EQ(System::EventTopics::get(hash).size(), 1u);
    EXPECT_EQ(std::get<1>(System::EventTopics::get(hash)[0]), 1u);  // (block, event index)

    const Call set = Call::of<System>(System::set_storage{{{to_bytes("k"), to_bytes("v")}}});
    EXPECT_EQ(set.dispatch(Origin::signed_by(account(1))).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(set.dispatch(Origin::root()).has_value());
    EXPECT_EQ(io::storage::get(to_bytes("k")), std::optional<Bytes>(to_bytes("v")));
    const Call pages = Call::of<System>(System::set_heap_pages{4096});
    ASSERT_TRUE(pages.dispatch(Origin::root()).has_value());
    EXPECT_EQ(to_hex(*io::storage::get(to_bytes(":heappages"))), "0x0010000000000000");
    EXPECT_TRUE(std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(
        System::Digest::get().back()));
  });
}

TEST(System, SetCodeChecksTheNewVersion) {
  testing::TestExternalities ext;
  runtime::RuntimeVersion next = TestRuntime::version();
  ext.context().runtime_version = [&next](ByteSpan code) -> std::optional<Bytes> {
    if (code.empty()) return std::nullopt;
    return runtime::encode(next);
  };
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    const Call upgrade = Call::of<System>(System::set_code{to_bytes("new code")});
    const auto error_of = [&] {
      auto result = upgrade.dispatch(Origin::root());
      return result ? std::string("ok") : runtime::to_string(result.error().error);
    };
    EXPECT_EQ(error_of(), "Module { index: 0, error: 0x01000000 }");  // same spec version
    next.spec_name = "other";
    next.spec_version = 6;
    EXPECT_EQ(error_of(), "Module { index: 0, error: 0x00000000 }");  // spec name differs
    const Call no_version = Call::of<System>(System::set_code{Bytes{}});
    EXPECT_EQ(runtime::to_string(no_version.dispatch(Origin::root()).error().error),
              "Module { index: 0, error: 0x02000000 }");
    next.spec_name = "test";
    // frame_system's weights: its benchmark up front (Kusama's 73 ms and a write, Operational),
    // the whole block reported once done.
    EXPECT_EQ(
        upgrade.info().total_weight(),
        Weight::from_parts(73'167'346'000, 0).saturating_add(TestRuntime::kDbWeight.writes(1)));
    EXPECT_EQ(upgrade.info().dispatch_class, DispatchClass::kOperational);
    auto applied = upgrade.dispatch(Origin::root());
    ASSERT_TRUE(applied.has_value());
    EXPECT_EQ(applied->actual_weight,
              std::optional<Weight>(TestRuntime::block_weights().max_block));
    EXPECT_EQ(io::storage::get(to_bytes(":code")), std::optional<Bytes>(to_bytes("new code")));
  });
}

// System's own event at `index` (the last one by default).
System::Event system_event(std::optional<size_t> index = std::nullopt) {
  const auto recorded = events();
  const auto& record = recorded.at(index.value_or(recorded.size() - 1));
  return std::get<PalletEvent<System>>(record.event.value).event;
}

// authorize_upgrade / authorize_upgrade_without_checks / apply_authorized_upgrade (frame_system
// stable2506, reference staking-governance.md §3.1): Root authorizes a hash; anyone, unsigned
// included, brings the matching code; a blob that fails the version checks uses the authorization
// up with RejectedInvalidAuthorizedUpgrade.
TEST(System, AuthorizedUpgrades) {
  testing::TestExternalities ext;
  runtime::RuntimeVersion next = TestRuntime::version();
  ext.context().runtime_version = [&next](ByteSpan code) -> std::optional<Bytes> {
    if (code.empty()) return std::nullopt;
    return runtime::encode(next);
  };
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    const Bytes code = to_bytes("new code");
    const H256 hash{io::hashing::blake2_256(code)};
    const auto module_error = [](const DispatchResultWithPostInfo& r) {
      return r ? std::string("ok") : runtime::to_string(r.error().error);
    };
    const Call apply = Call::of<System>(System::apply_authorized_upgrade{code});
    // System (0) . apply_authorized_upgrade (11) { code: Vec<u8> }.
    EXPECT_EQ(to_hex(scale::encode(apply)), "0x000b206e657720636f6465");
    EXPECT_EQ(apply.info().dispatch_class, DispatchClass::kOperational);
    // Nothing authorized yet: NothingAuthorized (7), and the pool refuses it.
    EXPECT_EQ(module_error(apply.dispatch(Origin::none())),
              "Module { index: 0, error: 0x07000000 }");
    EXPECT_FALSE(
        TestRuntime::Pallets::validate_unsigned(runtime::TransactionSource::kExternal, apply)
            .has_value());

    const Call authorize = Call::of<System>(System::authorize_upgrade{hash});
    EXPECT_EQ(to_hex(scale::encode(authorize)), "0x0009" + to_hex(hash.bytes, false));
    EXPECT_EQ(authorize.dispatch(Origin::signed_by(account(1))).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(authorize.dispatch(Origin::root()).has_value());
    ASSERT_TRUE(System::AuthorizedUpgrade::get().has_value());
    EXPECT_EQ(System::AuthorizedUpgrade::get()->code_hash, hash);
    EXPECT_TRUE(System::AuthorizedUpgrade::get()->check_version);
    ASSERT_FALSE(events().empty());
    System::Event last = system_event();
    const auto* authorized = std::get_if<System::UpgradeAuthorized>(&last);
    ASSERT_NE(authorized, nullptr);
    EXPECT_EQ(authorized->code_hash, hash);
    EXPECT_TRUE(authorized->check_version);

    // Other code: Unauthorized (8), in the pool too.
    const Call other = Call::of<System>(System::apply_authorized_upgrade{to_bytes("other")});
    EXPECT_EQ(module_error(other.dispatch(Origin::none())),
              "Module { index: 0, error: 0x08000000 }");
    EXPECT_FALSE(
        TestRuntime::Pallets::validate_unsigned(runtime::TransactionSource::kExternal, other)
            .has_value());
    // The authorized code is valid unsigned: priority 100, provides the hash, never expires.
    auto valid =
        TestRuntime::Pallets::validate_unsigned(runtime::TransactionSource::kExternal, apply);
    ASSERT_TRUE(valid.has_value());
    EXPECT_EQ(valid->priority, 100u);
    EXPECT_EQ(valid->provides_tags, std::vector<Bytes>{scale::encode(hash)});
    EXPECT_TRUE(valid->requires_tags.empty());
    EXPECT_EQ(valid->longevity, UINT64_MAX);
    EXPECT_TRUE(valid->propagate);
    EXPECT_TRUE(TestRuntime::Pallets::pre_dispatch_unsigned(apply).has_value());

    // The same spec version fails the check: no error, the authorization is gone, an event says
    // why, `:code` is untouched.
    auto rejected = apply.dispatch(Origin::none());
    ASSERT_TRUE(rejected.has_value());
    EXPECT_EQ(rejected->pays_fee, Pays::kNo);
    EXPECT_FALSE(System::AuthorizedUpgrade::get().has_value());
    EXPECT_FALSE(io::storage::get(to_bytes(":code")).has_value());
    last = system_event();
    const auto* why = std::get_if<System::RejectedInvalidAuthorizedUpgrade>(&last);
    ASSERT_NE(why, nullptr);
    EXPECT_EQ(why->code_hash, hash);
    EXPECT_EQ(runtime::to_string(why->error), "Module { index: 0, error: 0x01000000 }");

    // Without checks the same blob goes in: `:code`, the digest item, CodeUpdated, the whole
    // block's weight, free.
    ASSERT_TRUE(Call::of<System>(System::authorize_upgrade_without_checks{hash})
                    .dispatch(Origin::root())
                    .has_value());
    EXPECT_FALSE(System::AuthorizedUpgrade::get()->check_version);
    auto applied = apply.dispatch(Origin::signed_by(account(2)));
    ASSERT_TRUE(applied.has_value()) << module_error(applied);
    EXPECT_EQ(applied->pays_fee, Pays::kNo);
    EXPECT_EQ(applied->actual_weight,
              std::optional<Weight>(TestRuntime::block_weights().max_block));
    EXPECT_EQ(io::storage::get(to_bytes(":code")), std::optional<Bytes>(code));
    EXPECT_TRUE(std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(
        System::Digest::get().back()));
    EXPECT_TRUE(std::holds_alternative<System::CodeUpdated>(system_event()));
    EXPECT_FALSE(System::AuthorizedUpgrade::get().has_value());

    // With checks and a higher spec version: applied.
    next.spec_version = 6;
    const Bytes newer = to_bytes("newer code");
    ASSERT_TRUE(Call::of<System>(System::authorize_upgrade{H256{io::hashing::blake2_256(newer)}})
                    .dispatch(Origin::root())
                    .has_value());
    ASSERT_TRUE(Call::of<System>(System::apply_authorized_upgrade{newer})
                    .dispatch(Origin::none())
                    .has_value());
    EXPECT_EQ(io::storage::get(to_bytes(":code")), std::optional<Bytes>(newer));
  });
}

TEST(System, SetCodeEmitsCodeUpdatedAndTheDigestItem) {
  testing::TestExternalities ext;
  runtime::RuntimeVersion next = TestRuntime::version();
  next.spec_version += 1;
  ext.context().runtime_version = [&next](ByteSpan) -> std::optional<Bytes> {
    return runtime::encode(next);
  };
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    ASSERT_TRUE(
        Call::of<System>(System::set_code{to_bytes("code")}).dispatch(Origin::root()).has_value());
    ASSERT_EQ(System::Digest::get().size(), 1u);
    EXPECT_TRUE(std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(
        System::Digest::get().back()));
    // DigestItem::RuntimeEnvironmentUpdated is index 8, without payload.
    EXPECT_EQ(to_hex(scale::encode(System::Digest::get())), "0x0408");
    ASSERT_EQ(events().size(), 1u);
    EXPECT_TRUE(std::holds_alternative<System::CodeUpdated>(system_event(0)));
  });
}

// Kusama's layout (META-1009002, System at 0; staking-governance-data/layout.txt): calls, events
// and errors by name and index.
TEST(System, CallsEventsAndErrorsAreKusamas) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[0];
  const auto names = [&](uint32_t id) {
    std::vector<std::string> out;
    for (const auto& v : std::get<meta::VariantDef>(types[id].def).variants) {
      out.push_back(std::to_string(v.index) + " " + v.name);
    }
    return out;
  };
  EXPECT_EQ(names(pallet.calls->id),
            (std::vector<std::string>{"0 remark", "1 set_heap_pages", "2 set_code",
                                      "3 set_code_without_checks", "4 set_storage",
                                      "5 kill_storage", "6 kill_prefix", "7 remark_with_event",
                                      "9 authorize_upgrade", "10 authorize_upgrade_without_checks",
                                      "11 apply_authorized_upgrade"}));
  EXPECT_EQ(
      names(pallet.event->id),
      (std::vector<std::string>{"0 ExtrinsicSuccess", "1 ExtrinsicFailed", "2 CodeUpdated",
                                "3 NewAccount", "4 KilledAccount", "5 Remarked",
                                "6 UpgradeAuthorized", "7 RejectedInvalidAuthorizedUpgrade"}));
  EXPECT_EQ(
      names(pallet.error->id),
      (std::vector<std::string>{
          "0 InvalidSpecName", "1 SpecVersionNeedsToIncrease", "2 FailedToExtractRuntimeVersion",
          "3 NonDefaultComposite", "4 NonZeroRefCount", "5 CallFiltered",
          "6 MultiBlockMigrationsOngoing", "7 NothingAuthorized", "8 Unauthorized"}));
}

TEST(System, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 1u);
  EXPECT_EQ(metadata.pallets[0].storage->entries.size(), 19u);
  EXPECT_EQ(metadata.pallets[0].constants.size(), 6u);
  const Bytes v15 = meta::encode_v15(metadata);
  EXPECT_GT(v15.size(), 1000u);
}

}  // namespace
}  // namespace canary::rt

namespace canary::rt {
namespace {

TEST(SystemGenesis, BuildsFromJsonAndRefusesUnknownFields) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    auto built = TestRuntime::Pallets::build_genesis_json(json::parse(R"({"system": {}})").value());
    ASSERT_TRUE(built.has_value()) << built.error();
    H256 hash69;
    hash69.bytes.fill(69);
    EXPECT_EQ(System::BlockHash::get(0), hash69);
    EXPECT_EQ(System::LastRuntimeUpgrade::get()->spec_name, "test");
    EXPECT_EQ(json::write(TestRuntime::Pallets::default_genesis_json()), R"({"system":{}})");
    auto unknown = TestRuntime::Pallets::build_genesis_json(json::parse(R"({"nope": 1})").value());
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error(), "unknown genesis field `nope`");
    EXPECT_FALSE(TestRuntime::Pallets::build_genesis_json(json::parse("[]").value()).has_value());
    // The section's own fields are declared (none for System).
    EXPECT_EQ(
        TestRuntime::Pallets::build_genesis_json(json::parse(R"({"system": {"x": 1}})").value())
            .error(),
        "system: unknown field `x`");
    EXPECT_EQ(
        TestRuntime::Pallets::build_genesis_json(json::parse(R"({"system": []})").value()).error(),
        "system: expected an object");
    // A missing field takes the default.
    EXPECT_TRUE(TestRuntime::Pallets::build_genesis_json(json::parse("{}").value()).has_value());
  });
}

}  // namespace
}  // namespace canary::rt
