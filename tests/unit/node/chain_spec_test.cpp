// The built-in chains (from the embedded runtime), the chain-spec JSON writer and reader, and
// their round trips: a raw spec reads back as the same ChainSpec, a runtimeGenesis spec builds the
// same genesis as the raw one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "blockchain/genesis.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/chain/chain_spec_json.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/chain/genesis_builder.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::node {
namespace {

using Json = nlohmann::json;

#ifdef CANARY_RUNTIME_BLOB
using blockchain::testing::canary_runtime_blob;
#endif

Hash256 genesis_hash(const state::ChainSpec& spec) {
  auto block = blockchain::make_genesis_block(spec);
  EXPECT_TRUE(block) << block.error().message();
  return block ? block->hash : Hash256{};
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The top-level member names of a JSON object, in document order.
std::vector<std::string> member_order(const std::string& text) {
  std::vector<std::string> out;
  const auto parsed = nlohmann::ordered_json::parse(text);
  for (const auto& [key, value] : parsed.items()) {
    (void)value;
    out.push_back(key);
  }
  return out;
}

void expect_same_spec(const state::ChainSpec& a, const state::ChainSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.chain_type, b.chain_type);
  EXPECT_EQ(a.boot_nodes, b.boot_nodes);
  EXPECT_EQ(a.protocol_id, b.protocol_id);
  EXPECT_EQ(Json::parse(a.properties_json), Json::parse(b.properties_json));
  EXPECT_EQ(a.bad_blocks, b.bad_blocks);
  EXPECT_EQ(a.code_substitutes, b.code_substitutes);
  EXPECT_EQ(a.top, b.top);
  EXPECT_EQ(a.children_default, b.children_default);
}

// The layout of serde_json::to_string_pretty of sc-chain-spec's ChainSpecJsonContainer.
TEST(ChainSpecJson, WritesSubstratesLayout) {
  const char* const kSpec = R"({
  "name": "A",
  "id": "a",
  "chainType": "Local",
  "bootNodes": [],
  "telemetryEndpoints": null,
  "protocolId": null,
  "properties": {},
  "codeSubstitutes": {},
  "genesis": {
    "raw": {
      "top": {
        "0x01": "0x02",
        "0x0100": "0x"
      },
      "childrenDefault": {
        "0xaa": {
          "0x03": "0x04"
        }
      }
    }
  }
})";
  auto document = parse_chain_spec_document(kSpec);
  ASSERT_TRUE(document) << document.error();
  EXPECT_TRUE(document->raw_genesis);
  EXPECT_EQ(document->spec.top.size(), 2u);
  EXPECT_EQ(document->spec.children_default.size(), 1u);
  EXPECT_EQ(write_chain_spec_json(*document, true).value_or(""), kSpec);
  EXPECT_EQ(write_chain_spec_json(*document, false).value_or(""), kSpec);
}

TEST(ChainSpecJson, RawSpecWithAHugeNumberInAnExtension) {
  auto document = parse_chain_spec_document(
      R"({"name":"A","id":"a","x":340282366920938463463374607431768211455,)"
      R"("genesis":{"raw":{"top":{},"childrenDefault":{}}}})");
  ASSERT_TRUE(document) << document.error();
  EXPECT_TRUE(document->extensions.contains("x"));
}

