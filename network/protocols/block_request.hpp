// `/<genesis>/sync/2`, the block request protocol (polkadot-sdk sc-network-sync
// block_request_handler.rs and schema/api.v1.proto; network/proto/sync.proto): a request names a
// start block (hash, or number on the best chain), a direction, a count and the parts wanted;
// the response lists the blocks with those parts.
//
// These are the typed forms, checked the way polkadot-sdk checks them:
//  - the attributes travel as `fields`, big-endian (the BlockAttributes byte in the top byte);
//    unknown bits refuse the request (BlockAttributes::from_be_u32), the low 24 bits are ignored;
//  - the start hash and number are SCALE read from the front of the bytes (H256, u32): shorter
//    bytes refuse the request, bytes after them are ignored, as Substrate's `Decode::decode` does;
//  - a direction other than 0/1 refuses the request; max_blocks 0 means "the server's maximum".
// Responses (what a syncing client receives) are checked strictly: 32-byte hashes, headers that
// decode, body items that are exactly one length-prefixed extrinsic, Justifications that decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "network/protocols/protocol_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// sc-network MAX_RESPONSE_SIZE, and the sync protocol's request limit (generate_protocol_config).
inline constexpr size_t kMaxBlockRequestSize = 1024 * 1024;
inline constexpr size_t kMaxBlockResponseSize = 16 * 1024 * 1024;

// sc-network-common BlockAttributes (a bitflags u8).
struct BlockAttributes {
  static constexpr uint8_t kHeader = 0b00000001;
  static constexpr uint8_t kBody = 0b00000010;
  static constexpr uint8_t kReceipt = 0b00000100;
  static constexpr uint8_t kMessageQueue = 0b00001000;
  static constexpr uint8_t kJustification = 0b00010000;
  static constexpr uint8_t kIndexedBody = 0b00100000;
  static constexpr uint8_t kKnownBits = 0b00111111;

  uint8_t bits = 0;

  bool has(uint8_t attribute) const { return (bits & attribute) == attribute; }
  bool operator==(const BlockAttributes&) const = default;
};

enum class Direction : uint8_t {
  kAscending = 0,   // the start block, then the best chain's blocks above it by number
  kDescending = 1,  // the start block, then its ancestors by parent hash, down to genesis
};

using BlockId = std::variant<block::BlockHash, block::BlockNumber>;

struct BlockRequest {
  BlockAttributes fields;
  BlockId from = block::BlockNumber{0};
  Direction direction = Direction::kAscending;
  uint32_t max_blocks = 0;  // 0: no limit requested (the server applies its own)
  // The requester understands BlockData::justifications (every maintained implementation does).
  bool support_multiple_justifications = true;

  bool operator==(const BlockRequest&) const = default;
};

struct BlockData {
  block::BlockHash hash{};
  std::optional<block::Header> header;
  // The extrinsics, each without its length prefix (on the wire each item is the opaque
  // extrinsic's SCALE encoding, Compact(len) ‖ bytes). Empty when not requested.
  std::vector<Bytes> body;
  // GRANDPA's justification for requesters without support_multiple_justifications; an empty
  // one travels as is_empty_justification.
  std::optional<Bytes> justification;
  std::optional<block::Justifications> justifications;  // SCALE on the wire
  std::vector<Bytes> indexed_body;

  bool operator==(const BlockData&) const = default;
};

struct BlockResponse {
  std::vector<BlockData> blocks;

  bool operator==(const BlockResponse&) const = default;
};

Bytes encode_block_request(const BlockRequest& request);
Result<BlockRequest, ProtocolError> decode_block_request(ByteSpan bytes);

Bytes encode_block_response(const BlockResponse& response);
Result<BlockResponse, ProtocolError> decode_block_response(ByteSpan bytes);

// The bytes `block` adds to an encoded BlockResponse (its field-1 tag, length and message), so a
// server can keep a response under a size limit without encoding it twice.
size_t encoded_block_data_size(const BlockData& block);

}  // namespace canary::network
