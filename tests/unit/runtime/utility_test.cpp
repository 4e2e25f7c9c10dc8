// pallet_utility natively: the recursive RuntimeCall (utility calls carrying calls) decodes from
// FRAME's wire form and bounds its nesting; batch, batch_all and force_batch keep or undo the
// right changes and report FRAME's events and weights; as_derivative dispatches from the derived
// account (BLAKE2b-256 of "modlpy/utilisuba" ‖ who ‖ index, computed independently); root's
// helpers; the metadata describes the recursion.
#include "runtime/pallets/utility/utility.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace utility = pallets::utility;

// Calls that record who called them, fail on request, and report a smaller actual weight.
template <class T, class At>
struct Demo {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_demo";
  using Log = StorageValue<Demo, "Log", std::vector<uint32_t>, ValueQuery>;
  using LastCaller = StorageValue<Demo, "LastCaller", AccountId32>;
  using RootCalls = StorageValue<Demo, "RootCalls", uint32_t, ValueQuery>;

  // Appends `value` (declared weight 1000, actual 600); fails after writing when `fail`.
  struct touch {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "touch";
    uint32_t value = 0;
    bool fail = false;
    uint8_t dispatch_class = 0;
    static constexpr auto fields() {
      return std::tuple{field("value", &touch::value), field("fail", &touch::fail),
                        field("class", &touch::dispatch_class)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weight::from_parts(1000, 10), static_cast<DispatchClass>(dispatch_class)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.kind == Origin::Kind::kSigned) LastCaller::put(origin.who);
      if (origin.kind == Origin::Kind::kRoot) RootCalls::put(RootCalls::get() + 1);
      Log::append(value);
      const PostDispatchInfo post{Weight::from_parts(600, 10), Pays::kYes};
      if (fail) return unexpected(DispatchErrorWithPostInfo{post, module_error(kIndex, 0)});
      return post;
    }
  };
  using Call = std::variant<touch>;
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using DemoPallet = Demo<TestRuntime, PalletAt<7, "Demo">>;
  using Utility = utility::Pallet<TestRuntime, PalletAt<24, "Utility">>;
  using Pallets = Composition<"test_runtime", System, DemoPallet, Utility>;
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::zero(), Weight::zero(), Weight::from_parts(kWeightRefTimePerSecond, 0), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
};
using System = TestRuntime::System;
using Utility = TestRuntime::Utility;
using DemoP = TestRuntime::DemoPallet;
using Call = TestRuntime::Pallets::Call;
using W = Utility::Weights;

using rt::testing::account;
const AccountId32 kAlice{
    from_hex_fixed<32>("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
        .value()};

Call touch(uint32_t value, bool fail = false, DispatchClass c = DispatchClass::kNormal) {
  return Call::of<DemoP>(DemoP::touch{value, fail, static_cast<uint8_t>(c)});
}
Call batch(std::vector<Call> calls) {
  return Call::of<Utility>(Utility::batch{std::move(calls)});
}
Call batch_all(std::vector<Call> calls) {
  return Call::of<Utility>(Utility::batch_all{std::move(calls)});
}
Call force_batch(std::vector<Call> calls) {
  return Call::of<Utility>(Utility::force_batch{std::move(calls)});
}

// Utility's events of the current block, in order.
std::vector<Utility::Event> utility_events() {
  std::vector<Utility::Event> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Utility>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}
template <class E>
bool is(const Utility::Event& e) {
  return std::holds_alternative<E>(e);
}

// Events are recorded from block 1 on.
template <class F>
void in_block(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    f();
  });
}

