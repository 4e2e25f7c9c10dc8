// The generic SCALE codec (parity-scale-codec semantics) for standard and Canary types.
//
// How a type becomes encodable:
//  - integers (fixed width, little endian), bool, u128/i128, enums (as their underlying integer;
//    decoding an enum needs an ADL-visible `bool scale_is_valid(E)`),
//  - Compact<T> / compact(field), BitVec, std::array, std::vector, std::string (UTF-8 checked),
//    std::optional (Rust's generic Option: 0 None, 1 ‖ value; the one-byte form of an optional
//    bool is the distinct type OptionBool), std::pair, std::tuple, std::map (as a vector of
//    pairs), canary::Result (0 = Ok, 1 = Err), std::monostate (no bytes),
//  - std::variant: the variant index is each alternative's `static constexpr uint8_t kScaleIndex`
//    when every alternative declares one (Rust enums with explicit indices), else its position,
//  - structs listing their fields with CANARY_SCALE_FIELDS(a, b, ...),
//  - anything with members `template <class Sink> void scale_encode(Sink&) const` and
//    `void scale_decode(Decoder&)` for hand-written layouts.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/scale/encoder.hpp"
#include "primitives/scale/utf8.hpp"
#include "primitives/util/result.hpp"

namespace canary::scale {

namespace detail {

// Builds the field tuple for CANARY_SCALE_FIELDS: lvalue fields become references, compact(x)
// proxies are kept by value.
template <class... A>
auto tie_fields(A&&... a) {
  return std::tuple<A...>(std::forward<A>(a)...);
}

template <class T>
struct is_std_array : std::false_type {};
template <class T, size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_pair : std::false_type {};
template <class A, class B>
struct is_pair<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_tuple : std::false_type {};
template <class... T>
struct is_tuple<std::tuple<T...>> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class T>
struct is_result : std::false_type {};
template <class T, class E>
struct is_result<Result<T, E>> : std::true_type {};
template <class T>
struct is_compact : std::false_type {};
template <class T>
struct is_compact<Compact<T>> : std::true_type {};
template <class T>
struct is_compact_ref : std::false_type {};
template <class T>
struct is_compact_ref<CompactRef<T>> : std::true_type {};

template <class T>
concept FixedInteger = (std::is_integral_v<T> && !std::is_same_v<T, bool>) ||
                       std::is_same_v<T, u128> || std::is_same_v<T, i128>;

template <class T>
concept HasFields = requires(T& t) { t.scale_fields(); };

template <class T>
concept HasCustomCodec = requires(const T& ct, T& t, Encoder& e, Decoder& d) {
  ct.scale_encode(e);
  t.scale_decode(d);
};

template <class T>
    struct has_scale_index : std::bool_constant < requires {
  T::kScaleIndex;
}>{};

template <class V>
struct variant_uses_explicit_indices;
template <class... T>
struct variant_uses_explicit_indices<std::variant<T...>>
    : std::bool_constant<(has_scale_index<T>::value && ...)> {};

}  // namespace detail

template <class Sink, class T>
void encode_to(Sink& out, const T& v);
template <class T>
void decode_from(Decoder& in, T& v);

namespace detail {
template <class Tuple, size_t... I>
constexpr size_t min_tuple_size(std::index_sequence<I...>);
}  // namespace detail

// The fewest bytes any value of T encodes to; lets a decoder reject an impossible length prefix
// before allocating for it.
template <class T>
constexpr size_t min_encoded_size() {
  // One branch per kind of type: equal bodies in different branches are for different types.
  // NOLINTNEXTLINE(bugprone-branch-clone)
  if constexpr (std::is_same_v<T, bool>) {
    return 1;
  } else if constexpr (detail::FixedInteger<T> || std::is_enum_v<T>) {
    return sizeof(T);
  } else if constexpr (detail::is_std_array<T>::value) {
    return std::tuple_size_v<T> * min_encoded_size<typename T::value_type>();
  } else if constexpr (detail::is_pair<T>::value) {
    return min_encoded_size<typename T::first_type>() + min_encoded_size<typename T::second_type>();
  } else if constexpr (detail::is_tuple<T>::value) {
    return detail::min_tuple_size<T>(std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (detail::is_vector<T>::value || std::is_same_v<T, std::string> ||
                       detail::is_optional<T>::value || detail::is_variant<T>::value ||
                       detail::is_map<T>::value || detail::is_result<T>::value ||
                       detail::is_compact<T>::value || detail::is_compact_ref<T>::value ||
                       std::is_same_v<T, BitVec>) {
    return 1;
  } else if constexpr (detail::HasFields<T> && !detail::HasCustomCodec<T>) {
    // A struct: its fields one after another (references and compact proxies included).
    using Fields = decltype(std::declval<T&>().scale_fields());
    return detail::min_tuple_size<Fields>(std::make_index_sequence<std::tuple_size_v<Fields>>{});
  } else {
    return 0;
  }
}

namespace detail {
template <class Tuple, size_t... I>
constexpr size_t min_tuple_size(std::index_sequence<I...>) {
  return (size_t{0} + ... +
          min_encoded_size<std::remove_cvref_t<std::tuple_element_t<I, Tuple>>>());
}
}  // namespace detail

namespace detail {

template <class Sink, class T, size_t... I>
void encode_tuple(Sink& out, const T& t, std::index_sequence<I...>) {
  (encode_to(out, std::get<I>(t)), ...);
}
template <class T, size_t... I>
void decode_tuple(Decoder& in, T&& t, std::index_sequence<I...>) {
  (decode_from(in, std::get<I>(t)), ...);
}

template <class Sink, class V>
void encode_variant(Sink& out, const V& v) {
  if constexpr (!variant_uses_explicit_indices<V>::value) {
    out.put_byte(static_cast<uint8_t>(v.index()));
  }
  std::visit(
      [&out](const auto& alt) {
        using Alt = std::decay_t<decltype(alt)>;
        if constexpr (variant_uses_explicit_indices<V>::value) {
          out.put_byte(static_cast<uint8_t>(Alt::kScaleIndex));
        }
        encode_to(out, alt);
      },
      v);
}

template <class V, size_t I = 0>
bool decode_variant_alternative(Decoder& in, V& v, uint8_t tag) {
  if constexpr (I == std::variant_size_v<V>) {
    return false;
  } else {
    using Alt = std::variant_alternative_t<I, V>;
    uint8_t index = 0;
    if constexpr (variant_uses_explicit_indices<V>::value) {
      index = static_cast<uint8_t>(Alt::kScaleIndex);
    } else {
      index = static_cast<uint8_t>(I);
    }
    if (index == tag) {
      Alt alt{};
      decode_from(in, alt);
      v.template emplace<I>(std::move(alt));
      return true;
    }
    return decode_variant_alternative<V, I + 1>(in, v, tag);
  }
}

// True for a type whose SCALE encoding is its object representation: a byte array, or a struct
// whose one field is a byte array filling it (AccountId32, H256, public keys). A vector of them
// is copied as one block: a snapshot of an election holds hundreds of thousands of accounts.
template <class T>
constexpr bool is_raw_byte_array() {
  if constexpr (is_std_array<T>::value) {
    return std::is_same_v<typename T::value_type, uint8_t>;
  } else if constexpr (HasFields<T> && !HasCustomCodec<T> && std::is_trivially_copyable_v<T> &&
                       std::is_standard_layout_v<T>) {
    using Fields = decltype(std::declval<T&>().scale_fields());
    if constexpr (std::tuple_size_v<Fields> == 1) {
      using Field = std::remove_cvref_t<std::tuple_element_t<0, Fields>>;
      if constexpr (is_std_array<Field>::value) {
        return std::is_same_v<typename Field::value_type, uint8_t> && sizeof(Field) == sizeof(T);
      }
    }
  }
  return false;
}

template <class Elem>
size_t checked_sequence_length(Decoder& in) {
  size_t n = decode_length(in);
  constexpr size_t kMin = min_encoded_size<Elem>();
  if constexpr (kMin > 0) {
    if (in.ok() && n > in.remaining() / kMin) {
      in.fail(DecodeError::kNotEnoughData);
      return 0;
    }
  }
  return n;
}

}  // namespace detail

template <class Sink, class T>
void encode_to(Sink& out, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    out.put_byte(v ? 1 : 0);
  } else if constexpr (detail::FixedInteger<T>) {
    out.put_le(static_cast<std::conditional_t<(sizeof(T) > 8), u128, uint64_t>>(v), sizeof(T));
  } else if constexpr (std::is_enum_v<T>) {
    encode_to(out, static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    // Unit values have no bytes.
  } else if constexpr (detail::is_compact<T>::value) {
    encode_compact(out, static_cast<u128>(v.value));
  } else if constexpr (detail::is_compact_ref<T>::value) {
    encode_compact(out, static_cast<u128>(*v.ptr));
  } else if constexpr (std::is_same_v<T, BitVec>) {
    encode_compact(out, v.size());
    out.put_bytes(v.bytes());
  } else if constexpr (detail::is_std_array<T>::value) {
    if constexpr (std::is_same_v<typename T::value_type, uint8_t>) {
      out.put_bytes(ByteSpan(v.data(), v.size()));
    } else {
      for (const auto& e : v) encode_to(out, e);
    }
  } else if constexpr (detail::is_vector<T>::value) {
    encode_compact(out, v.size());
    if constexpr (detail::is_raw_byte_array<typename T::value_type>()) {
      // Bytes are bytes: reading an object's representation through uint8_t is allowed.
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
      const auto* raw = reinterpret_cast<const uint8_t*>(v.data());
      out.put_bytes(ByteSpan(raw, v.size() * sizeof(typename T::value_type)));
    } else if constexpr (std::is_same_v<typename T::value_type, uint8_t>) {
      out.put_bytes(ByteSpan(v.data(), v.size()));
    } else {
      for (const auto& e : v) encode_to(out, e);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    encode_compact(out, v.size());
    out.put_bytes(as_bytes(v));
  } else if constexpr (detail::is_optional<T>::value) {
    if (v.has_value()) {
      out.put_byte(1);
      encode_to(out, *v);
    } else {
      out.put_byte(0);
    }
  } else if constexpr (detail::is_pair<T>::value) {
    encode_to(out, v.first);
    encode_to(out, v.second);
  } else if constexpr (detail::is_tuple<T>::value) {
    detail::encode_tuple(out, v, std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (detail::is_variant<T>::value) {
    detail::encode_variant(out, v);
  } else if constexpr (detail::is_map<T>::value) {
    encode_compact(out, v.size());
    for (const auto& [key, value] : v) {
      encode_to(out, key);
      encode_to(out, value);
    }
  } else if constexpr (detail::is_result<T>::value) {
    if (v.has_value()) {
      out.put_byte(0);
      if constexpr (!std::is_void_v<typename T::value_type>) encode_to(out, *v);
    } else {
      out.put_byte(1);
      encode_to(out, v.error());
    }
  } else if constexpr (detail::HasCustomCodec<T>) {
    v.scale_encode(out);
  } else if constexpr (detail::HasFields<T>) {
    auto fields = v.scale_fields();
    detail::encode_tuple(out, fields,
                         std::make_index_sequence<std::tuple_size_v<decltype(fields)>>{});
  } else {
    static_assert(sizeof(T) == 0, "type has no SCALE encoding: add CANARY_SCALE_FIELDS");
  }
}

template <class T>
void decode_from(Decoder& in, T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    uint8_t b = in.read_byte();
    if (b > 1) in.fail(DecodeError::kInvalidBool);
    v = b == 1;
  } else if constexpr (detail::FixedInteger<T>) {
    using Raw = std::conditional_t<(sizeof(T) > 8), u128, uint64_t>;
    v = static_cast<T>(in.read_le<Raw>(sizeof(T)));
  } else if constexpr (std::is_enum_v<T>) {
    std::underlying_type_t<T> raw{};
    decode_from(in, raw);
    v = static_cast<T>(raw);
    if (in.ok() && !scale_is_valid(v)) in.fail(DecodeError::kInvalidEnumValue);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
  } else if constexpr (detail::is_compact<T>::value) {
    v.value = decode_compact<decltype(v.value)>(in);
  } else if constexpr (detail::is_compact_ref<T>::value) {
    *v.ptr = decode_compact<std::remove_const_t<std::remove_reference_t<decltype(*v.ptr)>>>(in);
  } else if constexpr (std::is_same_v<T, BitVec>) {
    uint64_t bits = decode_compact<uint32_t>(in);
    if (in.ok() && bits / 8 > in.max_length()) in.fail(DecodeError::kLengthTooLarge);
    ByteSpan packed = in.read_view(static_cast<size_t>((bits + 7) / 8));
    if (in.ok()) v = BitVec::from_bytes(Bytes(packed.begin(), packed.end()), bits);
  } else if constexpr (detail::is_std_array<T>::value) {
    if constexpr (std::is_same_v<typename T::value_type, uint8_t>) {
      in.read_into(MutableByteSpan(v.data(), v.size()));
    } else {
      for (auto& e : v) decode_from(in, e);
    }
  } else if constexpr (detail::is_vector<T>::value) {
    using Elem = typename T::value_type;
    size_t n = detail::checked_sequence_length<Elem>(in);
    v.clear();
    if (!in.ok()) return;
    if constexpr (std::is_same_v<Elem, uint8_t>) {
      ByteSpan bytes = in.read_view(n);
      v.assign(bytes.begin(), bytes.end());
    } else if constexpr (detail::is_raw_byte_array<Elem>()) {
      // n * sizeof(Elem) bytes remain: checked_sequence_length saw to it.
      ByteSpan bytes = in.read_view(n * sizeof(Elem));
      if (!in.ok() || n == 0) return;
      v.resize(n);
      std::memcpy(static_cast<void*>(v.data()), bytes.data(), bytes.size());
    } else if constexpr (std::is_same_v<Elem, bool>) {
      // std::vector<bool> hands out proxies, not references.
      v.reserve(std::min(n, in.remaining()));
      for (size_t i = 0; i < n && in.ok(); ++i) {
        bool b = false;
        decode_from(in, b);
        v.push_back(b);
      }
    } else {
      // At most ~1 MiB reserved ahead of the elements actually read: a length that the input
      // cannot back (elements of few encoded bytes but a large sizeof) must not allocate
      // gigabytes before the decoder runs out of input.
      constexpr size_t kReserveElements = std::max<size_t>(1, (size_t{1} << 20) / sizeof(Elem));
      v.reserve(std::min({n, in.remaining(), kReserveElements}));
      for (size_t i = 0; i < n && in.ok(); ++i) {
        decode_from(in, v.emplace_back());
      }
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    size_t n = decode_length(in);
    ByteSpan bytes = in.read_view(n);
    if (!in.ok()) return;
    if (!is_valid_utf8(bytes)) {
      in.fail(DecodeError::kInvalidUtf8);
      return;
    }
    v.assign(bytes.begin(), bytes.end());
  } else if constexpr (detail::is_optional<T>::value) {
    using Inner = typename T::value_type;
    uint8_t tag = in.read_byte();
    if (tag == 0) {
      v.reset();
    } else if (tag == 1) {
      Inner inner{};
      decode_from(in, inner);
      v = std::move(inner);
    } else {
      in.fail(DecodeError::kInvalidOptionTag);
    }
  } else if constexpr (detail::is_pair<T>::value) {
    decode_from(in, v.first);
    decode_from(in, v.second);
  } else if constexpr (detail::is_tuple<T>::value) {
    detail::decode_tuple(in, v, std::make_index_sequence<std::tuple_size_v<T>>{});
  } else if constexpr (detail::is_variant<T>::value) {
    uint8_t tag = in.read_byte();
    if (in.ok() && !detail::decode_variant_alternative(in, v, tag)) {
      in.fail(DecodeError::kInvalidVariantIndex);
    }
  } else if constexpr (detail::is_map<T>::value) {
    using Key = typename T::key_type;
    using Mapped = typename T::mapped_type;
    size_t n = detail::checked_sequence_length<std::pair<Key, Mapped>>(in);
    v.clear();
    for (size_t i = 0; i < n && in.ok(); ++i) {
      Key key{};
      Mapped value{};
      decode_from(in, key);
      decode_from(in, value);
      // Like Rust's BTreeMap decoding: a repeated key keeps the later value.
      if (in.ok()) v.insert_or_assign(std::move(key), std::move(value));
    }
  } else if constexpr (detail::is_result<T>::value) {
    using Value = typename T::value_type;
    using Error = typename T::error_type;
    uint8_t tag = in.read_byte();
    if (tag == 0) {
      if constexpr (std::is_void_v<Value>) {
        v = T{};
      } else {
        Value value{};
        decode_from(in, value);
        v = T(std::move(value));
      }
    } else if (tag == 1) {
      Error error{};
      decode_from(in, error);
      v = T(unexpected(std::move(error)));
    } else {
      in.fail(DecodeError::kInvalidResultTag);
    }
  } else if constexpr (detail::HasCustomCodec<T>) {
    v.scale_decode(in);
  } else if constexpr (detail::HasFields<T>) {
    detail::decode_tuple(
        in, v.scale_fields(),
        std::make_index_sequence<std::tuple_size_v<decltype(std::declval<T&>().scale_fields())>>{});
  } else {
    static_assert(sizeof(T) == 0, "type has no SCALE decoding: add CANARY_SCALE_FIELDS");
  }
}

}  // namespace canary::scale

// Lists a struct's fields in wire order. Wrap integer fields that travel compactly in
// canary::scale::compact(...). Example:
//   struct Header { Hash256 parent; uint32_t number; ...
//     CANARY_SCALE_FIELDS(parent, ::canary::scale::compact(number), ...) };
#define CANARY_SCALE_FIELDS(...)                             \
  auto scale_fields() {                                      \
    return ::canary::scale::detail::tie_fields(__VA_ARGS__); \
  }                                                          \
  auto scale_fields() const {                                \
    return ::canary::scale::detail::tie_fields(__VA_ARGS__); \
  }
