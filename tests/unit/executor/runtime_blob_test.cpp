// Runtime blobs: zstd-wrapped code, custom sections, embedded versions, and real genesis runtimes.
#include "executor/runtime_blob.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "tests/unit/executor/executor_test_support.hpp"

namespace canary::executor {
namespace {

void append_leb(Bytes& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v != 0 ? (b | 0x80) : b);
  } while (v != 0);
}

Bytes custom_section(std::string_view name, ByteSpan payload) {
  Bytes body;
  append_leb(body, static_cast<uint32_t>(name.size()));
  body.insert(body.end(), name.begin(), name.end());
  body.insert(body.end(), payload.begin(), payload.end());
  Bytes section{0x00};
  append_leb(section, static_cast<uint32_t>(body.size()));
  section.insert(section.end(), body.begin(), body.end());
  return section;
}

const Bytes kWasmHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

TEST(RuntimeBlob, UncompressedCodePassesThrough) {
  auto out = uncompress_code(kWasmHeader);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, kWasmHeader);
}

TEST(RuntimeBlob, ZstdCodeRoundTrips) {
  Bytes wasm = kWasmHeader;
  for (int i = 0; i < 100000; ++i) wasm.push_back(static_cast<uint8_t>(i * 7));
  // Frames with and without their content size in the header (one-shot and streamed encoders).
  for (const Bytes& code : {testing::zstd_code(wasm), testing::zstd_streamed_code(wasm)}) {
    EXPECT_TRUE(is_compressed_code(code));
    auto out = uncompress_code(code);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(*out, wasm);
  }
}

