// `/block-announces/1`: the handshake and the announcement against real bytes.
//  - Handshake: LimeChain/Fruzhin's BlockAnnounceHandshakeScaleReaderTest vector (another
//    implementation's encoding: authority, best #77, best 0x01…, genesis 0x02…), and a Kusama
//    handshake written out by hand from BlockAnnouncesHandshake's derived encoding.
//  - Announcement: Kusama block #1's real header (real_vectors.hpp), in the layout
//    polkadot-sdk and smoldot send: header ‖ state ‖ Compact(len) ‖ data.
#include "network/protocols/block_announces.hpp"

#include <gtest/gtest.h>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/network/real_vectors.hpp"

namespace canary::network {
namespace {

using testing::hex_bytes;
using testing::kKusamaBlockOneHashHex;
using testing::kKusamaGenesisHex;

Bytes hex(std::string_view text) {
  return hex_bytes(text);
}

Bytes kusama_block_one() {
  return testing::kusama_block_one_bytes();
}

constexpr std::string_view kKusamaGenesis = kKusamaGenesisHex;
constexpr std::string_view kKusamaBlockOne = kKusamaBlockOneHashHex;

TEST(BlockAnnouncesHandshake, FruzhinVector) {
  const Bytes bytes =
      hex("044d000000"
          "0100000000000000000000000000000000000000000000000000000000000000"
          "0200000000000000000000000000000000000000000000000000000000000000");
  auto handshake = decode_block_announces_handshake(bytes);
  ASSERT_TRUE(handshake) << to_string(handshake.error());
  EXPECT_EQ(handshake->roles, Roles{Roles::kAuthority});
  EXPECT_EQ(handshake->best_number, 77u);
  EXPECT_EQ(handshake->best_hash[0], 1);
  EXPECT_EQ(handshake->genesis_hash[0], 2);
  EXPECT_EQ(encode_block_announces_handshake(*handshake), bytes);
}

TEST(BlockAnnouncesHandshake, KusamaLayout) {
  BlockAnnouncesHandshake handshake;
  handshake.roles = Roles{Roles::kFull};
  handshake.best_number = 0x01020304;
  handshake.best_hash = from_hex_fixed<32>(kKusamaBlockOne).value();
  handshake.genesis_hash = from_hex_fixed<32>(kKusamaGenesis).value();
  const Bytes encoded = encode_block_announces_handshake(handshake);
  // roles ‖ u32 LE (not compact) ‖ best ‖ genesis.
  EXPECT_EQ(to_hex(encoded, false),
            "01"
            "04030201" +
                std::string(kKusamaBlockOne) + std::string(kKusamaGenesis));
  EXPECT_EQ(decode_block_announces_handshake(encoded).value(), handshake);
}

TEST(BlockAnnouncesHandshake, RefusesBadInput) {
  Bytes good = encode_block_announces_handshake(BlockAnnouncesHandshake{});
  ASSERT_EQ(good.size(), kBlockAnnouncesHandshakeSize);
  for (size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_EQ(decode_block_announces_handshake(ByteSpan(good).first(cut)).error(),
              ProtocolError::kTruncated);
  }
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(decode_block_announces_handshake(longer).error(), ProtocolError::kTrailingBytes);
  good[0] = 0x09;  // full + an unknown bit
  EXPECT_EQ(decode_block_announces_handshake(good).error(), ProtocolError::kInvalidRoles);
}

TEST(BlockAnnounce, RealKusamaHeaderAsSubstrateSendsIt) {
  const Bytes header = kusama_block_one();
  // header ‖ Best ‖ Compact(0): what smoldot's encode_block_announce and polkadot-sdk (data
  // Some(empty) on the relay chain) send for a new best block.
  Bytes bytes = header;
  bytes.push_back(0x01);
  bytes.push_back(0x00);
  auto announce = decode_block_announce(bytes);
  ASSERT_TRUE(announce) << to_string(announce.error());
  EXPECT_EQ(to_hex(block::hash_of(announce->header), false), kKusamaBlockOne);
  EXPECT_EQ(announce->header.number, 1u);
  EXPECT_EQ(announce->state, BlockState::kBest);
  EXPECT_EQ(announce->data, Bytes{});
  EXPECT_EQ(encode_block_announce(*announce), bytes);

  // With data: Compact(3) ‖ 3 bytes.
  Bytes with_data = header;
  for (uint8_t b : {0x00, 0x0c, 0xaa, 0xbb, 0xcc}) with_data.push_back(b);
  auto normal = decode_block_announce(with_data);
  ASSERT_TRUE(normal) << to_string(normal.error());
  EXPECT_EQ(normal->state, BlockState::kNormal);
  EXPECT_EQ(normal->data, (Bytes{0xaa, 0xbb, 0xcc}));
  EXPECT_EQ(encode_block_announce(*normal), with_data);
}

TEST(BlockAnnounce, OptionalPartsOfProtocolV3) {
  const Bytes header = kusama_block_one();
  // The header alone, and the header with a state but no data, are valid announcements.
  auto bare = decode_block_announce(header);
  ASSERT_TRUE(bare) << to_string(bare.error());
  EXPECT_FALSE(bare->state);
  EXPECT_FALSE(bare->data);
  EXPECT_EQ(encode_block_announce(*bare), header);
  Bytes with_state = header;
  with_state.push_back(0x00);
  auto stated = decode_block_announce(with_state);
  ASSERT_TRUE(stated);
  EXPECT_EQ(stated->state, BlockState::kNormal);
  EXPECT_FALSE(stated->data);
  EXPECT_EQ(encode_block_announce(*stated), with_state);
  // Data without a state goes out with Normal in front of it, the only decodable reading.
  BlockAnnounce data_only{bare->header, std::nullopt, Bytes{1}};
  auto reread = decode_block_announce(encode_block_announce(data_only));
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->state, BlockState::kNormal);
  EXPECT_EQ(reread->data, Bytes{1});
}

TEST(BlockAnnounce, RefusesBadInput) {
  const Bytes header = kusama_block_one();
  // Every cut inside the header is refused; a cut at its end is a bare announcement.
  for (size_t cut = 0; cut < header.size(); ++cut) {
    EXPECT_FALSE(decode_block_announce(ByteSpan(header).first(cut))) << cut;
  }
  Bytes bad_state = header;
  bad_state.push_back(0x02);
  EXPECT_EQ(decode_block_announce(bad_state).error(), ProtocolError::kInvalidBlockState);
  Bytes short_data = header;
  for (uint8_t b : {0x01, 0x0c, 0xaa}) short_data.push_back(b);  // promises 3 bytes, has 1
  EXPECT_EQ(decode_block_announce(short_data).error(), ProtocolError::kTruncated);
  Bytes trailing = header;
  for (uint8_t b : {0x01, 0x00, 0x00}) trailing.push_back(b);
  EXPECT_EQ(decode_block_announce(trailing).error(), ProtocolError::kTrailingBytes);
  Bytes huge(kMaxBlockAnnounceSize + 1, 0);
  EXPECT_EQ(decode_block_announce(huge).error(), ProtocolError::kMessageTooLarge);
}

}  // namespace
}  // namespace canary::network
