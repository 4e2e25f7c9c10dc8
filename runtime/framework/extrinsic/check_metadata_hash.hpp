// The CheckMetadataHash extension (RFC-0078, frame-metadata-hash-extension): a signer may commit
// to the runtime's metadata digest (mode 1), so that an offline signer that showed the user a
// decoded transaction proves it decoded it with this runtime's metadata. With mode 0 nothing is
// added to the signed data; with mode 1 the runtime's digest, computed at build time, is.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "primitives/scale/decoder.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

struct MetadataHashMode {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_metadata_hash_extension", "Mode"});
    b.variant(0, "Disabled").variant(1, "Enabled");
  }
};

// T::metadata_hash(): the RFC-0078 digest the runtime was built with, if any. As
// frame-metadata-hash-extension: mode 1 in a runtime built without one is refused with
// Unknown(CannotLookup) (a signer cannot have meant "no hash"), and the implicit is
// Option<[u8; 32]>, so the signed data ends with 0x00 (mode 0) or 0x01 ‖ hash (mode 1).
template <class T>
struct CheckMetadataHash {
  static constexpr std::string_view kIdentifier = "CheckMetadataHash";
  using Implicit = std::optional<Hash256>;
  bool enabled = false;

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(enabled ? 1 : 0);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t mode = in.read_byte();
    if (in.ok() && mode > 1) in.fail(scale::DecodeError::kInvalidVariantIndex);
    enabled = mode == 1;
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_metadata_hash_extension", "CheckMetadataHash"});
    b.unused_param("T");
    b.typed_field<MetadataHashMode>("mode", "Mode");
  }
  Result<Implicit, TransactionValidityError> implicit() const {
    if (!enabled) return Implicit{};
    std::optional<Hash256> hash = T::metadata_hash();
    if (!hash) return unexpected(unknown(UnknownTransaction::Kind::kCannotLookup));
    return hash;
  }
};

}  // namespace canary::rt
