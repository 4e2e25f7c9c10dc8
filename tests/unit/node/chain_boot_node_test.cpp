// The default boot node of build-spec: libp2p peer ids of ed25519 node keys.
#include <gtest/gtest.h>

#include <fstream>

#include "node/chain/boot_node.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

ByteArray<32> key_one() {
  ByteArray<32> key{};
  key[31] = 1;
  return key;
}

// The node key of Substrate's private-network tutorial (`--node-key 00…01`) and the peer id every
// Substrate node prints for it.
TEST(ChainBootNode, PeerIdOfAKnownNodeKey) {
  EXPECT_EQ(peer_id_of_node_key(key_one()), "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp");
  EXPECT_EQ(local_boot_node(key_one()),
            "/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp");
}

TEST(ChainBootNode, ParseNodeKey) {
  auto key = parse_node_key("0000000000000000000000000000000000000000000000000000000000000001");
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, key_one());
  EXPECT_TRUE(parse_node_key("0x0000000000000000000000000000000000000000000000000000000000000001"));
  EXPECT_FALSE(parse_node_key("01"));
  EXPECT_FALSE(parse_node_key("zz00000000000000000000000000000000000000000000000000000000000001"));
}

TEST(ChainBootNode, NodeKeyFiles) {
  state::testing::TempDir dir;
  auto missing = read_node_key_file(dir.sub("secret_ed25519"));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);

  std::string raw(32, '\0');
  raw[31] = 1;
  std::ofstream(dir.sub("raw"), std::ios::binary) << raw;
  auto from_raw = read_node_key_file(dir.sub("raw"));
  ASSERT_TRUE(from_raw);
  ASSERT_TRUE(*from_raw);
  EXPECT_EQ(**from_raw, key_one());

  std::ofstream(dir.sub("hex"))
      << "0000000000000000000000000000000000000000000000000000000000000001\n";
  auto from_hex_file = read_node_key_file(dir.sub("hex"));
  ASSERT_TRUE(from_hex_file);
  ASSERT_TRUE(*from_hex_file);
  EXPECT_EQ(**from_hex_file, key_one());

  std::ofstream(dir.sub("bad")) << "not a key";
  EXPECT_FALSE(read_node_key_file(dir.sub("bad")));
}

TEST(ChainBootNode, RandomKeysDiffer) {
  auto a = random_node_key();
  auto b = random_node_key();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(peer_id_of_node_key(*a).substr(0, 8), "12D3KooW");
}

}  // namespace
}  // namespace canary::node
