// Runtime metadata V14 and V15 (frame-metadata), what `Metadata_metadata` and
// `Metadata_metadata_at_version` return: the type registry plus, per pallet, its storage entries,
// calls, events, constants and errors by type id; the extrinsic format; and in V15 the runtime
// APIs and the outer enums. Built from the pallets' declarations (pallet_metadata.hpp), never by
// hand. The structures here are the wire format.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "primitives/hash/storage_hasher.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta {

// "meta" as a little-endian u32: the prefix of every metadata blob.
inline constexpr uint32_t kMetadataMagic = 0x6174656d;

struct TypeRef {
  TypeId id = 0;
  CANARY_SCALE_FIELDS(scale::compact(id))
};

enum class StorageEntryModifier : uint8_t { kOptional = 0, kDefault = 1 };
inline bool scale_is_valid(StorageEntryModifier m) {
  return static_cast<uint8_t>(m) <= 1;
}

struct StoragePlain {
  TypeId value = 0;
  CANARY_SCALE_FIELDS(scale::compact(value))
};
struct StorageMapType {
  std::vector<hash::StorageHasher> hashers;
  TypeId key = 0;  // the key, or the tuple of the keys when there are several
  TypeId value = 0;
  CANARY_SCALE_FIELDS(hashers, scale::compact(key), scale::compact(value))
};
using StorageEntryType = std::variant<StoragePlain, StorageMapType>;

struct StorageEntryMetadata {
  std::string name;
  StorageEntryModifier modifier = StorageEntryModifier::kOptional;
  StorageEntryType type;
  Bytes default_value;
  Docs docs;
  CANARY_SCALE_FIELDS(name, modifier, type, default_value, docs)
};

struct PalletStorageMetadata {
  std::string prefix;
  std::vector<StorageEntryMetadata> entries;
  CANARY_SCALE_FIELDS(prefix, entries)
};

struct PalletConstantMetadata {
  std::string name;
  TypeId type = 0;
  Bytes value;
  Docs docs;
  CANARY_SCALE_FIELDS(name, scale::compact(type), value, docs)
};

struct PalletMetadata {
  std::string name;
  std::optional<PalletStorageMetadata> storage;
  std::optional<TypeRef> calls;
  std::optional<TypeRef> event;
  std::vector<PalletConstantMetadata> constants;
  std::optional<TypeRef> error;
  uint8_t index = 0;
  Docs docs;  // V15 only
};

struct SignedExtensionMetadata {
  std::string identifier;
  TypeId type = 0;
  TypeId additional_signed = 0;
  CANARY_SCALE_FIELDS(identifier, scale::compact(type), scale::compact(additional_signed))
};

struct ExtrinsicMetadata {
  uint8_t version = 4;
  TypeId extrinsic_type = 0;  // V14: the UncheckedExtrinsic type
  // V15: the parts of the extrinsic.
  TypeId address_type = 0;
  TypeId call_type = 0;
  TypeId signature_type = 0;
  TypeId extra_type = 0;
  std::vector<SignedExtensionMetadata> signed_extensions;
};

struct RuntimeApiMethodParam {
  std::string name;
  TypeId type = 0;
  CANARY_SCALE_FIELDS(name, scale::compact(type))
};

struct RuntimeApiMethod {
  std::string name;
  std::vector<RuntimeApiMethodParam> inputs;
  TypeId output = 0;
  Docs docs;
  CANARY_SCALE_FIELDS(name, inputs, scale::compact(output), docs)
};

struct RuntimeApiMetadata {
  std::string name;
  std::vector<RuntimeApiMethod> methods;
  Docs docs;
  CANARY_SCALE_FIELDS(name, methods, docs)
};

struct OuterEnums {
  TypeId call_enum = 0;
  TypeId event_enum = 0;
  TypeId error_enum = 0;
  CANARY_SCALE_FIELDS(scale::compact(call_enum), scale::compact(event_enum),
                      scale::compact(error_enum))
};

struct CustomValueMetadata {
  TypeId type = 0;
  Bytes value;
  CANARY_SCALE_FIELDS(scale::compact(type), value)
};

// Everything both versions are made of.
struct RuntimeMetadata {
  Registry registry;
  std::vector<PalletMetadata> pallets;
  ExtrinsicMetadata extrinsic;
  TypeId runtime_type = 0;
  std::vector<RuntimeApiMetadata> apis;
  OuterEnums outer_enums;
  std::map<std::string, CustomValueMetadata> custom;
};

// RuntimeMetadataPrefixed: magic ‖ version index ‖ RuntimeMetadataV14 / V15.
Bytes encode_v14(const RuntimeMetadata& metadata);
Bytes encode_v15(const RuntimeMetadata& metadata);

// The versions encode_* can produce, for Metadata_metadata_versions.
inline const std::vector<uint32_t>& supported_metadata_versions() {
  static const std::vector<uint32_t> kVersions = {14, 15};
  return kVersions;
}

}  // namespace canary::rt::meta
