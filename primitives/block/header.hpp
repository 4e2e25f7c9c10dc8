// The relay-chain block header (sp-runtime generic/header.rs with u32 numbers and BLAKE2b-256):
// parent_hash ‖ Compact<u32> number ‖ state_root ‖ extrinsics_root ‖ digest. A block's hash is
// the BLAKE2b-256 of its encoded header.
#pragma once

#include <cstdint>

#include "primitives/block/digest.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::block {

using BlockNumber = uint32_t;
using BlockHash = Hash256;

struct Header {
  BlockHash parent_hash{};
  BlockNumber number = 0;
  Hash256 state_root{};
  Hash256 extrinsics_root{};
  Digest digest;

  bool operator==(const Header&) const = default;
  CANARY_SCALE_FIELDS(parent_hash, scale::compact(number), state_root, extrinsics_root, digest)
};

BlockHash hash_of(const Header& header);

// The root of an empty trie (BLAKE2b-256 of the empty node 0x00): the extrinsics root of a block
// without extrinsics, e.g. the genesis block.
inline constexpr Hash256 kEmptyTrieRoot = {
    0x03, 0x17, 0x0a, 0x2e, 0x75, 0x97, 0xb7, 0xb7, 0xe3, 0xd8, 0x4c, 0x05, 0x39, 0x1d, 0x13, 0x9a,
    0x62, 0xb1, 0x57, 0xe7, 0x87, 0x86, 0xd8, 0xc0, 0x82, 0xf2, 0x9d, 0xcf, 0x4c, 0x11, 0x13, 0x14};

// The genesis header: zero parent, number 0, the genesis state root, the empty extrinsics root
// and an empty digest (spec Definition "Genesis Header").
Header genesis_header(const Hash256& state_root);

}  // namespace canary::block
