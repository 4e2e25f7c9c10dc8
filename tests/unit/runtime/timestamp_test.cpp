// pallet_timestamp natively: the `set` inherent (origin, once per block, MinimumPeriod), the
// inherent's creation and checks with sp-timestamp's error encoding, the on_finalize invariant,
// the OnTimestampSet hook, and the call's encoding as Kusama blocks carry it.
#include "runtime/pallets/timestamp/timestamp.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace timestamp = pallets::timestamp;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Timestamp = timestamp::Pallet<TestRuntime, PalletAt<2, "Timestamp">>;
  using Pallets = Composition<"test_runtime", System, Timestamp>;
  static constexpr uint64_t kMinimumPeriod = 3'000;
  static inline std::vector<uint64_t> hooked;
  static void on_timestamp_set(uint64_t now) { hooked.push_back(now); }
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
using System = TestRuntime::System;
using Timestamp = TestRuntime::Timestamp;
using Call = TestRuntime::Pallets::Call;

runtime::InherentData data_with(uint64_t now) {
  runtime::InherentData data;
  data[runtime::kTimestampInherent] = scale::encode(now);
  return data;
}

Call set_call(uint64_t now) {
  return Call::of<Timestamp>(Timestamp::set{now});
}

TEST(Timestamp, CallEncodingAsInKusamaBlocks) {
  // Kusama blocks open with `0x28 04 0200 0b<6 bytes>`: Timestamp (2) . set (0) { Compact<u64> }.
  EXPECT_EQ(to_hex(scale::encode(set_call(1'600'000'000'000))), "0x02000b00806e877401");
  auto decoded = scale::decode<Call>(from_hex("0x02000b00806e877401").value());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(std::get<Timestamp::set>(std::get<PalletCall<Timestamp>>(decoded->value).call).now,
            1'600'000'000'000u);
  const DispatchInfo info = set_call(1).info();
  EXPECT_EQ(info.dispatch_class, DispatchClass::kMandatory);
}

TEST(Timestamp, SetOncePerBlockWithMinimumPeriod) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    TestRuntime::hooked.clear();
    System::initialize(1, H256{}, {});
    // Only the none origin (an inherent) may set the time.
    EXPECT_EQ(set_call(10'000).dispatch(Origin::root()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(set_call(10'000).dispatch(Origin::signed_by({})).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(set_call(10'000).dispatch(Origin::none()).has_value());
    EXPECT_EQ(Timestamp::get(), 10'000u);
    EXPECT_TRUE(Timestamp::DidUpdate::get());
    // A second time in the same block fails.
    EXPECT_FALSE(set_call(20'000).dispatch(Origin::none()).has_value());
    Timestamp::on_finalize(1);
    EXPECT_FALSE(Timestamp::DidUpdate::exists());

    // Next block: at least prev + MinimumPeriod.
    System::initialize(2, H256{}, {});
    EXPECT_FALSE(set_call(12'999).dispatch(Origin::none()).has_value());
    EXPECT_EQ(Timestamp::get(), 10'000u);
    ASSERT_TRUE(set_call(13'000).dispatch(Origin::none()).has_value());
    Timestamp::on_finalize(2);
    EXPECT_EQ(TestRuntime::hooked, (std::vector<uint64_t>{10'000, 13'000}));
  });
}

TEST(TimestampDeathTest, FinalizeWithoutTimestampPanics) {
  EXPECT_DEATH(
      {
        testing::TestExternalities ext;
        ext.execute_with([] {
          System::initialize(1, H256{}, {});
          Timestamp::on_finalize(1);
        });
      },
      "Timestamp must be updated once in the block");
}

TEST(Timestamp, CreateAndCheckInherent) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    System::initialize(1, H256{}, {});
    Timestamp::set_timestamp(100'000);
    Timestamp::on_finalize(1);

    // The author's clock if it is late enough, prev + MinimumPeriod otherwise.
    auto created = TestRuntime::Pallets::create_inherents(data_with(200'000));
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(scale::encode(created[0]), scale::encode(set_call(200'000)));
    created = TestRuntime::Pallets::create_inherents(data_with(101'000));
    EXPECT_EQ(scale::encode(created[0]), scale::encode(set_call(103'000)));

    // Our clock says 200 s: 230 s is the limit, and prev + MinimumPeriod the minimum.
    const auto check = [](uint64_t block_time) {
      return TestRuntime::Pallets::check_inherents({set_call(block_time)}, data_with(200'000));
    };
    EXPECT_TRUE(check(230'000).okay);
    EXPECT_TRUE(check(103'000).okay);
    const runtime::CheckInherentsResult future = check(230'001);
    EXPECT_FALSE(future.okay);
    EXPECT_TRUE(future.fatal_error);
    // sp_timestamp::InherentError::TooFarInFuture = variant 1.
    EXPECT_EQ(future.errors.at(runtime::kTimestampInherent), Bytes{0x01});
    const runtime::CheckInherentsResult early = check(102'999);
    EXPECT_TRUE(early.fatal_error);
    EXPECT_EQ(early.errors.at(runtime::kTimestampInherent), Bytes{0x00});
    // FRAME does not require the inherent in check_inherents.
    EXPECT_TRUE(TestRuntime::Pallets::check_inherents({}, data_with(200'000)).okay);
    // The result's encoding: okay false, fatal true, one error keyed `timstap0`.
    EXPECT_EQ(to_hex(scale::encode(future)),
              "0x000104" + to_hex(as_bytes("timstap0")).substr(2) + "0401");
  });
}

TEST(Timestamp, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 2u);
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "Timestamp");
  EXPECT_EQ(pallet.index, 2);
  ASSERT_EQ(pallet.storage->entries.size(), 2u);
  EXPECT_EQ(pallet.storage->entries[0].name, "Now");
  ASSERT_EQ(pallet.constants.size(), 1u);
  EXPECT_EQ(pallet.constants[0].name, "MinimumPeriod");
  EXPECT_EQ(to_hex(pallet.constants[0].value), "0xb80b000000000000");
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[pallet.calls->id].path,
            (std::vector<std::string>{"pallet_timestamp", "pallet", "Call"}));
  const auto& set = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants.at(0);
  EXPECT_EQ(set.name, "set");
  EXPECT_TRUE(std::holds_alternative<meta::CompactDef>(types[set.fields.at(0).type].def));
}

}  // namespace
}  // namespace canary::rt
