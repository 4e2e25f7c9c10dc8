// pallet_template natively, on a test runtime of two pallets: each call's effects, errors and
// event, the weights (the reference ones and a runtime's own), the genesis field, the try-state
// check, the wire form and the metadata. The same pallet runs in the development runtime, where
// canary_scenarios_test.cpp drives it through the native and the Wasm drivers.
#include "runtime/pallets/template/template.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace template_pallet = pallets::template_pallet;
using rt::testing::account;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = pallets::system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Template = template_pallet::Pallet<TestRuntime, PalletAt<7, "Template">>;
  using Pallets = Composition<"test_runtime", System, Template>;
  static constexpr uint32_t kTemplateMaxValue = 100;
};
using System = TestRuntime::System;
using Template = TestRuntime::Template;
using Call = TestRuntime::Pallets::Call;

// A runtime with weights of its own for the pallet.
struct FlatWeights {
  static Weight do_something() { return Weight::from_parts(1, 2); }
  static Weight cause_error() { return Weight::from_parts(3, 4); }
};
struct BenchmarkedRuntime : TestRuntime {
  using TemplateWeightInfo = FlatWeights;
};

const AccountId32 kAlice = account(1);

std::vector<Template::Event> template_events() {
  std::vector<Template::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Template>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}

template <class F>
void in_block(F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    f();
  });
}

Call do_something(uint32_t value) {
  return Call::of<Template>(Template::do_something{value});
}
Call cause_error() {
  return Call::of<Template>(Template::cause_error{});
}

TEST(TemplatePallet, DoSomethingStoresTheNumberAndSaysWhoDid) {
  in_block([] {
    ASSERT_TRUE(do_something(42).dispatch(Origin::signed_by(kAlice)));
    EXPECT_EQ(Template::Something::get(), std::optional<uint32_t>(42));
    EXPECT_EQ(Template::Values::get(kAlice), std::optional<uint32_t>(42));
    EXPECT_EQ(Template::Values::get(account(2)), std::nullopt);
    const auto events = template_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(std::get<Template::SomethingStored>(events[0]),
              (Template::SomethingStored{42, kAlice}));
  });
}

TEST(TemplatePallet, DoSomethingRefusesWhatItMustNot) {
  in_block([] {
    // Above MaxValue: the pallet's error 2, nothing written.
    auto too_large = do_something(101).dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(too_large);
    EXPECT_EQ(too_large.error().error, module_error(7, 2));
    EXPECT_EQ(Template::Something::get(), std::nullopt);
    EXPECT_TRUE(template_events().empty());
    // Only a signed origin may call it.
    EXPECT_EQ(do_something(1).dispatch(Origin::root()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(do_something(1).dispatch(Origin::none()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    // MaxValue itself is fine.
    EXPECT_TRUE(do_something(100).dispatch(Origin::signed_by(kAlice)));
  });
}

TEST(TemplatePallet, CauseErrorIncrementsOrFails) {
  in_block([] {
    auto none = cause_error().dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().error, module_error(7, 0));  // NoneValue
    ASSERT_TRUE(do_something(5).dispatch(Origin::signed_by(kAlice)));
    ASSERT_TRUE(cause_error().dispatch(Origin::signed_by(kAlice)));
    EXPECT_EQ(Template::Something::get(), std::optional<uint32_t>(6));
    Template::Something::put(UINT32_MAX);
    auto overflow = cause_error().dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(overflow);
    EXPECT_EQ(overflow.error().error, module_error(7, 1));  // StorageOverflow
    EXPECT_EQ(Template::Something::get(), std::optional<uint32_t>(UINT32_MAX));
  });
}

TEST(TemplatePallet, WeightsAreTheReferenceOnesUnlessTheRuntimeHasItsOwn) {
  using Reference = template_pallet::SubstrateWeights<TestRuntime>;
  EXPECT_EQ(do_something(1).info().call_weight, Reference::do_something());
  EXPECT_EQ(Reference::do_something(),
            Weight::from_parts(9'000'000, 0).saturating_add(TestRuntime::kDbWeight.writes(2)));
  EXPECT_EQ(cause_error().info().call_weight, Reference::cause_error());
  EXPECT_EQ(cause_error().info().dispatch_class, DispatchClass::kNormal);
  using Benchmarked = template_pallet::Pallet<BenchmarkedRuntime, PalletAt<7, "Template">>;
  EXPECT_EQ(Benchmarked::do_something{1}.info().call_weight, Weight::from_parts(1, 2));
  EXPECT_EQ(Benchmarked::cause_error{}.info().call_weight, Weight::from_parts(3, 4));
}

TEST(TemplatePallet, GenesisSetsTheInitialValueWithinBounds) {
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    ASSERT_TRUE(Template::build_genesis({}));
    EXPECT_EQ(Template::Something::get(), std::nullopt);
    ASSERT_TRUE(Template::build_genesis({7}));
    EXPECT_EQ(Template::Something::get(), std::optional<uint32_t>(7));
    auto refused = Template::build_genesis({101});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), "initialValue 101 is above MaxValue 100");
  });
}

