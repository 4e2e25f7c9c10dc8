// The transaction extensions' own weights (FRAME's TransactionExtension::weight): a signed
// extrinsic's DispatchInfo carries the call's weight and the sum of its extensions' weights, and
// its total is what the fee, the block's weight (CheckWeight), the ExtrinsicSuccess event and
// TransactionPaymentApi count; a bare call (TransactionPaymentCallApi) has none. After dispatch the
// actual weight includes the extensions' weight, less what each extension gives back, before the
// next extension's post-dispatch (sp-runtime dispatch_transaction, the tuple's
// post_dispatch_details).
//
// A mock runtime whose extensions weigh distinct powers of two and whose fees are the weight's and
// length's plain values, so that every expectation is a sum written out here.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/transaction_payment/transaction_payment.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace tp = pallets::transaction_payment;

template <class T, class At>
struct MockBalances {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_mock_balances";
  using Free = StorageMap<MockBalances, "Free", Blake2_128Concat, AccountId32, u128, ValueQuery>;
  static Result<u128, DispatchError> withdraw(const AccountId32& who, u128 amount) {
    const u128 free = Free::get(who);
    if (free < amount) return unexpected(dispatch_error(DispatchError::Kind::kToken, 0));
    Free::insert(who, free - amount);
    return amount;
  }
  static void resolve_into(const AccountId32& who, u128 amount) {
    Free::insert(who, Free::get(who) + amount);
  }
  static u128 total_balance(const AccountId32& who) { return Free::get(who); }
};

// A call that declares `declared` ref_time and reports `actual` after dispatch.
template <class T, class At>
struct Demo {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_demo";
  struct spend {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "spend";
    uint64_t declared = 0;
    std::optional<uint64_t> actual;
    static constexpr auto fields() {
      return std::tuple{field("declared", &spend::declared), field("actual", &spend::actual)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weight::from_parts(declared, 0)}; }
    DispatchResultWithPostInfo dispatch(const Origin&) const {
      PostDispatchInfo post;
      if (actual) post.actual_weight = Weight::from_parts(*actual, 0);
      return post;
    }
  };
  using Call = std::variant<spend>;
};

// frame_system's extensions at powers of two (ref_time; proof sizes on the mortal check and the
// nonce, which the immortal check must not count).
struct PowersOfTwo {
  static constexpr Weight check_non_zero_sender() { return Weight::from_parts(1, 0); }
  static constexpr Weight check_spec_version() { return Weight::from_parts(2, 0); }
  static constexpr Weight check_tx_version() { return Weight::from_parts(4, 0); }
  static constexpr Weight check_genesis() { return Weight::from_parts(8, 0); }
  static constexpr Weight check_mortality_mortal_transaction() {
    return Weight::from_parts(16, 16);
  }
  static constexpr Weight check_mortality_immortal_transaction() {
    return Weight::from_parts(32, 32);
  }
  static constexpr Weight check_nonce() { return Weight::from_parts(64, 64); }
  static constexpr Weight check_weight() { return Weight::from_parts(128, 0); }
};
struct PaymentWeight {
  static constexpr Weight charge_transaction_payment() { return Weight::from_parts(256, 0); }
};

// An extension of weight 512 that gives all of it back after dispatch (as CheckNonce and
// ChargeTransactionPayment do for an origin they do not serve), and one that records the
// post-dispatch info it sees.
constexpr Weight kRefundable = Weight::from_parts(512, 0);
struct Refunding {
  static constexpr std::string_view kIdentifier = "Refunding";
  using Implicit = std::monostate;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) { b.path({"test", "Refunding"}).composite(); }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }
  template <class Call>
  Weight weight(const Call&) const {
    return kRefundable;
  }
  Result<Weight, TransactionValidityError> post_dispatch(const std::monostate&, const DispatchInfo&,
                                                         const PostDispatchInfo&, size_t,
                                                         bool) const {
    return kRefundable;
  }
};
struct Observer {
  static constexpr std::string_view kIdentifier = "Observer";
  using Implicit = std::monostate;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) { b.path({"test", "Observer"}).composite(); }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }
  static inline std::optional<Weight> seen;
  Result<void, TransactionValidityError> post_dispatch(const std::monostate&, const DispatchInfo&,
                                                       const PostDispatchInfo& post, size_t,
                                                       bool) const {
    seen = post.actual_weight;
    return {};
  }
};

// The fee is the weight's and the length's plain value.
struct Identity {
  static u128 weight_to_fee(const Weight& weight) { return weight.ref_time; }
};
struct Unchanged {
  static tp::Multiplier convert(tp::Multiplier m) { return m; }
};

