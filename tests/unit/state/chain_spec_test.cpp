// Chain specs: both raw layouts, errors, and the genesis of real chains (../shared/fixtures).
#include "state/chain_spec/chain_spec.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "primitives/block/header.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::state {
namespace {

std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RealChain {
  const char* file;
  const char* name;
  size_t keys;
  const char* state_root;
  const char* genesis_hash;
};

TEST(ChainSpec, RealChainsReproduceTheirGenesisHash) {
  const RealChain chains[] = {
      {"chain-specs/kusama.json", "Kusama", 3419,
       "0xb0006203c3a6e6bd2c6a17b1d4ae8ca49a31da0f4579da950b127774b44aef6b",
       "0xb0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe"},
      {"chain-specs/westend.json", "Westend", 93,
       "0x7e92439a94f79671f9cade9dff96a094519b9001a7432244d46ab644bb6f746f",
       "0xe143f23803ac50e8f6f8e62695d1ce9e4e1d68aa36c1cd2cfd15340213f3423e"},
  };
  for (const auto& chain : chains) {
    std::string text = read_fixture(chain.file);
    ASSERT_FALSE(text.empty()) << "missing fixture " << chain.file;
    auto spec = parse_chain_spec(text);
    ASSERT_TRUE(spec.has_value()) << chain.file << ": " << spec.error().message();
    EXPECT_EQ(spec->name, chain.name);
    EXPECT_EQ(spec->key_count(), chain.keys);
    Hash256 root = genesis_state_root(*spec, StateVersion::kV0);
    EXPECT_EQ(to_hex(root), chain.state_root) << chain.file;
    EXPECT_EQ(to_hex(block::hash_of(block::genesis_header(root))), chain.genesis_hash);
  }
}

TEST(ChainSpec, ReadsIdentityFields) {
  auto spec = parse_chain_spec(read_fixture("chain-specs/kusama.json"));
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->id, "ksmcc3");
  EXPECT_EQ(spec->chain_type, "Live");
  ASSERT_TRUE(spec->protocol_id.has_value());
  EXPECT_EQ(*spec->protocol_id, "ksmcc3");
  EXPECT_FALSE(spec->boot_nodes.empty());
  EXPECT_NE(spec->properties_json.find("\"tokenSymbol\":\"KSM\""), std::string::npos);
  EXPECT_EQ(spec->bad_blocks.size(), 2u);
}

constexpr const char* kModernLayout = R"({
  "name": "Test", "id": "test", "chainType": "Development",
  "genesis": {"raw": {
    "top": {"0x3a636f6465": "0x0061736d", "0x0102": "0x0304"},
    "childrenDefault": {"0xaabb": {"0x01": "0x02"}}
  }}
})";

// The same state in the old layout: [top, children] with prefixed child keys and wrapped data.
constexpr const char* kLegacyLayout = R"({
  "name": "Test", "id": "test",
  "genesis": {"raw": [
    {"0x3a636f6465": "0x0061736d", "0x0102": "0x0304"},
    {"0x3a6368696c645f73746f726167653a64656661756c743aaabb": {"data": {"0x01": "0x02"}, "child_type": 1}}
  ]}
})";

TEST(ChainSpec, BothRawLayoutsGiveTheSameGenesis) {
  auto modern = parse_chain_spec(kModernLayout);
  auto legacy = parse_chain_spec(kLegacyLayout);
  ASSERT_TRUE(modern.has_value()) << modern.error().message();
  ASSERT_TRUE(legacy.has_value()) << legacy.error().message();
  EXPECT_EQ(modern->chain_type, "Development");
  EXPECT_EQ(legacy->chain_type, "Live");
  EXPECT_EQ(modern->top, legacy->top);
  EXPECT_EQ(modern->children_default, legacy->children_default);
  EXPECT_EQ(modern->key_count(), 3u);
  for (StateVersion v : {StateVersion::kV0, StateVersion::kV1}) {
    EXPECT_EQ(genesis_state_root(*modern, v), genesis_state_root(*legacy, v));
  }
}

TEST(ChainSpec, ChildRootsEnterTheMainTrie) {
  auto spec = parse_chain_spec(kModernLayout).value();
  std::vector<std::pair<Bytes, Bytes>> child = {{Bytes{0x01}, Bytes{0x02}}};
  Hash256 child_root = trie_root(child, StateVersion::kV0);
  std::vector<std::pair<Bytes, Bytes>> top(spec.top.begin(), spec.top.end());
  top.emplace_back(default_child_root_key(Bytes{0xaa, 0xbb}),
                   Bytes(child_root.begin(), child_root.end()));
  std::sort(top.begin(), top.end());
  EXPECT_EQ(genesis_state_root(spec, StateVersion::kV0), trie_root(top, StateVersion::kV0));
}

TEST(ChainSpec, ErrorsAreClear) {
  using Kind = ChainSpecError::Kind;
  struct Case {
    const char* json;
    Kind kind;
  };
  const Case cases[] = {
      {"{", Kind::kInvalidJson},
      {"[]", Kind::kInvalidJson},
      {R"({"id": "x", "genesis": {"raw": {"top": {}}}})", Kind::kMissingField},
      {R"({"name": "x", "id": "x"})", Kind::kMissingField},
      {R"({"name": "x", "id": "x", "genesis": {"runtimeGenesis": {}}})", Kind::kNoRawGenesis},
      {R"({"name": "x", "id": "x", "genesis": {"raw": {"top": {"0xzz": "0x00"}}}})",
       Kind::kInvalidField},
      {R"({"name": "x", "id": "x", "genesis": {"raw": {"top": {"0x00": 5}}}})",
       Kind::kInvalidField},
      {R"({"name": "x", "id": "x", "genesis": {"raw": {"top": {"0x00": "0x0"}}}})",
       Kind::kInvalidField},
      {R"({"name": "x", "id": "x", "genesis": {"raw": 7}})", Kind::kInvalidField},
      {R"({"name": "x", "id": "x", "badBlocks": ["0x01"], "genesis": {"raw": {"top": {}}}})",
       Kind::kInvalidField},
  };
  for (const auto& c : cases) {
    auto spec = parse_chain_spec(c.json);
    ASSERT_FALSE(spec.has_value()) << c.json;
    EXPECT_EQ(spec.error().kind, c.kind) << c.json << " -> " << spec.error().message();
    EXPECT_FALSE(spec.error().message().empty());
  }
}

}  // namespace
}  // namespace canary::state
