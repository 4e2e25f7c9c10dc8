// Origins: the EnsureOrigin vocabulary (origins/ensure_origin.hpp) on every kind of origin, a
// pallet's own origin carried through the runtime (Origin::of_pallet / pallet_origin), and the
// runtime's OriginCaller: FRAME's encoding (system at System's index, a pallet origin at its
// pallet's index, Void at its position), its metadata, and Utility.dispatch_as dispatching a call
// with a pallet origin that only that origin may make. Stored calls: a scheduler-like pallet keeps
// (OriginCaller, RuntimeCall) pairs in storage in FRAME's encoding and dispatches them in a later
// block with the stored origin, declaring the inner calls' weight and class.
#include <gtest/gtest.h>

#include <variant>

#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;

using rt::testing::account;

// A collective-like pallet with an origin of its own (pallet_collective's RawOrigin shape):
// Members(yes, of) or Member(who); `approve` may be made only by that origin with a majority.
template <class T, class At>
struct Council {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_council";

  struct PalletOrigin {
    enum class Kind : uint8_t { kMembers = 0, kMember = 1 };
    Kind kind = Kind::kMembers;
    uint32_t yes = 0;
    uint32_t of = 0;
    AccountId32 who;

    template <class Sink>
    void scale_encode(Sink& out) const {
      out.put_byte(static_cast<uint8_t>(kind));
      if (kind == Kind::kMembers) {
        scale::encode_to(out, yes);
        scale::encode_to(out, of);
      } else {
        scale::encode_to(out, who);
      }
    }
    void scale_decode(scale::Decoder& in) {
      const uint8_t k = in.read_byte();
      if (in.ok() && k > 1) in.fail(scale::DecodeError::kInvalidVariantIndex);
      if (!in.ok()) return;
      kind = static_cast<Kind>(k);
      if (kind == Kind::kMembers) {
        scale::decode_from(in, yes);
        scale::decode_from(in, of);
      } else {
        scale::decode_from(in, who);
      }
    }
    static void type_info(meta::TypeBuilder& b) {
      b.path({"pallet_council", "RawOrigin"});
      b.variant(0, "Members",
                {meta::field_of<uint32_t>(b.registry()), meta::field_of<uint32_t>(b.registry())});
      b.variant(1, "Member", {meta::field_of<AccountId32>(b.registry())});
    }
    bool operator==(const PalletOrigin&) const = default;
  };

  // More than half of the members (frame's EnsureProportionMoreThan<1, 2>).
  struct EnsureMajority {
    using Success = std::monostate;
    static std::optional<Success> try_origin(const Origin& origin) {
      auto value = origin.pallet_origin<Council>();
      if (!value || value->kind != PalletOrigin::Kind::kMembers || 2 * value->yes <= value->of) {
        return std::nullopt;
      }
      return Success{};
    }
  };

  using Approved = StorageValue<Council, "Approved", uint32_t, ValueQuery>;

  struct approve {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "approve";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weight::from_parts(1000, 0), DispatchClass::kNormal}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<EnsureMajority>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      Approved::put(Approved::get() + 1);
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<approve>;
};

// Scheduler in miniature: `schedule` stores a call with the origin to dispatch it with; the next
// block's on_initialize dispatches what is queued, each call in its own storage layer.
template <class T, class At>
struct Agenda {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_agenda";
  using RuntimeCall = typename T::Pallets::Call;
  using OriginCaller = typename T::Pallets::OriginCaller;

  struct Task {
    OriginCaller origin;
    RuntimeCall call;
    CANARY_SCALE_FIELDS(origin, call)
  };
  using Queue = StorageValue<Agenda, "Queue", std::vector<Task>, ValueQuery>;
  using Dispatched = StorageValue<Agenda, "Dispatched", std::vector<bool>, ValueQuery>;

