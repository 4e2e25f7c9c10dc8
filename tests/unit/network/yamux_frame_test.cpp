#include "network/libp2p/yamux_frame.hpp"

#include <gtest/gtest.h>

#include <array>

namespace canary::network {
namespace {

using HeaderBytes = std::array<uint8_t, kYamuxHeaderSize>;

HeaderBytes encode(const YamuxHeader& header) {
  HeaderBytes out;
  encode_yamux_header(header, out);
  return out;
}

TEST(YamuxFrame, EncodesTheSpecLayoutBigEndian) {
  // Version 0, type, 16-bit flags, 32-bit stream id, 32-bit length, all big-endian.
  EXPECT_EQ(encode({YamuxFrameType::kData, kYamuxSyn, 1, 5}),
            (HeaderBytes{0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05}));
  EXPECT_EQ(encode({YamuxFrameType::kWindowUpdate, kYamuxAck | kYamuxFin, 0x01020304, 0x00040000}),
            (HeaderBytes{0x00, 0x01, 0x00, 0x06, 0x01, 0x02, 0x03, 0x04, 0x00, 0x04, 0x00, 0x00}));
  EXPECT_EQ(encode({YamuxFrameType::kPing, kYamuxAck, 0, 0xdeadbeef}),
            (HeaderBytes{0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(encode({YamuxFrameType::kGoAway, 0, 0, 1}),
            (HeaderBytes{0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}));
  EXPECT_EQ(encode({YamuxFrameType::kWindowUpdate, kYamuxRst, 0xfffffffe, 0}),
            (HeaderBytes{0x00, 0x01, 0x00, 0x08, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x00}));
}

TEST(YamuxFrame, DecodesWhatItEncodes) {
  for (const YamuxHeader& header : {
           YamuxHeader{YamuxFrameType::kData, 0, 7, 0},
           YamuxHeader{YamuxFrameType::kData, kYamuxFin, 0xffffffff, 0xffffffff},
           YamuxHeader{YamuxFrameType::kWindowUpdate, kYamuxSyn, 2, kYamuxInitialWindow},
           YamuxHeader{YamuxFrameType::kPing, kYamuxSyn, 0, 42},
           YamuxHeader{YamuxFrameType::kGoAway, 0, 0, 2},
           // Unknown flag bits travel unchanged: the session ignores them.
           YamuxHeader{YamuxFrameType::kData, 0xfff0, 3, 1},
       }) {
    const HeaderBytes bytes = encode(header);
    auto decoded = decode_yamux_header(bytes);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, header);
  }
}

TEST(YamuxFrame, AppendsAfterExistingBytes) {
  Bytes out{0xaa};
  append_yamux_header(out, {YamuxFrameType::kData, kYamuxSyn, 1, 5});
  EXPECT_EQ(out, (Bytes{0xaa, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 5}));
}

TEST(YamuxFrame, RefusesOtherVersionsAndTypes) {
  HeaderBytes bytes = encode({YamuxFrameType::kData, 0, 1, 0});
  bytes[0] = 1;
  auto bad_version = decode_yamux_header(bytes);
  ASSERT_FALSE(bad_version);
  EXPECT_EQ(bad_version.error(), YamuxHeaderError::kBadVersion);

  bytes[0] = 0;
  bytes[1] = 4;
  auto bad_type = decode_yamux_header(bytes);
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error(), YamuxHeaderError::kBadType);

  bytes[1] = 0xff;
  EXPECT_FALSE(decode_yamux_header(bytes));
}

}  // namespace
}  // namespace canary::network