TEST(RuntimeBlob, CorruptAndTruncatedFramesAreErrors) {
  for (const Bytes& code :
       {testing::zstd_code(Bytes(5000, 0x42)), testing::zstd_streamed_code(Bytes(5000, 0x42))}) {
    Bytes truncated(code.begin(), code.end() - 3);
    EXPECT_EQ(uncompress_code(truncated).error(), BlobError::kBadCompression);
  }
  Bytes garbage(kZstdCodePrefix.begin(), kZstdCodePrefix.end());
  garbage.insert(garbage.end(), {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(uncompress_code(garbage).error(), BlobError::kBadCompression);
}

TEST(RuntimeBlob, DecompressionBombIsRefused) {
  // 64 MiB of zeros compress to a few KiB; the limit is 50 MiB. A one-shot frame declares its
  // size (refused from the header); a streamed one is refused when the output passes the limit.
  Bytes zeros(size_t{64} << 20, 0);
  for (const Bytes& code : {testing::zstd_code(zeros), testing::zstd_streamed_code(zeros)}) {
    ASSERT_LT(code.size(), size_t{1} << 20);
    EXPECT_EQ(uncompress_code(code).error(), BlobError::kDecompressionBomb);
  }
  // Exactly at the limit is fine, either way.
  Bytes at_limit(kCodeBombLimit, 0);
  EXPECT_EQ(uncompress_code(testing::zstd_code(at_limit)).value().size(), kCodeBombLimit);
  EXPECT_EQ(uncompress_code(testing::zstd_streamed_code(at_limit)).value().size(), kCodeBombLimit);
  // One byte past it is not.
  Bytes past_limit(kCodeBombLimit + 1, 0);
  EXPECT_EQ(uncompress_code(testing::zstd_streamed_code(past_limit)).error(),
            BlobError::kDecompressionBomb);
}

TEST(RuntimeBlob, EmbeddedVersionFromCustomSections) {
  runtime::RuntimeVersion v;
  v.spec_name = "canary";
  v.impl_name = "canary-node";
  v.authoring_version = 1;
  v.spec_version = 1'000;
  v.transaction_version = 3;
  v.system_version = 1;
  Bytes version_bytes = runtime::encode(v);  // apis empty, as sp-version embeds it
  Bytes apis;
  auto add_api = [&apis](const runtime::ApiId& id, uint32_t version) {
    apis.insert(apis.end(), id.begin(), id.end());
    for (int i = 0; i < 4; ++i) apis.push_back(static_cast<uint8_t>(version >> (8 * i)));
  };
  add_api(runtime::kCoreApiId, 5);
  add_api(runtime::api_id("Metadata"), 2);

  Bytes wasm = kWasmHeader;
  Bytes a = custom_section("runtime_apis", apis);
  Bytes b = custom_section("runtime_version", version_bytes);
  wasm.insert(wasm.end(), a.begin(), a.end());
  wasm.insert(wasm.end(), b.begin(), b.end());

  auto read = read_embedded_version(wasm);
  ASSERT_TRUE(read.has_value());
  ASSERT_TRUE(read->has_value());
  const auto& got = **read;
  EXPECT_EQ(got.spec_name, "canary");
  EXPECT_EQ(got.spec_version, 1000u);
  EXPECT_EQ(got.transaction_version, 3u);
  EXPECT_EQ(got.state_version(), 1);
  EXPECT_EQ(got.api_version(runtime::kCoreApiId), 5u);
  EXPECT_EQ(got.api_version(runtime::api_id("Metadata")), 2u);
  EXPECT_EQ(to_hex(runtime::api_id("Core")), "0xdf6acb689907609b");

  // Without a runtime_version section there is no embedded version.
  auto none = read_embedded_version(kWasmHeader);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST(RuntimeBlob, OlderCoreVersionsDecodeWithDefaults) {
  // Core v2: no transaction_version, no system_version.
  runtime::RuntimeVersion v;
  v.spec_name = "kusama";
  v.impl_name = "parity-kusama";
  v.spec_version = 1020;
  scale::Encoder out;
  scale::encode_to(out, v.spec_name);
  scale::encode_to(out, v.impl_name);
  scale::encode_to(out, v.authoring_version);
  scale::encode_to(out, v.spec_version);
  scale::encode_to(out, v.impl_version);
  scale::encode_to(out, std::vector<std::pair<runtime::ApiId, uint32_t>>{{runtime::kCoreApiId, 2}});
  auto decoded = runtime::decode_runtime_version(out.bytes());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->transaction_version, 1u);
  EXPECT_EQ(decoded->system_version, 0);
  Bytes trailing = out.bytes();
  trailing.push_back(0);
  EXPECT_FALSE(runtime::decode_runtime_version(trailing).has_value());
}

TEST(RuntimeBlob, MalformedModulesAreErrors) {
  EXPECT_EQ(find_custom_section(Bytes{1, 2, 3}, "x").error(), BlobError::kNotWasm);
  Bytes wasm = kWasmHeader;
  wasm.insert(wasm.end(), {0x00, 0x7f, 0x01});  // section claims 127 bytes
  EXPECT_EQ(find_custom_section(wasm, "x").error(), BlobError::kMalformedWasm);
  Bytes bad_name = kWasmHeader;
  bad_name.insert(bad_name.end(), {0x00, 0x02, 0x05, 0x61});  // name longer than the section
  EXPECT_EQ(find_custom_section(bad_name, "x").error(), BlobError::kMalformedWasm);
  Bytes bad_leb = kWasmHeader;
  bad_leb.insert(bad_leb.end(), {0x00, 0xff, 0xff, 0xff, 0xff, 0x7f});
  EXPECT_EQ(find_custom_section(bad_leb, "x").error(), BlobError::kMalformedWasm);
}

TEST(RuntimeBlob, RealGenesisRuntimesHaveNoEmbeddedVersion) {
  // Kusama's and Westend's genesis runtimes predate the custom sections (only Core_version tells).
  for (const char* file : {"kusama.json", "westend.json"}) {
    std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/" + file);
    std::stringstream text;
    text << in.rdbuf();
    auto spec = state::parse_chain_spec(text.str());
    ASSERT_TRUE(spec.has_value()) << file;
    auto code = spec->top.find(to_bytes(":code"));
    ASSERT_NE(code, spec->top.end());
    auto wasm = uncompress_code(code->second);
    ASSERT_TRUE(wasm.has_value());
    auto version = read_embedded_version(*wasm);
    ASSERT_TRUE(version.has_value()) << file << ": " << to_string(version.error());
    EXPECT_FALSE(version->has_value()) << file;
  }
}

}  // namespace
}  // namespace canary::executor
