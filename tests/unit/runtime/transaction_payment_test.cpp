// pallet_transaction_payment natively (sp-arithmetic's rounding is arithmetic_test.cpp's):
// Kusama's weight-to-fee and length fee, the fee a signed extrinsic pays through the executive
// (withdraw, refund, tip, split 80/20 to treasury and author), the pool priority, the multiplier
// update, the runtime API answers and the metadata.
//
// Expected fees are computed from the formulas with Kusama's constants, independently of the
// implementation (the integer steps are spelled out next to each number).
#include "runtime/pallets/transaction_payment/transaction_payment.hpp"

#include <gtest/gtest.h>

#include <map>

#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace tp = pallets::transaction_payment;
namespace kusama = tp::kusama;
using arithmetic::FixedU128;

// --- Kusama's fee functions.

TEST(TransactionPaymentKusama, WeightAndLengthToFee) {
  // CENTS = 10^12 / 30 / 100 = 333_333_333; MILLICENTS = 333_333.
  EXPECT_EQ(kusama::kCents, u128{333'333'333});
  EXPECT_EQ(kusama::kTransactionByteFee, u128{3'333'330});
  // coefficient CENTS / (10 * 124_706_000): integer 0, fraction
  // floor(10^9 * 333_333_333 / 1_247_060_000) = 267_295_345 parts per billion.
  const tp::WeightToFeeCoefficient c = kusama::WeightToFee::coefficient();
  EXPECT_EQ(c.coeff_integer, u128{0});
  EXPECT_EQ(c.coeff_frac.deconstruct(), 267'295'345u);
  EXPECT_EQ(c.degree, 1);
  // The base extrinsic weight costs a tenth of a cent: 124_706_000 * 0.267295345 = 33_333_333.0…
  EXPECT_EQ(kusama::WeightToFee::weight_to_fee(Weight::from_parts(124'706'000, 0)),
            u128{33'333'333});
  // 10^9 * 0.267295345 exactly; 4 * 10^8 * 0.267295345 = 106_918_138.
  EXPECT_EQ(kusama::WeightToFee::weight_to_fee(Weight::from_parts(1'000'000'000, 7)),
            u128{267'295'345});
  EXPECT_EQ(kusama::WeightToFee::weight_to_fee(Weight::from_parts(400'000'000, 0)),
            u128{106'918'138});
  EXPECT_EQ(kusama::LengthToFee::weight_to_fee(Weight::from_parts(140, 0)), u128{466'666'200});
  // The 80/20 split: 80% of 101 is 80 (rounded down), the author gets 21 + the tip.
  const auto split = kusama::deal_with_fees(101, 7);
  EXPECT_EQ(split.treasury, u128{80});
  EXPECT_EQ(split.author, u128{28});
}

// --- A runtime: System, a mock currency, TransactionPayment, and a pallet whose call declares
// whatever weight, class and post-dispatch info the test asks for.

// Balances in storage (so that storage transactions undo them), existential deposit 1.
template <class T, class At>
struct MockBalances {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_mock_balances";
  using Free = StorageMap<MockBalances, "Free", Blake2_128Concat, AccountId32, u128, ValueQuery>;
  static constexpr u128 kExistentialDeposit = 1;

  static Result<u128, DispatchError> withdraw(const AccountId32& who, u128 amount) {
    const u128 free = Free::get(who);
    if (free < amount || free - amount < kExistentialDeposit) {
      return unexpected(dispatch_error(DispatchError::Kind::kToken, 0));  // FundsUnavailable
    }
    Free::insert(who, free - amount);
    return amount;
  }
  static void resolve_into(const AccountId32& who, u128 amount) {
    Free::insert(who, Free::get(who) + amount);
  }
  static void burn_issuance(u128) {}  // no issuance kept
  static u128 total_balance(const AccountId32& who) { return Free::get(who); }
};

template <class T, class At>
struct Demo {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_demo";
  using Touched = StorageValue<Demo, "Touched", uint32_t, ValueQuery>;
  struct spend {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "spend";
    uint64_t declared = 0;
    std::optional<uint64_t> actual;
    uint8_t dispatch_class = 0;
    bool free = false;  // Pays::No declared
    bool fail = false;
    static constexpr auto fields() {
      return std::tuple{field("declared", &spend::declared), field("actual", &spend::actual),
                        field("class", &spend::dispatch_class), field("free", &spend::free),
                        field("fail", &spend::fail)};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weight::from_parts(declared, 0), static_cast<DispatchClass>(dispatch_class),
              free ? Pays::kNo : Pays::kYes};
    }
    DispatchResultWithPostInfo dispatch(const Origin&) const {
      Touched::put(Touched::get() + 1);
      PostDispatchInfo post;
      if (actual) post.actual_weight = Weight::from_parts(*actual, 0);
      if (fail) return unexpected(DispatchErrorWithPostInfo{post, bad_origin()});
      return post;
    }
  };
  using Call = std::variant<spend>;
};

using rt::testing::account;
const AccountId32 kTreasury = account(0x77);
const AccountId32 kAuthor = account(0xAA);

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = MockBalances<TestRuntime, PalletAt<4, "Balances">>;
  using TransactionPayment = tp::Pallet<TestRuntime, PalletAt<33, "TransactionPayment">>;
  using DemoPallet = Demo<TestRuntime, PalletAt<7, "Demo">>;
  using Utility = pallets::utility::Pallet<TestRuntime, PalletAt<24, "Utility">>;
  using Pallets =
      Composition<"test_runtime", System, Balances, DemoPallet, Utility, TransactionPayment>;
  using SignedExtra =
      std::tuple<system::CheckNonZeroSender<TestRuntime>, system::CheckSpecVersion<TestRuntime>,
                 system::CheckTxVersion<TestRuntime>, system::CheckGenesis<TestRuntime>,
                 system::CheckMortality<TestRuntime>, system::CheckNonce<TestRuntime>,
                 system::CheckWeight<TestRuntime>, tp::ChargeTransactionPayment<TestRuntime>,
                 CheckMetadataHash<TestRuntime>>;

  // TransactionPayment's configuration (Kusama's).
  using Currency = Balances;
  using WeightToFee = kusama::WeightToFee;
  using LengthToFee = kusama::LengthToFee;
  using FeeMultiplierUpdate = kusama::SlowAdjustingFeeUpdate<TestRuntime>;
  static constexpr uint8_t kOperationalFeeMultiplier = kusama::kOperationalFeeMultiplier;
  static void on_charge(u128 fee, u128 tip) {
    kusama::pay_fees<Currency>(fee, tip, kTreasury, kAuthor);
  }

  static constexpr uint32_t kBlockHashCount = 4096;
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
  // Kusama's limits: 2 s blocks, 75% normal, 1% average initialization, ExtrinsicBaseWeight
  // 124_706 ns, 5 MiB blocks.
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(14'278'073'000, 0),
        Weight::from_parts(kusama::kExtrinsicBaseWeightRefTime, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX), 75, 1);
  }
  static std::optional<Hash256> metadata_hash() { return std::nullopt; }
};
using System = TestRuntime::System;
using Payment = TestRuntime::TransactionPayment;
using Balances = TestRuntime::Balances;
using Exec = Executive<TestRuntime>;
using Call = TestRuntime::Pallets::Call;
using Demo7 = TestRuntime::DemoPallet;