  struct schedule {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "schedule";
    Boxed<OriginCaller> origin;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{boxed_field("origin", &schedule::origin, "Box<T::PalletsOrigin>"),
                        boxed_field("call", &schedule::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    // Scheduling costs little now; the call's own weight is paid when it runs.
    DispatchInfo info() const { return {Weight::from_parts(10, 0), call->info().dispatch_class}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin_of_caller) const {
      if (auto root = ensure_root(origin_of_caller); !root) return with_post_info(root);
      Queue::append(Task{*origin, *call});
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<schedule>;

  static Weight on_initialize(BlockNumber /*n*/) {
    Weight used;
    std::vector<bool> outcomes;
    for (const Task& task : Queue::take()) {
      const DispatchInfo info = task.call.info();
      const DispatchResultWithPostInfo result = dispatch_in_layer(task.call, task.origin.origin);
      used = used.saturating_add(actual_weight(result, info));
      outcomes.push_back(result.has_value());
    }
    Dispatched::put(outcomes);
    return used;
  }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using CouncilPallet = Council<TestRuntime, PalletAt<13, "Council">>;
  using Utility = pallets::utility::Pallet<TestRuntime, PalletAt<24, "Utility">>;
  using AgendaPallet = Agenda<TestRuntime, PalletAt<29, "Agenda">>;
  using Pallets = Composition<"test_runtime", System, CouncilPallet, Utility, AgendaPallet>;
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::zero(), Weight::zero(), Weight::from_parts(kWeightRefTimePerSecond, 0), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
};
using CouncilP = TestRuntime::CouncilPallet;
using Utility = TestRuntime::Utility;
using Call = TestRuntime::Pallets::Call;
using OriginCaller = TestRuntime::Pallets::OriginCaller;
using CouncilOrigin = CouncilP::PalletOrigin;

Origin members(uint32_t yes, uint32_t of) {
  return Origin::of_pallet<CouncilP>(CouncilOrigin{CouncilOrigin::Kind::kMembers, yes, of, {}});
}

struct Alice {
  static bool contains(const AccountId32& who) { return who == account(0xA1); }
};
struct Double {
  static uint64_t map(std::monostate /*unused*/) { return 2; }
};

static_assert(EnsureOrigin<EnsureRoot>);
static_assert(EnsureOrigin<EnsureSignedBy<Alice>>);
static_assert(EnsureOrigin<EitherOfDiverse<EnsureSigned, EnsureRoot>>);
static_assert(!EnsureOrigin<Alice>);

TEST(Origins, EnsureOriginsPassAndMapTheirSuccess) {
  const Origin root = Origin::root();
  const Origin none = Origin::none();
  const Origin alice = Origin::signed_by(account(0xA1));
  const Origin bob = Origin::signed_by(account(0xB0));
  const Origin council = members(3, 5);

  EXPECT_TRUE(EnsureRoot::try_origin(root));
  EXPECT_FALSE(EnsureRoot::try_origin(alice));
  EXPECT_FALSE(EnsureRoot::try_origin(council));
  EXPECT_EQ(EnsureRootWithSuccess<uint32_t{7}>::try_origin(root), 7u);
  EXPECT_EQ(EnsureSigned::try_origin(bob), account(0xB0));
  EXPECT_FALSE(EnsureSigned::try_origin(root));
  EXPECT_FALSE(EnsureSigned::try_origin(council));
  EXPECT_EQ(EnsureSignedBy<Alice>::try_origin(alice), account(0xA1));
  EXPECT_FALSE(EnsureSignedBy<Alice>::try_origin(bob));
  EXPECT_TRUE(EnsureNone::try_origin(none));
  EXPECT_FALSE(EnsureNone::try_origin(root));
  EXPECT_FALSE(EnsureNever<>::try_origin(root));
  EXPECT_FALSE(EnsureNever<>::try_origin(none));

  // EitherOf: the same success from either side.
  using SignedOrBy = EitherOf<EnsureSignedBy<Alice>, EnsureSigned>;
  EXPECT_EQ(SignedOrBy::try_origin(bob), account(0xB0));
  EXPECT_FALSE(SignedOrBy::try_origin(root));
  // EitherOfDiverse says which side passed.
  using RootOrSigned = EitherOfDiverse<EnsureRoot, EnsureSigned>;
  EXPECT_EQ(RootOrSigned::try_origin(root)->index(), 0u);
  const auto signed_side = RootOrSigned::try_origin(alice);
  ASSERT_TRUE(signed_side);
  EXPECT_EQ(std::get<1>(*signed_side), account(0xA1));
  EXPECT_FALSE(RootOrSigned::try_origin(none));
  EXPECT_EQ((MapSuccess<EnsureRoot, Double>::try_origin(root)), 2u);

  // A pallet's origin: typed back by its own pallet only.
  EXPECT_EQ(EnsurePalletOrigin<CouncilP>::try_origin(council)->yes, 3u);
  EXPECT_FALSE(EnsurePalletOrigin<CouncilP>::try_origin(root));
  EXPECT_TRUE(CouncilP::EnsureMajority::try_origin(council));
  EXPECT_FALSE(CouncilP::EnsureMajority::try_origin(members(2, 4)));
  using RootOrMajority = EitherOf<EnsureRoot, CouncilP::EnsureMajority>;
  EXPECT_TRUE(RootOrMajority::try_origin(root));
  EXPECT_TRUE(RootOrMajority::try_origin(council));
  EXPECT_FALSE(RootOrMajority::try_origin(alice));

  // ensure_origin: BadOrigin when the check fails.
  EXPECT_EQ(ensure_origin<EnsureSigned>(root).error().kind, DispatchError::Kind::kBadOrigin);
  EXPECT_EQ(*ensure_origin<EnsureSigned>(alice), account(0xA1));
}

TEST(Origins, OriginCallerHasFramesEncoding) {
  // Indices: system at System's (0), Council at its pallet index (13), Void at its position: one
  // pallet origin before it, so 2.
  EXPECT_EQ(OriginCaller::kSystemIndex, 0);
  EXPECT_EQ(OriginCaller::kVoidIndex, 2);
  const auto encode = [](const Origin& origin) {
    return to_hex(scale::encode(OriginCaller{origin}));
  };
  EXPECT_EQ(encode(Origin::root()), "0x0000");
  EXPECT_EQ(encode(Origin::none()), "0x0002");
  EXPECT_EQ(encode(Origin::signed_by(account(0x11))), "0x0001" + std::string(64, '1'));
  EXPECT_EQ(encode(members(3, 5)), "0x0d000300000005000000");
  EXPECT_EQ(
      encode(Origin::of_pallet<CouncilP>({CouncilOrigin::Kind::kMember, 0, 0, account(0x22)})),
      "0x0d01" + std::string(64, '2'));

  for (const char* hex : {"0x0000", "0x0002", "0x0d000300000005000000"}) {
    auto decoded = scale::decode<OriginCaller>(from_hex(hex).value());
    ASSERT_TRUE(decoded.has_value()) << hex;
    EXPECT_EQ(to_hex(scale::encode(*decoded)), hex);
  }
  EXPECT_EQ(scale::decode<OriginCaller>(from_hex("0x0d000300000005000000").value())->origin,
            members(3, 5));
  // Void has no values, other indices are no variants, a pallet origin is checked against its
  // type, RawOrigin has three kinds.
  for (const char* hex :
       {"0x02", "0x0200", "0x01", "0x0c00", "0x0d02", "0x0d0003000000", "0x0003"}) {
    EXPECT_FALSE(scale::decode<OriginCaller>(from_hex(hex).value()).has_value()) << hex;
  }
}

TEST(Origins, OriginCallerMetadataListsEveryOrigin) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto& types = metadata.registry.types();
  const meta::TypeId id = metadata.registry.id<OriginCaller>();
  EXPECT_EQ(types[id].path, (std::vector<std::string>{"test_runtime", "OriginCaller"}));
  const auto& variants = std::get<meta::VariantDef>(types[id].def).variants;
  ASSERT_EQ(variants.size(), 3u);
  EXPECT_EQ(variants[0].name, "system");
  EXPECT_EQ(variants[0].index, 0);
  EXPECT_EQ(variants[0].fields[0].type_name, "frame_system::Origin<Runtime>");
  EXPECT_EQ(types[variants[0].fields[0].type].path,
            (std::vector<std::string>{"frame_support", "dispatch", "RawOrigin"}));
  EXPECT_EQ(variants[1].name, "Council");
  EXPECT_EQ(variants[1].index, 13);
  EXPECT_EQ(variants[1].fields[0].type_name, "pallet_council::Origin");
  EXPECT_EQ(types[variants[1].fields[0].type].path,
            (std::vector<std::string>{"pallet_council", "RawOrigin"}));
  EXPECT_EQ(variants[2].name, "Void");
  EXPECT_EQ(variants[2].index, 2);
  const meta::TypeDescription& void_type = types[variants[2].fields[0].type];
  EXPECT_EQ(void_type.path, (std::vector<std::string>{"sp_core", "Void"}));
  EXPECT_TRUE(std::get<meta::VariantDef>(void_type.def).variants.empty());
}

TEST(Origins, DispatchAsCarriesAPalletOrigin) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    TestRuntime::System::initialize(1, H256{}, {});
    const Call approve = Call::of<CouncilP>(CouncilP::approve{});
    // Only a council majority may approve: not root, not a signed account, not a minority.
    EXPECT_FALSE(approve.dispatch(Origin::root()).has_value());
    EXPECT_FALSE(approve.dispatch(Origin::signed_by(account(0xA1))).has_value());
    EXPECT_FALSE(approve.dispatch(members(1, 3)).has_value());
    ASSERT_TRUE(approve.dispatch(members(2, 3)).has_value());
    EXPECT_EQ(CouncilP::Approved::get(), 1u);

    // Root hands the council's origin to the call through dispatch_as, from its wire form:
    // Utility (24) . dispatch_as (3) { Council (13) Members(2, 3), Council . approve }.
    const Bytes wire = from_hex(
                           "0x1803"
                           "0d000200000003000000"
                           "0d00")
                           .value();
    auto decoded = scale::decode<Call>(wire);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(scale::encode(*decoded), wire);
    EXPECT_EQ(decoded->dispatch(Origin::signed_by(account(0xA1))).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(decoded->dispatch(Origin::root()).has_value());
    EXPECT_EQ(CouncilP::Approved::get(), 2u);
    // A minority's dispatch_as runs, and the inner call fails with BadOrigin (DispatchedAs).
    const Call minority =
        Call::of<Utility>(Utility::dispatch_as_fallible{OriginCaller{members(1, 3)}, approve});
    EXPECT_EQ(minority.dispatch(Origin::root()).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_EQ(CouncilP::Approved::get(), 2u);
  });
}

TEST(StoredCalls, AreKeptInStorageAndDispatchedLaterWithTheirOrigin) {
  using AgendaP = TestRuntime::AgendaPallet;
  const Call approve = Call::of<CouncilP>(CouncilP::approve{});
  // The hash is BLAKE2b-256 of the encoding: Council (13) . approve (0).
  EXPECT_EQ(approve.hash(), hash::blake2b_256(from_hex("0x0d00").value()));
  EXPECT_NE(approve.hash(), Call::of<Utility>(Utility::batch{{approve}}).hash());

  testing::TestExternalities ext;
  ext.execute_with([&] {
    TestRuntime::System::initialize(1, H256{}, {});
    // A call that carries another declares the inner call's class; operational stays operational.
    const Call schedule_approve =
        Call::of<AgendaP>(AgendaP::schedule{OriginCaller{members(2, 3)}, approve});
    EXPECT_EQ(schedule_approve.info().dispatch_class, DispatchClass::kNormal);
    ASSERT_TRUE(schedule_approve.dispatch(Origin::root()).has_value());
    ASSERT_TRUE(Call::of<AgendaP>(
                    AgendaP::schedule{OriginCaller{Origin::signed_by(account(0xA1))}, approve})
                    .dispatch(Origin::root())
                    .has_value());
    EXPECT_FALSE(schedule_approve.dispatch(Origin::signed_by(account(0xA1))).has_value());
    EXPECT_EQ(CouncilP::Approved::get(), 0u);

    // In storage: FRAME's encoding of Vec<(OriginCaller, RuntimeCall)>.
    const std::string a1 = [] {
      std::string out;
      for (int i = 0; i < 32; ++i) out += "a1";
      return out;
    }();
    EXPECT_EQ(to_hex(scale::encode(AgendaP::Queue::get())),
              "0x08"
              "0d000200000003000000"
              "0d00"
              "0001" +
                  a1 + "0d00");

    // The next block dispatches them with their origins: the majority's passes, Alice's fails.
    TestRuntime::System::initialize(2, H256{}, {});
    const Weight used = TestRuntime::Pallets::on_initialize(2);
    EXPECT_EQ(used, Weight::from_parts(2000, 0));
    EXPECT_EQ(AgendaP::Dispatched::get(), (std::vector<bool>{true, false}));
    EXPECT_EQ(CouncilP::Approved::get(), 1u);
    EXPECT_TRUE(AgendaP::Queue::get().empty());
  });
}

}  // namespace
}  // namespace canary::rt
