// frame_support::traits::preimages as C++20 concepts: QueryPreimage (look up, request and
// unrequest the preimage of a hash) and StorePreimage (note and unnote one, and bound a value:
// inline when small, by hash otherwise), with Bounded, the form a stored call takes (Scheduler's
// agendas, Referenda's proposals). Hashes are BLAKE2b-256 (H256).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::traits::preimages {

// sp_runtime::traits::BlakeTwo256 in metadata (Bounded's hasher parameter).
struct BlakeTwo256Type {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "traits", "BlakeTwo256"}).composite();
  }
};

// frame_support::traits::preimages::Bounded<T, H>: a value of type T, encoded, either inline (at
// most 128 bytes, BoundedInline), or by the hash and length of a noted preimage (Lookup), or by
// hash alone (Legacy, for values stored before lengths were).
template <class T>
struct Bounded {
  struct Legacy {
    static constexpr uint8_t kScaleIndex = 0;
    Hash256 hash{};
    bool operator==(const Legacy&) const = default;
    CANARY_SCALE_FIELDS(hash)
  };
  struct Inline {
    static constexpr uint8_t kScaleIndex = 1;
    Bytes encoded;
    bool operator==(const Inline&) const = default;
    CANARY_SCALE_FIELDS(encoded)
  };
  struct Lookup {
    static constexpr uint8_t kScaleIndex = 2;
    Hash256 hash{};
    uint32_t len = 0;
    bool operator==(const Lookup&) const = default;
    CANARY_SCALE_FIELDS(hash, len)
  };
  static constexpr size_t kMaxInlineLength = 128;  // BoundedInline = BoundedVec<u8, 128>

  std::variant<Legacy, Inline, Lookup> value;
  bool operator==(const Bounded&) const = default;

  // The length of the preimage to look up (Lookup only: FRAME's lookup_len).
  std::optional<uint32_t> lookup_len() const {
    if (const auto* lookup = std::get_if<Lookup>(&value)) return lookup->len;
    return std::nullopt;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  // BoundedInline refuses more than 128 bytes, as bounded_collections does.
  void scale_decode(scale::Decoder& in) {
    scale::decode_from(in, value);
    const auto* in_line = std::get_if<Inline>(&value);
    if (in.ok() && in_line != nullptr && in_line->encoded.size() > kMaxInlineLength) {
      in.fail(scale::DecodeError::kLengthTooLarge);
    }
  }
  // frame_support::traits::preimages::Bounded<T, BlakeTwo256>.
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "traits", "preimages", "Bounded"});
    b.param<T>("T");
    b.param<BlakeTwo256Type>("H");
    meta::Registry& r = b.registry();
    b.variant(0, "Legacy", {meta::field_of<H256>(r, "hash", "H::Output")});
    b.variant(1, "Inline",
              {meta::field_of<BoundedVec<uint8_t, ConstU32<kMaxInlineLength>>>(r, std::nullopt,
                                                                               "BoundedInline")});
    b.variant(
        2, "Lookup",
        {meta::field_of<H256>(r, "hash", "H::Output"), meta::field_of<uint32_t>(r, "len", "u32")});
  }
};

// frame_support::traits::QueryPreimage.
template <class P>
concept QueryPreimage = requires(const Hash256& hash, std::optional<uint32_t> len) {
  { P::len(hash) } -> std::same_as<std::optional<uint32_t>>;
  { P::fetch(hash, len) } -> std::same_as<Result<Bytes, DispatchError>>;
  { P::is_requested(hash) } -> std::same_as<bool>;
  P::request(hash);
  P::unrequest(hash);
};

// frame_support::traits::StorePreimage: kMaxLength (MAX_LENGTH) bytes at most; bound(t) stores
// t's encoding as a preimage when it is too long to be inline.
template <class P, class T>
concept StorePreimage =
    QueryPreimage<P> && requires(const Bytes& bytes, const Hash256& hash, const T& value) {
      { P::kMaxLength } -> std::convertible_to<size_t>;
      { P::note(bytes) } -> std::same_as<Result<Hash256, DispatchError>>;
      P::unnote(hash);
      { P::bound(value) } -> std::same_as<Result<Bounded<T>, DispatchError>>;
    };

// QueryPreimage's provided methods (FRAME's default bodies), for any QueryPreimage P.

// The hash a Bounded refers to, when it must be looked up (Legacy, Lookup); none for Inline.
template <class T>
std::optional<Hash256> lookup_hash(const Bounded<T>& bounded) {
  if (const auto* legacy = std::get_if<typename Bounded<T>::Legacy>(&bounded.value)) {
    return legacy->hash;
  }
  if (const auto* lookup = std::get_if<typename Bounded<T>::Lookup>(&bounded.value)) {
    return lookup->hash;
  }
  return std::nullopt;
}

// Whether the value is at hand: inline, or its preimage noted.
template <QueryPreimage P, class T>
bool have(const Bounded<T>& bounded) {
  const auto hash = lookup_hash(bounded);
  return !hash || P::len(*hash).has_value();
}

// The value and, unless it was inline, its encoded length; Unavailable when the preimage is not
// noted (or not with that length), Corruption when it does not decode as T.
template <QueryPreimage P, class T>
Result<std::pair<T, std::optional<uint32_t>>, DispatchError> peek(const Bounded<T>& bounded) {
  Bytes encoded;
  std::optional<uint32_t> len;
  if (const auto* in = std::get_if<typename Bounded<T>::Inline>(&bounded.value)) {
    encoded = in->encoded;
  } else if (const auto* lookup = std::get_if<typename Bounded<T>::Lookup>(&bounded.value)) {
    CANARY_TRY_ASSIGN(encoded, P::fetch(lookup->hash, lookup->len));
    len = lookup->len;
  } else {
    const auto& legacy = std::get<typename Bounded<T>::Legacy>(bounded.value);
    CANARY_TRY_ASSIGN(encoded, P::fetch(legacy.hash, std::nullopt));
    len = static_cast<uint32_t>(encoded.size());
  }
  auto value = scale::decode<T>(encoded);
  if (!value) return unexpected(dispatch_error(DispatchError::Kind::kCorruption));
  return std::pair<T, std::optional<uint32_t>>{std::move(*value), len};
}

// Asks for the preimage to be kept (or noted) while the value is held; nothing for Inline.
template <QueryPreimage P, class T>
void hold(const Bounded<T>& bounded) {
  if (const auto hash = lookup_hash(bounded)) P::request(*hash);
}

// Gives up a hold: the preimage may go once nobody requests it.
template <QueryPreimage P, class T>
void drop(const Bounded<T>& bounded) {
  if (const auto hash = lookup_hash(bounded)) P::unrequest(*hash);
}

// peek, then drop: the value is used up.
template <QueryPreimage P, class T>
Result<std::pair<T, std::optional<uint32_t>>, DispatchError> realize(const Bounded<T>& bounded) {
  auto value = peek<P>(bounded);
  if (value) drop<P>(bounded);
  return value;
}

}  // namespace canary::rt::traits::preimages
