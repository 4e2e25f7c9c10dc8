// A block as the runtime receives it in Core_execute_block (sp-runtime generic/block.rs): the
// header, then the extrinsics as a SCALE vector. Extrinsics are opaque here (OpaqueExtrinsic):
// each element is the extrinsic's bytes, encoded as a Vec<u8>, so the body's wire form is
// Compact(n) ‖ (Compact(len) ‖ bytes)*.
#pragma once

#include <optional>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::block {

struct Block {
  Header header;
  std::vector<Bytes> extrinsics;

  bool operator==(const Block&) const = default;
  CANARY_SCALE_FIELDS(header, extrinsics)
};

// One extrinsic as clients, the pool and the network hand it around: its bytes as an opaque
// extrinsic encodes them (Compact(len) ‖ bytes), e.g. author_submitExtrinsic's parameter.
inline Bytes encode_opaque_extrinsic(ByteSpan extrinsic) {
  scale::Encoder out(extrinsic.size() + 5);
  scale::encode_compact(out, extrinsic.size());
  out.put_bytes(extrinsic);
  return std::move(out).take();
}

// The bytes inside exactly one opaque extrinsic (Block::extrinsics' form), or none when `encoded`
// is not one length prefix followed by that many bytes.
inline std::optional<ByteSpan> opaque_extrinsic_bytes(ByteSpan encoded) {
  scale::Decoder in(encoded);
  const size_t length = scale::decode_length(in);
  if (!in.ok() || in.remaining() != length) return std::nullopt;
  return encoded.subspan(encoded.size() - length);
}

}  // namespace canary::block