const H256 kGenesisHash = [] {
  H256 h;
  h.bytes.fill(0x47);
  return h;
}();

constexpr u128 kBaseFee = 33'333'333;  // see WeightAndLengthToFee

std::map<Bytes, Bytes> genesis(const keys::KeyPair& alice, u128 balance) {
  testing::TestExternalities builder;
  builder.execute_with([&] {
    System::BlockHash::insert(0, kGenesisHash);
    System::inc_providers(testing::account_of(alice));
    Balances::Free::insert(testing::account_of(alice), balance);
    System::LastRuntimeUpgrade::put({1, "test"});
    ASSERT_TRUE(Payment::build_genesis({}).has_value());
  });
  return builder.top_writes();
}

TestRuntime::SignedExtra extra(uint32_t nonce, u128 tip = 0) {
  TestRuntime::SignedExtra e;
  std::get<system::CheckNonce<TestRuntime>>(e).nonce = nonce;
  std::get<tp::ChargeTransactionPayment<TestRuntime>>(e).tip = tip;
  return e;
}

Call spend(uint64_t declared, std::optional<uint64_t> actual = std::nullopt,
           DispatchClass c = DispatchClass::kNormal, bool free = false, bool fail = false) {
  return Call::of<Demo7>(Demo7::spend{declared, actual, static_cast<uint8_t>(c), free, fail});
}