TEST(Utility, WireFormat) {
  // Utility (24) . batch (0) [Demo (7) . touch (0) { 5, false, 0 }, Demo . touch { 6, true, 1 }]
  const Bytes encoded = from_hex(
                            "0x1800"
                            "08"
                            "070005000000"
                            "0000"
                            "070006000000"
                            "0101")
                            .value();
  auto call = scale::decode<Call>(encoded);
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->names(), (std::pair<std::string_view, std::string_view>("Utility", "batch")));
  EXPECT_EQ(scale::encode(*call), encoded);
  // as_derivative (1) { index: u16 = 2, call: touch } and with_weight (5) { call, Weight }.
  const Bytes derivative = from_hex(
                               "0x18010200"
                               "070009000000"
                               "0000")
                               .value();
  ASSERT_TRUE(scale::decode<Call>(derivative).has_value());
  EXPECT_EQ(scale::encode(Call::of<Utility>(Utility::as_derivative{2, touch(9)})), derivative);
  EXPECT_EQ(to_hex(scale::encode(
                Call::of<Utility>(Utility::with_weight{touch(1), Weight::from_parts(3, 4)}))),
            "0x1805"
            "070001000000"
            "0000"
            "0c10");
  // dispatch_as (3) { OriginCaller::system (0) (RawOrigin::Signed (1) (who)), call }.
  const Bytes as_signed = from_hex("0x18030001" + to_hex(kAlice.bytes).substr(2) +
                                   "070001000000"
                                   "0000")
                              .value();
  auto decoded_as = scale::decode<Call>(as_signed);
  ASSERT_TRUE(decoded_as.has_value());
  EXPECT_EQ(scale::encode(*decoded_as), as_signed);
  // Unknown origin kinds and callers do not decode.
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x180300030700010000000000").value()).has_value());
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x180301000700010000000000").value()).has_value());
  // Truncated nested call.
  EXPECT_FALSE(scale::decode<Call>(from_hex("0x1800080700050000000000").value()).has_value());
}

TEST(Utility, NestingIsBounded) {
  // `depth` as_derivative levels around one touch.
  const auto nested = [](size_t depth) {
    Bytes out;
    for (size_t i = 0; i < depth; ++i) out.insert(out.end(), {0x18, 0x01, 0x00, 0x00});
    const Bytes leaf = from_hex("0x0700010000000000").value();
    out.insert(out.end(), leaf.begin(), leaf.end());
    return out;
  };
  EXPECT_TRUE(scale::decode<Call>(nested(kMaxCallNesting)).has_value());
  EXPECT_FALSE(scale::decode<Call>(nested(kMaxCallNesting + 1)).has_value());
  // Far deeper input fails without exhausting the stack, and the counter is back at zero.
  EXPECT_FALSE(scale::decode<Call>(nested(200'000)).has_value());
  EXPECT_EQ(call_nesting_depth(), 0u);
  EXPECT_TRUE(scale::decode<Call>(nested(3)).has_value());
}

TEST(Utility, BatchStopsAtTheFirstFailure) {
  in_block([] {
    const Call call = batch({touch(1), touch(2, true), touch(3)});
    // Declared: the calls' weights plus batch(3).
    EXPECT_EQ(call.info().call_weight, Weight::from_parts(3000, 30).saturating_add(W::batch(3)));
    auto result = call.dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(result.has_value());
    // The failing call's own write is undone; the first stays; the third never ran.
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{1}));
    // Actual: batch(2) plus the two calls' actual weights.
    EXPECT_EQ(result->actual_weight, W::batch(2).saturating_add(Weight::from_parts(1200, 20)));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(is<Utility::ItemCompleted>(events[0]));
    ASSERT_TRUE(is<Utility::BatchInterrupted>(events[1]));
    EXPECT_EQ(std::get<Utility::BatchInterrupted>(events[1]),
              (Utility::BatchInterrupted{1, module_error(7, 0)}));
  });
}

TEST(Utility, BatchAllIsAtomic) {
  in_block([] {
    auto failed =
        batch_all({touch(1), touch(2), touch(3, true)}).dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().error, module_error(7, 0));
    EXPECT_EQ(failed.error().post_info.actual_weight,
              W::batch_all(3).saturating_add(Weight::from_parts(1800, 30)));
    EXPECT_TRUE(DemoP::Log::get().empty());
    EXPECT_TRUE(utility_events().empty());

    auto ok = batch_all({touch(1), touch(2)}).dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{1, 2}));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_TRUE(is<Utility::BatchCompleted>(events[2]));
  });
}

TEST(Utility, BatchAllInsideBatchRollsBackOnlyItself) {
  in_block([] {
    auto result = batch({touch(1), batch_all({touch(2), touch(3, true)}), touch(4)})
                      .dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{1}));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(std::get<Utility::BatchInterrupted>(events[1]).index, 1u);
  });
}

TEST(Utility, NoBatchAllInsideASignedBatchAll) {
  in_block([] {
    // frame_system's CallFiltered (System index 0, error 5) for the inner batch_all.
    auto signed_result =
        batch_all({touch(1), batch_all({touch(2)})}).dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(signed_result.has_value());
    EXPECT_EQ(signed_result.error().error, module_error(0, 5));
    EXPECT_TRUE(DemoP::Log::get().empty());
    // Root bypasses filters.
    ASSERT_TRUE(batch_all({touch(1), batch_all({touch(2)})}).dispatch(Origin::root()));
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{1, 2}));
    // And the filter ends with the batch_all that set it.
    ASSERT_TRUE(batch_all({touch(3)}).dispatch(Origin::signed_by(kAlice)));
  });
}