TEST(TemplatePallet, GenesisFromTheChainSpecJson) {
  // The field as a chain spec's genesis config writes it, through the runtime's one genesis path.
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    const auto config = json::parse(R"({"template": {"initialValue": 9}})").value();
    ASSERT_TRUE(TestRuntime::Pallets::build_genesis_json(config));
    EXPECT_EQ(Template::Something::get(), std::optional<uint32_t>(9));
  });
  rt::testing::TestExternalities refused;
  refused.execute_with([] {
    const auto config = json::parse(R"({"template": {"initialValue": 500}})").value();
    auto result = TestRuntime::Pallets::build_genesis_json(config);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().find("initialValue 500 is above MaxValue 100"), std::string::npos)
        << result.error();
    const auto misspelt = json::parse(R"({"template": {"initial_value": 5}})").value();
    EXPECT_FALSE(TestRuntime::Pallets::build_genesis_json(misspelt));
  });
  // The default genesis JSON names the field, empty.
  EXPECT_EQ(json::write(TestRuntime::Pallets::default_genesis_json()),
            R"({"system":{},"template":{"initialValue":null}})");
}

TEST(TemplatePallet, TryStateFindsAValueAboveMaxValue) {
  in_block([] {
    ASSERT_TRUE(do_something(100).dispatch(Origin::signed_by(kAlice)));
    EXPECT_TRUE(Template::try_state(1));
    // Only a bug (or a migration gone wrong) could write this.
    Template::Values::insert(account(2), 101);
    auto broken = Template::try_state(1);
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error(), "Template: Values holds 101, above MaxValue 100");
  });
}

TEST(TemplatePallet, WireFormatStorageAndMetadata) {
  // Template (7) . do_something (0) { something: u32 = 42 }; cause_error (1) has no fields.
  EXPECT_EQ(to_hex(scale::encode(do_something(42))), "0x07002a000000");
  EXPECT_EQ(to_hex(scale::encode(cause_error())), "0x0701");
  const auto decoded = scale::decode<Call>(from_hex("0x07002a000000").value());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(scale::encode(*decoded), scale::encode(do_something(42)));
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x0702").value()));
  // twox128("Template") ‖ twox128("Something"); the map adds blake2_128(who) ‖ who.
  EXPECT_EQ(Template::Something::key().size(), 32u);
  EXPECT_EQ(Template::Values::key(kAlice).size(), 32u + 16u + 32u);

  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets[1];
  EXPECT_EQ(pallet.name, "Template");
  EXPECT_EQ(pallet.index, 7);
  ASSERT_TRUE(pallet.storage);
  ASSERT_EQ(pallet.storage->entries.size(), 2u);
  EXPECT_EQ(pallet.storage->entries[0].name, "Something");
  EXPECT_EQ(pallet.storage->entries[1].name, "Values");
  ASSERT_EQ(pallet.constants.size(), 1u);
  EXPECT_EQ(pallet.constants[0].name, "MaxValue");
  EXPECT_EQ(to_hex(pallet.constants[0].value), "0x64000000");
  const auto& calls = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants;
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].name, "do_something");
  EXPECT_EQ(calls[1].name, "cause_error");
  const auto& errors = std::get<meta::VariantDef>(types[pallet.error->id].def).variants;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[2].name, "TooLarge");
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "SomethingStored");
  EXPECT_EQ(events[0].fields[1].name, "who");
}

}  // namespace
}  // namespace canary::rt