// A deeply nested value (here 200,000 arrays in "properties") exhausted the stack when the
// document was copied and written (fuzz_chain_spec on such a text). Beyond serde_json's recursion
// limit (128), which Substrate's reader has too, the spec is refused; up to it, it is read.
TEST(ChainSpecJson, NestingBeyondSerdesLimitIsAnError) {
  const auto spec = [](size_t depth) {
    return R"({"name":"A","id":"a","properties":{"x":)" + std::string(depth, '[') +
           std::string(depth, ']') + R"(},"genesis":{"raw":{"top":{}}}})";
  };
  auto deep = parse_chain_spec_document(spec(200'000));
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().find("deeper than 128"), std::string::npos) << deep.error();
  // The "properties" object and the document are two levels already.
  EXPECT_TRUE(parse_chain_spec_document(spec(126)));
  EXPECT_FALSE(parse_chain_spec_document(spec(127)));
}

class ChainSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CANARY_RUNTIME_BLOB
    GTEST_SKIP() << "built without the wasm32 runtime";
#else
    ASSERT_TRUE(embedded_runtime().has_value());
#endif
  }

  blockchain::RuntimeHost host_{blockchain::RuntimeHostConfig{.compiled = false}};
  state::testing::TempDir dir_;
};

TEST_F(ChainSpecTest, EmbeddedRuntimeIsTheBuiltBlob) {
#ifdef CANARY_RUNTIME_BLOB
  auto embedded = embedded_runtime();
  ASSERT_TRUE(embedded);
  Bytes blob = canary_runtime_blob();
  ASSERT_FALSE(blob.empty());
  EXPECT_TRUE(std::equal(embedded->begin(), embedded->end(), blob.begin(), blob.end()));
#endif
}

TEST_F(ChainSpecTest, BuiltinDevChain) {
  auto spec = builtin_chain_spec("dev", host_);
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_EQ(spec->name, "Development");
  EXPECT_EQ(spec->id, "dev");
  EXPECT_EQ(spec->chain_type, "Development");
  EXPECT_EQ(spec->protocol_id, std::optional<std::string>("canary"));
  EXPECT_EQ(Json::parse(spec->properties_json),
            Json::parse(R"({"ss58Format":2,"tokenDecimals":12,"tokenSymbol":"KSM"})"));
  EXPECT_TRUE(spec->boot_nodes.empty());
  auto code = spec->top.find(to_bytes(":code"));
  ASSERT_NE(code, spec->top.end());
  auto embedded = embedded_runtime();
  EXPECT_TRUE(
      std::equal(code->second.begin(), code->second.end(), embedded->begin(), embedded->end()));
  // The genesis is the runtime's `development` preset, as blockchain builds it.
  auto storage = blockchain::build_genesis_storage(host_, *embedded, "development");
  ASSERT_TRUE(storage) << storage.error().message();
  EXPECT_EQ(spec->top, *storage);
  // Alice is the sudo key.
  auto sudo = spec->top.find(hash::storage_prefix("Sudo", "Key"));
  ASSERT_NE(sudo, spec->top.end());
  EXPECT_EQ(to_hex(sudo->second),
            "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
}

TEST_F(ChainSpecTest, BuiltinLocalChain) {
  auto spec = builtin_chain_spec("local", host_);
  ASSERT_TRUE(spec) << spec.error();
  EXPECT_EQ(spec->name, "Local Testnet");
  EXPECT_EQ(spec->id, "local_testnet");
  EXPECT_EQ(spec->chain_type, "Local");
  auto dev = builtin_chain_spec("dev", host_);
  ASSERT_TRUE(dev);
  EXPECT_NE(genesis_hash(*spec), genesis_hash(*dev));
}

TEST_F(ChainSpecTest, UnknownBuiltinChain) {
  EXPECT_FALSE(builtin_chain_spec("staging", host_));
  EXPECT_EQ(find_builtin_chain("local_testnet"), nullptr);
  ASSERT_NE(find_builtin_chain("local"), nullptr);
  EXPECT_EQ(find_builtin_chain("local")->preset, "local_testnet");
}

TEST_F(ChainSpecTest, NoChainIsAnError) {
  auto spec = load_chain_spec("", host_);
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().find("--chain"), std::string::npos);
  EXPECT_FALSE(chain_spec_id(""));
}

TEST_F(ChainSpecTest, MissingFileIsAnError) {
  auto spec = load_chain_spec(dir_.sub("nope.json"), host_);
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().find("nope.json"), std::string::npos) << spec.error();
}

