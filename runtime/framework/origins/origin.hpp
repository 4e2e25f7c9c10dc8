// Who is calling a dispatchable (frame-support's RuntimeOrigin) and the call filter it carries.
//
// FRAME's origin is a runtime-level enum, OriginCaller: frame_system's RawOrigin (Root, Signed,
// None) plus the origins pallets declare (`#[pallet::origin]`: governance track origins,
// collective origins, later parachain and XCM origins). Here pallets are templates over the
// runtime, and the call structs of every pallet take the same `Origin` type, so a pallet's own
// origin travels type-erased: the pallet's index and the SCALE encoding of its origin value, which
// is exactly its OriginCaller encoding after the variant byte. The pallet reads it back typed with
// `pallet_origin<P>()`; the runtime's typed OriginCaller (origin_caller.hpp) decodes and
// describes it in metadata.
//
// The system origins, by far the common case, stay unpacked: `kind` and `who` are read on every
// dispatch, a pallet origin only by the few pallets that define or accept one.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

// A pallet that declares its own origin: `using PalletOrigin = …;` (SCALE-encodable, described for
// metadata) and its index.
template <class P>
concept HasPalletOrigin = requires {
  typename P::PalletOrigin;
  P::kIndex;
};

// FRAME's origin call filter (OriginTrait::add_filter): a predicate every call dispatched with
// this origin must pass (the RuntimeCall's dispatch checks it, frame-support's `filter_call`, and
// refuses with frame_system's CallFiltered); calls a call carries on with the same origin
// (Utility's batches) are checked too, and an origin made afresh (Signed(x) for another account, a
// stored origin) carries none. One filter: the only one Canary adds is Proxy's (`do_proxy`, a fresh
// origin each time). `allows` gets the runtime's RuntimeCall (type-erased: the origin is below the
// composition) and `context`, the filter's own state (Proxy: its proxy type). Kusama's
// BaseCallFilter refuses only Nis calls, which Canary has none of: no base filter.
struct CallFilter {
  bool (*allows)(const void* runtime_call, uint64_t context) = nullptr;
  uint64_t context = 0;
  bool operator==(const CallFilter&) const = default;
};

struct Origin {
  // kRoot, kSigned and kNone are frame_system::RawOrigin's variants (and their indices); kPallet
  // is any other OriginCaller variant.
  enum class Kind : uint8_t { kRoot = 0, kSigned = 1, kNone = 2, kPallet = 3 };

  Kind kind = Kind::kNone;
  AccountId32 who;  // kSigned only
  // kPallet only: the declaring pallet's index and its origin value, SCALE-encoded.
  uint8_t pallet_index = 0;
  Bytes pallet_origin_encoded;
  // Not for Root, which FRAME's filter_call always lets through.
  CallFilter filter{};

  static Origin root() { return {Kind::kRoot, {}, 0, {}, {}}; }
  static Origin signed_by(const AccountId32& account) {
    return {Kind::kSigned, account, 0, {}, {}};
  }
  static Origin none() { return {Kind::kNone, {}, 0, {}, {}}; }
  template <HasPalletOrigin P>
  static Origin of_pallet(const typename P::PalletOrigin& value) {
    return {Kind::kPallet, {}, P::kIndex, scale::encode(value), {}};
  }

  bool is_root() const { return kind == Kind::kRoot; }
  bool is_none() const { return kind == Kind::kNone; }
  // The signer of a Signed origin (FRAME's as_signed / as_system_origin_signer).
  const AccountId32* signer() const { return kind == Kind::kSigned ? &who : nullptr; }
  bool is_system() const { return kind != Kind::kPallet; }
  // Whether the filter lets `runtime_call` through (Root passes every filter).
  bool filter_call(const void* runtime_call) const {
    return kind == Kind::kRoot || filter.allows == nullptr ||
           filter.allows(runtime_call, filter.context);
  }

  // P's origin value, if this origin is one of P's.
  template <HasPalletOrigin P>
  std::optional<typename P::PalletOrigin> pallet_origin() const {
    if (kind != Kind::kPallet || pallet_index != P::kIndex) return std::nullopt;
    auto decoded = scale::decode<typename P::PalletOrigin>(pallet_origin_encoded);
    if (!decoded) return std::nullopt;
    return std::move(*decoded);
  }

  bool operator==(const Origin&) const = default;
};

}  // namespace canary::rt
