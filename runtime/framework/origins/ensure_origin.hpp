// frame-support's EnsureOrigin: a type that checks an origin and, when it passes, maps it to a
// success value (the signer's account, a track's maximum amount, a collective's vote count…).
// Pallets take such types in their configuration instead of hard-coding `ensure_root`:
//
//   using ForceOrigin = EitherOf<EnsureRoot, EnsurePalletOrigin<Origins>>;  // runtime config
//   if (auto ok = ensure_origin<typename T::ForceOrigin>(origin); !ok) return …;  // in a call
//
// A type E is an EnsureOrigin when it names `Success` and has
// `static std::optional<Success> try_origin(const Origin&)`. Success values with nothing to say
// are std::monostate (Rust's `()`).
#pragma once

#include <concepts>
#include <optional>
#include <type_traits>
#include <variant>

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

template <class E>
concept EnsureOrigin = requires(const Origin& origin) {
  typename E::Success;
  { E::try_origin(origin) } -> std::same_as<std::optional<typename E::Success>>;
};

// The check as a dispatch result: BadOrigin when the origin does not pass.
template <EnsureOrigin E>
Result<typename E::Success, DispatchError> ensure_origin(const Origin& origin) {
  auto success = E::try_origin(origin);
  if (!success) return unexpected(bad_origin());
  return std::move(*success);
}

// Root, with nothing (EnsureRoot) or a fixed value (EnsureRootWithSuccess) as success.
struct EnsureRoot {
  using Success = std::monostate;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (!origin.is_root()) return std::nullopt;
    return Success{};
  }
};
template <auto kValue>
struct EnsureRootWithSuccess {
  using Success = std::remove_cvref_t<decltype(kValue)>;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (!origin.is_root()) return std::nullopt;
    return kValue;
  }
};

// Any signed origin; success is the signer.
struct EnsureSigned {
  using Success = AccountId32;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (const AccountId32* signer = origin.signer()) return *signer;
    return std::nullopt;
  }
};

// A set of accounts (frame-support SortedMembers): `static bool contains(const AccountId32&)`.
template <class M>
concept SortedMembers = requires(const AccountId32& who) {
  { M::contains(who) } -> std::convertible_to<bool>;
};

// A signed origin whose signer is one of Members; success is the signer.
template <SortedMembers Members>
struct EnsureSignedBy {
  using Success = AccountId32;
  static std::optional<Success> try_origin(const Origin& origin) {
    const AccountId32* signer = origin.signer();
    if (signer == nullptr || !Members::contains(*signer)) return std::nullopt;
    return *signer;
  }
};

// The None origin (unsigned transactions and inherents).
struct EnsureNone {
  using Success = std::monostate;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (!origin.is_none()) return std::nullopt;
    return Success{};
  }
};

// No origin at all passes: what a runtime configures where an action must be impossible.
template <class S = std::monostate>
struct EnsureNever {
  using Success = S;
  static std::optional<Success> try_origin(const Origin&) { return std::nullopt; }
};

// The origin pallet P declares (`using PalletOrigin`), whatever its value; success is the value.
template <HasPalletOrigin P>
struct EnsurePalletOrigin {
  using Success = typename P::PalletOrigin;
  static std::optional<Success> try_origin(const Origin& origin) {
    return origin.template pallet_origin<P>();
  }
};

// L, else R, with the same success type (frame-support EitherOf).
template <EnsureOrigin L, EnsureOrigin R>
  requires std::same_as<typename L::Success, typename R::Success>
struct EitherOf {
  using Success = typename L::Success;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (auto left = L::try_origin(origin)) return left;
    return R::try_origin(origin);
  }
};

// L, else R, saying which passed (frame-support EitherOfDiverse, Success = Either<L, R>): the
// variant's index 0 is L's success, 1 is R's.
template <EnsureOrigin L, EnsureOrigin R>
struct EitherOfDiverse {
  using Success = std::variant<typename L::Success, typename R::Success>;
  static std::optional<Success> try_origin(const Origin& origin) {
    if (auto left = L::try_origin(origin)) return Success(std::in_place_index<0>, std::move(*left));
    if (auto right = R::try_origin(origin)) {
      return Success(std::in_place_index<1>, std::move(*right));
    }
    return std::nullopt;
  }
};

// E with its success passed through Map (`static auto map(E::Success)`; frame-support
// MapSuccess).
template <EnsureOrigin E, class Map>
struct MapSuccess {
  using Success = decltype(Map::map(std::declval<typename E::Success>()));
  static std::optional<Success> try_origin(const Origin& origin) {
    auto success = E::try_origin(origin);
    if (!success) return std::nullopt;
    return Map::map(std::move(*success));
  }
};

}  // namespace canary::rt
