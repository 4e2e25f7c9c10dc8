// One declaration of a struct's fields for both its SCALE encoding and its metadata type: a
// static constexpr `fields()` returns the fields in wire order (name, member, the Rust type name
// clients show, compact or not), and CANARY_DESCRIBED() derives the codec from it. Call and event
// structs, and any struct that must appear in metadata with named fields, are written this way:
//
//   struct transfer_keep_alive {
//     MultiAddress dest;
//     Balance value = 0;
//     static constexpr auto fields() {
//       return std::tuple{field("dest", &transfer_keep_alive::dest, "AccountIdLookupOf<T>"),
//                         compact_field("value", &transfer_keep_alive::value, "T::Balance")};
//     }
//     CANARY_DESCRIBED()
//   };
//
// A tuple-like struct or variant (Rust `Unexpected(UnexpectedKind)`) lists its fields with
// unnamed_field: metadata shows them with no name, as scale-info does for unnamed fields. A
// compact_field may also be a CompactAs type (compact_as.hpp: a per-thing).
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "runtime/framework/compact_as.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

template <class T, class M, bool Compact>
struct FieldDescriptor {
  const char* name;  // null: an unnamed field
  M T::* member;
  const char* type_name;  // null: none
  using Member = M;
  static constexpr bool kCompact = Compact;
};

template <class T, class M>
constexpr FieldDescriptor<T, M, false> field(const char* name, M T::* member,
                                             const char* type_name = nullptr) {
  return {name, member, type_name};
}

template <class T, class M>
constexpr FieldDescriptor<T, M, false> unnamed_field(M T::* member,
                                                     const char* type_name = nullptr) {
  return {nullptr, member, type_name};
}

template <class T, class M>
constexpr FieldDescriptor<T, M, true> compact_field(const char* name, M T::* member,
                                                    const char* type_name = nullptr) {
  return {name, member, type_name};
}

template <class Sink, class T, class Fields>
void encode_fields(Sink& out, const T& value, const Fields& fields) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              using F = std::decay_t<decltype(f)>;
              if constexpr (F::kCompact && CompactAsType<typename F::Member>) {
                encode_compact_as(out, value.*(f.member));
              } else if constexpr (F::kCompact) {
                scale::encode_to(out, scale::Compact<typename F::Member>{value.*(f.member)});
              } else {
                scale::encode_to(out, value.*(f.member));
              }
            }(),
            ...);
      },
      fields);
}

template <class T, class Fields>
void decode_fields(scale::Decoder& in, T& value, const Fields& fields) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              using F = std::decay_t<decltype(f)>;
              if constexpr (F::kCompact && CompactAsType<typename F::Member>) {
                value.*(f.member) = decode_compact_as<typename F::Member>(in);
              } else if constexpr (F::kCompact) {
                value.*(f.member) = scale::decode_compact<typename F::Member>(in);
              } else {
                scale::decode_from(in, value.*(f.member));
              }
            }(),
            ...);
      },
      fields);
}

// The metadata fields of a described struct (for composites and for variants).
template <class Fields>
std::vector<meta::Field> metadata_fields(meta::Registry& registry, const Fields& fields) {
  std::vector<meta::Field> out;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              using F = std::decay_t<decltype(f)>;
              using Type = std::conditional_t<F::kCompact, meta::CompactOf<typename F::Member>,
                                              typename F::Member>;
              meta::Field field;
              if (f.name != nullptr) field.name = std::string(f.name);
              field.type = registry.id<Type>();
              if (f.type_name != nullptr) field.type_name = std::string(f.type_name);
              out.push_back(std::move(field));
            }(),
            ...);
      },
      fields);
  return out;
}

// Adds a described struct's fields to a composite type being built.
template <class Fields>
void add_fields(meta::TypeBuilder& builder, const Fields& fields) {
  builder.composite();
  for (meta::Field& f : metadata_fields(builder.registry(), fields)) {
    builder.definition_fields().push_back(std::move(f));
  }
}

}  // namespace canary::rt

// The SCALE codec of a struct with a static fields().
#define CANARY_DESCRIBED()                             \
  template <class Sink>                                \
  void scale_encode(Sink& out) const {                 \
    ::canary::rt::encode_fields(out, *this, fields()); \
  }                                                    \
  void scale_decode(::canary::scale::Decoder& in) {    \
    ::canary::rt::decode_fields(in, *this, fields());  \
  }
