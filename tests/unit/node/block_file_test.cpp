// Substrate's block files (export-blocks / import-blocks): both formats round-trip through the
// reader fed in chunks of any size; truncated, padded and malformed files are refused with the
// offending position.
#include "node/chain/block_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "primitives/scale/scale.hpp"

namespace canary::node {
namespace {

block::SignedBlock sample_block(uint32_t number, bool with_justification) {
  block::SignedBlock b;
  b.block.header.number = number;
  b.block.header.parent_hash[0] = static_cast<uint8_t>(number);
  b.block.header.state_root[31] = 0x5a;
  b.block.header.digest.push_back(
      block::DigestPreRuntime{block::kBabeEngineId, Bytes{1, 2, 3, static_cast<uint8_t>(number)}});
  b.block.extrinsics = {Bytes{0x04, 0x00}, Bytes(300, 0x7f)};
  if (with_justification) {
    // A proof containing characters JSON strings would have to escape, and braces.
    b.justifications = block::Justifications{{block::kGrandpaEngineId, Bytes{'{', '"', '\\', '}'}}};
  }
  return b;
}

Bytes file_of(const std::vector<block::SignedBlock>& blocks, BlockFileFormat format) {
  Bytes out;
  if (format == BlockFileFormat::kBinary) out = encode_block_count(blocks.size());
  for (const auto& b : blocks) {
    const Bytes one = encode_block_for_file(b, format);
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

Result<std::vector<block::SignedBlock>, std::string> read_all(ByteSpan file, BlockFileFormat format,
                                                              size_t chunk) {
  BlockFileReader reader(format);
  std::vector<block::SignedBlock> out;
  size_t fed = 0;
  while (!reader.done()) {
    auto next = reader.next();
    if (!next) return unexpected(next.error());
    if (*next) {
      out.push_back(std::move(**next));
      continue;
    }
    if (fed == file.size()) {
      reader.finish();
      continue;
    }
    const size_t n = std::min(chunk, file.size() - fed);
    reader.feed(file.subspan(fed, n));
    fed += n;
    if (fed == file.size()) reader.finish();
  }
  return out;
}

class BlockFileFormats : public ::testing::TestWithParam<BlockFileFormat> {};

TEST_P(BlockFileFormats, RoundTripsInChunksOfAnySize) {
  const std::vector<block::SignedBlock> blocks = {sample_block(1, false), sample_block(2, true),
                                                  sample_block(3, false)};
  const Bytes file = file_of(blocks, GetParam());
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{7}, size_t{100}, file.size()}) {
    auto read = read_all(file, GetParam(), chunk);
    ASSERT_TRUE(read) << read.error();
    EXPECT_EQ(*read, blocks) << "chunk " << chunk;
  }
}

TEST_P(BlockFileFormats, AnEmptyExportIsAnEmptyFile) {
  auto read = read_all(file_of({}, GetParam()), GetParam(), 5);
  ASSERT_TRUE(read) << read.error();
  EXPECT_TRUE(read->empty());
}

TEST_P(BlockFileFormats, ATruncatedFileIsRefused) {
  Bytes file = file_of({sample_block(1, true), sample_block(2, false)}, GetParam());
  file.resize(file.size() - 3);
  auto read = read_all(file, GetParam(), 64);
  ASSERT_FALSE(read);
}

INSTANTIATE_TEST_SUITE_P(Formats, BlockFileFormats,
                         ::testing::Values(BlockFileFormat::kJson, BlockFileFormat::kBinary));

TEST(BlockFile, JsonIsSubstratesSignedBlockObjectsBackToBack) {
  const Bytes file =
      file_of({sample_block(1, true), sample_block(2, false)}, BlockFileFormat::kJson);
  const std::string text(file.begin(), file.end());
  EXPECT_EQ(text.find("}{\"block\""), text.find("}{"));  // no separator between objects
  EXPECT_NE(text.find("\"justifications\":[[[70,82,78,75],[123,34,92,125]]]"), std::string::npos);
  EXPECT_NE(text.find("\"justifications\":null"), std::string::npos);
  EXPECT_NE(text.find("\"number\":\"0x2\""), std::string::npos);
  // Whitespace between objects (a hand-edited file) is fine.
  std::string spaced = text;
  spaced.insert(text.find("}{") + 1, "\n  \n");
  auto read = read_all(Bytes(spaced.begin(), spaced.end()), BlockFileFormat::kJson, 3);
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(read->size(), 2u);
}

TEST(BlockFile, BinaryStartsWithTheBlockCountAsU64) {
  const Bytes file = file_of({sample_block(1, false)}, BlockFileFormat::kBinary);
  ASSERT_GE(file.size(), 8u);
  EXPECT_EQ(Bytes(file.begin(), file.begin() + 8), (Bytes{1, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Bytes(file.begin() + 8, file.end()), scale::encode(sample_block(1, false)));
}

TEST(BlockFile, BinaryRefusesMissingAndExtraBlocks) {
  Bytes short_file = file_of({sample_block(1, false)}, BlockFileFormat::kBinary);
  short_file[0] = 2;  // announces two
  auto missing = read_all(short_file, BlockFileFormat::kBinary, 16);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("1 of its 2 blocks"), std::string::npos) << missing.error();
  Bytes long_file = file_of({sample_block(1, false)}, BlockFileFormat::kBinary);
  long_file.push_back(0);
  auto extra = read_all(long_file, BlockFileFormat::kBinary, 16);
  ASSERT_FALSE(extra);
}

// Endless input is refused without reading to its end: bytes after the announced blocks at
// once, one block past the limit when the limit is reached.
TEST(BlockFile, BinaryRefusesEndlessInputBeforeItsEnd) {
  Bytes file = file_of({sample_block(1, false)}, BlockFileFormat::kBinary);
  file.push_back(0);
  BlockFileReader extra(BlockFileFormat::kBinary);
  extra.feed(file);  // no finish(): the input goes on
  auto first = extra.next();
  ASSERT_TRUE(first && *first);
  auto after = extra.next();
  ASSERT_FALSE(after);
  EXPECT_NE(after.error().find("bytes after the 1 blocks"), std::string::npos) << after.error();

  BlockFileReader huge(BlockFileFormat::kBinary);
  huge.feed(encode_block_count(1));
  huge.feed(Bytes(97, 0));                     // parent hash, number 0, state and extrinsics roots
  huge.feed(Bytes{0x00, 0x20});                // no digest; 8 extrinsics
  const Bytes length{0xfe, 0xff, 0xff, 0x03};  // 16 Mi - 1 bytes each
  const Bytes body((size_t{1} << 24) - 1, 0);
  Result<std::optional<block::SignedBlock>, std::string> got = std::optional<block::SignedBlock>{};
  for (int i = 0; i < 8 && got && !*got; ++i) {
    huge.feed(length);
    huge.feed(body);
    got = huge.next();
  }
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("limit of 64 MiB"), std::string::npos) << got.error();
}

TEST(BlockFile, JsonErrorsNameTheByteOffset) {
  const std::string good = [] {
    const Bytes b = encode_block_for_file(sample_block(1, false), BlockFileFormat::kJson);
    return std::string(b.begin(), b.end());
  }();
  for (const std::string& bad :
       {good + "[1]", good + "{\"block\":1}", good + "{\"block\":{\"header\":{}}}", good + "}",
        good + "{\"unterminated\":\"}"}) {
    auto read = read_all(Bytes(bad.begin(), bad.end()), BlockFileFormat::kJson, 9);
    ASSERT_FALSE(read) << bad;
    EXPECT_NE(read.error().find("byte " + std::to_string(good.size())), std::string::npos)
        << read.error();
  }
}

}  // namespace
}  // namespace canary::node
