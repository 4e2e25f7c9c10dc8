// The node's libp2p key: --node-key, --node-key-file, and the key file created on first start.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "node/chain/boot_node.hpp"
#include "node/chain/node_key.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

namespace fs = std::filesystem;

ByteArray<32> key_one() {
  ByteArray<32> key{};
  key[31] = 1;
  return key;
}

TEST(ChainNodeKey, CreatedOnFirstStartThenKept) {
  state::testing::TempDir dir;
  const BasePath base(dir.sub("base"));
  const auto first = resolve_node_key(std::nullopt, std::nullopt, base, "dev").value();
  const fs::path file = base.network_dir("dev") / "secret_ed25519";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::file_size(file), 32u);
  struct stat info{};
  ASSERT_EQ(stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(resolve_node_key(std::nullopt, std::nullopt, base, "dev").value(), first);
  // Another chain, another key.
  EXPECT_NE(resolve_node_key(std::nullopt, std::nullopt, base, "local").value(), first);
}

TEST(ChainNodeKey, CommandLineKeyWins) {
  state::testing::TempDir dir;
  const BasePath base(dir.sub("base"));
  const std::string hex(63, '0');
  EXPECT_EQ(resolve_node_key(hex + "1", std::string(dir.sub("file")), base, "dev").value(),
            key_one());
  EXPECT_FALSE(fs::exists(base.network_dir("dev")));
  EXPECT_FALSE(fs::exists(dir.sub("file")));
  EXPECT_FALSE(resolve_node_key(std::string("12"), std::nullopt, base, "dev"));
}

TEST(ChainNodeKey, KeyFileRawHexOrCreated) {
  state::testing::TempDir dir;
  const BasePath base(dir.sub("base"));
  {
    std::ofstream(dir.sub("hex")) << std::string(63, '0') << "1\n";
  }
  EXPECT_EQ(resolve_node_key(std::nullopt, std::string(dir.sub("hex")), base, "dev").value(),
            key_one());
  {
    std::ofstream raw(dir.sub("raw"), std::ios::binary);
    const ByteArray<32> key = key_one();
    raw.write(reinterpret_cast<const char*>(key.data()), 32);
  }
  EXPECT_EQ(resolve_node_key(std::nullopt, std::string(dir.sub("raw")), base, "dev").value(),
            key_one());
  // Missing: created (as sc-network does), in a directory made for it.
  const std::string created = dir.sub("new/dir/key");
  const auto key = resolve_node_key(std::nullopt, created, base, "dev").value();
  EXPECT_EQ(read_node_key_file(created).value(), key);
  {
    std::ofstream(dir.sub("bad")) << "not a key";
  }
  EXPECT_FALSE(resolve_node_key(std::nullopt, std::string(dir.sub("bad")), base, "dev"));
  EXPECT_FALSE(resolve_node_key(std::nullopt, std::string(), base, "dev"));
}

}  // namespace
}  // namespace canary::node
