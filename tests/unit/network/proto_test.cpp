#include <gtest/gtest.h>

#include "network/proto/keys.pb.h"

namespace canary::network {
namespace {

// A PeerId hashes the PublicKey message's bytes, so its encoding must be the deterministic one:
// field 1 (varint type) then field 2 (length-delimited key). libp2p specs, peer-ids: the ed25519
// key envelope starts 08 01 12 20.
TEST(NetworkProto, PublicKeyEncodingIsTheOneAPeerIdHashes) {
  proto::PublicKey key;
  key.set_type(proto::Ed25519);
  key.set_data(std::string(32, '\x11'));
  const std::string bytes = key.SerializeAsString();
  ASSERT_EQ(bytes.size(), 36u);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0x08);
  EXPECT_EQ(static_cast<uint8_t>(bytes[1]), 0x01);
  EXPECT_EQ(static_cast<uint8_t>(bytes[2]), 0x12);
  EXPECT_EQ(static_cast<uint8_t>(bytes[3]), 0x20);
  proto::PublicKey parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.data(), key.data());
}

}  // namespace
}  // namespace canary::network
