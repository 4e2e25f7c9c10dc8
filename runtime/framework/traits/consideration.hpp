// frame_support::traits::storage's Consideration: what a user pays, for as long as data of theirs
// stays in state (Preimage's deposits; later Proxy's, Multisig's and Referenda's metadata). A
// `Footprint` says how much is stored; a Consideration type turns it into a cost taken from the
// account and hands back a ticket that remembers it, so that the cost is returned (drop), changed
// (update) or forfeited (burn) later even when the price has changed since.
//
// HoldConsideration<F, Reason, Price> is FRAME's fungible::HoldConsideration: the cost is put on
// hold on the account for `Reason::get()`, and the ticket is the held amount. Its SCALE form is
// that amount as a plain u128, and its metadata type is
// frame_support::traits::tokens::fungible::HoldConsideration (Kusama's Preimage.RequestStatusFor).
// LinearStoragePrice<Base, Slope> is FRAME's: base + slope · bytes.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/tokens.hpp"

namespace canary::rt::traits {

using tokens::Balance;

// frame_support::traits::Footprint: how many items and how many bytes are stored.
struct Footprint {
  uint64_t count = 0;
  uint64_t size = 0;
  bool operator==(const Footprint&) const = default;
  static Footprint from_parts(uint64_t items, uint64_t bytes) { return {items, bytes}; }
};

// frame_support::traits::Consideration<AccountId, Footprint>, for tickets C held by value:
//   C::make(who, footprint) -> Result<C>   takes the cost (FRAME's `new`)
//   c.update(who, footprint) -> Result<C>  moves the cost to that of the new footprint
//   c.drop(who) -> DispatchResult          returns the cost
//   c.burn(who)                            forfeits the cost
template <class C>
concept Consideration = requires(const C& ticket, const AccountId32& who, Footprint footprint) {
  { C::make(who, footprint) } -> std::same_as<Result<C, DispatchError>>;
  { ticket.update(who, footprint) } -> std::same_as<Result<C, DispatchError>>;
  { ticket.drop(who) } -> std::same_as<DispatchResult>;
  ticket.burn(who);
};

// frame_support::traits::LinearStoragePrice<Base, Slope, Balance>: base + slope · size, saturating
// (the item count does not matter).
template <Balance kBase, Balance kSlope>
struct LinearStoragePrice {
  static Balance convert(Footprint footprint) {
    return arithmetic::saturating_add(kBase,
                                      arithmetic::saturating_mul(kSlope, Balance{footprint.size}));
  }
};

// fungible::HoldConsideration<A, F, R, D>: F a fungible::MutateHold; Reason::get() its hold
// reason; Price::convert(Footprint) -> Balance.
template <class F, class Reason, class Price>
struct HoldConsideration {
  Balance amount = 0;
  bool operator==(const HoldConsideration&) const = default;

  static Result<HoldConsideration, DispatchError> make(const AccountId32& who,
                                                       Footprint footprint) {
    const Balance cost = Price::convert(footprint);
    CANARY_TRY(F::hold(Reason::get(), who, cost));
    return HoldConsideration{cost};
  }
  Result<HoldConsideration, DispatchError> update(const AccountId32& who,
                                                  Footprint footprint) const {
    const Balance cost = Price::convert(footprint);
    if (amount > cost) {
      CANARY_TRY(F::release(Reason::get(), who, amount - cost, tokens::Precision::kBestEffort));
    } else if (cost > amount) {
      CANARY_TRY(F::hold(Reason::get(), who, cost - amount));
    }
    return HoldConsideration{cost};
  }
  DispatchResult drop(const AccountId32& who) const {
    CANARY_TRY(F::release(Reason::get(), who, amount, tokens::Precision::kBestEffort));
    return {};
  }
  // FRAME burns the held amount (burn_held, best effort, forced); Balances' hold `slash` takes it
  // off the hold and the issuance alike when its credit is dropped.
  void burn(const AccountId32& who) const { (void)F::slash(Reason::get(), who, amount); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, amount);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, amount); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "traits", "tokens", "fungible", "HoldConsideration"});
    b.unused_param("A").unused_param("F").unused_param("R").unused_param("D").unused_param("Fp");
    b.typed_field<Balance>(std::nullopt, "F::Balance");
  }
};

}  // namespace canary::rt::traits
