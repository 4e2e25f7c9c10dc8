// The type registry of runtime metadata (scale-info `PortableRegistry`): every type that appears in
// the metadata (storage values, call arguments, events, errors, constants, runtime APIs) is
// described once, with its path, generic parameters, shape and docs, and referred to by id.
// Clients (polkadot.js, polkadot-api, subxt) decode everything through it, and recognise some
// types by path (e.g. `sp_core::crypto::AccountId32`, `sp_runtime::multiaddress::MultiAddress`),
// so paths follow Substrate's.
//
// A C++ type describes itself with a static `type_info(TypeBuilder&)`, or through an ADL-visible
// `canary_type_info(TypeBuilder&, const T*)` for types it cannot touch; integers, bool, strings,
// vectors, arrays, optionals, Results, tuples and Compact are built in.
//
//   struct AccountInfo {
//     uint32_t nonce; AccountData data; …
//     static void type_info(meta::TypeBuilder& b) {
//       b.path({"frame_system", "AccountInfo"}).param<uint32_t>("Nonce")
//        .field("nonce", &AccountInfo::nonce, "Nonce").field("data", &AccountInfo::data);
//     }
//   };
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::rt::meta {

using TypeId = uint32_t;
using Docs = std::vector<std::string>;

// The wire layout of every structure here is scale-info's portable form (ids as Compact<u32>).
struct Field {
  std::optional<std::string> name;
  TypeId type = 0;
  std::optional<std::string> type_name;
  Docs docs;
  CANARY_SCALE_FIELDS(name, scale::compact(type), type_name, docs)
};

struct Variant {
  std::string name;
  std::vector<Field> fields;
  uint8_t index = 0;
  Docs docs;
  CANARY_SCALE_FIELDS(name, fields, index, docs)
};

enum class Primitive : uint8_t {
  kBool = 0,
  kChar = 1,
  kStr = 2,
  kU8 = 3,
  kU16 = 4,
  kU32 = 5,
  kU64 = 6,
  kU128 = 7,
  kU256 = 8,
  kI8 = 9,
  kI16 = 10,
  kI32 = 11,
  kI64 = 12,
  kI128 = 13,
  kI256 = 14,
};
inline bool scale_is_valid(Primitive p) {
  return static_cast<uint8_t>(p) <= 14;
}

// TypeDef's variants, in scale-info's order (the variant index is the position).
struct CompositeDef {
  std::vector<Field> fields;
  CANARY_SCALE_FIELDS(fields)
};
struct VariantDef {
  std::vector<Variant> variants;
  CANARY_SCALE_FIELDS(variants)
};
struct SequenceDef {
  TypeId type = 0;
  CANARY_SCALE_FIELDS(scale::compact(type))
};
struct ArrayDef {
  uint32_t length = 0;
  TypeId type = 0;
  CANARY_SCALE_FIELDS(length, scale::compact(type))
};
struct TupleDef {
  std::vector<scale::Compact<uint32_t>> fields;
  CANARY_SCALE_FIELDS(fields)
};
struct PrimitiveDef {
  Primitive primitive = Primitive::kBool;
  CANARY_SCALE_FIELDS(primitive)
};
struct CompactDef {
  TypeId type = 0;
  CANARY_SCALE_FIELDS(scale::compact(type))
};
struct BitSequenceDef {
  TypeId store = 0;
  TypeId order = 0;
  CANARY_SCALE_FIELDS(scale::compact(store), scale::compact(order))
};
using TypeDef = std::variant<CompositeDef, VariantDef, SequenceDef, ArrayDef, TupleDef,
                             PrimitiveDef, CompactDef, BitSequenceDef>;

struct TypeParameter {
  std::string name;
  std::optional<scale::Compact<uint32_t>> type;
  CANARY_SCALE_FIELDS(name, type)
};

struct TypeDescription {
  std::vector<std::string> path;
  std::vector<TypeParameter> params;
  TypeDef def;
  Docs docs;
  CANARY_SCALE_FIELDS(path, params, def, docs)
};

class Registry;

// Fills in one type's description; handed to a type's type_info().
class TypeBuilder {
 public:
  explicit TypeBuilder(Registry& registry) : registry_(registry) {}

  TypeBuilder& path(std::vector<std::string> segments) {
    description_.path = std::move(segments);
    return *this;
  }
  TypeBuilder& docs(std::string line) {
    description_.docs.push_back(std::move(line));
    return *this;
  }
  template <class P>
  TypeBuilder& param(std::string name);
  // A generic parameter that does not appear in the encoding (PhantomData-like): no type.
  TypeBuilder& unused_param(std::string name) {
    description_.params.push_back({std::move(name), std::nullopt});
    return *this;
  }

  // Composite: named fields (from member pointers, so the type is the member's) or unnamed ones.
  template <class T, class M>
  TypeBuilder& field(std::string name, M T::* member, std::optional<std::string> type_name = {},
                     Docs docs = {});
  template <class T, class M>
  TypeBuilder& compact_field(std::string name, M T::* member,
                             std::optional<std::string> type_name = {}, Docs docs = {});
  template <class F>
  TypeBuilder& typed_field(std::optional<std::string> name,
                           std::optional<std::string> type_name = {}, Docs docs = {});
  // A composite without fields (unit struct); the default shape.
  TypeBuilder& composite() {
    description_.def = CompositeDef{};
    return *this;
  }

  // Variant: each variant with its fields.
  TypeBuilder& variant(uint8_t index, std::string name, std::vector<Field> fields = {},
                       Docs docs = {});

  // The composite's fields, to add prepared ones (see described.hpp).
  std::vector<Field>& definition_fields() {
    if (!std::holds_alternative<CompositeDef>(description_.def)) description_.def = CompositeDef{};
    return std::get<CompositeDef>(description_.def).fields;
  }

  // Other shapes, for hand-written descriptions.
  TypeBuilder& definition(TypeDef def) {
    description_.def = std::move(def);
    return *this;
  }

  template <class T>
  TypeId type_of();
  Registry& registry() { return registry_; }
  TypeDescription take() { return std::move(description_); }

 private:
  Registry& registry_;
  TypeDescription description_{{}, {}, CompositeDef{}, {}};
};

template <class T>
struct TypeInfo;

// Types the registry knows how to describe.
template <class T>
concept HasStaticTypeInfo = requires(TypeBuilder& b) { T::type_info(b); };
template <class T>
concept HasAdlTypeInfo = requires(TypeBuilder& b, const T* p) { canary_type_info(b, p); };

class Registry {
 public:
  // The id of T, describing it (and what it refers to) on first use.
  template <class T>
  TypeId id() {
    using U = std::remove_cvref_t<T>;
    const void* key = type_key<U>();
    if (auto it = ids_.find(key); it != ids_.end()) return it->second;
    // Reserve the id first: recursive types refer to themselves while being described.
    const TypeId id = static_cast<TypeId>(types_.size());
    ids_.emplace(key, id);
    types_.emplace_back();
    TypeBuilder builder(*this);
    TypeInfo<U>::describe(builder);
    types_[id] = builder.take();
    return id;
  }

  // Registers a description under a caller-chosen key (e.g. a pallet's Call enum, whose C++ type
  // is a plain std::variant shared by nothing else but described with the pallet's path).
  TypeId id_for(const void* key, TypeDescription (*describe)(Registry&)) {
    if (auto it = ids_.find(key); it != ids_.end()) return it->second;
    const TypeId id = static_cast<TypeId>(types_.size());
    ids_.emplace(key, id);
    types_.emplace_back();
    types_[id] = describe(*this);
    return id;
  }

  const std::vector<TypeDescription>& types() const { return types_; }

  // The registry in metadata form (scale-info PortableRegistry).
  struct PortableType {
    uint32_t id = 0;
    TypeDescription type;
    CANARY_SCALE_FIELDS(scale::compact(id), type)
  };
  std::vector<PortableType> portable() const {
    std::vector<PortableType> out;
    out.reserve(types_.size());
    for (size_t id = 0; id < types_.size(); ++id) {
      out.push_back({static_cast<uint32_t>(id), types_[id]});
    }
    return out;
  }

 private:
  template <class U>
  static const void* type_key() {
    static const char kTag = 0;
    return &kTag;
  }

  std::map<const void*, TypeId> ids_;
  std::vector<TypeDescription> types_;
};

template <class T>
TypeId TypeBuilder::type_of() {
  return registry_.id<T>();
}

template <class P>
TypeBuilder& TypeBuilder::param(std::string name) {
  description_.params.push_back({std::move(name), scale::Compact<uint32_t>{registry_.id<P>()}});
  return *this;
}

template <class T, class M>
TypeBuilder& TypeBuilder::field(std::string name, M T::*, std::optional<std::string> type_name,
                                Docs docs) {
  return typed_field<M>(std::move(name), std::move(type_name), std::move(docs));
}

template <class T, class M>
TypeBuilder& TypeBuilder::compact_field(std::string name, M T::*,
                                        std::optional<std::string> type_name, Docs docs) {
  return typed_field<scale::Compact<M>>(std::move(name), std::move(type_name), std::move(docs));
}

template <class F>
TypeBuilder& TypeBuilder::typed_field(std::optional<std::string> name,
                                      std::optional<std::string> type_name, Docs docs) {
  if (!std::holds_alternative<CompositeDef>(description_.def)) description_.def = CompositeDef{};
  const TypeId id = registry_.id<F>();
  std::get<CompositeDef>(description_.def)
      .fields.push_back({std::move(name), id, std::move(type_name), std::move(docs)});
  return *this;
}

inline TypeBuilder& TypeBuilder::variant(uint8_t index, std::string name, std::vector<Field> fields,
                                         Docs docs) {
  if (!std::holds_alternative<VariantDef>(description_.def)) description_.def = VariantDef{};
  std::get<VariantDef>(description_.def)
      .variants.push_back({std::move(name), std::move(fields), index, std::move(docs)});
  return *this;
}

// A field of a variant, by type.
template <class F>
Field field_of(Registry& registry, std::optional<std::string> name = {},
               std::optional<std::string> type_name = {}, Docs docs = {}) {
  return {std::move(name), registry.id<F>(), std::move(type_name), std::move(docs)};
}

}  // namespace canary::rt::meta

#include "runtime/framework/metadata/type_info_builtin.hpp"