TEST_F(ChainSpecTest, RawSpecRoundTrip) {
  auto document = resolve_chain_spec("dev", host_, /*build_raw=*/true);
  ASSERT_TRUE(document) << document.error();
  document->spec.boot_nodes.push_back(
      "/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp");
  auto json = write_chain_spec_json(*document, /*raw=*/true);
  ASSERT_TRUE(json) << json.error();

  // sc-chain-spec's member order and names.
  EXPECT_EQ(member_order(*json),
            (std::vector<std::string>{"name", "id", "chainType", "bootNodes", "telemetryEndpoints",
                                      "protocolId", "properties", "codeSubstitutes", "genesis"}));
  auto doc = Json::parse(*json);
  EXPECT_TRUE(doc["telemetryEndpoints"].is_null());
  EXPECT_EQ(doc["codeSubstitutes"], Json::object());
  EXPECT_EQ(member_order(Json(doc["genesis"]).dump()), std::vector<std::string>{"raw"});
  auto raw_order = nlohmann::ordered_json::parse(*json)["genesis"]["raw"];
  std::vector<std::string> raw_members;
  for (const auto& [key, value] : raw_order.items()) {
    (void)value;
    raw_members.push_back(key);
  }
  EXPECT_EQ(raw_members, (std::vector<std::string>{"top", "childrenDefault"}));
  EXPECT_EQ(doc["genesis"]["raw"]["top"]["0x3a636f6465"].get<std::string>(),
            to_hex(*embedded_runtime()));
  // Pretty-printed with two spaces, as serde_json::to_string_pretty.
  EXPECT_TRUE(json->starts_with("{\n  \"name\": \"Development\",\n  \"id\": \"dev\",\n"));

  auto parsed = state::parse_chain_spec(*json);
  ASSERT_TRUE(parsed) << parsed.error().message();
  expect_same_spec(*parsed, document->spec);
  EXPECT_EQ(genesis_hash(*parsed), genesis_hash(document->spec));

  // And again through the document reader: the same text back.
  auto reread = parse_chain_spec_document(*json);
  ASSERT_TRUE(reread) << reread.error();
  EXPECT_TRUE(reread->raw_genesis);
  EXPECT_FALSE(reread->runtime_genesis);
  auto rewritten = write_chain_spec_json(*reread, /*raw=*/true);
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(*rewritten, *json);
}

