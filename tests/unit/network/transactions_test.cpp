// `/transactions/1` notifications with real extrinsics (real_vectors.hpp: the timestamp inherent
// and a signed contract call of a smoldot test-chain block), and the Justifications wire layout.
#include "network/protocols/transactions.hpp"

#include <gtest/gtest.h>

#include "primitives/block/block.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/network/real_vectors.hpp"

namespace canary::network {
namespace {

Bytes hex(std::string_view text) {
  return testing::hex_bytes(text);
}

const std::string kTimestamp(testing::kTimestampExtrinsicHex);
const std::string kSignedCall(testing::kSignedExtrinsicHex);

TEST(Transactions, RealExtrinsics) {
  // Compact(2) ‖ the two opaque extrinsics as the block body holds them.
  const Bytes bytes = hex("08" + kTimestamp + kSignedCall);
  auto extrinsics = decode_transactions(bytes);
  ASSERT_TRUE(extrinsics) << to_string(extrinsics.error());
  ASSERT_EQ(extrinsics->size(), 2u);
  // Held without their length prefix: re-prefixed, they are the body's items.
  EXPECT_EQ(block::encode_opaque_extrinsic((*extrinsics)[0]), hex(kTimestamp));
  EXPECT_EQ(block::encode_opaque_extrinsic((*extrinsics)[1]), hex(kSignedCall));
  EXPECT_EQ((*extrinsics)[0].size(), 10u);
  EXPECT_EQ(encode_transactions(*extrinsics), bytes);
}

TEST(Transactions, RefusesBadInput) {
  const Bytes bytes = hex("08" + kTimestamp + kSignedCall);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(decode_transactions(ByteSpan(bytes).first(cut))) << cut;
  }
  Bytes trailing = bytes;
  trailing.push_back(0);
  EXPECT_EQ(decode_transactions(trailing).error(), ProtocolError::kTrailingBytes);
  // A count no input could hold is refused before anything is reserved.
  EXPECT_EQ(decode_transactions(hex("fdff")).error(), ProtocolError::kTruncated);
  EXPECT_EQ(decode_transactions(Bytes(kMaxTransactionsSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
  EXPECT_EQ(decode_transactions(hex("00")).value(), std::vector<Bytes>{});
}

// The Justifications of BlockData.justifications (primitives/block/signed_block.hpp), as the
// sync protocol carries them: Vec<([u8; 4], Vec<u8>)>.
TEST(Justifications, WireLayout) {
  const block::Justifications justifications{{block::kGrandpaEngineId, Bytes{1, 2}},
                                             {block::kBeefyEngineId, Bytes{}}};
  const Bytes encoded = scale::encode(justifications);
  // Compact(2) ‖ "FRNK" Compact(2) 0102 ‖ "BEEF" Compact(0).
  EXPECT_EQ(to_hex(encoded, false),
            "08"
            "46524e4b"
            "080102"
            "42454546"
            "00");
  EXPECT_EQ(scale::decode<block::Justifications>(encoded).value(), justifications);
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    EXPECT_FALSE(scale::decode<block::Justifications>(ByteSpan(encoded).first(cut))) << cut;
  }
}

}  // namespace
}  // namespace canary::network