TEST(Utility, ForceBatchGoesOn) {
  in_block([] {
    auto result = force_batch({touch(1), touch(2, true), touch(3)}).dispatch(Origin::root());
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{1, 3}));
    EXPECT_EQ(DemoP::RootCalls::get(), 2u);
    EXPECT_EQ(result->actual_weight, W::batch(3).saturating_add(Weight::from_parts(1800, 30)));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 4u);
    EXPECT_TRUE(is<Utility::ItemCompleted>(events[0]));
    EXPECT_EQ(std::get<Utility::ItemFailed>(events[1]).error, module_error(7, 0));
    EXPECT_TRUE(is<Utility::ItemCompleted>(events[2]));
    EXPECT_TRUE(is<Utility::BatchCompletedWithErrors>(events[3]));
  });
}

TEST(Utility, BatchOriginsLimitsAndClasses) {
  in_block([] {
    for (const Call& call : {batch({}), batch_all({}), force_batch({})}) {
      auto none = call.dispatch(Origin::none());
      ASSERT_FALSE(none.has_value());
      EXPECT_EQ(none.error().error.kind, DispatchError::Kind::kBadOrigin);
    }
    // 33_554_432 / 3 / 1024 = 10_922 calls at most.
    EXPECT_EQ(Utility::kBatchedCallsLimit, 10'922u);
    std::vector<Call> many(10'923, touch(0));
    auto too_many = batch(many).dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(too_many.has_value());
    EXPECT_EQ(too_many.error().error, module_error(24, 0));
    EXPECT_TRUE(DemoP::Log::get().empty());
    // Operational only when no call is normal.
    EXPECT_EQ(batch({}).info().dispatch_class, DispatchClass::kOperational);
    EXPECT_EQ(batch({touch(0, false, DispatchClass::kOperational)}).info().dispatch_class,
              DispatchClass::kOperational);
    EXPECT_EQ(batch({touch(0, false, DispatchClass::kOperational), touch(0)}).info().dispatch_class,
              DispatchClass::kNormal);
  });
}

TEST(Utility, AsDerivative) {
  // blake2b-256("modlpy/utilisuba" ‖ alice ‖ 00 00) and (… ‖ 01 00), computed with Python's
  // hashlib; for 0x01 * 32 and index 258 (02 01).
  EXPECT_EQ(to_hex(utility::derivative_account_id(kAlice, 0).bytes),
            "0x799239e4ab0a3de63582363422f344346eb55bee62885a84a0c8aaf5aa564995");
  EXPECT_EQ(to_hex(utility::derivative_account_id(kAlice, 1).bytes),
            "0xf81356d1fe5954303680a6ef99d48f22bf3cd232274d7a471d3cf7c65f65f653");
  EXPECT_EQ(to_hex(utility::derivative_account_id(account(1), 258).bytes),
            "0xe201d293313670adadd32485c9a81f76b789c6818a830b4b45367668308b2be4");
  in_block([] {
    const Call call = Call::of<Utility>(Utility::as_derivative{1, touch(5)});
    const Weight base = W::as_derivative().saturating_add(Weight::from_parts(125'000'000, 0));
    EXPECT_EQ(call.info().call_weight, base.saturating_add(Weight::from_parts(1000, 10)));
    auto ok = call.dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->actual_weight, base.saturating_add(Weight::from_parts(600, 10)));
    EXPECT_EQ(DemoP::LastCaller::get(), utility::derivative_account_id(kAlice, 1));
    // Failure passes through with the weight; root is not signed.
    auto failed = Call::of<Utility>(Utility::as_derivative{1, touch(5, true)})
                      .dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().post_info.actual_weight,
              base.saturating_add(Weight::from_parts(600, 10)));
    EXPECT_FALSE(call.dispatch(Origin::root()).has_value());
  });
}

