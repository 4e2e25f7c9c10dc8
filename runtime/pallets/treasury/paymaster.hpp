// The Treasury's Paymaster until Canary speaks XCM: relay-native KSM paid from the pot.
//
// Kusama pays with PayOverXcm (FR-1.7.1 lib.rs: an XCM program to the asset's chain, the payment
// id the XCM query whose response check_status later reads). Canary has no XCM yet, so this
// paymaster is a STUB of it:
//   - native KSM on the relay (asset (Here, Here), assets.hpp) to a relay account
//     ((0, X1(AccountId32 {None, id}))) is transferred from the pot at once, keeping the pot
//     alive (Currency::transfer, as FRAME's PayFromAccount); a failed transfer is an error, so
//     payout fails with PayoutError and the spend stays as it was;
//   - any other asset or beneficiary would need XCM: the payment is accepted and reported as
//     failed (check_payment: Failure), so the spend follows FRAME's status machine (Failed, then
//     paid out again or voided) without moving funds.
// Without a query counter the payment id says which of the two happened: kPaidNatively (0) or
// kNotDeliverable (u64::MAX).
#pragma once

#include <cstdint>

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/pay.hpp"
#include "runtime/pallets/treasury/assets.hpp"

namespace canary::rt::pallets::treasury {

// Pot: `static AccountId32 get()`, the account paid from (the Treasury's).
template <traits::Currency C, class Pot>
struct NativePaymaster {
  using Beneficiary = xcm::VersionedLocation;
  using AssetKind = xcm::VersionedLocatableAsset;
  static constexpr uint64_t kPaidNatively = 0;
  static constexpr uint64_t kNotDeliverable = UINT64_MAX;

  static Result<uint64_t, DispatchError> pay(const Beneficiary& who, const AssetKind& asset,
                                             traits::tokens::Balance amount) {
    const std::optional<AccountId32> account = local_account(who);
    if (!is_relay_native(asset) || !account) return kNotDeliverable;
    CANARY_TRY(C::transfer(Pot::get(), *account, amount, /*keep_alive=*/true));
    return kPaidNatively;
  }
  static traits::PaymentStatus check_payment(uint64_t id) {
    return id == kPaidNatively ? traits::PaymentStatus::kSuccess : traits::PaymentStatus::kFailure;
  }
};

}  // namespace canary::rt::pallets::treasury
