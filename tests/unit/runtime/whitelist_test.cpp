// pallet_whitelist natively, configured as Kusama's (WhitelistOrigin Root here, as until the
// Fellowship; DispatchWhitelistedOrigin Root or WhitelistedCaller; Preimage on Balances'
// holds), following the SDK's tests.rs: whitelisting requests the preimage, removing and
// dispatching withdraw the request; a whitelisted call dispatches once, as Root, in its own
// storage layer, with its outcome in an event and its actual weight reported; every refusal
// (origin, not whitelisted, preimage missing or of another length, undecodable, weight above the
// witness); the metadata types against Kusama's (spec 1_009_002).
#include "runtime/pallets/whitelist/whitelist.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/preimage/preimage.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/unit/runtime/metadata_shapes.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace preimage = pallets::preimage;
namespace origins = pallets::origins;
namespace whitelist = pallets::whitelist;
using rt::testing::account;
using traits::tokens::Balance;

enum class TestHoldReason : uint8_t { kPreimage = 0 };
inline bool scale_is_valid(TestHoldReason r) {
  return r == TestHoldReason::kPreimage;
}
inline void canary_type_info(meta::TypeBuilder& b, const TestHoldReason*) {
  b.path({"test_runtime", "RuntimeHoldReason"});
  b.variant(0, "Preimage");
}
struct PreimageHold {
  static TestHoldReason get() { return TestHoldReason::kPreimage; }
};

