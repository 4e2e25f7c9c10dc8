// parity-scale-codec's CompactAs for runtime types: a type that travels compactly as one of its
// unsigned integers (sp-arithmetic's per-things: Compact<Perbill> is the parts, compact). Such a
// type declares `using CompactAs = U;`, `U compact_encode_as() const` and
// `static T compact_decode_from(U)` (which may saturate, as the per-things do).
//
// Described structs take it as a `compact_field` (described.hpp), e.g. staking's
// ValidatorPrefs { commission: Compact<Perbill> }; a standalone value is `CompactValue<T>`.
// Metadata names it Compact<T> (scale-info's TypeDefCompact over T).
#pragma once

#include <concepts>

#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

template <class T>
concept CompactAsType = requires(const T& v, typename T::CompactAs inner) {
  requires scale::CompactInteger<typename T::CompactAs>;
  { v.compact_encode_as() } -> std::same_as<typename T::CompactAs>;
  { T::compact_decode_from(inner) } -> std::same_as<T>;
};

template <CompactAsType T, class Sink>
void encode_compact_as(Sink& out, const T& value) {
  scale::encode_compact(out, static_cast<u128>(value.compact_encode_as()));
}

template <CompactAsType T>
T decode_compact_as(scale::Decoder& in) {
  return T::compact_decode_from(scale::decode_compact<typename T::CompactAs>(in));
}

// codec::Compact<T> of a CompactAs type, as a value.
template <CompactAsType T>
struct CompactValue {
  T value{};
  bool operator==(const CompactValue&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    encode_compact_as(out, value);
  }
  void scale_decode(scale::Decoder& in) { value = decode_compact_as<T>(in); }
  static void type_info(meta::TypeBuilder& b) { b.definition(meta::CompactDef{b.type_of<T>()}); }
};

}  // namespace canary::rt