block::Header header(BlockNumber number) {
  block::Header h;
  h.number = number;
  h.parent_hash = kGenesisHash.bytes;
  return h;
}

template <class E>
std::vector<E> events_of() {
  std::vector<E> out;
  for (const auto& record : System::EventsOf<>::get()) {
    if (const auto* pallet = std::get_if<PalletEvent<Payment>>(&record.event.value)) {
      if (const auto* e = std::get_if<E>(&pallet->event)) out.push_back(*e);
    }
  }
  return out;
}

class TransactionPaymentTest : public ::testing::Test {
 protected:
  keys::KeyPair alice_ = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  AccountId32 who() const { return testing::account_of(alice_); }
  static constexpr u128 kInitial = 10 * kusama::kUnits;
};

TEST_F(TransactionPaymentTest, ChargesWeightLengthBaseAndTipThenRefunds) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    // Declared 10^9 ref_time, used 4 * 10^8; tip 1000.
    const Bytes xt =
        testing::sign_extrinsic<Exec>(alice_, spend(1'000'000'000, 400'000'000), extra(0, 1000));
    const u128 len_fee = kusama::kTransactionByteFee * xt.size();
    auto applied = Exec::apply_extrinsic(xt);
    ASSERT_TRUE(applied.has_value() && applied->has_value());
    // Charged: base + length + the actual weight's fee (106_918_138) + tip; the difference to the
    // declared weight's fee (267_295_345) was refunded.
    const u128 actual_fee = kBaseFee + len_fee + 106'918'138 + 1000;
    EXPECT_EQ(Balances::Free::get(who()), kInitial - actual_fee);
    // 80% of the fee without tip to the treasury, the rest and the tip to the author.
    const u128 fee = actual_fee - 1000;
    EXPECT_EQ(Balances::Free::get(kTreasury), fee * 80 / 100);
    EXPECT_EQ(Balances::Free::get(kAuthor), fee - fee * 80 / 100 + 1000);
    const auto paid = events_of<Payment::TransactionFeePaid>();
    ASSERT_EQ(paid.size(), 1u);
    EXPECT_EQ(paid[0], (Payment::TransactionFeePaid{who(), actual_fee, 1000}));
  });
}

TEST_F(TransactionPaymentTest, BatchPaysForItsActualWeight) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    using Utility = TestRuntime::Utility;
    const Call batch = Call::of<Utility>(
        Utility::batch{{spend(1'000'000'000, 400'000'000), spend(1'000'000'000)}});
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, batch, extra(0));
    const u128 len_fee = kusama::kTransactionByteFee * xt.size();
    ASSERT_TRUE(Exec::apply_extrinsic(xt).has_value());
    // Actual weight: batch(2) = 4_825_566 + 2 * 2_295_032 = 9_415_630, plus 4 * 10^8 + 10^9;
    // 1_409_415_630 * 0.267295345 = 376_730_236.9… → 376_730_237.
    EXPECT_EQ(Balances::Free::get(who()), kInitial - (kBaseFee + len_fee + 376'730'237));
  });
}

TEST_F(TransactionPaymentTest, MultiplierScalesOnlyTheWeightFee) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    Payment::NextFeeMultiplier::put(FixedU128::saturating_from_rational(3, 2));
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(1'000'000'000), extra(0));
    const u128 len_fee = kusama::kTransactionByteFee * xt.size();
    ASSERT_TRUE(Exec::apply_extrinsic(xt).has_value());
    // 267_295_345 * 1.5 = 400_943_017.5 → 400_943_017.
    EXPECT_EQ(Balances::Free::get(who()), kInitial - (kBaseFee + len_fee + 400'943'017));
  });
}

