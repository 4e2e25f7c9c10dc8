// A pallet written with the framework, composed into a runtime: calls decode from their wire form
// (pallet index ‖ call index ‖ arguments), dispatch with origins, fail with module errors, deposit
// events, run hooks; the metadata lists storage, calls, events, constants and errors.
#include "runtime/framework/pallet.hpp"

#include <gtest/gtest.h>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt {
namespace {

enum class DemoError : uint8_t { kTooBig = 0, kNotAllowed = 1 };

template <class T, class At>
struct Demo {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_demo";
  static constexpr const char* kDocs = "A demo pallet.";

  using Value = StorageValue<Demo, "Value", uint32_t, ValueQuery, DocLines<"The value.">>;
  using Initialized = StorageValue<Demo, "Initialized", uint32_t, ValueQuery>;

  using Error = DemoError;
  static constexpr ErrorInfo kErrors[] = {{"TooBig", "The value is too big."}, {"NotAllowed", ""}};

  struct ValueSet {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "ValueSet";
    AccountId32 who;
    uint32_t value = 0;
    static constexpr auto fields() {
      return std::tuple{field("who", &ValueSet::who, "T::AccountId"),
                        field("value", &ValueSet::value, "u32")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<ValueSet>;

  struct set_value {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "set_value";
    static constexpr const char* kDocs = "Sets the value.";
    uint32_t value = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("value", &set_value::value, "u32")};
    }
    CANARY_DESCRIBED()

    DispatchInfo info() const { return {Weight::from_parts(10'000, 0)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (value > 100) {
        return with_post_info(unexpected(pallet_error<Demo>(Error::kTooBig)));
      }
      Value::put(value);
      T::deposit_event(T::Pallets::Event::template of<Demo>(Event(ValueSet{*who, value})));
      // Reports less weight than declared.
      return PostDispatchInfo{Weight::from_parts(4'000, 0), Pays::kYes};
    }
  };
  struct force_value {
    static constexpr uint8_t kScaleIndex = 3;  // indices need not be dense
    static constexpr std::string_view kName = "force_value";
    uint32_t value = 0;
    static constexpr auto fields() { return std::tuple{field("value", &force_value::value)}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weight::from_parts(1, 0), DispatchClass::kOperational, Pays::kNo};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      Value::put(value);
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<set_value, force_value>;

  static Weight on_initialize(BlockNumber n) {
    Initialized::put(n);
    return Weight::from_parts(7, 1);
  }

  using Storage = std::tuple<Value, Initialized>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& constants,
                                 meta::Registry& registry) {
    constants.push_back(constant(registry, "MaxValue", uint32_t{100}, {"The largest value."}));
  }
};

// A pallet with no calls, events or errors: only a hook.
template <class T, class At>
struct Quiet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_quiet";
  static inline int finalized = 0;
  static void on_finalize(BlockNumber) { ++finalized; }
  static inline BlockNumber offchain_block = 0;
  static void offchain_worker(BlockNumber n) { offchain_block = n; }
};

struct TestRuntime {
  using DemoPallet = Demo<TestRuntime, PalletAt<7, "Demo">>;
  using QuietPallet = Quiet<TestRuntime, PalletAt<2, "Quiet">>;
  using Pallets = Composition<"test_runtime", QuietPallet, DemoPallet>;
  static inline std::vector<Pallets::Event> events;
  static void deposit_event(Pallets::Event event) { events.push_back(std::move(event)); }
};
using Call = TestRuntime::Pallets::Call;

AccountId32 alice() {
  return {from_hex_fixed<32>("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
              .value()};
}

TEST(Pallet, CallsDecodeAndDispatch) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    TestRuntime::events.clear();
    // Demo (7) . set_value (0) { value: Compact(5) }.
    auto call = scale::decode<Call>(from_hex("0x070014").value());
    ASSERT_TRUE(call.has_value());
    EXPECT_EQ(call->names(), (std::pair<std::string_view, std::string_view>("Demo", "set_value")));
    EXPECT_EQ(call->info().call_weight, Weight::from_parts(10'000, 0));
    auto result = call->dispatch(Origin::signed_by(alice()));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->calc_actual_weight(call->info()), Weight::from_parts(4'000, 0));
    EXPECT_EQ(TestRuntime::DemoPallet::Value::get(), 5u);
    ASSERT_EQ(TestRuntime::events.size(), 1u);
    // RuntimeEvent: Demo (7) . ValueSet (0) { who, value }.
    EXPECT_EQ(to_hex(scale::encode(TestRuntime::events[0])),
              "0x0700" + to_hex(alice().bytes).substr(2) + "05000000");
    EXPECT_EQ(to_hex(scale::encode(*call)), "0x070014");
  });
}

TEST(Pallet, ErrorsAndOrigins) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    const Call too_big =
        Call::of<TestRuntime::DemoPallet>(TestRuntime::DemoPallet::set_value{1000});
    auto failed = too_big.dispatch(Origin::signed_by(alice()));
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(runtime::to_string(failed.error().error), "Module { index: 7, error: 0x00000000 }");
    auto unsigned_call = too_big.dispatch(Origin::none());
    ASSERT_FALSE(unsigned_call.has_value());
    EXPECT_EQ(failed.has_value(), false);
    EXPECT_EQ(unsigned_call.error().error.kind, DispatchError::Kind::kBadOrigin);

    const Call forced = Call::of<TestRuntime::DemoPallet>(TestRuntime::DemoPallet::force_value{9});
    EXPECT_EQ(to_hex(scale::encode(forced)), "0x070309000000");
    EXPECT_EQ(forced.info().dispatch_class, DispatchClass::kOperational);
    EXPECT_FALSE(forced.dispatch(Origin::signed_by(alice())).has_value());
    EXPECT_TRUE(forced.dispatch(Origin::root()).has_value());
    EXPECT_EQ(TestRuntime::DemoPallet::Value::get(), 9u);
  });
  // Unknown pallet or call index: no call.
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x0800").value()).has_value());
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x070100").value()).has_value());
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x0200").value()).has_value());  // Quiet: no calls
}

TEST(Pallet, HooksRunOverAllPallets) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    EXPECT_EQ(TestRuntime::Pallets::on_initialize(42), Weight::from_parts(7, 1));
    EXPECT_EQ(TestRuntime::DemoPallet::Initialized::get(), 42u);
    const int before = TestRuntime::QuietPallet::finalized;
    TestRuntime::Pallets::on_finalize(42);
    EXPECT_EQ(TestRuntime::QuietPallet::finalized, before + 1);
    TestRuntime::Pallets::offchain_worker(43);  // Demo has no offchain worker: skipped
    EXPECT_EQ(TestRuntime::QuietPallet::offchain_block, 43u);
  });
}

