// bounded_collections' BoundedVec<T, S>, WeakBoundedVec<T, S> and BoundedBTreeMap<K, V, S>, as
// FRAME storage, calls and events carry them: on the wire a plain Vec<T> / BTreeMap<K, V>; in
// metadata a composite with the collection inside and the bound S as a parameter without a type.
//
// The bound S is a type with `static uint32_t get()` (FRAME's Get<u32>), usually
// `ConstU32<T::kMaxX>`. A type rather than a number, as in Rust: the metadata registry describes
// each C++ type once, so two collections of the same T share a metadata entry exactly when they
// share the bound's type, as scale-info's TypeId does; and a bound can be read at run time (a
// `parameter_types!` storage value) when it must.
//
// The bound:
//  - BoundedVec: try_from / try_push / try_insert refuse to exceed it, truncate_from cuts to it,
//    and decoding refuses more elements ("BoundedVec exceeds its limit"; FRAME checks the length
//    before the elements, here after them: the same refusal, the decoder's limits bound the work).
//  - WeakBoundedVec: the same constructors, but decoding accepts more (force_from: only logged
//    in FRAME), so values stored before a bound was lowered still read back.
//  - BoundedBTreeMap: try_from / try_insert, and decoding refuses more entries than the bound.
// `items` stays a public member for reading and for pallets that keep the bound themselves
// (FRAME's force_from); writes through it are the writer's responsibility.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

// A bound: FRAME's Get<u32>.
template <class S>
concept Bound = requires {
  { S::get() } -> std::convertible_to<uint32_t>;
};

// frame-support ConstU32<N>.
template <uint32_t N>
struct ConstU32 {
  static constexpr uint32_t get() { return N; }
};

namespace bounded_detail {

template <class Vec>
void describe_vec(meta::TypeBuilder& b, const char* module, const char* name) {
  using T = typename Vec::value_type;
  b.path({"bounded_collections", module, name});
  b.param<T>("T");
  b.unused_param("S");
  b.typed_field<std::vector<T>>(std::nullopt, "Vec<T>");
}

}  // namespace bounded_detail

// The vector part shared by BoundedVec and WeakBoundedVec (they differ in decoding and path).
template <class T, Bound S, bool kWeak>
struct BoundedVecOf {
  using value_type = T;
  using Limit = S;
  std::vector<T> items;

  static uint32_t bound() { return static_cast<uint32_t>(S::get()); }

  // Every item, if there are at most bound() of them (try_from).
  static std::optional<BoundedVecOf> try_from(std::vector<T> items) {
    if (items.size() > bound()) return std::nullopt;
    return BoundedVecOf{std::move(items)};
  }
  // The first bound() items (truncate_from).
  static BoundedVecOf truncate_from(std::vector<T> items) {
    if (items.size() > bound()) items.resize(bound());
    return BoundedVecOf{std::move(items)};
  }
  // Appends unless full (try_push: false leaves the vector as it was).
  bool try_push(T item) {
    if (items.size() >= bound()) return false;
    items.push_back(std::move(item));
    return true;
  }
  // Inserts at `index` (at most size()) unless full (try_insert).
  bool try_insert(size_t index, T item) {
    if (items.size() >= bound() || index > items.size()) return false;
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(index), std::move(item));
    return true;
  }

  size_t size() const { return items.size(); }
  bool empty() const { return items.empty(); }
  bool is_full() const { return items.size() >= bound(); }
  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }
  const T& operator[](size_t i) const { return items[i]; }

  bool operator==(const BoundedVecOf&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, items);
  }
  // The elements, then (BoundedVec) the bound: refused as bounded_collections refuses it.
  void scale_decode(scale::Decoder& in) {
    scale::decode_from(in, items);
    if constexpr (!kWeak) {
      if (in.ok() && items.size() > bound()) {
        in.fail(scale::DecodeError::kLengthTooLarge);  // "BoundedVec exceeds its limit"
      }
    }
  }
  static void type_info(meta::TypeBuilder& b) {
    if constexpr (kWeak) {
      bounded_detail::describe_vec<std::vector<T>>(b, "weak_bounded_vec", "WeakBoundedVec");
    } else {
      bounded_detail::describe_vec<std::vector<T>>(b, "bounded_vec", "BoundedVec");
    }
  }
};

template <class T, Bound S>
using BoundedVec = BoundedVecOf<T, S, false>;
template <class T, Bound S>
using WeakBoundedVec = BoundedVecOf<T, S, true>;

// bounded_collections::BoundedBTreeMap<K, V, S>: a BTreeMap<K, V> of at most S::get() entries.
template <class K, class V, Bound S>
struct BoundedBTreeMap {
  using Limit = S;
  std::map<K, V> items;

  static uint32_t bound() { return static_cast<uint32_t>(S::get()); }

  static std::optional<BoundedBTreeMap> try_from(std::map<K, V> items) {
    if (items.size() > bound()) return std::nullopt;
    return BoundedBTreeMap{std::move(items)};
  }
  // Inserts or replaces; a new key is refused when the map is full (try_insert: false, and the
  // map is unchanged).
  bool try_insert(K key, V value) {
    auto it = items.find(key);
    if (it != items.end()) {
      it->second = std::move(value);
      return true;
    }
    if (items.size() >= bound()) return false;
    items.emplace(std::move(key), std::move(value));
    return true;
  }

  size_t size() const { return items.size(); }
  bool empty() const { return items.empty(); }
  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }

  bool operator==(const BoundedBTreeMap&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, items);
  }
  // The encoded entry count is checked against the bound before the entries; a repeated key
  // keeps its last value, as collecting into a BTreeMap does.
  void scale_decode(scale::Decoder& in) {
    const size_t len = scale::decode_length(in);
    if (!in.ok()) return;
    if (len > bound()) {
      in.fail(scale::DecodeError::kLengthTooLarge);  // "BoundedBTreeMap exceeds its limit"
      return;
    }
    items.clear();
    for (size_t i = 0; i < len && in.ok(); ++i) {
      K key{};
      V value{};
      scale::decode_from(in, key);
      scale::decode_from(in, value);
      if (in.ok()) items.insert_or_assign(std::move(key), std::move(value));
    }
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"bounded_collections", "bounded_btree_map", "BoundedBTreeMap"});
    b.param<K>("K");
    b.param<V>("V");
    b.unused_param("S");
    b.typed_field<std::map<K, V>>(std::nullopt, "BTreeMap<K, V>");
  }
};

}  // namespace canary::rt