TEST_F(TransactionPaymentTest, FailedCallsPayAndFreeCallsPayOnlyTheTip) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    const Bytes failing = testing::sign_extrinsic<Exec>(
        alice_, spend(1'000'000'000, std::nullopt, DispatchClass::kNormal, false, true), extra(0));
    const u128 len_fee = kusama::kTransactionByteFee * failing.size();
    auto failed = Exec::apply_extrinsic(failing);
    ASSERT_TRUE(failed.has_value() && !failed->has_value());
    u128 expected = kInitial - (kBaseFee + len_fee + 267'295'345);
    EXPECT_EQ(Balances::Free::get(who()), expected);
    EXPECT_EQ(Demo7::Touched::get(), 0u);  // the call's changes were undone, the fee was not

    const Bytes free = testing::sign_extrinsic<Exec>(
        alice_, spend(1'000'000'000, std::nullopt, DispatchClass::kNormal, true), extra(1, 555));
    ASSERT_TRUE(Exec::apply_extrinsic(free).has_value());
    EXPECT_EQ(Balances::Free::get(who()), expected - 555);
    const auto paid = events_of<Payment::TransactionFeePaid>();
    ASSERT_EQ(paid.size(), 2u);
    EXPECT_EQ(paid[1].actual_fee, u128{555});
  });
}

TEST_F(TransactionPaymentTest, CannotPayIsInvalidAndKeepsTheAccountAlive) {
  // Exactly the fee would leave 0 < ED: invalid in the pool and in a block.
  testing::TestExternalities ext(genesis(alice_, 1));
  ext.execute_with([&] {
    Exec::initialize_block(header(1));
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(0), extra(0));
    io::storage::start_transaction();
    auto valid =
        Exec::validate_transaction(runtime::TransactionSource::kExternal, xt, kGenesisHash);
    io::storage::rollback_transaction();
    ASSERT_FALSE(valid.has_value());
    EXPECT_EQ(runtime::to_string(valid.error()), "Invalid(Payment)");
    // An invalid extrinsic's earlier extensions (the nonce) are undone by the block builder
    // around apply_extrinsic, not by the runtime: likewise here.
    io::storage::start_transaction();
    auto applied = Exec::apply_extrinsic(xt);
    io::storage::rollback_transaction();
    ASSERT_FALSE(applied.has_value());
    EXPECT_EQ(runtime::to_string(applied.error()), "Invalid(Payment)");
    EXPECT_EQ(Balances::Free::get(who()), u128{1});
  });
}

