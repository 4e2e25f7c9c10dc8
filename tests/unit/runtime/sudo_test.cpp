// pallet_sudo natively: only the key (or Root) may use it; the carried call runs as Root (or as
// the given account), in its own storage layer, and its outcome is an event while sudo itself
// succeeds without fee; the key changes hands or goes away; FRAME's wire form and metadata.
#include "runtime/pallets/sudo/sudo.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;

// A call that needs Root (or records its signer), and may fail after writing.
template <class T, class At>
struct Guarded {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_guarded";
  using Value = StorageValue<Guarded, "Value", uint32_t, ValueQuery>;
  using Signer = StorageValue<Guarded, "Signer", AccountId32>;
  struct set {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "set";
    uint32_t value = 0;
    bool fail = false;
    static constexpr auto fields() {
      return std::tuple{field("value", &set::value), field("fail", &set::fail)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weight::from_parts(5000, 0), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.kind == Origin::Kind::kSigned) {
        Signer::put(origin.who);
      } else if (auto root = ensure_root(origin); !root) {
        return with_post_info(root);
      }
      Value::put(value);
      if (fail) return with_post_info(unexpected(module_error(kIndex, 1)));
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<set>;
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using GuardedPallet = Guarded<TestRuntime, PalletAt<9, "Guarded">>;
  using Utility = pallets::utility::Pallet<TestRuntime, PalletAt<24, "Utility">>;
  using Sudo = pallets::sudo::Pallet<TestRuntime, PalletAt<255, "Sudo">>;
  using Pallets = Composition<"test_runtime", System, GuardedPallet, Utility, Sudo>;
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::zero(), Weight::zero(), Weight::from_parts(kWeightRefTimePerSecond, 0), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
};
using System = TestRuntime::System;
using Sudo = TestRuntime::Sudo;
using G = TestRuntime::GuardedPallet;
using Call = TestRuntime::Pallets::Call;

using rt::testing::account;
const AccountId32 kKey = account(0x11);
const AccountId32 kOther = account(0x22);

Call set(uint32_t value, bool fail = false) {
  return Call::of<G>(G::set{value, fail});
}
Call sudo(Call inner) {
  return Call::of<Sudo>(Sudo::sudo{std::move(inner)});
}

std::vector<Sudo::Event> sudo_events() {
  std::vector<Sudo::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Sudo>>(&record.event.value))
      out.push_back(e->event);
  }
  return out;
}

template <class F>
void with_key(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    ASSERT_TRUE(Sudo::build_genesis({kKey}).has_value());
    f();
  });
}

TEST(Sudo, DispatchesAsRootForTheKeyOnly) {
  with_key([] {
    const Call call = sudo(set(7));
    // The inner call's class, the weights added.
    EXPECT_EQ(call.info().dispatch_class, DispatchClass::kOperational);
    EXPECT_EQ(call.info().call_weight,
              Sudo::Weights::sudo().saturating_add(Weight::from_parts(5000, 0)));
    auto denied = call.dispatch(Origin::signed_by(kOther));
    ASSERT_FALSE(denied.has_value());
    EXPECT_EQ(denied.error().error, module_error(255, 0));  // RequireSudo
    EXPECT_EQ(denied.error().post_info.pays_fee, Pays::kYes);
    EXPECT_EQ(call.dispatch(Origin::none()).error().error.kind, DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(G::Value::get(), 0u);

    auto ok = call.dispatch(Origin::signed_by(kKey));
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->pays_fee, Pays::kNo);
    EXPECT_EQ(G::Value::get(), 7u);
    // Root passes ensure_sudo too.
    ASSERT_TRUE(sudo(set(8)).dispatch(Origin::root()).has_value());
    EXPECT_EQ(G::Value::get(), 8u);
    const auto events = sudo_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(std::get<Sudo::Sudid>(events[0]).sudo_result.has_value());
  });
}

TEST(Sudo, AFailingInnerCallIsAnEventAndLeavesNoChanges) {
  with_key([] {
    auto result = sudo(set(9, true)).dispatch(Origin::signed_by(kKey));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(G::Value::get(), 0u);
    const auto events = sudo_events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(std::get<Sudo::Sudid>(events[0]).sudo_result.error(), module_error(9, 1));
  });
}

