// The Canary runtime's genesis-configurable block time (runtime/canary/block_time.hpp): without
// `timestamp.minimumPeriod` the genesis writes nothing and the chain has Kusama's 6 s slots; with
// it, BABE's slot duration (BabeApi_configuration), Timestamp's inherent checks, BABE's
// timestamp ↔ slot check in a whole block, and the metadata constants all follow the one value;
// values outside 250 ms … 30 min (500 ms … 1 h slots) and malformed sections are refused.
#include <gtest/gtest.h>

#include "primitives/hash/hash.hpp"
#include "runtime/canary/block_time.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt::canary_runtime {
namespace {

using testing::TestExternalities;

// The development preset with `timestamp_section` (JSON text) as its "timestamp" field.
json::Value development_with(std::string_view timestamp_section) {
  json::Value config = preset(kDevelopmentPreset).value();
  auto section = json::parse(timestamp_section);
  EXPECT_TRUE(section.has_value()) << timestamp_section;
  auto fields = std::get<json::Object>(config.data);
  fields.insert_or_assign("timestamp", *section);
  return json::Value::of(std::move(fields));
}

Result<std::map<Bytes, Bytes>, std::string> build(const json::Value& config) {
  TestExternalities builder;
  auto built = builder.execute_with([&] { return build_genesis_state(config); });
  if (!built) return unexpected(built.error());
  return builder.top_writes();
}

// A pallet constant of the runtime's metadata, decoded as the u64 it is.
uint64_t constant_u64(std::string_view pallet, std::string_view name) {
  const meta::RuntimeMetadata metadata = build_metadata();
  for (const meta::PalletMetadata& p : metadata.pallets) {
    if (p.name != pallet) continue;
    for (const meta::PalletConstantMetadata& c : p.constants) {
      if (c.name == name) return scale::decode<uint64_t>(c.value).value();
    }
  }
  ADD_FAILURE() << "no constant " << pallet << "." << name;
  return 0;
}

runtime::InherentData timestamp_data(uint64_t now) {
  runtime::InherentData data;
  data[runtime::kTimestampInherent] = scale::encode(now);
  return data;
}

Runtime::Pallets::Call set_call(uint64_t now) {
  return Runtime::Pallets::Call::of<Runtime::Timestamp>(Runtime::Timestamp::set{now});
}

// The key, as FRAME's `parameter_types! { pub storage MinimumPeriod: u64 = … }` derives it.
TEST(CanaryBlockTime, ParameterKeyIsFramesStorageParameterKey) {
  TestExternalities ext;
  const Bytes key = ext.execute_with([] { return MinimumPeriodParameter::key(); });
  const Hash128 expected = canary::hash::twox_128(as_bytes(":MinimumPeriod:"));
  EXPECT_EQ(key, Bytes(expected.begin(), expected.end()));
}

TEST(CanaryBlockTime, WithoutTheFieldKusamasSixSecondsAndNothingWritten) {
  auto state = build(preset(kDevelopmentPreset).value());
  ASSERT_TRUE(state.has_value()) << state.error();
  TestExternalities ext(*state);
  ext.execute_with([&] {
    EXPECT_FALSE(state->contains(MinimumPeriodParameter::key()));
    EXPECT_EQ(Runtime::Timestamp::minimum_period(), 3'000u);
    EXPECT_EQ(Runtime::Babe::slot_duration(), 6'000u);
    EXPECT_EQ(Runtime::Babe::configuration().slot_duration, 6'000u);
    EXPECT_EQ(Runtime::Babe::configuration().epoch_length, 600u);
    EXPECT_EQ(constant_u64("Timestamp", "MinimumPeriod"), 3'000u);
    EXPECT_EQ(constant_u64("Babe", "ExpectedBlockTime"), 6'000u);
    EXPECT_EQ(constant_u64("Babe", "EpochDuration"), 600u);
  });
  // A null field is the same as none.
  auto with_null = build(development_with(R"({"minimumPeriod": null})"));
  ASSERT_TRUE(with_null.has_value()) << with_null.error();
  EXPECT_EQ(*with_null, *state);
}

TEST(CanaryBlockTime, GenesisValueDrivesSlotChecksAndMetadata) {
  auto state = build(development_with(R"({"minimumPeriod": 500})"));
  ASSERT_TRUE(state.has_value()) << state.error();
  TestExternalities ext(*state);
  ext.execute_with([&] {
    EXPECT_EQ(state->at(MinimumPeriodParameter::key()), scale::encode(uint64_t{500}));
    EXPECT_EQ(Runtime::Babe::slot_duration(), 1'000u);
    // What the node reads once at genesis to run its slot clock.
    const auto config = Runtime::Babe::configuration();
    EXPECT_EQ(config.slot_duration, 1'000u);
    EXPECT_EQ(config.epoch_length, 600u);  // still in slots
    // BabeConfiguration's encoding opens with the slot duration (u64 LE).
    const Bytes encoded = scale::encode(config);
    ASSERT_GE(encoded.size(), 8u);
    EXPECT_EQ(Bytes(encoded.begin(), encoded.begin() + 8), scale::encode(uint64_t{1'000}));
    // What polkadot.js shows as api.consts.timestamp.minimumPeriod / babe.expectedBlockTime.
    EXPECT_EQ(constant_u64("Timestamp", "MinimumPeriod"), 500u);
    EXPECT_EQ(constant_u64("Babe", "ExpectedBlockTime"), 1'000u);
    EXPECT_EQ(constant_u64("Babe", "EpochDuration"), 600u);
  });
}

TEST(CanaryBlockTime, InherentChecksUseTheGenesisMinimumPeriod) {
  for (const uint64_t minimum : {uint64_t{500}, kDefaultMinimumPeriod}) {
    auto state = minimum == kDefaultMinimumPeriod
                     ? build(preset(kDevelopmentPreset).value())
                     : build(development_with(R"({"minimumPeriod": 500})"));
    ASSERT_TRUE(state.has_value()) << state.error();
    TestExternalities ext(*state);
    ext.execute_with([&] {
      // The parent block's time: slot 100 of 2 × minimum.
      const uint64_t parent = 100 * 2 * minimum;
      Runtime::System::initialize(1, H256{}, {});
      Runtime::Babe::CurrentSlot::put(pallets::babe::Slot{100});
      Runtime::Timestamp::set_timestamp(parent);
      Runtime::Timestamp::on_finalize(1);

      // A clock before parent + minimum makes the inherent parent + minimum.
      auto created = Runtime::Pallets::create_inherents(timestamp_data(parent + 1));
      ASSERT_EQ(created.size(), 1u);
      EXPECT_EQ(scale::encode(created[0]), scale::encode(set_call(parent + minimum)));

      const auto check = [&](uint64_t block_time) {
        return Runtime::Pallets::check_inherents({set_call(block_time)},
                                                 timestamp_data(parent + 10'000));
      };
      EXPECT_TRUE(check(parent + minimum).okay) << minimum;
      const runtime::CheckInherentsResult early = check(parent + minimum - 1);
      EXPECT_FALSE(early.okay) << minimum;
      // sp_timestamp::InherentError::TooEarly = variant 0.
      EXPECT_EQ(early.errors.at(runtime::kTimestampInherent), Bytes{0x00});
    });
  }
}

// A whole block at 1 s slots: BABE's check that the timestamp falls in the block's slot uses the
// same slot duration as BabeApi_configuration.
block::Block block_at_slot(uint64_t slot) {
  block::Block block;
  block.header.number = 1;
  block.header.parent_hash = block::hash_of(block::Header{});
  pallets::babe::PreDigest pre;
  pre.value = pallets::babe::PreDigest::SecondaryPlain{{0, pallets::babe::Slot{slot}}};
  block.header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
  return block;
}

block::Header author_block(block::Block& block, uint64_t now) {
  Executive::initialize_block(block.header);
  // The parent is block_at_slot's (an empty header).
  runtime::InherentData data = timestamp_data(now);
  data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content({});
  for (const Bytes& inherent : Executive::inherent_extrinsics(data)) {
    const auto applied = Executive::apply_extrinsic(scale::encode(inherent));
    EXPECT_TRUE(applied.has_value() && applied->has_value());
    block.extrinsics.push_back(inherent);
  }
  return Executive::finalize_block();
}

TEST(CanaryBlockTime, BlockAtOneSecondSlots) {
  auto state = build(development_with(R"({"minimumPeriod": 500})"));
  ASSERT_TRUE(state.has_value()) << state.error();
  constexpr uint64_t kSlot = 1'700'000'000;  // 2023-11-14 at 1 s slots
  block::Block block = block_at_slot(kSlot);
  TestExternalities ext(*state);
  const block::Header built = ext.execute_with([&] { return author_block(block, kSlot * 1'000); });
  block.header = built;
  TestExternalities replay(*state);
  replay.execute_with([&] {
    Executive::execute_block(block);
    EXPECT_EQ(Runtime::Timestamp::get(), kSlot * 1'000);
    EXPECT_EQ(Runtime::Babe::CurrentSlot::get().value, kSlot);
  });
}

TEST(CanaryBlockTimeDeathTest, KusamaSlotTimestampIsRefusedAtOneSecondSlots) {
  auto state = build(development_with(R"({"minimumPeriod": 500})"));
  ASSERT_TRUE(state.has_value()) << state.error();
  // Slot 1000's time at 6 s slots is slot 6000 at 1 s slots.
  EXPECT_DEATH(
      {
        block::Block block = block_at_slot(1'000);
        TestExternalities ext(*state);
        ext.execute_with([&] { return author_block(block, 1'000 * 6'000); });
      },
      "Timestamp slot must match `CurrentSlot`");
}

TEST(CanaryBlockTime, GenesisRefusesBadValues) {
  const struct {
    const char* section;
    const char* error;
  } kBad[] = {
      {R"({"minimumPeriod": 249})", "below the shortest, 250 ms"},
      {R"({"minimumPeriod": 0})", "below the shortest"},
      {R"({"minimumPeriod": 1800001})", "above the longest, 1800000 ms"},
      {R"({"minimumPeriod": 100000000000000000000000})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"minimumPeriod": "500"})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"minimumPeriod": -500})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"minimumPeriod": 500.5})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"minimumPeriods": 500})", "timestamp: unknown field `minimumPeriods`"},
      {R"(500)", "timestamp: expected an object"},
  };
  for (const auto& bad : kBad) {
    auto built = build(development_with(bad.section));
    ASSERT_FALSE(built.has_value()) << bad.section;
    EXPECT_NE(built.error().find(bad.error), std::string::npos)
        << bad.section << " → " << built.error();
  }
  // The bounds themselves are accepted.
  for (const char* good : {R"({"minimumPeriod": 250})", R"({"minimumPeriod": 1800000})"}) {
    auto built = build(development_with(good));
    EXPECT_TRUE(built.has_value()) << good << " → " << built.error();
  }
}

// The development preset with `value` (JSON text) as section.field.
json::Value development_with_field(const std::string& section, const std::string& field,
                                   std::string_view value) {
  json::Value config = preset(kDevelopmentPreset).value();
  auto parsed = json::parse(value);
  EXPECT_TRUE(parsed.has_value()) << value;
  auto fields = std::get<json::Object>(config.data);
  json::Object inner;
  if (auto it = fields.find(section); it != fields.end())
    inner = std::get<json::Object>(it->second.data);
  inner.insert_or_assign(field, *parsed);
  fields.insert_or_assign(section, json::Value::of(std::move(inner)));
  return json::Value::of(std::move(fields));
}

json::Value development_with_epoch_duration(std::string_view epoch_duration) {
  return development_with_field("babe", "epochDuration", epoch_duration);
}

TEST(CanaryEpochDuration, ParameterKeyIsFramesStorageParameterKey) {
  TestExternalities ext;
  const Bytes key = ext.execute_with([] { return EpochDurationParameter::key(); });
  const Hash128 expected = canary::hash::twox_128(as_bytes(":EpochDuration:"));
  EXPECT_EQ(key, Bytes(expected.begin(), expected.end()));
}

TEST(CanaryEpochDuration, WithoutTheFieldKusamasSixHundredSlotsAndNothingWritten) {
  auto state = build(preset(kDevelopmentPreset).value());
  ASSERT_TRUE(state.has_value()) << state.error();
  EXPECT_FALSE(state->contains(EpochDurationParameter::key()));
  auto with_null = build(development_with_epoch_duration("null"));
  ASSERT_TRUE(with_null.has_value()) << with_null.error();
  EXPECT_EQ(*with_null, *state);
}

TEST(CanaryEpochDuration, GenesisValueDrivesBabeSessionsAndMetadata) {
  auto state = build(development_with_epoch_duration("10"));
  ASSERT_TRUE(state.has_value()) << state.error();
  TestExternalities ext(*state);
  ext.execute_with([&] {
    EXPECT_EQ(state->at(EpochDurationParameter::key()), scale::encode(uint64_t{10}));
    // What the node's BABE reads at genesis, and what polkadot.js shows as
    // api.consts.babe.epochDuration.
    EXPECT_EQ(Runtime::Babe::configuration().epoch_length, 10u);
    EXPECT_EQ(constant_u64("Babe", "EpochDuration"), 10u);
    // Epochs (and with them sessions) end after 10 slots.
    Runtime::Babe::GenesisSlot::put(pallets::babe::Slot{1'000});
    Runtime::Babe::CurrentSlot::put(pallets::babe::Slot{1'009});
    EXPECT_EQ(Runtime::Babe::current_epoch().duration, 10u);
    EXPECT_EQ(Runtime::Babe::next_epoch().start_slot.value, 1'010u);
    EXPECT_FALSE(Runtime::Babe::should_epoch_change(2));
    Runtime::Babe::CurrentSlot::put(pallets::babe::Slot{1'010});
    EXPECT_TRUE(Runtime::Babe::should_epoch_change(2));
  });
}

TEST(CanaryEpochDuration, ValuesOutsideTheRangeAreRefused) {
  const struct {
    const char* value;
    const char* error;
  } kBad[] = {
      {"1", "epochDuration: 1 slots is outside 2 to 100800"},
      {"0", "epochDuration: 0 slots is outside 2 to 100800"},
      {"100801", "epochDuration: 100801 slots is outside 2 to 100800"},
      {R"("10")", "babe.epochDuration: expected an unsigned 64-bit integer"},
      {"-10", "babe.epochDuration: expected an unsigned 64-bit integer"},
  };
  for (const auto& bad : kBad) {
    auto built = build(development_with_epoch_duration(bad.value));
    ASSERT_FALSE(built.has_value()) << bad.value;
    EXPECT_NE(built.error().find(bad.error), std::string::npos)
        << bad.value << " → " << built.error();
  }
  for (const char* good : {"2", "100800"}) {
    auto built = build(development_with_epoch_duration(good));
    EXPECT_TRUE(built.has_value()) << good << " → " << built.error();
  }
}

// --- Staking's SessionsPerEra, the same kind of parameter.

json::Value development_with_sessions_per_era(std::string_view sessions) {
  return development_with_field("staking", "sessionsPerEra", sessions);
}

uint32_t constant_u32(std::string_view pallet, std::string_view name) {
  const meta::RuntimeMetadata metadata = build_metadata();
  for (const meta::PalletMetadata& p : metadata.pallets) {
    if (p.name != pallet) continue;
    for (const meta::PalletConstantMetadata& c : p.constants) {
      if (c.name == name) return scale::decode<uint32_t>(c.value).value();
    }
  }
  ADD_FAILURE() << "no constant " << pallet << "." << name;
  return 0;
}

TEST(CanarySessionsPerEra, ParameterKeyIsFramesStorageParameterKey) {
  TestExternalities ext;
  const Bytes key = ext.execute_with([] { return SessionsPerEraParameter::key(); });
  const Hash128 expected = canary::hash::twox_128(as_bytes(":SessionsPerEra:"));
  EXPECT_EQ(key, Bytes(expected.begin(), expected.end()));
}

TEST(CanarySessionsPerEra, WithoutTheFieldKusamasSixAndNothingWritten) {
  auto state = build(preset(kDevelopmentPreset).value());
  ASSERT_TRUE(state.has_value()) << state.error();
  EXPECT_FALSE(state->contains(SessionsPerEraParameter::key()));
  TestExternalities ext(*state);
  ext.execute_with([] { EXPECT_EQ(constant_u32("Staking", "SessionsPerEra"), 6u); });
  auto with_null = build(development_with_sessions_per_era("null"));
  ASSERT_TRUE(with_null.has_value()) << with_null.error();
  EXPECT_EQ(*with_null, *state);
}

TEST(CanarySessionsPerEra, GenesisValueDrivesErasAndMetadata) {
  auto state = build(development_with_sessions_per_era("2"));
  ASSERT_TRUE(state.has_value()) << state.error();
  TestExternalities ext(*state);
  ext.execute_with([&] {
    EXPECT_EQ(state->at(SessionsPerEraParameter::key()), scale::encode(uint32_t{2}));
    // What polkadot.js shows as api.consts.staking.sessionsPerEra.
    EXPECT_EQ(constant_u32("Staking", "SessionsPerEra"), 2u);
    // Genesis planned era 0 from session 0; with 2-session eras, the plan for session 2 (asked
    // when session 1 ends) is era 1, where Kusama's 6 would wait for session 6.
    using Staking = Runtime::Staking;
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<uint32_t>(0));
    EXPECT_TRUE(Staking::new_session(2).has_value());
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<uint32_t>(1));
  });
}

TEST(CanarySessionsPerEra, KusamasSixWaitsForSessionSix) {
  auto state = build(preset(kDevelopmentPreset).value());
  ASSERT_TRUE(state.has_value()) << state.error();
  TestExternalities ext(*state);
  ext.execute_with([&] {
    using Staking = Runtime::Staking;
    EXPECT_FALSE(Staking::new_session(2).has_value());
    EXPECT_EQ(Staking::CurrentEra::get(), std::optional<uint32_t>(0));
  });
}

TEST(CanarySessionsPerEra, ValuesOutsideTheRangeAreRefused) {
  const struct {
    const char* value;
    const char* error;
  } kBad[] = {
      {"0", "sessionsPerEra: 0 sessions is outside 1 to 8760"},
      {"8761", "sessionsPerEra: 8761 sessions is outside 1 to 8760"},
      {R"("2")", "staking.sessionsPerEra: expected"},
  };
  for (const auto& bad : kBad) {
    auto built = build(development_with_sessions_per_era(bad.value));
    ASSERT_FALSE(built.has_value()) << bad.value;
    EXPECT_NE(built.error().find(bad.error), std::string::npos)
        << bad.value << " → " << built.error();
  }
  for (const char* good : {"1", "8760"}) {
    auto built = build(development_with_sessions_per_era(good));
    EXPECT_TRUE(built.has_value()) << good << " → " << built.error();
  }
}

}  // namespace
}  // namespace canary::rt::canary_runtime
