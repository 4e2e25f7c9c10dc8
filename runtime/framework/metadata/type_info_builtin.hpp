// How the built-in types describe themselves in the type registry, as scale-info describes their
// Rust counterparts: integers and bool as primitives, std::string as `str`, vectors as sequences,
// arrays as arrays, std::optional as `Option<T>`, canary::Result as `Result<T, E>`, tuples,
// Compact<T>, BitVec as `BitVec<u8, Lsb0>`, std::map as `BTreeMap<K, V>`.
#pragma once

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
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta {

namespace builtin_detail {

template <class T>
constexpr Primitive primitive_of() {
  if constexpr (std::is_same_v<T, bool>) {
    return Primitive::kBool;
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return Primitive::kU8;
  } else if constexpr (std::is_same_v<T, uint16_t>) {
    return Primitive::kU16;
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return Primitive::kU32;
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return Primitive::kU64;
  } else if constexpr (std::is_same_v<T, u128>) {
    return Primitive::kU128;
  } else if constexpr (std::is_same_v<T, int8_t>) {
    return Primitive::kI8;
  } else if constexpr (std::is_same_v<T, int16_t>) {
    return Primitive::kI16;
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return Primitive::kI32;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return Primitive::kI64;
  } else if constexpr (std::is_same_v<T, i128>) {
    return Primitive::kI128;
  } else {
    return Primitive::kStr;  // std::string
  }
}

template <class T>
constexpr bool is_primitive_v =
    std::is_same_v<T, bool> || std::is_same_v<T, uint8_t> || std::is_same_v<T, uint16_t> ||
    std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t> || std::is_same_v<T, u128> ||
    std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t> || std::is_same_v<T, int32_t> ||
    std::is_same_v<T, int64_t> || std::is_same_v<T, i128> || std::is_same_v<T, std::string>;

// bitvec's `Lsb0` bit order, the only one Substrate uses.
struct Lsb0 {
  static void type_info(TypeBuilder& b) { b.path({"bitvec", "order", "Lsb0"}).composite(); }
};

}  // namespace builtin_detail

// Primary template: the type describes itself.
template <class T>
struct TypeInfo {
  static void describe(TypeBuilder& b) {
    if constexpr (builtin_detail::is_primitive_v<T>) {
      b.definition(PrimitiveDef{builtin_detail::primitive_of<T>()});
    } else if constexpr (std::is_same_v<T, std::monostate>) {
      b.definition(TupleDef{});
    } else if constexpr (HasStaticTypeInfo<T>) {
      T::type_info(b);
    } else if constexpr (HasAdlTypeInfo<T>) {
      canary_type_info(b, static_cast<const T*>(nullptr));
    } else {
      static_assert(sizeof(T) == 0, "type has no type_info: add a static type_info(TypeBuilder&)");
    }
  }
};

template <class T, class A>
struct TypeInfo<std::vector<T, A>> {
  static void describe(TypeBuilder& b) { b.definition(SequenceDef{b.type_of<T>()}); }
};

template <class T, size_t N>
struct TypeInfo<std::array<T, N>> {
  static void describe(TypeBuilder& b) {
    b.definition(ArrayDef{static_cast<uint32_t>(N), b.type_of<T>()});
  }
};

template <class T>
struct TypeInfo<std::optional<T>> {
  static void describe(TypeBuilder& b) {
    b.path({"Option"}).param<T>("T");
    b.variant(0, "None");
    b.variant(1, "Some", {field_of<T>(b.registry())});
  }
};

template <class T, class E>
struct TypeInfo<Result<T, E>> {
  static void describe(TypeBuilder& b) {
    using Ok = std::conditional_t<std::is_void_v<T>, std::monostate, T>;
    b.path({"Result"});
    b.param<Ok>("T");
    b.param<E>("E");
    b.variant(0, "Ok", {field_of<Ok>(b.registry())});
    b.variant(1, "Err", {field_of<E>(b.registry())});
  }
};

template <class... Ts>
struct TypeInfo<std::tuple<Ts...>> {
  static void describe(TypeBuilder& b) {
    TupleDef def;
    (def.fields.push_back(scale::Compact<uint32_t>{b.type_of<Ts>()}), ...);
    b.definition(std::move(def));
  }
};

template <class A, class B>
struct TypeInfo<std::pair<A, B>> {
  static void describe(TypeBuilder& b) {
    b.definition(TupleDef{
        {scale::Compact<uint32_t>{b.type_of<A>()}, scale::Compact<uint32_t>{b.type_of<B>()}}});
  }
};

template <class T>
struct TypeInfo<scale::Compact<T>> {
  static void describe(TypeBuilder& b) { b.definition(CompactDef{b.type_of<T>()}); }
};

// Compact<T> of a type SCALE compacts as nothing or as a wrapper (e.g. Compact<()> in
// MultiAddress::Index): for metadata only.
template <class T>
struct CompactOf {};
template <class T>
struct TypeInfo<CompactOf<T>> {
  static void describe(TypeBuilder& b) { b.definition(CompactDef{b.type_of<T>()}); }
};

// Vec<T> for metadata only, where the C++ vector type itself is described otherwise (e.g. the
// digest, whose vector is the composite Digest { logs: Vec<DigestItem> }).
template <class T>
struct SequenceOf {};
template <class T>
struct TypeInfo<SequenceOf<T>> {
  static void describe(TypeBuilder& b) { b.definition(SequenceDef{b.type_of<T>()}); }
};

template <>
struct TypeInfo<scale::BitVec> {
  static void describe(TypeBuilder& b) {
    b.definition(BitSequenceDef{b.type_of<uint8_t>(), b.type_of<builtin_detail::Lsb0>()});
  }
};

// BTreeMap<K, V> for metadata only (std::map describes itself this way too).
template <class K, class V>
struct BTreeMapOf {};
template <class K, class V>
struct TypeInfo<BTreeMapOf<K, V>> {
  static void describe(TypeBuilder& b) {
    b.path({"BTreeMap"});
    b.param<K>("K");
    b.param<V>("V");
    b.typed_field<SequenceOf<std::tuple<K, V>>>(std::nullopt);
  }
};

template <class K, class V, class C, class A>
struct TypeInfo<std::map<K, V, C, A>> {
  static void describe(TypeBuilder& b) { TypeInfo<BTreeMapOf<K, V>>::describe(b); }
};

}  // namespace canary::rt::meta
