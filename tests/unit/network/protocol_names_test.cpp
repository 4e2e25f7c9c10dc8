// Protocol names and the roles handshake, against the names polkadot-sdk derives for Kusama
// (genesis b0a8…dafe, chain spec protocolId "ksmcc3": ../shared/fixtures/chain-specs/kusama.json)
// and the role bytes of sc-network's Roles / smoldot's Role::scale_encoding.
#include "network/protocols/protocol_names.hpp"

#include <gtest/gtest.h>

#include "network/protocols/roles.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network {
namespace {

constexpr std::string_view kKusamaGenesis =
    "0xb0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe";

TEST(ProtocolNames, KusamaNamesAndFallbacks) {
  const auto genesis = from_hex_fixed<32>(kKusamaGenesis).value();
  const ProtocolNames names = protocol_names(genesis, "ksmcc3");
  const std::string g = "/b0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe";
  EXPECT_EQ(names.block_announces,
            (ProtocolName{g + "/block-announces/1", "/ksmcc3/block-announces/1"}));
  EXPECT_EQ(names.sync, (ProtocolName{g + "/sync/2", "/ksmcc3/sync/2"}));
  EXPECT_EQ(names.state, (ProtocolName{g + "/state/2", "/ksmcc3/state/2"}));
  EXPECT_EQ(names.light, (ProtocolName{g + "/light/2", "/ksmcc3/light/2"}));
  EXPECT_EQ(names.warp_sync, (ProtocolName{g + "/sync/warp", "/ksmcc3/sync/warp"}));
  EXPECT_EQ(names.transactions, (ProtocolName{g + "/transactions/1", "/ksmcc3/transactions/1"}));
  // GRANDPA's legacy name is fixed, not derived from the protocol id.
  EXPECT_EQ(names.grandpa, (ProtocolName{g + "/grandpa/1", "/paritytech/grandpa/1"}));
  EXPECT_EQ(names.kademlia, (ProtocolName{g + "/kad", "/ksmcc3/kad"}));
}

TEST(ProtocolNames, ForkIdFollowsTheGenesisHash) {
  block::BlockHash genesis{};
  genesis[0] = 0xAB;  // upper-case input bytes still print lower case
  const ProtocolNames names = protocol_names(genesis, "dot", "fork1");
  const std::string g = "/ab" + std::string(62, '0') + "/fork1";
  EXPECT_EQ(names.sync.name, g + "/sync/2");
  EXPECT_EQ(names.sync.fallback, "/dot/sync/2");  // the fallback ignores the fork id
  EXPECT_EQ(names.grandpa.name, g + "/grandpa/1");
  EXPECT_EQ(names.kademlia.name, g + "/kad");
}

TEST(Roles, HandshakeBytes) {
  // smoldot Role::scale_encoding: Full 0b1, Light 0b10, Authority 0b100.
  EXPECT_EQ(encode_roles_handshake(Roles{Roles::kFull}), Bytes{0x01});
  EXPECT_EQ(encode_roles_handshake(Roles{Roles::kLight}), Bytes{0x02});
  EXPECT_EQ(encode_roles_handshake(Roles{Roles::kAuthority}), Bytes{0x04});
  for (uint8_t byte = 0; byte < 8; ++byte) {
    auto roles = decode_roles_handshake(Bytes{byte});
    ASSERT_TRUE(roles) << int{byte};
    EXPECT_EQ(roles->bits, byte);
  }
  EXPECT_TRUE(Roles{Roles::kAuthority}.is_authority());
  EXPECT_TRUE(Roles{Roles::kAuthority}.is_full());
  EXPECT_FALSE(Roles{Roles::kAuthority | Roles::kFull}.is_authority());
  EXPECT_TRUE(Roles{Roles::kLight}.is_light());
  EXPECT_TRUE(Roles{0}.is_light());
}

TEST(Roles, HandshakeRefusesUnknownBitsAndOtherLengths) {
  EXPECT_EQ(decode_roles_handshake(Bytes{0x08}).error(), ProtocolError::kInvalidRoles);
  EXPECT_EQ(decode_roles_handshake(Bytes{0x80}).error(), ProtocolError::kInvalidRoles);
  EXPECT_EQ(decode_roles_handshake(Bytes{}).error(), ProtocolError::kTruncated);
  EXPECT_EQ(decode_roles_handshake(Bytes{0x01, 0x00}).error(), ProtocolError::kTrailingBytes);
}

}  // namespace
}  // namespace canary::network
