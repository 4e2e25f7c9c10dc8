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
    EXPECT_EQ(error_of(), "ok");
    EXPECT_EQ(io::storage::get(to_bytes(":code")), std::optional<Bytes>(to_bytes("new code")));
  });
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