TEST(Sudo, UncheckedWeightAndSudoAs) {
  with_key([] {
    const Call unchecked =
        Call::of<Sudo>(Sudo::sudo_unchecked_weight{set(3), Weight::from_parts(1, 2)});
    EXPECT_EQ(unchecked.info(),
              (DispatchInfo{Weight::from_parts(1, 2), DispatchClass::kOperational}));
    ASSERT_TRUE(unchecked.dispatch(Origin::signed_by(kKey)).has_value());
    EXPECT_EQ(G::Value::get(), 3u);

    const Call as_other = Call::of<Sudo>(Sudo::sudo_as{MultiAddress::id(kOther), set(4)});
    auto done = as_other.dispatch(Origin::signed_by(kKey));
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->pays_fee, Pays::kNo);
    EXPECT_EQ(G::Signer::get(), kOther);
    const auto events = sudo_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(std::get<Sudo::SudoAsDone>(events[1]).sudo_result.has_value());
    // Addresses other than Id cannot be looked up.
    MultiAddress raw;
    raw.value = MultiAddress::Raw{{1, 2, 3}};
    auto lookup = Call::of<Sudo>(Sudo::sudo_as{raw, set(5)}).dispatch(Origin::signed_by(kKey));
    ASSERT_FALSE(lookup.has_value());
    EXPECT_EQ(lookup.error().error.kind, DispatchError::Kind::kCannotLookup);
  });
}

TEST(Sudo, KeyChangesAndRemoval) {
  with_key([] {
    const Call set_key = Call::of<Sudo>(Sudo::set_key{MultiAddress::id(kOther)});
    EXPECT_FALSE(set_key.dispatch(Origin::signed_by(kOther)).has_value());
    auto changed = set_key.dispatch(Origin::signed_by(kKey));
    ASSERT_TRUE(changed.has_value());
    EXPECT_EQ(changed->pays_fee, Pays::kNo);
    EXPECT_EQ(Sudo::Key::get(), kOther);
    EXPECT_FALSE(sudo(set(1)).dispatch(Origin::signed_by(kKey)).has_value());

    const Call remove = Call::of<Sudo>(Sudo::remove_key{});
    ASSERT_TRUE(remove.dispatch(Origin::signed_by(kOther)).has_value());
    EXPECT_FALSE(Sudo::Key::get().has_value());
    // Nobody holds the key now; Root still may.
    EXPECT_EQ(sudo(set(1)).dispatch(Origin::signed_by(kOther)).error().error, module_error(255, 0));
    ASSERT_TRUE(set_key.dispatch(Origin::root()).has_value());
    const auto events = sudo_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(std::get<Sudo::KeyChanged>(events[0]), (Sudo::KeyChanged{kKey, kOther}));
    EXPECT_TRUE(std::holds_alternative<Sudo::KeyRemoved>(events[1]));
    EXPECT_EQ(std::get<Sudo::KeyChanged>(events[2]), (Sudo::KeyChanged{std::nullopt, kOther}));
  });
}

TEST(Sudo, SudoAroundABatch) {
  with_key([] {
    using Utility = TestRuntime::Utility;
    const Call call = sudo(Call::of<Utility>(Utility::batch{{set(1), set(2, true), set(3)}}));
    ASSERT_TRUE(call.dispatch(Origin::signed_by(kKey)).has_value());
    EXPECT_EQ(G::Value::get(), 1u);  // the batch stopped at the failing call, undone
    ASSERT_EQ(sudo_events().size(), 1u);
    EXPECT_TRUE(std::get<Sudo::Sudid>(sudo_events()[0]).sudo_result.has_value());
  });
}

TEST(Sudo, WireFormatAndMetadata) {
  // Sudo (255) . sudo (0) { Guarded (9) . set (0) { 7, false } }.
  const Bytes encoded = from_hex(
                            "0xff00"
                            "0900"
                            "07000000"
                            "00")
                            .value();
  auto call = scale::decode<Call>(encoded);
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(scale::encode(*call), encoded);
  // set_key (2) { MultiAddress::Id (0) (who) }; remove_key (4).
  EXPECT_EQ(to_hex(scale::encode(Call::of<Sudo>(Sudo::set_key{MultiAddress::id(kOther)}))),
            "0xff0200" + to_hex(kOther.bytes).substr(2));
  EXPECT_EQ(to_hex(scale::encode(Call::of<Sudo>(Sudo::remove_key{}))), "0xff04");
  // Events: KeyChanged { old: Option, new }.
  EXPECT_EQ(to_hex(scale::encode(Sudo::Event(Sudo::KeyChanged{std::nullopt, kOther}))),
            "0x0100" + to_hex(kOther.bytes).substr(2));

  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets.back();
  EXPECT_EQ(pallet.name, "Sudo");
  EXPECT_EQ(pallet.index, 255);
  ASSERT_TRUE(pallet.storage.has_value());
  EXPECT_EQ(pallet.storage->entries[0].name, "Key");
  const auto& calls = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants;
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[4].name, "remove_key");
  EXPECT_EQ(calls[0].fields[0].type, metadata.outer_enums.call_enum);
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].fields[1].name, "new");
  const auto& errors = std::get<meta::VariantDef>(types[pallet.error->id].def).variants;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].name, "RequireSudo");
}

}  // namespace
}  // namespace canary::rt
