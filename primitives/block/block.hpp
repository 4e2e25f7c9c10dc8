// A block as the runtime receives it in Core_execute_block (sp-runtime generic/block.rs): the
// header, then the extrinsics as a SCALE vector. Extrinsics are opaque here (OpaqueExtrinsic):
// each element is the extrinsic's bytes, encoded as a Vec<u8>, so the body's wire form is
// Compact(n) ‖ (Compact(len) ‖ bytes)*.
#pragma once

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

}  // namespace canary::block