constexpr uint64_t kBaseExtrinsic = 100'000;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = MockBalances<TestRuntime, PalletAt<4, "Balances">>;
  using DemoPallet = Demo<TestRuntime, PalletAt<7, "Demo">>;
  using TransactionPayment = tp::Pallet<TestRuntime, PalletAt<33, "TransactionPayment">>;
  using Pallets = Composition<"test_runtime", System, Balances, DemoPallet, TransactionPayment>;
  using SignedExtra =
      std::tuple<Refunding, system::CheckNonZeroSender<TestRuntime>,
                 system::CheckSpecVersion<TestRuntime>, system::CheckTxVersion<TestRuntime>,
                 system::CheckGenesis<TestRuntime>, system::CheckMortality<TestRuntime>,
                 system::CheckNonce<TestRuntime>, system::CheckWeight<TestRuntime>,
                 tp::ChargeTransactionPayment<TestRuntime>, Observer>;
  using ExtensionsWeightInfo = PowersOfTwo;
  using TransactionPaymentWeightInfo = PaymentWeight;

  using Currency = Balances;
  using WeightToFee = Identity;
  using LengthToFee = Identity;
  using FeeMultiplierUpdate = Unchanged;
  static constexpr uint8_t kOperationalFeeMultiplier = 5;
  static void on_charge(u128, u128) {}

  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 1;
      out.transaction_version = 1;
      out.system_version = 1;
      return out;
    }();
    return v;
  }
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(1'000'000, 0), Weight::from_parts(kBaseExtrinsic, 0),
        Weight::from_parts(100'000'000, UINT64_MAX), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024 * 1024, 75);
  }
};
using System = TestRuntime::System;
using Payment = TestRuntime::TransactionPayment;
using Balances = TestRuntime::Balances;
using Exec = Executive<TestRuntime>;
using Call = TestRuntime::Pallets::Call;
using DemoPallet = TestRuntime::DemoPallet;

// Every extension's weight for an immortal transaction: the immortal check without its proof size.
constexpr Weight kImmortalExtensions =
    Weight::from_parts(512 + 1 + 2 + 4 + 8 + 32 + 64 + 128 + 256, 64);
constexpr Weight kMortalExtensions =
    Weight::from_parts(512 + 1 + 2 + 4 + 8 + 16 + 64 + 128 + 256, 16 + 64);
constexpr u128 kInitial = 1'000'000'000;

const H256 kGenesisHash = [] {
  H256 h;
  h.bytes.fill(0x47);
  return h;
}();

std::map<Bytes, Bytes> genesis(const AccountId32& who) {
  testing::TestExternalities builder;
  builder.execute_with([&] {
    System::BlockHash::insert(0, kGenesisHash);
    System::inc_providers(who);
    Balances::Free::insert(who, kInitial);
    System::LastRuntimeUpgrade::put({1, "test"});
    ASSERT_TRUE(Payment::build_genesis({}).has_value());
  });
  return builder.top_writes();
}

Call spend(uint64_t declared, std::optional<uint64_t> actual = std::nullopt) {
  return Call::of<DemoPallet>(DemoPallet::spend{declared, actual});
}

TestRuntime::SignedExtra extra(uint32_t nonce, Era era = Era::make_immortal()) {
  TestRuntime::SignedExtra e;
  std::get<system::CheckMortality<TestRuntime>>(e).era = era;
  std::get<system::CheckNonce<TestRuntime>>(e).nonce = nonce;
  return e;
}

block::Header header(BlockNumber number) {
  block::Header h;
  h.number = number;
  h.parent_hash = kGenesisHash.bytes;
  return h;
}

class ExtensionWeightTest : public ::testing::Test {
 protected:
  keys::KeyPair alice_ = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  AccountId32 who() const { return testing::account_of(alice_); }
};

TEST_F(ExtensionWeightTest, SumsEachExtensionsWeight) {
  const Call call = spend(1000);
  EXPECT_EQ(Exec::Ext::weight(extra(0), call), kImmortalExtensions);
  EXPECT_EQ(Exec::Ext::weight(extra(0, Era::mortal(64, 10)), call), kMortalExtensions);
  // A signed extrinsic carries them; a bare one none.
  testing::TestExternalities ext(genesis(who()));
  ext.execute_with([&] {
    const auto signed_xt = Exec::decode(testing::sign_extrinsic<Exec>(alice_, call, extra(0)));
    const DispatchInfo info = signed_xt.value().dispatch_info();
    EXPECT_EQ(info.call_weight, Weight::from_parts(1000, 0));
    EXPECT_EQ(info.extension_weight, kImmortalExtensions);
    EXPECT_EQ(info.total_weight(), Weight::from_parts(1000, 0).saturating_add(kImmortalExtensions));
    const Exec::Extrinsic bare{std::nullopt, call};
    EXPECT_EQ(bare.dispatch_info().extension_weight, Weight::zero());
  });
}

