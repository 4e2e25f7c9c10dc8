// pallet_transaction_payment: what a signed transaction pays and how the price follows
// congestion.
//
//   inclusion_fee = base_fee + len_fee + NextFeeMultiplier * weight_fee,  final_fee = inclusion_fee
//   + tip
//
// where base_fee is the class's ExtrinsicBaseWeight through WeightToFee, len_fee the encoded
// length through LengthToFee and weight_fee the total weight (the call's and, for a signed
// extrinsic, its extensions', DispatchInfo::total_weight; capped at the block's maximum) through
// WeightToFee. The ChargeTransactionPayment extension withdraws the predicted fee before
// dispatch and refunds what the actual weight did not use; on_finalize moves the multiplier
// towards the target block fullness. The runtime APIs TransactionPaymentApi and
// TransactionPaymentCallApi answer with the same arithmetic.
//
// The runtime configuration T provides:
//   System, Pallets, block_weights(), block_length()          (as for frame_system)
//   TransactionPayment                                        this pallet, for the extension
//   Currency: a FeeCurrency (below; optional static bool can_withdraw(who, amount), else
//             validate tries withdraw in a rolled-back storage transaction)
//   WeightToFee, LengthToFee: static Balance weight_to_fee(const Weight&)   (fees.hpp)
//   FeeMultiplierUpdate: static Multiplier convert(Multiplier)              (fees.hpp)
//   kOperationalFeeMultiplier (uint8_t)
//   static void on_charge(Balance fee, Balance tip)   where the charged fee (after refund) and tip
//                                                     go (Kusama: kusama::pay_fees)
//   optional TransactionPaymentWeightInfo: the extension's own weight (weights.hpp)
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/fixed_point.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/system/types.hpp"
#include "runtime/pallets/transaction_payment/fees.hpp"
#include "runtime/pallets/transaction_payment/weights.hpp"

namespace canary::rt::pallets::transaction_payment {

// Storage releases (pallet_transaction_payment Releases).
enum class Releases : uint8_t { kV1Ancient = 0, kV2 = 1 };
inline bool scale_is_valid(Releases r) {
  return static_cast<uint8_t>(r) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const Releases*) {
  b.path({"pallet_transaction_payment", "Releases"});
  b.variant(0, "V1Ancient").variant(1, "V2");
}

// --- The runtime API types (pallet_transaction_payment::types).

struct InclusionFee {
  Balance base_fee = 0;
  Balance len_fee = 0;
  Balance adjusted_weight_fee = 0;
  bool operator==(const InclusionFee&) const = default;