TEST(Utility, RootHelpers) {
  in_block([] {
    using Caller = TestRuntime::Pallets::OriginCaller;
    const Call as_bob =
        Call::of<Utility>(Utility::dispatch_as{Caller{Origin::signed_by(account(0xB0))}, touch(1)});
    EXPECT_EQ(as_bob.dispatch(Origin::signed_by(kAlice)).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(as_bob.dispatch(Origin::root()).has_value());
    EXPECT_EQ(DemoP::LastCaller::get(), account(0xB0));
    // dispatch_as succeeds even when the inner call fails, and says so in an event.
    ASSERT_TRUE(Call::of<Utility>(Utility::dispatch_as{Caller{Origin::root()}, touch(2, true)})
                    .dispatch(Origin::root())
                    .has_value());
    // dispatch_as_fallible forwards the failure.
    auto fallible =
        Call::of<Utility>(Utility::dispatch_as_fallible{Caller{Origin::root()}, touch(3, true)})
            .dispatch(Origin::root());
    ASSERT_FALSE(fallible.has_value());
    EXPECT_EQ(fallible.error().error, module_error(7, 0));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_TRUE(std::get<Utility::DispatchedAs>(events[0]).result.has_value());
    EXPECT_EQ(std::get<Utility::DispatchedAs>(events[1]).result.error(), module_error(7, 0));

    // with_weight: the stated weight, the inner call's class, as root.
    const Call weighted = Call::of<Utility>(Utility::with_weight{
        touch(4, false, DispatchClass::kOperational), Weight::from_parts(77, 7)});
    EXPECT_EQ(weighted.info(),
              (DispatchInfo{Weight::from_parts(77, 7), DispatchClass::kOperational}));
    EXPECT_FALSE(weighted.dispatch(Origin::signed_by(kAlice)).has_value());
    const uint32_t root_calls = DemoP::RootCalls::get();
    ASSERT_TRUE(weighted.dispatch(Origin::root()).has_value());
    EXPECT_EQ(DemoP::RootCalls::get(), root_calls + 1);
  });
}

TEST(Utility, IfElse) {
  in_block([] {
    auto fallback = Call::of<Utility>(Utility::if_else{touch(1, true), touch(2)})
                        .dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(fallback.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{2}));
    EXPECT_EQ(fallback->actual_weight, W::if_else().saturating_add(Weight::from_parts(1200, 20)));
    auto main =
        Call::of<Utility>(Utility::if_else{touch(3), touch(4)}).dispatch(Origin::signed_by(kAlice));
    ASSERT_TRUE(main.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{2, 3}));
    auto both = Call::of<Utility>(Utility::if_else{touch(5, true), touch(6, true)})
                    .dispatch(Origin::signed_by(kAlice));
    ASSERT_FALSE(both.has_value());
    EXPECT_EQ(DemoP::Log::get(), (std::vector<uint32_t>{2, 3}));
    const auto events = utility_events();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(std::get<Utility::IfElseFallbackCalled>(events[0]).main_error, module_error(7, 0));
    EXPECT_TRUE(is<Utility::IfElseMainSuccess>(events[1]));
  });
}

TEST(Utility, MetadataDescribesTheRecursion) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::PalletMetadata& pallet = metadata.pallets.back();
  EXPECT_EQ(pallet.name, "Utility");
  EXPECT_EQ(pallet.index, 24);
  ASSERT_EQ(pallet.constants.size(), 1u);
  EXPECT_EQ(pallet.constants[0].name, "batched_calls_limit");
  EXPECT_EQ(pallet.constants[0].value, scale::encode(uint32_t{10'922}));
  const auto& calls = std::get<meta::VariantDef>(types[pallet.calls->id].def).variants;
  ASSERT_EQ(calls.size(), 8u);
  EXPECT_EQ(calls[0].name, "batch");
  EXPECT_EQ(calls[7].name, "dispatch_as_fallible");
  EXPECT_EQ(calls[7].index, 7);
  // batch's argument is a sequence of RuntimeCall; as_derivative's call is RuntimeCall itself.
  const meta::TypeId runtime_call = metadata.outer_enums.call_enum;
  const auto& sequence = std::get<meta::SequenceDef>(types[calls[0].fields[0].type].def);
  EXPECT_EQ(sequence.type, runtime_call);
  EXPECT_EQ(calls[1].fields[1].type, runtime_call);
  EXPECT_EQ(calls[1].fields[1].type_name, "Box<<T as Config>::RuntimeCall>");
  EXPECT_EQ(types[calls[3].fields[0].type].path,
            (std::vector<std::string>{"test_runtime", "OriginCaller"}));
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[5].name, "DispatchedAs");
  EXPECT_EQ(types[events[5].fields[0].type].path, (std::vector<std::string>{"Result"}));
}

}  // namespace
}  // namespace canary::rt