TEST(Pallet, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 2u);
  const meta::PalletMetadata& quiet = metadata.pallets[0];
  EXPECT_EQ(quiet.name, "Quiet");
  EXPECT_FALSE(quiet.calls.has_value());
  EXPECT_FALSE(quiet.storage.has_value());
  const meta::PalletMetadata& demo = metadata.pallets[1];
  EXPECT_EQ(demo.name, "Demo");
  EXPECT_EQ(demo.index, 7);
  EXPECT_EQ(demo.docs, meta::Docs{"A demo pallet."});
  ASSERT_TRUE(demo.storage.has_value());
  EXPECT_EQ(demo.storage->prefix, "Demo");
  EXPECT_EQ(demo.storage->entries.size(), 2u);
  ASSERT_EQ(demo.constants.size(), 1u);
  EXPECT_EQ(demo.constants[0].value, (Bytes{100, 0, 0, 0}));
  ASSERT_TRUE(demo.calls && demo.event && demo.error);

  const auto& types = metadata.registry.types();
  const auto& call_type = types[demo.calls->id];
  EXPECT_EQ(call_type.path, (std::vector<std::string>{"pallet_demo", "pallet", "Call"}));
  const auto& calls = std::get<meta::VariantDef>(call_type.def).variants;
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].name, "set_value");
  EXPECT_EQ(calls[0].docs, meta::Docs{"Sets the value."});
  EXPECT_EQ(calls[1].index, 3);
  // set_value's argument is Compact<u32>.
  const auto& arg = types[calls[0].fields[0].type];
  EXPECT_TRUE(std::holds_alternative<meta::CompactDef>(arg.def));
  const auto& errors = std::get<meta::VariantDef>(types[demo.error->id].def).variants;
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].docs, meta::Docs{"The value is too big."});
  EXPECT_TRUE(errors[1].docs.empty());
  // RuntimeCall lists only the pallets with calls, by index.
  const auto& runtime_call =
      std::get<meta::VariantDef>(types[metadata.outer_enums.call_enum].def).variants;
  ASSERT_EQ(runtime_call.size(), 1u);
  EXPECT_EQ(runtime_call[0].name, "Demo");
  EXPECT_EQ(runtime_call[0].index, 7);
  EXPECT_EQ(types[metadata.runtime_type].path,
            (std::vector<std::string>{"test_runtime", "Runtime"}));
}

}  // namespace
}  // namespace canary::rt