  Balance inclusion_fee() const {
    return arithmetic::saturating_add(arithmetic::saturating_add(base_fee, len_fee),
                                      adjusted_weight_fee);
  }
  static constexpr auto fields() {
    return std::tuple{field("base_fee", &InclusionFee::base_fee, "Balance"),
                      field("len_fee", &InclusionFee::len_fee, "Balance"),
                      field("adjusted_weight_fee", &InclusionFee::adjusted_weight_fee, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_transaction_payment", "types", "InclusionFee"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

struct FeeDetails {
  std::optional<InclusionFee> inclusion_fee;  // none when the call does not pay
  Balance tip = 0;
  bool operator==(const FeeDetails&) const = default;

  Balance final_fee() const {
    return arithmetic::saturating_add(inclusion_fee ? inclusion_fee->inclusion_fee() : 0, tip);
  }
  static constexpr auto fields() {
    return std::tuple{
        field("inclusion_fee", &FeeDetails::inclusion_fee, "Option<InclusionFee<Balance>>"),
        field("tip", &FeeDetails::tip, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_transaction_payment", "types", "FeeDetails"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

struct RuntimeDispatchInfo {
  Weight weight;
  DispatchClass dispatch_class = DispatchClass::kNormal;
  Balance partial_fee = 0;  // the inclusion fee, without tip
  bool operator==(const RuntimeDispatchInfo&) const = default;

  static constexpr auto fields() {
    return std::tuple{field("weight", &RuntimeDispatchInfo::weight, "Weight"),
                      field("class", &RuntimeDispatchInfo::dispatch_class, "DispatchClass"),
                      field("partial_fee", &RuntimeDispatchInfo::partial_fee, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_transaction_payment", "types", "RuntimeDispatchInfo"});
    b.param<Balance>("Balance");
    b.param<Weight>("Weight");
    add_fields(b, fields());
  }
};

// What fees are paid in (T::Currency): the part of traits::Currency
// (framework/traits/currency.hpp) that FRAME's FungibleAdapter uses: a keep-alive withdrawal of
// the fee, the refund resolved into the payer (the amount burned when it cannot take it), and
// the total balance (a reaped payer gets no refund).
template <class C>
concept FeeCurrency = requires(const AccountId32& who, Balance amount) {
  { C::withdraw(who, amount) } -> std::same_as<Result<Balance, DispatchError>>;
  C::resolve_into(who, amount);
  { C::total_balance(who) } -> std::same_as<Balance>;
};

namespace detail {
struct DefaultMultiplier {
  static Multiplier value() { return Multiplier::one(); }
};
}  // namespace detail

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_transaction_payment";

  // --- Storage.
  using NextFeeMultiplier = StorageValue<Pallet, "NextFeeMultiplier", Multiplier,
                                         ValueQueryWith<detail::DefaultMultiplier>>;
  using StorageVersion = StorageValue<Pallet, "StorageVersion", Releases, ValueQuery>;

  // --- Events.
  struct TransactionFeePaid {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "TransactionFeePaid";
    static constexpr const char* kDocs =
        "A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee,\n"
        "has been paid by `who`.";
    AccountId32 who;
    Balance actual_fee = 0;
    Balance tip = 0;
    bool operator==(const TransactionFeePaid&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &TransactionFeePaid::who, "T::AccountId"),
                        field("actual_fee", &TransactionFeePaid::actual_fee, "BalanceOf<T>"),
                        field("tip", &TransactionFeePaid::tip, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<TransactionFeePaid>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Genesis: `{"multiplier": "<FixedU128's inner u128>"}`, one by default.
  struct GenesisConfig {
    Multiplier multiplier = Multiplier::one();
    static constexpr auto json_fields() {
      return std::tuple{json_field("multiplier", &GenesisConfig::multiplier)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    StorageVersion::put(Releases::kV2);
    NextFeeMultiplier::put(config.multiplier);
    return {};
  }

  // --- Hooks: the next block's multiplier from this block's fullness (before frame_system
  // forgets the block's weight at the next initialize).
  static void on_finalize(BlockNumber) {
    NextFeeMultiplier::mutate([](Multiplier& m) { m = T::FeeMultiplierUpdate::convert(m); });
  }

  // --- Fees.
  static Multiplier next_fee_multiplier() { return NextFeeMultiplier::get(); }

  // The unadjusted weight fee, the weight capped at the block's maximum first.
  static Balance weight_to_fee(const Weight& weight) {
    return T::WeightToFee::weight_to_fee(weight.min(T::block_weights().max_block));
  }
  static Balance length_to_fee(uint32_t length) {
    return T::LengthToFee::weight_to_fee(Weight::from_parts(length, 0));
  }

  static FeeDetails compute_fee_raw(uint32_t len, const Weight& weight, Balance tip, Pays pays,
                                    DispatchClass dispatch_class) {
    if (pays != Pays::kYes) return FeeDetails{std::nullopt, tip};
    InclusionFee inclusion;
    inclusion.adjusted_weight_fee =
        NextFeeMultiplier::get().saturating_mul_int(weight_to_fee(weight));
    inclusion.len_fee = length_to_fee(len);
    inclusion.base_fee =
        weight_to_fee(T::block_weights().per_class.get(dispatch_class).base_extrinsic);
    return FeeDetails{inclusion, tip};
  }
  static FeeDetails compute_fee_details(uint32_t len, const DispatchInfo& info, Balance tip) {
    return compute_fee_raw(len, info.total_weight(), tip, info.pays_fee, info.dispatch_class);
  }
  static Balance compute_fee(uint32_t len, const DispatchInfo& info, Balance tip) {
    return compute_fee_details(len, info, tip).final_fee();
  }
  // With the weight the call reported after dispatch (never more than declared).
  static FeeDetails compute_actual_fee_details(uint32_t len, const DispatchInfo& info,
                                               const PostDispatchInfo& post, Balance tip) {
    return compute_fee_raw(len, post.calc_actual_weight(info), tip, post.pays(info),
                           info.dispatch_class);
  }
  static Balance compute_actual_fee(uint32_t len, const DispatchInfo& info,
                                    const PostDispatchInfo& post, Balance tip) {
    return compute_actual_fee_details(len, info, post, tip).final_fee();
  }

  // --- Runtime APIs (TransactionPaymentApi, TransactionPaymentCallApi). Unsigned extrinsics
  // pay nothing. An extrinsic's weight and fee include its extensions' weight; a bare call's (the
  // call APIs) have none, as in FRAME.
  template <class Extrinsic>
  static RuntimeDispatchInfo query_info(const Extrinsic& uxt, uint32_t len) {
    const DispatchInfo info = uxt.dispatch_info();
    const Balance partial_fee = uxt.is_signed() ? compute_fee(len, info, 0) : 0;
    return {info.total_weight(), info.dispatch_class, partial_fee};
  }
  template <class Extrinsic>
  static FeeDetails query_fee_details(const Extrinsic& uxt, uint32_t len) {
    if (!uxt.is_signed()) return FeeDetails{std::nullopt, 0};
    return compute_fee_details(len, uxt.dispatch_info(), 0);
  }
  template <class Call>
  static RuntimeDispatchInfo query_call_info(const Call& call, uint32_t len) {
    const DispatchInfo info = call.info();
    return {info.total_weight(), info.dispatch_class, compute_fee(len, info, 0)};
  }
  template <class Call>
  static FeeDetails query_call_fee_details(const Call& call, uint32_t len) {
    return compute_fee_details(len, call.info(), 0);
  }
  static Balance query_weight_to_fee(const Weight& weight) { return weight_to_fee(weight); }
  static Balance query_length_to_fee(uint32_t length) { return length_to_fee(length); }

  // --- Metadata.
  using Storage = std::tuple<NextFeeMultiplier, StorageVersion>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(
        r, "OperationalFeeMultiplier", uint8_t{T::kOperationalFeeMultiplier},
        {" A fee multiplier for `Operational` extrinsics to compute \"virtual tip\" to boost their",
         " `priority`",
         "",
         " This value is multiplied by the `final_fee` to obtain a \"virtual tip\" that is later",
         " added to a tip component in regular `priority` calculations.",
         " It means that a `Normal` transaction can front-run a similarly-sized `Operational`",
         " extrinsic (with no tip), by including a tip value greater than the virtual tip.",
         "",
         " ```rust,ignore",
         " // For `Normal`",
         " let priority = priority_calc(tip);",
         "",
         " // For `Operational`",
         " let virtual_tip = (inclusion_fee + tip) * OperationalFeeMultiplier;",
         " let priority = priority_calc(tip + virtual_tip);",
         " ```",
         "",
         " Note that since we use `final_fee` the multiplier applies also to the regular `tip`",
         " sent with the transaction. So, not only does the transaction get a priority bump based",
         " on the `inclusion_fee`, but we also amplify the impact of tips applied to `Operational`",
         " transactions."}));
  }
};

// The signed extension: the sender pays the fee (and its tip) up front; the priority in the pool
// grows with the tip per unit of the scarcer block resource, and with a virtual tip of
// OperationalFeeMultiplier × fee for operational calls.
template <class T>
struct ChargeTransactionPayment {
  static constexpr std::string_view kIdentifier = "ChargeTransactionPayment";
  using Implicit = std::monostate;
  using Payment = typename T::TransactionPayment;
  static_assert(FeeCurrency<typename T::Currency>);

  Balance tip = 0;
  CANARY_SCALE_FIELDS(scale::compact(tip))
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_transaction_payment", "ChargeTransactionPayment"});
    b.unused_param("T");
    b.typed_field<scale::Compact<Balance>>(std::nullopt, "BalanceOf<T>");
  }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }
  // A signed transaction always goes through the charge, so nothing of this is refunded (FRAME
  // refunds it only for origins that do not pay, which signed extrinsics here never are).
  template <class Call>
  Weight weight(const Call&) const {
    return WeightInfoOf<T>::charge_transaction_payment();
  }

  // What pre_dispatch leaves for post_dispatch: nothing withdrawn when the fee is zero.
  struct Pre {
    Balance tip = 0;
    AccountId32 who;
    std::optional<Balance> withdrawn;
  };

  // FRAME's get_priority: tip (+1, so that smaller no-tip transactions win) times the number of
  // such transactions a block could hold, by weight or by length, whichever is fewer.
  static uint64_t get_priority(const DispatchInfo& info, size_t len, Balance tip,
                               Balance final_fee) {
    const Weight max_block_weight = T::block_weights().max_block;
    const uint64_t max_block_length = T::block_length().max.get(info.dispatch_class);
    const Weight floor = Weight::from_parts(1, 1);
    const Weight bounded_weight =
        Weight::from_parts(std::max(info.total_weight().ref_time, floor.ref_time),
                           std::max(info.total_weight().proof_size, floor.proof_size))
            .min(max_block_weight);
    const uint64_t bounded_length =
        std::min<uint64_t>(std::max<uint64_t>(len, 1), std::max<uint64_t>(max_block_length, 1));
    // Weight::checked_div_per_component: a zero component divides to u64::MAX; both zero → 1.
    const bool ref_zero = bounded_weight.ref_time == 0;
    const bool proof_zero = bounded_weight.proof_size == 0;
    uint64_t per_weight = 1;
    if (!ref_zero || !proof_zero) {
      const uint64_t by_ref =
          ref_zero ? UINT64_MAX : max_block_weight.ref_time / bounded_weight.ref_time;
      const uint64_t by_proof =
          proof_zero ? UINT64_MAX : max_block_weight.proof_size / bounded_weight.proof_size;
      per_weight = std::min(by_ref, by_proof);
    }
    const uint64_t per_length = max_block_length / bounded_length;
    const Balance max_tx_per_block = std::min(per_length, per_weight);
    const auto max_reward = [&](Balance value) {
      return arithmetic::saturating_mul(value, max_tx_per_block);
    };
    const Balance scaled_tip = max_reward(arithmetic::saturating_add(tip, 1));
    Balance priority = scaled_tip;
    if (info.dispatch_class == DispatchClass::kOperational) {
      const Balance virtual_tip =
          arithmetic::saturating_mul(final_fee, Balance{T::kOperationalFeeMultiplier});
      priority = arithmetic::saturating_add(scaled_tip, max_reward(virtual_tip));
    }
    return priority > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(priority);
  }

  template <class Call>
  Result<ValidTransaction, TransactionValidityError> validate(const AccountId32& who, const Call&,
                                                              const DispatchInfo& info,
                                                              size_t len) const {
    const Balance fee = Payment::compute_fee(static_cast<uint32_t>(len), info, tip);
    if (!can_withdraw(who, fee)) return unexpected(invalid(InvalidTransaction::Kind::kPayment));
    ValidTransaction valid;
    valid.priority = get_priority(info, len, tip, fee);
    return valid;
  }

  template <class Call>
  Result<Pre, TransactionValidityError> pre_dispatch(const AccountId32& who, const Call&,
                                                     const DispatchInfo& info, size_t len) const {
    const Balance fee = Payment::compute_fee(static_cast<uint32_t>(len), info, tip);
    Pre pre{tip, who, std::nullopt};
    if (fee == 0) return pre;
    if (auto withdrawn = T::Currency::withdraw(who, fee); !withdrawn) {
      return unexpected(invalid(InvalidTransaction::Kind::kPayment));
    }
    pre.withdrawn = fee;
    return pre;
  }

  // Refunds the difference to the actual fee (only to an account that still exists, as
  // FungibleAdapter does), hands fee and tip to T::on_charge, records TransactionFeePaid.
  Result<void, TransactionValidityError> post_dispatch(const Pre& pre, const DispatchInfo& info,
                                                       const PostDispatchInfo& post, size_t len,
                                                       bool) const {
    const Balance actual_fee =
        Payment::compute_actual_fee(static_cast<uint32_t>(len), info, post, pre.tip);
    if (pre.withdrawn) {
      const Balance paid = *pre.withdrawn;
      const Balance refund = arithmetic::saturating_sub(paid, actual_fee);
      Balance kept = paid;
      if (refund > 0 && T::Currency::total_balance(pre.who) > 0) {
        T::Currency::resolve_into(pre.who, refund);
        kept = paid - refund;
      }
      // Credit::split(tip): the tip first, the rest is the fee.
      const Balance tip_part = std::min(pre.tip, kept);
      T::on_charge(kept - tip_part, tip_part);
    }
    Payment::deposit_event(typename Payment::TransactionFeePaid{pre.who, actual_fee, pre.tip});
    return {};
  }

 private:
  static bool can_withdraw(const AccountId32& who, Balance fee) {
    if (fee == 0) return true;
    if constexpr (requires { T::Currency::can_withdraw(who, fee); }) {
      return T::Currency::can_withdraw(who, fee);
    } else {
      // The withdrawal itself, undone: the same rules as pre_dispatch without side effects.
      io::storage::start_transaction();
      const bool ok = T::Currency::withdraw(who, fee).has_value();
      io::storage::rollback_transaction();
      return ok;
    }
  }
};

}  // namespace canary::rt::pallets::transaction_payment
