#include "network/protocols/block_request.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "network/proto/sync.pb.h"
#include "network/protocols/protobuf_util.hpp"
#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::network {

namespace pb = protobuf_util;

namespace {

// BlockAttributes::to_be_u32 / from_be_u32: the attribute byte is the most significant byte.
constexpr unsigned kFieldsShift = 24;

// All of the bytes, as Substrate's downloader (decode_all). The count is checked against the
// bytes left first: the generic decoder cannot know that an element takes at least 5 bytes (engine
// id and a length) and would reserve room for one per remaining byte.
std::optional<block::Justifications> decode_justifications(ByteSpan bytes) {
  constexpr size_t kMinJustificationSize = 4 + 1;
  scale::Decoder in(bytes);
  const size_t count = scale::decode_length(in);
  if (!in.ok() || count > in.remaining() / kMinJustificationSize) return std::nullopt;
  block::Justifications out;
  out.reserve(count);
  for (size_t i = 0; i < count && in.ok(); ++i) scale::decode_from(in, out.emplace_back());
  if (!in.ok() || in.remaining() != 0) return std::nullopt;
  return out;
}

proto::BlockData to_proto(const BlockData& block) {
  proto::BlockData out;
  out.set_hash(pb::to_string(block.hash));
  if (block.header) out.set_header(pb::to_string(scale::encode(*block.header)));
  for (const Bytes& extrinsic : block.body) {
    out.add_body(pb::to_string(block::encode_opaque_extrinsic(extrinsic)));
  }
  if (block.justification) {
    if (block.justification->empty()) {
      out.set_is_empty_justification(true);
    } else {
      out.set_justification(pb::to_string(*block.justification));
    }
  }
  if (block.justifications) {
    out.set_justifications(pb::to_string(scale::encode(*block.justifications)));
  }
  for (const Bytes& transaction : block.indexed_body) {
    out.add_indexed_body(pb::to_string(transaction));
  }
  return out;
}

Result<BlockData, ProtocolError> from_proto(const proto::BlockData& in) {
  BlockData block;
  if (in.hash().size() != block.hash.size()) return unexpected(ProtocolError::kInvalidBlockHash);
  std::copy(in.hash().begin(), in.hash().end(), block.hash.begin());
  // An absent header and an empty one are the same bytes in proto3; a header is never empty.
  if (!in.header().empty()) {
    auto header = scale::decode<block::Header>(pb::as_span(in.header()));
    if (!header) return unexpected(ProtocolError::kInvalidHeader);
    block.header = std::move(*header);
  }
  block.body.reserve(static_cast<size_t>(in.body_size()));
  for (const std::string& item : in.body()) {
    auto extrinsic = block::opaque_extrinsic_bytes(pb::as_span(item));
    if (!extrinsic) return unexpected(ProtocolError::kInvalidBody);
    block.body.emplace_back(extrinsic->begin(), extrinsic->end());
  }
  // sc-network-sync blocks_from_schema: bytes win over the flag; the flag alone is an empty one.
  if (!in.justification().empty()) {
    block.justification = pb::to_bytes(in.justification());
  } else if (in.is_empty_justification()) {
    block.justification = Bytes{};
  }
  if (!in.justifications().empty()) {
    auto justifications = decode_justifications(pb::as_span(in.justifications()));
    if (!justifications) return unexpected(ProtocolError::kInvalidJustifications);
    block.justifications = std::move(*justifications);
  }
  block.indexed_body.reserve(static_cast<size_t>(in.indexed_body_size()));
  for (const std::string& item : in.indexed_body())
    block.indexed_body.push_back(pb::to_bytes(item));
  return block;
}

}  // namespace

Bytes encode_block_request(const BlockRequest& request) {
  proto::BlockRequest out;
  out.set_fields(static_cast<uint32_t>(request.fields.bits) << kFieldsShift);
  if (const auto* hash = std::get_if<block::BlockHash>(&request.from)) {
    out.set_hash(pb::to_string(*hash));
  } else {
    out.set_number(pb::to_string(scale::encode(std::get<block::BlockNumber>(request.from))));
  }
  out.set_direction(request.direction == Direction::kDescending ? proto::Descending
                                                                : proto::Ascending);
  out.set_max_blocks(request.max_blocks);
  out.set_support_multiple_justifications(request.support_multiple_justifications);
  return pb::serialize(out);
}

Result<BlockRequest, ProtocolError> decode_block_request(ByteSpan bytes) {
  if (bytes.size() > kMaxBlockRequestSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::BlockRequest in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  BlockRequest request;
  switch (in.from_block_case()) {
    case proto::BlockRequest::kHash: {
      block::BlockHash hash{};
      if (in.hash().size() < hash.size()) return unexpected(ProtocolError::kInvalidBlockHash);
      std::copy_n(in.hash().begin(), hash.size(), hash.begin());
      request.from = hash;
      break;
    }
    case proto::BlockRequest::kNumber: {
      scale::Decoder number(pb::as_span(in.number()));
      const auto value = scale::decode_next<block::BlockNumber>(number);
      if (!number.ok()) return unexpected(ProtocolError::kInvalidBlockNumber);
      request.from = value;
      break;
    }
    case proto::BlockRequest::FROM_BLOCK_NOT_SET:
      return unexpected(ProtocolError::kMissingStartBlock);
  }
  switch (static_cast<int>(in.direction())) {
    case proto::Ascending:
      request.direction = Direction::kAscending;
      break;
    case proto::Descending:
      request.direction = Direction::kDescending;
      break;
    default:
      return unexpected(ProtocolError::kInvalidDirection);
  }
  const auto attributes = static_cast<uint8_t>(in.fields() >> kFieldsShift);
  if ((attributes & ~BlockAttributes::kKnownBits) != 0) {
    return unexpected(ProtocolError::kUnknownBlockAttributes);
  }
  request.fields.bits = attributes;
  request.max_blocks = in.max_blocks();
  request.support_multiple_justifications = in.support_multiple_justifications();
  return request;
}

Bytes encode_block_response(const BlockResponse& response) {
  proto::BlockResponse out;
  for (const BlockData& block : response.blocks) *out.add_blocks() = to_proto(block);
  return pb::serialize(out);
}

Result<BlockResponse, ProtocolError> decode_block_response(ByteSpan bytes) {
  if (bytes.size() > kMaxBlockResponseSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::BlockResponse in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  BlockResponse response;
  response.blocks.reserve(static_cast<size_t>(in.blocks_size()));
  for (const proto::BlockData& block : in.blocks()) {
    CANARY_TRY_ASSIGN(auto decoded, from_proto(block));
    response.blocks.push_back(std::move(decoded));
  }
  return response;
}

size_t encoded_block_data_size(const BlockData& block) {
  using pb::length_delimited_field_size;
  size_t size = length_delimited_field_size(block.hash.size());
  if (block.header) size += length_delimited_field_size(scale::encoded_size(*block.header));
  for (const Bytes& extrinsic : block.body) {
    size += length_delimited_field_size(scale::compact_size(extrinsic.size()) + extrinsic.size());
  }
  if (block.justification) {
    // An empty justification is the bool is_empty_justification: tag and one byte.
    size +=
        block.justification->empty() ? 2 : length_delimited_field_size(block.justification->size());
  }
  if (block.justifications) {
    size += length_delimited_field_size(scale::encoded_size(*block.justifications));
  }
  for (const Bytes& transaction : block.indexed_body) {
    size += length_delimited_field_size(transaction.size());
  }
  return length_delimited_field_size(size);
}

}  // namespace canary::network
