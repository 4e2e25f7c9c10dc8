// Block header encoding against real blocks from ../shared/fixtures/blocks.
#include "primitives/block/header.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::block {
namespace {

nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/blocks/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

TEST(BlockHeader, RealHeadersRoundTrip) {
  for (const char* name : {"child-trie-read-basic.json", "child-trie-create-one.json"}) {
    auto fixture = load_fixture(name);
    Bytes encoded = from_hex(fixture["block"]["header"].get<std::string>()).value();
    auto header = scale::decode<Header>(encoded);
    ASSERT_TRUE(header.has_value()) << name << ": " << scale::to_string(header.error());
    EXPECT_EQ(scale::encode(*header), encoded) << name;
    EXPECT_GT(header->number, 0u);
    // Truncation anywhere is an error, never a partial header.
    for (size_t cut = 0; cut < encoded.size(); cut += 7) {
      EXPECT_FALSE(scale::decode<Header>(ByteSpan(encoded).first(cut)).has_value());
    }
  }
}

// A block's encoding is the header, then the body as a vector of length-prefixed extrinsics: the
// fixtures' body elements are those encoded extrinsics.
TEST(Block, RealBlocksEncodeAsHeaderThenBody) {
  for (const char* name : {"child-trie-read-basic.json", "child-trie-create-one.json"}) {
    auto fixture = load_fixture(name);
    Bytes expected = from_hex(fixture["block"]["header"].get<std::string>()).value();
    const auto& body = fixture["block"]["body"];
    scale::Encoder count;
    scale::encode_to(count, scale::Compact<uint32_t>{static_cast<uint32_t>(body.size())});
    const Bytes prefix = std::move(count).take();
    expected.insert(expected.end(), prefix.begin(), prefix.end());
    for (const auto& extrinsic : body) {
      const Bytes encoded = from_hex(extrinsic.get<std::string>()).value();
      expected.insert(expected.end(), encoded.begin(), encoded.end());
    }
    auto block = scale::decode<Block>(expected);
    ASSERT_TRUE(block.has_value()) << name << ": " << scale::to_string(block.error());
    EXPECT_EQ(block->extrinsics.size(), body.size());
    EXPECT_EQ(scale::encode(*block), expected) << name;
  }
}

TEST(BlockHeader, DigestItemsRoundTrip) {
  Header h;
  h.number = 7472481;
  h.digest.push_back(DigestPreRuntime{kBabeEngineId, {2, 0x8c, 0, 0, 0}});
  h.digest.push_back(DigestConsensus{kGrandpaEngineId, {3}});
  h.digest.push_back(DigestOther{{1, 2, 3}});
  h.digest.push_back(DigestRuntimeEnvironmentUpdated{});
  h.digest.push_back(DigestSeal{kBabeEngineId, Bytes(64, 0xab)});
  Bytes encoded = scale::encode(h);
  // number 7472481 = 0x720561: four-byte compact mode, (n << 2) | 0b10 little-endian.
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(32, 4)), "0x8615c801");
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(100, 1)), "0x14");        // five digest items
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(101, 4)), "0x06424142");  // PreRuntime "BAB..."
  auto back = scale::decode<Header>(encoded);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
  EXPECT_NE(hash_of(*back), hash_of(genesis_header({})));
}

TEST(BlockHeader, GenesisHeaderLayout) {
  Hash256 root{};
  root.fill(0x11);
  Bytes encoded = scale::encode(genesis_header(root));
  ASSERT_EQ(encoded.size(), 98u);
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(32, 1)), "0x00");
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(33, 32)), to_hex(root));
  EXPECT_EQ(to_hex(ByteSpan(encoded).subspan(65, 32)),
            "0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314");
  EXPECT_EQ(encoded.back(), 0x00);
}

TEST(BlockHeader, UnknownDigestItemIsRejected) {
  // Index 2 (the removed ChangesTrieRoot) is not a digest item any more.
  Bytes encoded = scale::encode(genesis_header({}));
  encoded.back() = 0x04;  // one item
  encoded.push_back(0x02);
  EXPECT_EQ(scale::decode<Header>(encoded).error(), scale::DecodeError::kInvalidVariantIndex);
}

}  // namespace
}  // namespace canary::block