TEST_F(ChainSpecTest, RuntimeGenesisSpecBuildsTheSameGenesis) {
  auto raw = resolve_chain_spec("local", host_, /*build_raw=*/true);
  ASSERT_TRUE(raw) << raw.error();
  auto plain = resolve_chain_spec("local", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_FALSE(plain->raw_genesis);
  ASSERT_TRUE(plain->runtime_genesis);
  EXPECT_EQ(plain->runtime_genesis->kind, RuntimeGenesis::Kind::kPatch);

  auto json = write_chain_spec_json(*plain, /*raw=*/false);
  ASSERT_TRUE(json) << json.error();
  auto doc = Json::parse(*json);
  const Json& runtime_genesis = doc["genesis"]["runtimeGenesis"];
  EXPECT_EQ(runtime_genesis["code"].get<std::string>(), to_hex(*embedded_runtime()));
  // The patch is the runtime's preset.
  auto preset = runtime_genesis_preset(host_, *embedded_runtime(), "local_testnet");
  ASSERT_TRUE(preset) << preset.error();
  EXPECT_EQ(runtime_genesis["patch"], *preset);
  EXPECT_EQ(runtime_genesis["patch"]["session"]["keys"].size(), 4u);
  // Without --raw a spec cannot be written raw before its genesis is built.
  EXPECT_FALSE(write_chain_spec_json(*plain, /*raw=*/true));

  // The file loads, through the runtime's GenesisBuilder, to the raw genesis of the built-in.
  write_file(dir_.sub("local.json"), *json);
  auto loaded = load_chain_spec(dir_.sub("local.json"), host_);
  ASSERT_TRUE(loaded) << loaded.error();
  expect_same_spec(*loaded, raw->spec);
  EXPECT_EQ(genesis_hash(*loaded), genesis_hash(raw->spec));

  // build-spec --raw of the non-raw file is the raw spec of the built-in.
  auto from_file = resolve_chain_spec(dir_.sub("local.json"), host_, /*build_raw=*/true);
  ASSERT_TRUE(from_file);
  EXPECT_EQ(write_chain_spec_json(*from_file, true).value_or(""),
            write_chain_spec_json(*raw, true).value_or("x"));
}

TEST_F(ChainSpecTest, FullConfigAndEditedPatch) {
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain) << plain.error();
  auto dev_hash = genesis_hash(*load_chain_spec("dev", host_));

  // The preset as a full config: the same genesis.
  Json doc = Json::parse(*write_chain_spec_json(*plain, false));
  Json config = doc["genesis"]["runtimeGenesis"]["patch"];
  doc["genesis"]["runtimeGenesis"].erase("patch");
  doc["genesis"]["runtimeGenesis"]["config"] = config;
  write_file(dir_.sub("config.json"), doc.dump());
  auto full = load_chain_spec(dir_.sub("config.json"), host_);
  ASSERT_TRUE(full) << full.error();
  EXPECT_EQ(genesis_hash(*full), dev_hash);

  // A patch that removes the sudo key (null).
  Json patch = doc["genesis"]["runtimeGenesis"]["config"];
  patch["sudo"] = nullptr;
  doc["genesis"]["runtimeGenesis"].erase("config");
  doc["genesis"]["runtimeGenesis"]["patch"] = patch;
  write_file(dir_.sub("nosudo.json"), doc.dump());
  auto edited = load_chain_spec(dir_.sub("nosudo.json"), host_);
  ASSERT_TRUE(edited) << edited.error();
  EXPECT_EQ(edited->top.count(hash::storage_prefix("Sudo", "Key")), 0u);
  EXPECT_NE(genesis_hash(*edited), dev_hash);
}

TEST_F(ChainSpecTest, RuntimeRefusesBadConfig) {
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain);
  Json doc = Json::parse(*write_chain_spec_json(*plain, false));
  doc["genesis"]["runtimeGenesis"]["patch"]["noSuchPallet"] = Json::object();
  write_file(dir_.sub("bad.json"), doc.dump());
  auto loaded = load_chain_spec(dir_.sub("bad.json"), host_);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find("noSuchPallet"), std::string::npos) << loaded.error();
}

TEST_F(ChainSpecTest, MalformedRuntimeGenesis) {
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain);
  const Json good = Json::parse(*write_chain_spec_json(*plain, false));
  auto expect_error = [&](const Json& doc, const std::string& needle) {
    auto parsed = parse_chain_spec_document(doc.dump());
    ASSERT_FALSE(parsed) << needle;
    EXPECT_NE(parsed.error().find(needle), std::string::npos) << parsed.error();
  };
  Json no_code = good;
  no_code["genesis"]["runtimeGenesis"].erase("code");
  expect_error(no_code, "no code");
  Json both = good;
  both["genesis"]["runtimeGenesis"]["config"] = Json::object();
  expect_error(both, "exactly one");
  Json legacy = good;
  legacy["genesis"] = Json{{"runtime", Json::object()}};
  expect_error(legacy, "genesis.runtime");
  Json hash_only = good;
  hash_only["genesis"] = Json{{"stateRootHash", "0x00"}};
  expect_error(hash_only, "hash");
  Json big = good;
  big["genesis"]["runtimeGenesis"]["patch"] = Json::object();
  std::string text = big.dump();
  text.replace(text.find("\"patch\":{}"), 10,
               "\"patch\":{\"x\":340282366920938463463374607431768211455}");
  auto parsed = parse_chain_spec_document(text);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("64 bits"), std::string::npos) << parsed.error();
}

