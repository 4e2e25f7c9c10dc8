// Values runtime APIs pass that belong to no pallet: sp_core's OpaqueMetadata, sp_runtime's
// OpaqueValue (an undecoded key-ownership proof) and ExtrinsicInclusionMode, sp_genesis_builder's
// PresetId. Each is a C++ type of
// its own so that a method's signature alone says what the metadata calls it (framework/
// runtime_api/method.hpp); on the wire the opaque ones are byte vectors and the mode one byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::runtime_api {

// Metadata_metadata's answer: the encoded metadata (sp_core::OpaqueMetadata).
struct OpaqueMetadata {
  Bytes bytes;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, bytes);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, bytes); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "OpaqueMetadata"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};

// A key-ownership proof the runtime does not look into (sp_runtime::OpaqueValue; BABE's and
// GRANDPA's `OpaqueKeyOwnershipProof`).
struct OpaqueKeyOwnershipProof {
  Bytes bytes;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, bytes);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, bytes); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "OpaqueValue"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};

// GenesisBuilder_get_preset's argument (sp_genesis_builder::PresetId, a RuntimeString): any bytes,
// as a Rust runtime decodes it (no UTF-8 check: an id that is not UTF-8 names no preset rather
// than being bad input), while the metadata says `str` (method.hpp: `DescribedAs`).
struct PresetId {
  Bytes bytes;
  using DescribedAs = std::string;

  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, bytes);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, bytes); }
};

// Core_initialize_block's answer since Core v5 (sp_runtime::ExtrinsicInclusionMode).
enum class ExtrinsicInclusionMode : uint8_t {
  kAllExtrinsics = 0,
  kOnlyInherents = 1,
};
inline bool scale_is_valid(ExtrinsicInclusionMode mode) {
  return static_cast<uint8_t>(mode) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const ExtrinsicInclusionMode* /*unused*/) {
  b.path({"sp_runtime", "ExtrinsicInclusionMode"});
  b.variant(0, "AllExtrinsics").variant(1, "OnlyInherents");
}

}  // namespace canary::rt::runtime_api
