// frame_support::traits::tokens::Pay (polkadot-sdk substrate/frame/support/src/traits/tokens/
// pay.rs) as a C++20 concept: a way to pay an amount of some asset kind to a beneficiary, with an
// id to ask later how the payment went. Treasury's Paymaster (Kusama: PayOverXcm, the payment an
// XCM program to Asset Hub whose answer arrives later).
#pragma once

#include <concepts>
#include <cstdint>

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/traits/tokens.hpp"

namespace canary::rt::traits {

// tokens::PaymentStatus: InProgress (no answer yet), Success, Failure (can be retried),
// Unknown (no record: treated as done).
enum class PaymentStatus : uint8_t { kInProgress, kSuccess, kFailure, kUnknown };

// tokens::Pay with Balance = u128 and Id = u64 (PayOverXcm's query id, Kusama's metadata):
//   pay(beneficiary, asset_kind, amount) -> Result<u64, DispatchError>
//   check_payment(id) -> PaymentStatus
template <class P>
concept Pay = requires(const typename P::Beneficiary& who, const typename P::AssetKind& asset,
                       tokens::Balance amount, uint64_t id) {
  typename P::Beneficiary;
  typename P::AssetKind;
  { P::pay(who, asset, amount) } -> std::same_as<Result<uint64_t, DispatchError>>;
  { P::check_payment(id) } -> std::same_as<PaymentStatus>;
};

}  // namespace canary::rt::traits
