// `/sync/2` messages.
//  - A real request: smoldot's regression_2833 (lib/network/codec/block_request.rs), the bytes a
//    Substrate node sent (header + justification of #2186221, one block, multiple
//    justifications); polkadot-sdk's prost encoder gives the same bytes as ours (field order,
//    defaults omitted), so it must re-encode identically.
//  - smoldot's regression_2339 (a truncated field) must be refused, not crash.
//  - Responses: the layout written out by hand from api.v1.proto, with Kusama block #1's real
//    header and smoldot's real GRANDPA justification (real_vectors.hpp) as opaque bytes.
#include "network/protocols/block_request.hpp"

#include <gtest/gtest.h>

#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/network/real_vectors.hpp"

namespace canary::network {
namespace {

using testing::kusama_block_one;

Bytes hex(std::string_view text) {
  return testing::hex_bytes(text);
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(BlockRequest, RealRequestFromASubstrateNode) {
  // 08 80808088 01: fields = 0x11000000 (header | justification in the top byte);
  // 1a 04 ed5b2100: number = 2186221 as u32 LE; 30 01: max_blocks 1; 38 01: multiple.
  const Bytes real = {8, 128, 128, 128, 136, 1, 26, 4, 237, 91, 33, 0, 48, 1, 56, 1};
  auto request = decode_block_request(real);
  ASSERT_TRUE(request) << to_string(request.error());
  EXPECT_EQ(request->fields.bits, BlockAttributes::kHeader | BlockAttributes::kJustification);
  EXPECT_EQ(request->from, BlockId{block::BlockNumber{2186221}});
  EXPECT_EQ(request->direction, Direction::kAscending);
  EXPECT_EQ(request->max_blocks, 1u);
  EXPECT_TRUE(request->support_multiple_justifications);
  EXPECT_EQ(encode_block_request(*request), real);
}

TEST(BlockRequest, HashStartDescendingLayout) {
  BlockRequest request;
  request.fields.bits = BlockAttributes::kHeader | BlockAttributes::kBody;
  request.from = block::hash_of(kusama_block_one());
  request.direction = Direction::kDescending;
  request.max_blocks = 64;
  request.support_multiple_justifications = false;
  const Bytes encoded = encode_block_request(request);
  // 08 80808018 (0x03000000) ‖ 12 20 hash ‖ 28 01 ‖ 30 40; false is omitted.
  EXPECT_EQ(to_hex(encoded, false),
            "0880808018"
            "1220cd9b8e2fc2f57c4570a86319b005832080e0c478ab41ae5d44e23705872f5ad3"
            "2801"
            "3040");
  EXPECT_EQ(decode_block_request(encoded).value(), request);
}

TEST(BlockRequest, SubstrateLeniencyOnStartBytes) {
  // Substrate SCALE-decodes the start from the front of the bytes: extra bytes are ignored
  // (an 8-byte u64 number below 2^32 works), missing ones refuse the request.
  BlockRequest request;
  request.from = block::BlockNumber{5};
  Bytes eight = hex("1a080500000000000000");  // number: 05 00 00 00 00 00 00 00
  EXPECT_EQ(decode_block_request(eight).value().from, BlockId{block::BlockNumber{5}});
  EXPECT_EQ(decode_block_request(hex("1a03050000")).error(), ProtocolError::kInvalidBlockNumber);
  EXPECT_EQ(decode_block_request(hex("1a00")).error(), ProtocolError::kInvalidBlockNumber);
  Bytes long_hash = hex("1221" + std::string(64, 'a') + "ff");
  EXPECT_EQ(std::get<block::BlockHash>(decode_block_request(long_hash).value().from)[31], 0xaa);
  EXPECT_EQ(decode_block_request(hex("121f" + std::string(62, 'a'))).error(),
            ProtocolError::kInvalidBlockHash);
}

TEST(BlockRequest, RefusesBadRequests) {
  // smoldot regression_2339: field 3 promising 10 bytes that are not there.
  EXPECT_EQ(decode_block_request(Bytes{26, 10}).error(), ProtocolError::kMalformedProtobuf);
  EXPECT_EQ(decode_block_request(hex("")).error(), ProtocolError::kMissingStartBlock);
  // Direction 2.
  EXPECT_EQ(decode_block_request(hex("1a04000000002802")).error(),
            ProtocolError::kInvalidDirection);
  // Attribute bit 6 (0x40 << 24); the low 24 bits are ignored as from_be_u32 does.
  EXPECT_EQ(decode_block_request(hex("0880808080041a0400000000")).error(),
            ProtocolError::kUnknownBlockAttributes);
  auto low_bits = decode_block_request(hex("08ff011a0400000000"));
  ASSERT_TRUE(low_bits);
  EXPECT_EQ(low_bits->fields.bits, 0);
  EXPECT_EQ(decode_block_request(Bytes(kMaxBlockRequestSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

// A protobuf length-delimited field with a one-byte tag.
Bytes field(uint8_t tag, const Bytes& payload) {
  Bytes out{tag};
  size_t n = payload.size();
  while (n >= 0x80) {
    out.push_back(static_cast<uint8_t>(n | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<uint8_t>(n));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

TEST(BlockResponse, HandWrittenLayoutWithRealHeaderAndJustification) {
  const block::Header header = kusama_block_one();
  const block::BlockHash hash = block::hash_of(header);
  const Bytes justification = hex(testing::kRealJustificationHex);
  const Bytes timestamp = hex("0402000b903cd8c38801");  // an extrinsic, without its prefix

  BlockData data;
  data.hash = hash;
  data.header = header;
  data.body = {timestamp};
  data.justifications = block::Justifications{{block::kGrandpaEngineId, justification}};
  const BlockResponse response{{data}};

  // BlockData: 0a hash ‖ 12 header ‖ 1a (Compact(len) ‖ extrinsic) ‖ 42 Justifications.
  const Bytes inner =
      cat({field(0x0a, Bytes(hash.begin(), hash.end())), field(0x12, scale::encode(header)),
           field(0x1a, block::encode_opaque_extrinsic(timestamp)),
           field(0x42, cat({hex("04"), hex("46524e4b"), scale::encode(justification)}))});
  const Bytes expected = field(0x0a, inner);
  EXPECT_EQ(encode_block_response(response), expected);
  EXPECT_EQ(encoded_block_data_size(data), expected.size());
  auto decoded = decode_block_response(expected);
  ASSERT_TRUE(decoded) << to_string(decoded.error());
  EXPECT_EQ(*decoded, response);
}

TEST(BlockResponse, SingleJustificationAndEmptyFlag) {
  BlockData data;
  data.hash.fill(0x11);
  data.justification = Bytes{};  // present but empty: is_empty_justification
  BlockData other;
  other.hash.fill(0x22);
  other.justification = Bytes{9, 9};
  other.indexed_body = {Bytes{1}, Bytes{}};
  const BlockResponse response{{data, other}};
  const Bytes encoded = encode_block_response(response);
  const Bytes first = field(0x0a, cat({field(0x0a, Bytes(32, 0x11)), hex("3801")}));
  const Bytes second = field(0x0a, cat({field(0x0a, Bytes(32, 0x22)), field(0x32, Bytes{9, 9}),
                                        field(0x4a, Bytes{1}), field(0x4a, Bytes{})}));
  EXPECT_EQ(encoded, cat({first, second}));
  EXPECT_EQ(encoded_block_data_size(data) + encoded_block_data_size(other), encoded.size());
  EXPECT_EQ(decode_block_response(encoded).value(), response);
  // Bytes win over the flag (sc-network-sync blocks_from_schema).
  const Bytes both =
      field(0x0a, cat({field(0x0a, Bytes(32, 1)), field(0x32, Bytes{5}), hex("3801")}));
  EXPECT_EQ(decode_block_response(both).value().blocks[0].justification, Bytes{5});
  EXPECT_EQ(decode_block_response(Bytes{}).value(), BlockResponse{});
}

TEST(BlockResponse, RefusesBadResponses) {
  const Bytes hash = field(0x0a, Bytes(32, 1));
  EXPECT_EQ(decode_block_response(field(0x0a, field(0x0a, Bytes(31, 1)))).error(),
            ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_block_response(field(0x0a, Bytes{})).error(), ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_block_response(field(0x0a, cat({hash, field(0x12, Bytes{1, 2, 3})}))).error(),
            ProtocolError::kInvalidHeader);
  // A body item that is not exactly Compact(len) ‖ len bytes.
  EXPECT_EQ(decode_block_response(field(0x0a, cat({hash, field(0x1a, Bytes{0x08, 1})}))).error(),
            ProtocolError::kInvalidBody);
  EXPECT_EQ(decode_block_response(field(0x0a, cat({hash, field(0x1a, Bytes{0x04, 1, 2})}))).error(),
            ProtocolError::kInvalidBody);
  EXPECT_EQ(decode_block_response(field(0x0a, cat({hash, field(0x42, Bytes{0x04, 1})}))).error(),
            ProtocolError::kInvalidJustifications);
  // 16383 justifications promised by a few bytes: refused before anything is reserved.
  EXPECT_EQ(
      decode_block_response(field(0x0a, cat({hash, field(0x42, Bytes{0xfd, 0xff, 0, 0})}))).error(),
      ProtocolError::kInvalidJustifications);
  EXPECT_EQ(decode_block_response(Bytes{0x0a, 0x05, 0x0a}).error(),
            ProtocolError::kMalformedProtobuf);
  EXPECT_EQ(decode_block_response(Bytes(kMaxBlockResponseSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
  // Every truncation of a valid response is refused or yields fewer complete blocks, never a
  // crash (protobuf cannot always tell a cut between fields from the end).
  BlockData data;
  data.hash.fill(3);
  data.header = kusama_block_one();
  data.body = {Bytes{1, 2, 3}};
  const Bytes encoded = encode_block_response(BlockResponse{{data, data}});
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    auto partial = decode_block_response(ByteSpan(encoded).first(cut));
    if (partial) EXPECT_LT(partial->blocks.size(), 2u) << cut;
  }
}

}  // namespace
}  // namespace canary::network
