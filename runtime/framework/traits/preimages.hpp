// frame_support::traits::preimages as C++20 concepts: QueryPreimage (look up, request and
// unrequest the preimage of a hash) and StorePreimage (note and unnote one, and bound a value:
// inline when small, by hash otherwise), with Bounded, the form a stored call takes (Scheduler's
// agendas, Referenda's proposals). Hashes are BLAKE2b-256 (H256).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"

namespace canary::rt::traits::preimages {

// frame_support::traits::preimages::Bounded<T, H>: a value of type T, encoded, either inline (at
// most 128 bytes, BoundedInline), or by the hash and length of a noted preimage (Lookup), or by
// hash alone (Legacy, for values stored before lengths were).
template <class T>
struct Bounded {
  struct Legacy {
    Hash256 hash{};
    bool operator==(const Legacy&) const = default;
  };
  struct Inline {
    Bytes encoded;
    bool operator==(const Inline&) const = default;
  };
  struct Lookup {
    Hash256 hash{};
    uint32_t len = 0;
    bool operator==(const Lookup&) const = default;
  };
  static constexpr size_t kMaxInlineLength = 128;  // BoundedInline = BoundedVec<u8, 128>

  std::variant<Legacy, Inline, Lookup> value;
  bool operator==(const Bounded&) const = default;
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

}  // namespace canary::rt::traits::preimages