// A call that needs Root, writes, and may fail after writing or report its actual weight.
template <class T, class At>
struct Guarded {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_guarded";
  static constexpr uint32_t kReportsWeight = 42;
  using Value = StorageValue<Guarded, "Value", uint32_t, ValueQuery>;
  using Storage = std::tuple<Value>;
  struct set {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "set";
    uint32_t value = 0;
    bool fail = false;
    static constexpr auto fields() {
      return std::tuple{field("value", &set::value), field("fail", &set::fail)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weight::from_parts(50'000, 10)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      Value::put(value);
      if (fail) return with_post_info(unexpected(module_error(kIndex, 1)));
      if (value == kReportsWeight) return PostDispatchInfo{Weight::from_parts(1'000, 1)};
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<set>;
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using GuardedPallet = Guarded<TestRuntime, PalletAt<9, "Guarded">>;
  using Preimage = preimage::Pallet<TestRuntime, PalletAt<32, "Preimage">>;
  using Origins = origins::Pallet<TestRuntime, PalletAt<43, "Origins">>;
  using Whitelist = whitelist::Pallet<TestRuntime, PalletAt<44, "Whitelist">>;
  using Pallets =
      Composition<"test_runtime", System, Balances, GuardedPallet, Preimage, Origins, Whitelist>;
  using RuntimeHoldReason = TestHoldReason;
  using RuntimeFreezeReason = TestHoldReason;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 1;
  static constexpr uint32_t kMaxHolds = 1;
  using Currency = Balances;
  using PreimageManagerOrigin = EnsureRoot;
  using PreimageConsideration =
      traits::HoldConsideration<Balances, PreimageHold, traits::LinearStoragePrice<2, 1>>;

  using WhitelistOrigin = EnsureRoot;
  using DispatchWhitelistedOrigin =
      EitherOf<EnsureRoot, origins::WhitelistedCaller<TestRuntime::Origins>>;
  using WhitelistPreimages = Preimage;
};
using System = TestRuntime::System;
using Preimage = TestRuntime::Preimage;
using Whitelist = TestRuntime::Whitelist;
using G = TestRuntime::GuardedPallet;
using RuntimeCall = TestRuntime::Pallets::Call;
using Error = whitelist::Error;
using Weights = Whitelist::Weights;

const AccountId32 kAlice = account(2);

RuntimeCall set(uint32_t value, bool fail = false) {
  return RuntimeCall::of<G>(G::set{value, fail});
}
H256 hash_of(const RuntimeCall& call) {
  return H256{call.hash()};
}
Origin whitelisted_caller() {
  return TestRuntime::Origins::origin(origins::Origin::kWhitelistedCaller);
}
DispatchResultWithPostInfo dispatch(Whitelist::Call call, const Origin& origin) {
  return rt::testing::dispatch<TestRuntime, Whitelist>(std::move(call), origin);
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::string err(Error e) {
  return runtime::to_string(pallet_error<Whitelist>(e));
}
std::vector<Whitelist::Event> events() {
  return rt::testing::events_of<TestRuntime, Whitelist>();
}
// Notes a preimage as a user would (free once requested).
void note(const Bytes& bytes) {
  const auto noted = rt::testing::dispatch<TestRuntime, Preimage>(Preimage::note_preimage{bytes},
                                                                  Origin::signed_by(kAlice));
  ASSERT_TRUE(noted.has_value());
}
Whitelist::dispatch_whitelisted_call dispatch_call(const RuntimeCall& call) {
  return {hash_of(call), static_cast<uint32_t>(scale::encode(call).size()),
          call.info().call_weight};
}

template <class F>
void run(F&& f) {
  testing::TestExternalities ext;
  ext.execute_with([&] {
    System::initialize(1, H256{}, {});
    f();
    EXPECT_EQ(rt::testing::try_state_failures<TestRuntime::Pallets>(1), "");
  });
}

TEST(Whitelist, WhitelistingRequestsThePreimageOnce) {
  run([] {
    const RuntimeCall call = set(7);
    const H256 hash = hash_of(call);
    EXPECT_EQ(error_of(dispatch(Whitelist::whitelist_call{hash}, Origin::signed_by(kAlice))),
              "BadOrigin");
    EXPECT_EQ(error_of(dispatch(Whitelist::whitelist_call{hash}, whitelisted_caller())),
              "BadOrigin");
    EXPECT_FALSE(Preimage::is_requested(hash.bytes));

    ASSERT_EQ(error_of(dispatch(Whitelist::whitelist_call{hash}, Origin::root())), "ok");
    EXPECT_TRUE(Whitelist::WhitelistedCall::contains_key(hash));
    EXPECT_TRUE(Preimage::is_requested(hash.bytes));
    EXPECT_EQ(error_of(dispatch(Whitelist::whitelist_call{hash}, Origin::root())),
              err(Error::kCallAlreadyWhitelisted));
    EXPECT_EQ(events(), std::vector<Whitelist::Event>{Whitelist::CallWhitelisted{hash}});
    // The stored value is () under Twox64Concat(hash): an empty value that exists.
    const Bytes key = Whitelist::WhitelistedCall::key(hash);
    EXPECT_EQ(io::storage::get(key), std::optional<Bytes>(Bytes{}));
  });
}

TEST(Whitelist, RemovingWithdrawsTheRequest) {
  run([] {
    const H256 hash = hash_of(set(7));
    EXPECT_EQ(error_of(dispatch(Whitelist::remove_whitelisted_call{hash}, Origin::root())),
              err(Error::kCallIsNotWhitelisted));
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    EXPECT_EQ(
        error_of(dispatch(Whitelist::remove_whitelisted_call{hash}, Origin::signed_by(kAlice))),
        "BadOrigin");
    ASSERT_EQ(error_of(dispatch(Whitelist::remove_whitelisted_call{hash}, Origin::root())), "ok");
    EXPECT_FALSE(Whitelist::WhitelistedCall::contains_key(hash));
    EXPECT_FALSE(Preimage::is_requested(hash.bytes));
    EXPECT_EQ(events(), (std::vector<Whitelist::Event>{Whitelist::CallWhitelisted{hash},
                                                       Whitelist::WhitelistedCallRemoved{hash}}));
  });
}

TEST(Whitelist, DispatchesAWhitelistedCallOnceAsRoot) {
  run([] {
    const RuntimeCall call = set(7);
    const H256 hash = hash_of(call);
    const auto by_hash = dispatch_call(call);
    EXPECT_EQ(error_of(dispatch(by_hash, whitelisted_caller())), err(Error::kCallIsNotWhitelisted));
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    // The preimage is not there yet.
    EXPECT_EQ(error_of(dispatch(by_hash, whitelisted_caller())), err(Error::kUnavailablePreImage));
    note(scale::encode(call));
    // Nobody else may dispatch it.
    EXPECT_EQ(error_of(dispatch(by_hash, Origin::signed_by(kAlice))), "BadOrigin");
    // A length other than the preimage's is not found.
    auto wrong_len = by_hash;
    wrong_len.call_encoded_len += 1;
    EXPECT_EQ(error_of(dispatch(wrong_len, whitelisted_caller())),
              err(Error::kUnavailablePreImage));
    // The witness must cover the call's declared weight, in both dimensions.
    auto light = by_hash;
    light.call_weight_witness = Weight::from_parts(50'000, 9);
    EXPECT_EQ(error_of(dispatch(light, whitelisted_caller())),
              err(Error::kInvalidCallWeightWitness));
    EXPECT_EQ(G::Value::get(), 0u);

    // The declared weight: the pallet's part for the length plus the witness.
    EXPECT_EQ(RuntimeCall::of<Whitelist>(by_hash).info().call_weight,
              Weights::dispatch_whitelisted_call(by_hash.call_encoded_len)
                  .saturating_add(by_hash.call_weight_witness));
    System::reset_events();
    auto ok = dispatch(by_hash, whitelisted_caller());
    ASSERT_EQ(error_of(ok), "ok");
    EXPECT_EQ(ok->actual_weight, std::nullopt);  // the call reported none: the declared stands
    EXPECT_EQ(ok->pays_fee, Pays::kYes);
    EXPECT_EQ(G::Value::get(), 7u);
    EXPECT_FALSE(Whitelist::WhitelistedCall::contains_key(hash));
    // Requested and noted free, unrequested: the preimage is gone.
    EXPECT_FALSE(Preimage::is_requested(hash.bytes));
    EXPECT_EQ(Preimage::len(hash.bytes), std::nullopt);
    const Whitelist::Event dispatched{
        Whitelist::WhitelistedCallDispatched{hash, PostDispatchInfo{}}};
    EXPECT_EQ(events(), std::vector<Whitelist::Event>{dispatched});
    // Once only.
    EXPECT_EQ(error_of(dispatch(by_hash, Origin::root())), err(Error::kCallIsNotWhitelisted));
  });
}

TEST(Whitelist, RefusesAPreimageThatIsNoCall) {
  run([] {
    const Bytes garbage{0xff, 0x00, 0x01};
    const H256 hash{io::hashing::blake2_256(garbage)};
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    note(garbage);
    EXPECT_EQ(error_of(dispatch(Whitelist::dispatch_whitelisted_call{hash, 3, Weight::zero()},
                                Origin::root())),
              err(Error::kUndecodableCall));
    // A call with bytes after it is no call either (decode_all).
    Bytes trailing = scale::encode(set(1));
    trailing.push_back(0);
    const H256 trailing_hash{io::hashing::blake2_256(trailing)};
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{trailing_hash}, Origin::root()));
    note(trailing);
    EXPECT_EQ(error_of(dispatch(
                  Whitelist::dispatch_whitelisted_call{trailing_hash,
                                                       static_cast<uint32_t>(trailing.size()),
                                                       Weight::from_parts(UINT64_MAX, UINT64_MAX)},
                  Origin::root())),
              err(Error::kUndecodableCall));
    EXPECT_TRUE(Whitelist::WhitelistedCall::contains_key(hash));
  });
}

TEST(Whitelist, DispatchWithPreimageRecordsTheCallsFailure) {
  run([] {
    const RuntimeCall failing = set(9, true);
    const H256 hash = hash_of(failing);
    const Whitelist::dispatch_whitelisted_call_with_preimage with{failing};
    EXPECT_EQ(error_of(dispatch(with, Origin::root())), err(Error::kCallIsNotWhitelisted));
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    const auto len = static_cast<uint32_t>(scale::encode(failing).size());
    EXPECT_EQ(RuntimeCall::of<Whitelist>(with).info().call_weight,
              Weights::dispatch_whitelisted_call_with_preimage(len).saturating_add(
                  Weight::from_parts(50'000, 10)));
    EXPECT_EQ(error_of(dispatch(with, Origin::signed_by(kAlice))), "BadOrigin");
    System::reset_events();
    // The whitelisting is used up even though the call fails; its writes are undone.
    auto ok = dispatch(with, whitelisted_caller());
    ASSERT_EQ(error_of(ok), "ok");
    EXPECT_EQ(G::Value::get(), 0u);
    EXPECT_FALSE(Whitelist::WhitelistedCall::contains_key(hash));
    EXPECT_FALSE(Preimage::is_requested(hash.bytes));
    const whitelist::RecordedResult failed =
        unexpected(whitelist::ErrorWithPostInfo{{}, module_error(9, 1)});
    const Whitelist::Event dispatched{Whitelist::WhitelistedCallDispatched{hash, failed}};
    EXPECT_EQ(events(), std::vector<Whitelist::Event>{dispatched});
  });
}

TEST(Whitelist, ReportsTheCallsActualWeightPlusItsOwn) {
  run([] {
    const RuntimeCall call = set(G::kReportsWeight);
    const H256 hash = hash_of(call);
    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    const auto len = static_cast<uint32_t>(scale::encode(call).size());
    auto ok = dispatch(Whitelist::dispatch_whitelisted_call_with_preimage{call}, Origin::root());
    ASSERT_EQ(error_of(ok), "ok");
    EXPECT_EQ(ok->actual_weight, std::optional<Weight>(Weight::from_parts(1'000, 1).saturating_add(
                                     Weights::dispatch_whitelisted_call_with_preimage(len))));

    ASSERT_TRUE(dispatch(Whitelist::whitelist_call{hash}, Origin::root()));
    note(scale::encode(call));
    ok = dispatch(dispatch_call(call), Origin::root());
    ASSERT_EQ(error_of(ok), "ok");
    EXPECT_EQ(ok->actual_weight, std::optional<Weight>(Weight::from_parts(1'000, 1).saturating_add(
                                     Weights::dispatch_whitelisted_call(len))));
  });
}

// The event's outcome encodes as FRAME's Result<PostDispatchInfo, DispatchErrorWithPostInfo>.
TEST(Whitelist, EventEncodesTheWholeOutcome) {
  H256 hash;
  hash.bytes.fill(0xab);
  const Whitelist::Event ok{Whitelist::WhitelistedCallDispatched{
      hash, PostDispatchInfo{Weight::from_parts(4, 8), Pays::kNo}}};
  std::string hash_hex;
  for (int i = 0; i < 32; ++i) hash_hex += "ab";
  // Variant 2, the hash, Ok (0), Some (1) weight {compact 4, compact 8}, Pays::No (1).
  EXPECT_EQ(to_hex(scale::encode(ok)), "0x02" + hash_hex + "0001102001");
  const Whitelist::Event failed{Whitelist::WhitelistedCallDispatched{
      hash, unexpected(whitelist::ErrorWithPostInfo{{}, module_error(9, 1)})}};
  const Bytes bytes = scale::encode(failed);
  // Err(1), post_info {None (0), Pays::Yes (0)}, Module (3) {index 9, [1, 0, 0, 0]}.
  EXPECT_EQ(to_hex(ByteSpan(bytes).subspan(33)), "0x010000030901000000");
  auto decoded = scale::decode<Whitelist::Event>(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, failed);
}

// Kusama's Whitelist types (metadata 1_009_002: the call 170, event 561, error 763; the stored
// value 117, ()), by the script in treasury_test.cpp (with stops) run on [170, 561, 763, 117]
// with stops at 100 (the RuntimeCall, Kusama's own).
constexpr std::string_view kKusamaShapes =
    R"(0: pallet_whitelist::pallet::Call<T=-> [0 whitelist_call(call_hash:T::Hash:#1),1 remove_whitelisted_call(call_hash:T::Hash:#1),2 dispatch_whitelisted_call(call_hash:T::Hash:#1,call_encoded_len:u32:#4,call_weight_witness:Weight:#5),3 dispatch_whitelisted_call_with_preimage(call:Box<<T as Config>::RuntimeCall>:#8)]
1: primitive_types::H256<> {_:[u8; 32]:#2}
2: <> [#3;32]
3: <> prim:u8
4: <> prim:u32
5: sp_weights::weight_v2::Weight<> {ref_time:u64:#6,proof_size:u64:#6}
6: <> Compact<#7>
7: <> prim:u64
8: staging_kusama_runtime::RuntimeCall (stop)
9: pallet_whitelist::pallet::Event<T=-> [0 CallWhitelisted(call_hash:T::Hash:#1),1 WhitelistedCallRemoved(call_hash:T::Hash:#1),2 WhitelistedCallDispatched(call_hash:T::Hash:#1,result:DispatchResultWithPostInfo:#10)]
10: Result<T=#11,E=#14> [0 Ok(_:_:#11),1 Err(_:_:#14)]
11: frame_support::dispatch::PostDispatchInfo<> {actual_weight:Option<Weight>:#12,pays_fee:Pays:#13}
12: Option<T=#5> [0 None(),1 Some(_:_:#5)]
13: frame_support::dispatch::Pays<> [0 Yes(),1 No()]
14: sp_runtime::DispatchErrorWithPostInfo<Info=#11> {post_info:Info:#11,error:DispatchError:#15}
15: sp_runtime::DispatchError<> [0 Other(),1 CannotLookup(),2 BadOrigin(),3 Module(_:ModuleError:#16),4 ConsumerRemaining(),5 NoProviders(),6 TooManyConsumers(),7 Token(_:TokenError:#18),8 Arithmetic(_:ArithmeticError:#19),9 Transactional(_:TransactionalError:#20),10 Exhausted(),11 Corruption(),12 Unavailable(),13 RootNotAllowed(),14 Trie(_:TrieError:#21)]
16: sp_runtime::ModuleError<> {index:u8:#3,error:[u8; MAX_MODULE_ERROR_ENCODED_SIZE]:#17}
17: <> [#3;4]
18: sp_runtime::TokenError<> [0 FundsUnavailable(),1 OnlyProvider(),2 BelowMinimum(),3 CannotCreate(),4 UnknownAsset(),5 Frozen(),6 Unsupported(),7 CannotCreateHold(),8 NotExpendable(),9 Blocked()]
19: sp_arithmetic::ArithmeticError<> [0 Underflow(),1 Overflow(),2 DivisionByZero()]
20: sp_runtime::TransactionalError<> [0 LimitReached(),1 NoLayer()]
21: sp_runtime::proving_trie::TrieError<> [0 InvalidStateRoot(),1 IncompleteDatabase(),2 ValueAtIncompleteKey(),3 DecoderError(),4 InvalidHash(),5 DuplicateKey(),6 ExtraneousNode(),7 ExtraneousValue(),8 ExtraneousHashReference(),9 InvalidChildReference(),10 ValueMismatch(),11 IncompleteProof(),12 RootMismatch(),13 DecodeError()]
22: pallet_whitelist::pallet::Error<T=-> [0 UnavailablePreImage(),1 UndecodableCall(),2 InvalidCallWeightWitness(),3 CallIsNotWhitelisted(),4 CallAlreadyWhitelisted()]
23: <> ())";

TEST(Whitelist, MetadataTypesAreKusamas) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata* pallet = nullptr;
  for (const auto& p : metadata.pallets) {
    if (p.name == "Whitelist") pallet = &p;
  }
  ASSERT_NE(pallet, nullptr);
  EXPECT_EQ(pallet->index, 44);
  EXPECT_TRUE(pallet->constants.empty());
  ASSERT_TRUE(pallet->storage.has_value() && pallet->storage->entries.size() == 1);
  const auto& entry = pallet->storage->entries[0];
  EXPECT_EQ(entry.name, "WhitelistedCall");
  const auto& map = std::get<meta::StorageMapType>(entry.type);
  EXPECT_EQ(map.hashers, std::vector<hash::StorageHasher>{hash::StorageHasher::kTwox64Concat});
  // The RuntimeCall inside dispatch_whitelisted_call_with_preimage is this runtime's.
  const auto& call_def =
      std::get<meta::VariantDef>(metadata.registry.types()[pallet->calls->id].def);
  const meta::TypeId runtime_call = call_def.variants.at(3).fields.at(0).type;
  std::string ours = shapes(metadata.registry,
                            {pallet->calls->id, pallet->event->id, pallet->error->id, map.value},
                            std::set<meta::TypeId>{runtime_call});
  // Only the RuntimeCall's path differs (test_runtime's, not Kusama's).
  const std::string stop_line = "8: test_runtime::RuntimeCall (stop)";
  ASSERT_NE(ours.find(stop_line), std::string::npos) << ours;
  ours.replace(ours.find(stop_line), stop_line.size(),
               "8: staging_kusama_runtime::RuntimeCall (stop)");
  EXPECT_EQ(ours, std::string(kKusamaShapes) + "\n");
}

}  // namespace
}  // namespace canary::rt