TEST_F(ChainSpecTest, ExtrasSurviveARewrite) {
  auto plain = resolve_chain_spec("dev", host_, /*build_raw=*/false);
  ASSERT_TRUE(plain);
  Json doc = Json::parse(*write_chain_spec_json(*plain, false));
  doc["telemetryEndpoints"] = Json::array({Json::array({"wss://telemetry.example/submit/", 0})});
  doc["forkId"] = "fork-1";
  doc["lightSyncState"] = Json{{"finalizedBlockHeader", "0x00"}};
  doc["consensusEngine"] = nullptr;
  auto parsed = parse_chain_spec_document(doc.dump());
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->fork_id, std::optional<std::string>("fork-1"));
  auto rewritten = write_chain_spec_json(*parsed, false);
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(member_order(*rewritten),
            (std::vector<std::string>{"name", "id", "chainType", "bootNodes", "telemetryEndpoints",
                                      "protocolId", "forkId", "properties", "lightSyncState",
                                      "codeSubstitutes", "genesis"}));
  Json out = Json::parse(*rewritten);
  EXPECT_EQ(out["telemetryEndpoints"], doc["telemetryEndpoints"]);
  EXPECT_EQ(out["lightSyncState"], doc["lightSyncState"]);
  EXPECT_EQ(out["genesis"], doc["genesis"]);
}

TEST_F(ChainSpecTest, ChainSpecIdWithoutGenesis) {
  EXPECT_EQ(chain_spec_id("dev").value_or(""), "dev");
  EXPECT_EQ(chain_spec_id("local").value_or(""), "local_testnet");
  // The runtime genesis is not built: code that is not even Wasm still names the chain.
  write_file(
      dir_.sub("a.json"),
      R"({"name":"A","id":"a_chain","genesis":{"runtimeGenesis":{"code":"0x00","patch":{}}}})");
  EXPECT_EQ(chain_spec_id(dir_.sub("a.json")).value_or(""), "a_chain");
  write_file(dir_.sub("b.json"), R"({"name":"B","id":"../b","genesis":{"raw":{"top":{}}}})");
  EXPECT_FALSE(chain_spec_id(dir_.sub("b.json")));
  write_file(dir_.sub("c.json"), R"({"name":"C"})");
  EXPECT_FALSE(chain_spec_id(dir_.sub("c.json")));
}

// The id is read like every chain spec (read_chain_spec_file), not by a second, laxer reader:
// a spec any other command refuses names no directory to purge or insert keys into.
TEST_F(ChainSpecTest, ChainSpecIdReadsTheSpecLikeEveryCommand) {
  write_file(dir_.sub("empty_genesis.json"), R"({"name":"A","id":"a","genesis":{}})");
  auto empty = chain_spec_id(dir_.sub("empty_genesis.json"));
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().find("no raw genesis"), std::string::npos) << empty.error();
  const std::string deep = R"({"name":"D","id":"d","properties":{"x":)" + std::string(200, '[') +
                           std::string(200, ']') + R"(},"genesis":{"raw":{"top":{}}}})";
  write_file(dir_.sub("deep.json"), deep);
  auto refused = chain_spec_id(dir_.sub("deep.json"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("deeper than 128 levels"), std::string::npos) << refused.error();
}

TEST_F(ChainSpecTest, PresetNames) {
  auto names = runtime_genesis_preset_names(host_, *embedded_runtime());
  ASSERT_TRUE(names) << names.error();
  EXPECT_EQ(*names, (std::vector<std::string>{"development", "local_testnet"}));
  EXPECT_FALSE(runtime_genesis_preset(host_, *embedded_runtime(), "staging"));
}

}  // namespace
}  // namespace canary::node