TEST_F(ExtensionWeightTest, QueryInfoCountsThemTheCallApiDoesNot) {
  testing::TestExternalities ext(genesis(who()));
  ext.execute_with([&] {
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(1000), extra(0));
    const auto len = static_cast<uint32_t>(xt.size());
    const tp::RuntimeDispatchInfo info = Payment::query_info(Exec::decode(xt).value(), len);
    const uint64_t total = 1000 + kImmortalExtensions.ref_time;
    EXPECT_EQ(info.weight, Weight::from_parts(total, kImmortalExtensions.proof_size));
    EXPECT_EQ(info.partial_fee, u128{kBaseExtrinsic + len + total});
    const tp::FeeDetails details = Payment::query_fee_details(Exec::decode(xt).value(), len);
    EXPECT_EQ(details.inclusion_fee, (tp::InclusionFee{kBaseExtrinsic, len, total}));
    const tp::RuntimeDispatchInfo call_info = Payment::query_call_info(spend(1000), len);
    EXPECT_EQ(call_info.weight, Weight::from_parts(1000, 0));
    EXPECT_EQ(call_info.partial_fee, u128{kBaseExtrinsic + len + 1000});
  });
}

// Declared 10_000, used 4_000: the block, the fee and the event count the actual weight plus the
// extensions' less the 512 that Refunding gave back, which CheckWeight, ChargeTransactionPayment
// and Observer (after it) all see.
TEST_F(ExtensionWeightTest, AppliedExtrinsicCountsActualAndExtensionWeightLessRefunds) {
  testing::TestExternalities ext(genesis(who()));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    const Weight before = System::BlockWeight::get().normal;
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(10'000, 4'000), extra(0));
    Observer::seen.reset();
    auto applied = Exec::apply_extrinsic(xt);
    ASSERT_TRUE(applied.has_value() && applied->has_value());
    const Weight used = Weight::from_parts(4'000, 0)
                            .saturating_add(kImmortalExtensions)
                            .saturating_sub(kRefundable);
    EXPECT_EQ(Observer::seen, std::optional<Weight>(used));
    EXPECT_EQ(System::BlockWeight::get().normal,
              before.saturating_add(used).saturating_add(Weight::from_parts(kBaseExtrinsic, 0)));
    EXPECT_EQ(Balances::Free::get(who()), kInitial - (kBaseExtrinsic + xt.size() + used.ref_time));
    std::optional<system::DispatchEventInfo> reported;
    for (const auto& record : System::EventsOf<>::get()) {
      if (const auto* e = std::get_if<PalletEvent<System>>(&record.event.value)) {
        if (const auto* s = std::get_if<System::ExtrinsicSuccess>(&e->event)) {
          reported = s->dispatch_info;
        }
      }
    }
    ASSERT_TRUE(reported.has_value());
    EXPECT_EQ(reported->weight, used.saturating_add(Weight::from_parts(kBaseExtrinsic, 0)));

    // Without a reported actual weight the call counts as declared, the extensions likewise.
    Observer::seen.reset();
    ASSERT_TRUE(
        Exec::apply_extrinsic(testing::sign_extrinsic<Exec>(alice_, spend(10'000), extra(1)))
            .has_value());
    EXPECT_EQ(Observer::seen, std::optional<Weight>(Weight::from_parts(10'000, 0)
                                                        .saturating_add(kImmortalExtensions)
                                                        .saturating_sub(kRefundable)));
  });
}

TEST_F(ExtensionWeightTest, CheckWeightLimitsTheTotal) {
  testing::TestExternalities ext(genesis(who()));
  ext.execute_with([&] {
    const Weight max = *TestRuntime::block_weights().per_class.normal.max_extrinsic;
    // The call alone would fit; with its extensions it does not.
    const uint64_t declared = max.ref_time - kImmortalExtensions.ref_time + 1;
    const auto validate = [&](uint64_t weight) {
      const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(weight), extra(0));
      io::storage::start_transaction();
      auto v = Exec::validate_transaction(runtime::TransactionSource::kExternal, xt, kGenesisHash);
      io::storage::rollback_transaction();
      return v;
    };
    auto refused = validate(declared);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(runtime::to_string(refused.error()), "Invalid(ExhaustsResources)");
    EXPECT_TRUE(validate(declared - 1).has_value());
  });
}

// The metadata lists the extensions in order; their weights are no part of it (as in FRAME).
TEST(ExtensionWeightMetadata, ListsTheExtensions) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  std::vector<std::string> names;
  for (const auto& e : Exec::Ext::metadata(metadata.registry)) names.push_back(e.identifier);
  EXPECT_EQ(names, (std::vector<std::string>{"Refunding", "CheckNonZeroSender", "CheckSpecVersion",
                                             "CheckTxVersion", "CheckGenesis", "CheckMortality",
                                             "CheckNonce", "CheckWeight",
                                             "ChargeTransactionPayment", "Observer"}));
  EXPECT_EQ(metadata.pallets.front().constants.size() > 0, TestRuntime::kMaxConsumers > 0);
}

}  // namespace
}  // namespace canary::rt
