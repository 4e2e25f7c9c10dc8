// Chain specs' `codeSubstitutes` (sc-service's WasmSubstitutes): a substitute replaces the
// on-chain runtime whose spec_version it has, on the states of its block and later ones, and
// nowhere else; code that is not a runtime, or two substitutes for one runtime, are refused.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "blockchain/runtime_host.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_code.hpp"
#include "state/overlay/trie_backend.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"

namespace canary::blockchain {
namespace {

#ifdef CANARY_RUNTIME_BLOB
// The dev runtime with a custom section appended: other code (another hash), the same runtime
// and version.
Bytes same_runtime_other_code(std::string_view tag) {
  auto wasm = executor::uncompress_code(testing::canary_runtime_blob());
  EXPECT_TRUE(wasm);
  Bytes out = wasm ? std::move(*wasm) : Bytes{};
  const std::string name = "canary-substitute-test";
  Bytes section{static_cast<uint8_t>(name.size())};
  section.insert(section.end(), name.begin(), name.end());
  section.insert(section.end(), tag.begin(), tag.end());
  out.push_back(0);  // a custom section
  out.push_back(static_cast<uint8_t>(section.size()));
  out.insert(out.end(), section.begin(), section.end());
  return out;
}

class CodeSubstitutes : public ::testing::Test {
 protected:
  Hash256 runtime_at(std::optional<uint64_t> block) {
    auto runtime = host_.runtime_at(onchain_, block);
    EXPECT_TRUE(runtime) << runtime.error().message();
    return runtime ? (*runtime)->code_hash() : Hash256{};
  }

  RuntimeHost host_{RuntimeHostConfig{.compiled = false}};
  executor::RuntimeCode onchain_ =
      executor::make_runtime_code(testing::canary_runtime_blob(), std::nullopt);
};

TEST_F(CodeSubstitutes, ReplaceTheirRuntimeFromTheirBlockOn) {
  const Bytes other = same_runtime_other_code("a");
  const Hash256 other_hash = executor::make_runtime_code(other, std::nullopt).hash;
  ASSERT_NE(other_hash, onchain_.hash);
  ASSERT_TRUE(host_.set_code_substitutes({{10, other}}));

  EXPECT_EQ(runtime_at(std::nullopt), onchain_.hash);
  EXPECT_EQ(runtime_at(0), onchain_.hash);
  EXPECT_EQ(runtime_at(9), onchain_.hash);
  EXPECT_EQ(runtime_at(10), other_hash);
  EXPECT_EQ(runtime_at(1'000'000), other_hash);

  // Without substitutes, the chain's own code everywhere.
  ASSERT_TRUE(host_.set_code_substitutes({}));
  EXPECT_EQ(runtime_at(10), onchain_.hash);
}

TEST_F(CodeSubstitutes, SessionsOnAStateOfALaterBlockRunTheSubstitute) {
  auto genesis = testing::dev_genesis(host_);
  ASSERT_TRUE(genesis) << genesis.error().message();
  const Bytes other = same_runtime_other_code("b");
  ASSERT_TRUE(host_.set_code_substitutes({{3, other}}));
  state::TrieBackend backend(genesis->header.state_root, genesis->nodes);
  auto before = host_.runtime_of(backend, 2);
  auto after = host_.runtime_of(backend, 3);
  ASSERT_TRUE(before && after);
  EXPECT_NE((*before)->code_hash(), (*after)->code_hash());
  EXPECT_EQ((*after)->code_hash(), executor::make_runtime_code(other, std::nullopt).hash);
}

TEST_F(CodeSubstitutes, CodeThatIsNotARuntimeIsRefused) {
  auto refused = host_.set_code_substitutes({{5, to_bytes("not wasm")}});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("block 5"), std::string::npos) << refused.error().detail;
  // Nothing was set: the chain's own runtime.
  EXPECT_EQ(runtime_at(5), onchain_.hash);
}

TEST_F(CodeSubstitutes, TwoSubstitutesOfOneRuntimeVersionAreRefused) {
  auto refused = host_.set_code_substitutes(
      {{5, same_runtime_other_code("c")}, {9, same_runtime_other_code("d")}});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("spec_version"), std::string::npos)
      << refused.error().detail;
}
#endif

}  // namespace
}  // namespace canary::blockchain
