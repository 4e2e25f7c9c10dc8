// The extrinsic format v4 (sp-runtime generic::UncheckedExtrinsic): a length-prefixed byte
// string holding a version byte (4, with bit 7 set when signed), for signed ones the signer's
// address, the signature and the extensions' data, then the call. What is signed is
// call ‖ extra ‖ implicit, or its BLAKE2b-256 when longer than 256 bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt {

inline constexpr uint8_t kExtrinsicFormatVersion = 4;
inline constexpr uint8_t kSignedBit = 0x80;

template <class Call, class Extra>
struct UncheckedExtrinsic {
  struct SignaturePart {
    MultiAddress address;
    MultiSignature signature;
    Extra extra;
  };
  std::optional<SignaturePart> signature;
  Call function;

  bool is_signed() const { return signature.has_value(); }

  // UncheckedExtrinsic::get_dispatch_info: the call's, with the extensions' weight when signed.
  DispatchInfo dispatch_info() const {
    DispatchInfo info = function.info();
    if (signature) info.extension_weight = Extensions<Extra>::weight(signature->extra, function);
    return info;
  }

  // The bytes without the outer length prefix.
  Bytes encode_inner() const {
    scale::Encoder out;
    out.put_byte(kExtrinsicFormatVersion | (signature ? kSignedBit : 0));
    if (signature) {
      scale::encode_to(out, signature->address);
      scale::encode_to(out, signature->signature);
      scale::encode_to(out, signature->extra);
    }
    scale::encode_to(out, function);
    return std::move(out).take();
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, encode_inner());
  }

  void scale_decode(scale::Decoder& in) {
    const uint32_t length = scale::decode_compact<uint32_t>(in);
    if (!in.ok()) return;
    const size_t before = in.remaining();
    if (length > before) {
      in.fail(scale::DecodeError::kNotEnoughData);
      return;
    }
    const uint8_t version = in.read_byte();
    if (!in.ok()) return;
    if ((version & 0x7f) != kExtrinsicFormatVersion) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
      return;
    }
    signature.reset();
    if (version & kSignedBit) {
      SignaturePart part;
      scale::decode_from(in, part.address);
      scale::decode_from(in, part.signature);
      scale::decode_from(in, part.extra);
      if (!in.ok()) return;
      signature = std::move(part);
    }
    scale::decode_from(in, function);
    if (in.ok() && before - in.remaining() != length) {
      in.fail(scale::DecodeError::kTrailingBytes);  // the length prefix does not match
    }
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "generic", "unchecked_extrinsic", "UncheckedExtrinsic"});
    b.param<MultiAddress>("Address");
    b.param<Call>("Call");
    b.param<MultiSignature>("Signature");
    b.param<Extra>("Extra");
    b.typed_field<Bytes>(std::nullopt);
  }
};

// The bytes a signer signs: call ‖ extra ‖ implicit, hashed when longer than 256 bytes.
template <class Call, class Extra, class Implicit>
Bytes signing_payload(const Call& call, const Extra& extra, const Implicit& implicit) {
  // Room for any payload that is signed as it is (longer ones are hashed), so that encoding it
  // does not grow the vector step by step.
  scale::Encoder out(257);
  scale::encode_to(out, call);
  scale::encode_to(out, extra);
  scale::encode_to(out, implicit);
  Bytes payload = std::move(out).take();
  if (payload.size() > 256) {
    const Hash256 hash = io::hashing::blake2_256(payload);
    return Bytes(hash.begin(), hash.end());
  }
  return payload;
}

}  // namespace canary::rt