TEST_F(TransactionPaymentTest, Priority) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    const auto validate = [&](const Call& call, u128 tip) {
      const Bytes xt = testing::sign_extrinsic<Exec>(alice_, call, extra(0, tip));
      io::storage::start_transaction();
      auto v = Exec::validate_transaction(runtime::TransactionSource::kExternal, xt, kGenesisHash);
      io::storage::rollback_transaction();
      return std::pair<uint64_t, size_t>(v.value().priority, xt.size());
    };
    // Normal, weight 10^9: the block holds 2 * 10^12 / 10^9 = 2000 by weight and
    // 3_932_160 / len by length; priority (tip + 1) * min of both.
    const auto [normal, len] = validate(spend(1'000'000'000), 99);
    EXPECT_EQ(normal, 100u * std::min<uint64_t>(2000, 3'932'160 / len));
    // Operational: plus 5 * fee * (block / len), where the length limit is the whole 5 MiB.
    const auto [operational, op_len] =
        validate(spend(1'000'000'000, std::nullopt, DispatchClass::kOperational), 0);
    const u128 fee = kBaseFee + kusama::kTransactionByteFee * op_len + 267'295'345;
    const uint64_t per_block = std::min<uint64_t>(2000, 5'242'880 / op_len);
    EXPECT_EQ(operational, static_cast<uint64_t>(1 * per_block + 5 * fee * per_block));
  });
}

TEST_F(TransactionPaymentTest, RuntimeApis) {
  testing::TestExternalities ext(genesis(alice_, kInitial));
  ext.execute_with([&] {
    const Bytes xt = testing::sign_extrinsic<Exec>(alice_, spend(1'000'000'000), extra(0, 5));
    const auto uxt = Exec::decode(xt).value();
    const auto len = static_cast<uint32_t>(xt.size());
    const tp::RuntimeDispatchInfo info = Payment::query_info(uxt, len);
    EXPECT_EQ(info.weight, Weight::from_parts(1'000'000'000, 0));
    EXPECT_EQ(info.dispatch_class, DispatchClass::kNormal);
    // The partial fee leaves the tip out.
    EXPECT_EQ(info.partial_fee, kBaseFee + kusama::kTransactionByteFee * len + 267'295'345);
    const tp::FeeDetails details = Payment::query_fee_details(uxt, len);
    ASSERT_TRUE(details.inclusion_fee.has_value());
    EXPECT_EQ(*details.inclusion_fee,
              (tp::InclusionFee{kBaseFee, kusama::kTransactionByteFee * len, 267'295'345}));
    EXPECT_EQ(details.tip, u128{0});
    // Unsigned: nothing to pay.
    const Exec::Extrinsic bare{std::nullopt, spend(1'000'000'000)};
    EXPECT_EQ(Payment::query_info(bare, 10).partial_fee, u128{0});
    EXPECT_FALSE(Payment::query_fee_details(bare, 10).inclusion_fee.has_value());
    // The call API charges as if signed; free calls have no inclusion fee.
    EXPECT_EQ(Payment::query_call_info(spend(0), 0).partial_fee, kBaseFee);
    EXPECT_FALSE(
        Payment::query_call_fee_details(spend(0, std::nullopt, DispatchClass::kNormal, true), 0)
            .inclusion_fee.has_value());
    // The weight is capped at the block's maximum: 2 * 10^12 * 0.267295345.
    EXPECT_EQ(Payment::query_weight_to_fee(Weight::from_parts(UINT64_MAX, 0)),
              u128{534'590'690'000});
    EXPECT_EQ(Payment::query_length_to_fee(3), u128{9'999'990});
    // RuntimeDispatchInfo's encoding: Weight (compact parts), class, u128.
    EXPECT_EQ(to_hex(scale::encode(tp::RuntimeDispatchInfo{Weight::from_parts(4, 1),
                                                           DispatchClass::kOperational, 2})),
              "0x10040102000000000000000000000000000000");
  });
}

// The multiplier after a block whose normal class used `ref_time`/`proof_size`, from `previous`.
// Expected values follow TargetedFeeAdjustment step by step in FixedU128 (v = 75 * 10^12 inner,
// target 25% of the normal maximum 1.5 * 10^12):
//   diff = |s - s'| * 10^18 / m, diff² = diff * diff / 10^18, v²/2 = (v * v / 10^18) / 2,
//   next = prev ± (v * diff / 10^18 ± v²/2 * diff² / 10^18) * prev / 10^18.
u128 next_multiplier(u128 previous, uint64_t ref_time, uint64_t proof_size = 0) {
  u128 out = 0;
  testing::TestExternalities ext;
  ext.execute_with([&] {
    Payment::NextFeeMultiplier::put(FixedU128::from_inner(previous));
    System::BlockWeight::put({Weight::from_parts(ref_time, proof_size), {}, {}});
    Payment::on_finalize(1);
    out = Payment::NextFeeMultiplier::get().into_inner();
  });
  return out;
}

TEST(TransactionPaymentMultiplier, SlowAdjustingFeeUpdate) {
  const u128 one = FixedU128::kDiv;
  // Empty block: diff = 0.25, 1 - 18.75e-6 + 1.7578125e-10.
  EXPECT_EQ(next_multiplier(one, 0), u128{999'981'250'175'781'250});
  // Full normal class: diff = 0.75, 1 + 56.25e-6 + 1.58203125e-9.
  EXPECT_EQ(next_multiplier(one, 1'500'000'000'000), u128{1'000'056'251'582'031'250});
  // More than the normal maximum counts as the maximum.
  EXPECT_EQ(next_multiplier(one, 2'000'000'000'000), u128{1'000'056'251'582'031'250});
  // Exactly on target: unchanged.
  EXPECT_EQ(next_multiplier(one, 375'000'000'000), one);
  // Half full from 2: diff = 0.25 up, 2 * (1 + 18.75e-6 + 1.7578125e-10).
  EXPECT_EQ(next_multiplier(2 * one, 750'000'000'000), u128{2'000'037'500'351'562'500});
  // Never below the minimum 0.1, also from a stored value under it.
  EXPECT_EQ(next_multiplier(one / 10, 0), one / 10);
  EXPECT_EQ(next_multiplier(0, 0), one / 10);
  // From the minimum, a block 1% above target grows it (FRAME's integrity test).
  EXPECT_GT(next_multiplier(one / 10, 378'750'000'000), one / 10);
  // The default before genesis is 1.
  testing::TestExternalities ext;
  ext.execute_with([] { EXPECT_EQ(Payment::next_fee_multiplier(), FixedU128::one()); });
}

// A runtime whose blocks limit proof size to 10 MB, to see the limiting dimension switch.
struct ProofLimited {
  using System = TestRuntime::System;
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(0, 0), Weight::from_parts(0, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, 10'000'000), 75, 1);
  }
};

TEST(TransactionPaymentMultiplier, LimitingDimension) {
  using Update = tp::TargetedFeeAdjustment<ProofLimited, kusama::SlowAdjustingParams>;
  testing::TestExternalities ext;
  ext.execute_with([] {
    // 10% of ref_time but 80% of proof size (max 7_500_000): the proof size counts,
    // diff = (6_000_000 - 1_875_000) / 7_500_000 = 0.55.
    System::BlockWeight::put({Weight::from_parts(150'000'000'000, 6'000'000), {}, {}});
    EXPECT_EQ(Update::convert(FixedU128::one()).into_inner(), u128{1'000'041'250'850'781'250});
    // Without proof size the ref_time counts: diff = 0.15 down.
    System::BlockWeight::put({Weight::from_parts(150'000'000'000, 0), {}, {}});
    EXPECT_EQ(Update::convert(FixedU128::one()).into_inner(), u128{999'988'750'063'281'250});
  });
}

TEST(TransactionPaymentMetadata, TypesStorageConstantsExtension) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto extensions = Exec::Ext::metadata(metadata.registry);
  const auto& types = metadata.registry.types();
  ASSERT_EQ(extensions[7].identifier, "ChargeTransactionPayment");
  EXPECT_EQ(types[extensions[7].type].path,
            (std::vector<std::string>{"pallet_transaction_payment", "ChargeTransactionPayment"}));
  const meta::PalletMetadata& pallet = metadata.pallets.back();
  EXPECT_EQ(pallet.name, "TransactionPayment");
  EXPECT_EQ(pallet.index, 33);
  ASSERT_TRUE(pallet.storage.has_value());
  ASSERT_EQ(pallet.storage->entries.size(), 2u);
  const auto& multiplier = pallet.storage->entries[0];
  EXPECT_EQ(multiplier.name, "NextFeeMultiplier");
  EXPECT_EQ(to_hex(multiplier.default_value), "0x000064a7b3b6e00d0000000000000000");
  const auto& value_type = std::get<meta::StoragePlain>(multiplier.type).value;
  EXPECT_EQ(types[value_type].path,
            (std::vector<std::string>{"sp_arithmetic", "fixed_point", "FixedU128"}));
  EXPECT_EQ(pallet.storage->entries[1].default_value, (Bytes{0}));  // V1Ancient
  ASSERT_EQ(pallet.constants.size(), 1u);
  EXPECT_EQ(pallet.constants[0].name, "OperationalFeeMultiplier");
  EXPECT_EQ(pallet.constants[0].value, (Bytes{5}));
  const auto& events = std::get<meta::VariantDef>(types[pallet.event->id].def).variants;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "TransactionFeePaid");
  ASSERT_EQ(events[0].fields.size(), 3u);
  EXPECT_EQ(events[0].fields[1].name, "actual_fee");
  const auto dispatch_info = metadata.registry.id<tp::RuntimeDispatchInfo>();
  EXPECT_EQ(types[dispatch_info].path, (std::vector<std::string>{"pallet_transaction_payment",
                                                                 "types", "RuntimeDispatchInfo"}));
  const auto fee_details = metadata.registry.id<tp::FeeDetails>();
  EXPECT_EQ(types[fee_details].params.size(), 1u);
}

}  // namespace
}  // namespace canary::rt
