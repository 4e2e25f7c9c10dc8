#include "network/libp2p/varint.hpp"

#include <gtest/gtest.h>

namespace canary::network {
namespace {

TEST(Varint, EncodesTheSpecExamples) {
  // multiformats/unsigned-varint README examples.
  EXPECT_EQ(encode_varint(1), (Bytes{0x01}));
  EXPECT_EQ(encode_varint(127), (Bytes{0x7f}));
  EXPECT_EQ(encode_varint(128), (Bytes{0x80, 0x01}));
  EXPECT_EQ(encode_varint(255), (Bytes{0xff, 0x01}));
  EXPECT_EQ(encode_varint(300), (Bytes{0xac, 0x02}));
  EXPECT_EQ(encode_varint(16384), (Bytes{0x80, 0x80, 0x01}));
}

TEST(Varint, RoundTripsUpToSixtyThreeBits) {
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 65535ULL, (1ULL << 35) + 7, (1ULL << 63) - 1}) {
    const Bytes encoded = encode_varint(v);
    const VarintResult r = decode_varint(encoded);
    ASSERT_EQ(r.status, VarintStatus::kOk) << v;
    EXPECT_EQ(r.varint.value, v);
    EXPECT_EQ(r.varint.length, encoded.size());
  }
}

TEST(Varint, AsksForMoreBytesInsideAVarint) {
  EXPECT_EQ(decode_varint(Bytes{}).status, VarintStatus::kIncomplete);
  EXPECT_EQ(decode_varint(Bytes{0x80}).status, VarintStatus::kIncomplete);
  EXPECT_EQ(decode_varint(Bytes{0xff, 0xff}).status, VarintStatus::kIncomplete);
}

TEST(Varint, RefusesOverlongAndNonMinimalEncodings) {
  EXPECT_EQ(decode_varint(Bytes{0x81, 0x00}).status, VarintStatus::kInvalid);
  EXPECT_EQ(decode_varint(Bytes(9, 0xff)).status, VarintStatus::kInvalid);
  Bytes ten(9, 0x80);
  ten.push_back(0x01);
  EXPECT_EQ(decode_varint(ten).status, VarintStatus::kInvalid);
  // One byte of zero is the minimal encoding of 0.
  EXPECT_EQ(decode_varint(Bytes{0x00}).status, VarintStatus::kOk);
}

TEST(Varint, StopsAtTheEndOfTheFirstVarint) {
  const VarintResult r = decode_varint(Bytes{0xac, 0x02, 0x05});
  ASSERT_EQ(r.status, VarintStatus::kOk);
  EXPECT_EQ(r.varint.value, 300u);
  EXPECT_EQ(r.varint.length, 2u);
}

}  // namespace
}  // namespace canary::network
