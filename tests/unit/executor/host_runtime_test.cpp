// The host API as a runtime sees it: tests/wasm/hostapi_runtime.cpp, compiled to wasm32 by our
// build, runs on every engine (engines() in host_test_support.hpp) in both memory layouts (exported
// and imported memory). The runtime checks most answers itself; the published vectors of
// w3f/polkadot-tests (fixtures/host-api/HostApiOutputs.jl, produced by Substrate's host through
// the same kind of runtime) and our own state/ and primitives/ code check the rest.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <tuple>

#include "executor/keystore/memory_keystore.hpp"
#include "executor/offchain/memory_offchain_storage.hpp"
#include "executor/runtime_blob.hpp"
#include "executor_test_support.hpp"
#include "host_test_support.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/trie/compact_proof.hpp"
#include "state/trie/trie_root.hpp"
#include "tests/support/hex.hpp"

namespace canary::executor::host {
namespace {

using testing::b;
using testing::Entries;
using testing::MemoryState;

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return {};
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

using canary::test::hex;

// --- w3f/polkadot-tests fixtures/host-api (HostApiInputs.jl, HostApiOutputs.jl) ------------------

const char* const kValue1[] = {"static",     "Inverse",    "even-keeled",  "Future-proofed",
                               "function",   "Horizontal", "Face to face", "Expanded",
                               "Integrated", "portal"};
const char* const kValue2[] = {
    "even-keeled", "Face to face", "budgetary management", "non-volatile", "Total",
    "concept",     "policy",       "context-sensitive",    "hardware",     "object-oriented"};
const char* const kValue3[] = {"Future-proofed", "Expanded", "pricing structure", "emulation",
                               "Visionary",      "approach", "function",          "Configurable",
                               "Automated",      "toolset"};
// key_value_1, key_value_2, key_value_3: (key, value) pairs.
const char* const kKeyValue1[][2] = {{"static", "Inverse"},
                                     {"function", "Horizontal"},
                                     {"Integrated", "portal"},
                                     {"non-based", "Monitored"},
                                     {"productivity", "secondary"},
                                     {"Exclusive", "next generation"},
                                     {"disintermediate", "Grass-roots"},
                                     {"contingency", "value-added"},
                                     {"human-resource", "Reactive"},
                                     {"Optional", "secondary"}};
const char* const kKeyValue2[][2] = {{"even-keeled", "Future-proofed"},
                                     {"Face to face", "Expanded"},
                                     {"budgetary management", "pricing structure"},
                                     {"non-volatile", "emulation"},
                                     {"Total", "Visionary"},
                                     {"concept", "approach"},
                                     {"policy", "function"},
                                     {"context-sensitive", "Configurable"},
                                     {"hardware", "Automated"},
                                     {"object-oriented", "toolset"}};
const char* const kKeyValue3[][2] = {{"static", "even-keeled"},
                                     {"function", "Face to face"},
                                     {"Integrated", "budgetary management"},
                                     {"non-based", "non-volatile"},
                                     {"productivity", "Total"},
                                     {"Exclusive", "concept"},
                                     {"disintermediate", "policy"},
                                     {"contingency", "context-sensitive"},
                                     {"human-resource", "hardware"},
                                     {"Optional", "object-oriented"}};
const char* const kChildChild[][2] = {
    {":child_storage:default:moratorium", ":child_storage:default:hardware"},
    {":child_storage:default:implementation", ":child_storage:default:artificial intelligence"},
    {":child_storage:default:Switchable", ":child_storage:default:matrix"},
    {":child_storage:default:strategy", ":child_storage:default:Graphic Interface"},
    {":child_storage:default:Total", ":child_storage:default:24 hour"},
    {":child_storage:default:exuding", ":child_storage:default:Triple-buffered"},
    {":child_storage:default:middleware", ":child_storage:default:Operative"},
    {":child_storage:default:Mandatory", ":child_storage:default:intranet"},
    {":child_storage:default:4th generation", ":child_storage:default:encryption"},
    {":child_storage:default:policy", ":child_storage:default:full-range"}};
const char* const kSeed1[] = {
    "twist sausage october vivid neglect swear crumble hawk beauty fabric egg fragile",
    "ethics love economy wage plunge boring stove escape enrich fork language material",
    "anxiety story donor noodle north stadium together glare reunion method lazy ring grass "
    "laundry world excess green civil utility injury roof dolphin math derive",
    "depth sustain ostrich song solve bright abuse unlock gossip judge apology polar absorb blood "
    "abandon skin cheese shrimp lunch equal swarm juice detail right",
    "soda make bunker relax ladder civil desk text marine attract zoo electric punch fantasy claw",
    "kind gate rocket bright march lottery large ritual ignore glory nut pipe left hand roast"};

// HostApiOutputs.value: per hash function, the digests of kValue1.
const char* const kKeccak256[] = {
    "d517392f8119f79c1623774b9346e00104a1d193f1fa641e6e659bf323c37967",
    "7255f80dc5ed95295406be7f5521293b43ba2df0a39d609e6a31e357ed7e8018",
    "7d8bfd013cf9729b35f19658cf60f70ae04a5d498f504b07321589c66c4067bc",
    "d80938dc80bb347b8702e7af26d1c0f1e6bf924e2f4a0d691c39c535fd10cec6",
    "38212723bc4c4d95cc2f8aa93f080bf3a9ea3805f62061fa7be95788ea2cb410",
    "227fe351238f009401309443114dc24b32c25b7d12f1db87a6fe91a2cb3ccb44",
    "92828a81b5fbf2f1a712fbcacf589f5a7c9bfc157f09151c8f6a42454441e864",
    "d8611d5cd76e714d6b5b3a171ae407e786b637610d6df653011d56f50db15726",
    "390f0a254b7642744486c0ba8bc8300e74fa9492bacf16f8814254d66ccea48d",
    "ee34bd85a19481381ede633f03a8365593a3819928e4b8adee0c66bb38c10d4a"};
const char* const kSha2256[] = {"2053dbbf6ec7135c4e994d3464c478db6f48d3ca21052c8f44915edc96e02c39",
                                "bfe272f94fb0a6e5b220dd7fe0b7d88345d7c8d2e54122d44cc93e0d51473619",
                                "280f6c59e1a8b085b703ec74cafb0fbe6dc66115362a51769dbd8d3d61a993a6",
                                "f1c6d1bb339341da2d10238df139a7ba0ec76b50b2a77e6311a14ff00cf11ef3",
                                "78f9ac018e554365069108352dacabb7fbd15246edf19400677e3b54fe24e126",
                                "0abba441f16eff90782e7a820fd5abb05a1749cca37bff515e4cc968238a2d26",
                                "60e7b2846a9bc027dea5184bb4f89ee7a721d8e74e5b1d470e4414cb5d71ccb4",
                                "e72d5d8d0b167d21b4e4a89e0837a1e819195d18b5f7fb9a2cb2d48613b444cd",
                                "afe3d8a0f4733dcd43ec5b17d8c6d8d3ec7e53c511f1ad49d1168ea289bdd055",
                                "d0960501f8971be812f2e5494426e08cdbb2cbc3b3190ba60075f14b8da7178a"};
const char* const kBlake2128[] = {
    "440973e4e50902f1d0ec97de357eb2fd", "d81f39ad0ab560c74fd47b88184fd40c",
    "3b66066d9406db94cbba8cbee70afe1a", "71f934dd6204aa4738f389bbb59ee2a9",
    "96de8a6b2e1d87ee9a292ec3a0f321b1", "13e8ea848ec0afb78939caf860657273",
    "12c95bdcbbf671e24a76b2b10ab8ae03", "d049f31a8413756b27946f69a984ab84",
    "0c36ec0e9e6d918b01e32a2bc766584e", "25a39078b7b908383777c4bb66d1e064"};
const char* const kBlake2256[] = {
    "2c5774435a18ac7aa03d294838bafb5fc05181252adc4f56d4d2771f7346788c",
    "f3198593ed759fce088bcefad9ad2297d5b66018f75b65eb54f90260d02c69fb",
    "7e28b339dbd254208b43b8cb1c467ceae2a6dfaeba9bd5e6b73ed8663dfb728c",
    "95668ad2c814447f189b57d86a70614cc09745aec150eee59301aaee64a26b37",
    "74dd0740fd457bcdb70fafedeedf2e66c103d18ca0cb5e8dd00b4ec290d39476",
    "beb64342e494cbc1264f30f49a576588990072d0b78b41c606d678c260ef30bd",
    "18241dad247b8bc33fd9df97aef594045e6bcd0efeb1e871314043147c5dec7f",
    "f4b587818104b1ea46c15cb6297119904cc36044af8efbb93db8b4a2cc53b715",
    "0c609d88e7db2076893414c5a7ab75ee680db8e97446b5aa51595fb5713aa01f",
    "6883a1f4ecd7b4f11cbd2ec35b249dfc9dd2feea8a73dab4cb37e48dee300a4b"};
const char* const kTwox256[] = {"50946b0f6af893d85f16c85eb1eb1724e268f07177959a25bc26ccc720e3b05a",
                                "af8418aaca2fede1c98960f89afd3e08ff3db5243130547a0834d6cf7d7d793b",
                                "eb1432a77c4299f66be0951d98e366d14d0a5f991388ac1c640c0636642d9a00",
                                "36810afe7f5049bd79a3896d8362406390719d0ab5d51533848c33967ff4c208",
                                "3e9d2bfe76e2bcf0e66a63e8053eb6b01b6002c24e99267832acaf1b0c4157d1",
                                "a0146c1fc40e8e565f78ab60fa72688a9dd4f49085f416916b385e8b3b85fb18",
                                "27a5de00daecd45290375596c92481b4f5d1f1aca694026a2e937a972572a4bb",
                                "a85fa102cba3e8e9765b35b73718bb4a8ea135e7dda9488635dd0d00ef12bc6a",
                                "febde401d103f0f7053d574d2eff8879c2373b203e54c5a83a09fcf14bc71f4c",
                                "17542d4a435eddd774861314c6dc2897babf6e17b7be87ea5d38b2941be485a6"};
// twox-128 and twox-64 are prefixes of twox-256 (same seeds), as the published values show.

// HostApiOutputs.key_value_key_value, ext_storage_root_version_1: the root after setting
// key_value_1[i] and key_value_2[i] on Substrate's TestExternalities, whose state holds
// ":code" = "".
const char* const kStorageRoots[] = {
    "a54c5eb76c943ad2e90bc0d82bea13e77b7d8e0e1d421584414f3497cb146ea6",
    "de9878c7704ba0578d90425899364759490f4a7581a1653d69e36e4c55d86e2c",
    "4ee0517ed1b18afcfc8cc256ed201178235f1abf293e541e7677580268076309",
    "efa42bdd3bf3b26af40df10ea1f67ac1a8313be09bf7b45397244438c5d65217",
    "7f8f52894f915ac067ecdd9fd6bf70c358adef076a7238293153e4e731441ec1",
    "baf7c9cda844112e43acaec7a72e07d3876daefc0578c0be87c08a45466dbe13",
    "57dc8e61a0dcae020a2d4739b6562f0f277f675b24178415b1d69936d87e82c3",
    "934f3cf76c59e8f94b6f6a367dbe074d2ac207d52ec21f8a678447010658068f",
    "716de2cf52b09f63109737b4f2757686e73857e074a2a143d601be9145e52d71",
    "7dbcf6c4fddc90f6e739b13c7110771ef62de9a228877e05bdb8c5fb9668caa9"};
// HostApiOutputs.none, test_storage_init: the root of that state alone.
const char* const kInitRoot = "04e4d34bfc8a3dcd61aa59402df7816d297b0a54ee9aeec04dc96f2415a6cf4d";
// HostApiOutputs.child_key_value_key_value, ext_default_child_storage_root_version_1.
const char* const kChildRoots[] = {
    "e04eb753bc044436c6624b2062f7ad2be3bf19c62ed6f10aa2d7ee2586828cd5",
    "e563e5520daa936c3629783df1390428bf1a57bf2ea2e30d26efe54bd225e706",
    "10577651a2a8b02fa35d6aaed6e9cdceb26db2bf76746b4135401dd9fa4661d5",
    "532931bf9fab64b045404c3ef1f6098c239a57120dc6a868c387aff2460d0353",
    "0150b3380992a8ac69f31a7d78de314e021b5d2d5db8e2128deda8b37fedcfde",
    "f4dd4421a4830b4d5f4bfb3894b747d07a25c5436c9db4147dda7f7b1cc4ae20",
    "9c4268aac75479a264b4b293c828bf3f23823326c173ed87ca63130e406ae5ec",
    "803205f7b32b7aadcf4955a2f934a065060da645a45c817f26c90025f8e4a978",
    "41d7e4e8d2198d42c00a753db0f11dde0d2288ce0d148a83e9e774eafbf17584",
    "3b71375a64a94627d03b257d2d2538474ac0263c0a5e6872d848ce6889092e15"};
// HostApiOutputs.seed: ed25519 then sr25519 public keys of kSeed1.
const char* const kSeedKeys[] = {
    "f56d9231e7b7badd3f1e10ad15ef8aa08b70839723d0a2d10d7329f0ea2b8c61",
    "7f5214db0e07c3ae3b1bd378f085d25c7d0a7cd6854e4bc665bab611ba5c5b08",
    "56e706706405c9cebf2d74c010753f0aff97676f1fdcbc23101ca8e4ad25b3a1",
    "eda3217896cb4722af98310b02eabb684a8a251a8cad7f8396bb479e21950e30",
    "c1c4c24c8e04411ff68f08f798856d3af715c9aec68144bd7cb116c422173ed2",
    "21e90a3abfe02c19e4710b82eeba078f1cb690436e5f209049f913ac1b636b03",
    "e451f630013e3095f1aa0c5bff87ead0688408ccfb98cee2a901513bec81cc0b",
    "0abf87c02d7d3fa0a63a2f7ea233a6b04b36385c578e68563873b9e7c1cb8c5a",
    "54b4d50d1bc01b13eb5a182ad25a1308d916cfe7e3aaf9a56e661a8dd991de00",
    "f05cf612af77ce5f1e73ee3849b62a3919fd9f971134b2ac988e3d062942912a",
    "40470edcf9813828d99f97f461e1f1e196151c2cf9f3ed05f7ed4d710aed087d",
    "84f22cc1152616a2fe2b6b13ce18b183278397ba250f06ecfd293ad650c60e3b"};
// HostApiOutputs.key_value_key_value_key_value, ext_trie_blake2_256_root_version_1 of
// [key_value_1[i], key_value_2[i], key_value_3[i]] (key_value_3 repeats key_value_1's key).
const char* const kTrieRoots[] = {
    "1192e3ed48d28fba2eeae885fa367c535eca6a149eafad982265586902783d4f",
    "92aafcf31cc2012d7467fa96b47caa389762ef02e97c27c30484a7ffd4b3780e",
    "cbb9ff2393a9c8ce46f3592532f4c181339eedf979836e5d45b318633030a79e",
    "0ef6df228337099e666d402089c65e4c1d793ae0076dee4730baeb58404b0e16",
    "7ab4224ead96acf2282852d7bdfa71aac9c135ecb718024ff7fe15b19d4ab227",
    "ad2c33c6536d547f60a5947588e9bc953804a29b219a5692b7ed0e921d34c588",
    "c1029b1ceb237b33f1d1e99c82e8d00c687342ae373474d3d7f0ed0f3f278cd6",
    "cff475bc0c4aa0344ce0e0966415123ac4ef541122b1365be0884a3713c020cd",
    "b21b406c9f9c96bb84e2d890ec6d0212e5422f9098777f090cd9a90e510cf92c",
    "f81f2b3e8d50e95b706066afa4a9b07dfddeb89d1c3e8c4eb054d33a3de3b9bf"};
// HostApiOutputs.value_value_value, ext_trie_blake2_256_ordered_root_version_1 of
// [value_1[i], value_2[i], value_3[i]].
const char* const kOrderedRoots[] = {
    "d847b86d0219a384d11458e829e9f4f4cce7e3cc2e6dcd0e8a6ad6f12c64a737",
    "ea32273c604a609a83979acc5dc5c19d91112967c5690d660684118fac03d087",
    "72b6aa1f07895b3276e215b192335b982268922f4e2973b3bab13102766a597c",
    "40f7e12565410189f5026d2d2c187fd60aa47cf943ae935cbda49e3b03fc1893",
    "f0b164f7a50de01338d0f0a8dae9e3806b72359e1b3bc9b38b1140172d1952a0",
    "922c3f9be4104e40daf22e249014ee0acd3e78870644cc131ce3107f6785e6c8",
    "652a6f8ecb5cf7f8ba6ba9390ba2bc2978d173c537954af52fcf6a1c72989cbf",
    "319fc284ac8e2d626ddec7b2e05948177ee2d8b3bb43820608e3faeab7c6e2b2",
    "aebac639ed629d66bdaae654454518b85274cf613e6100d1aa5c86996763ca11",
    "fd61ef3767be4899488dc3331726f3b9abaae1fc08532327631ece6198686e25"};

// --- the runtime, per engine and memory layout ----------------------------------------------

struct Param {
  size_t engine;
  const char* memory;  // "exported" or "imported"
};

std::string param_name(const ::testing::TestParamInfo<Param>& info) {
  return std::string(testing::engines()[info.param.engine].name) + "_" + info.param.memory;
}

std::vector<Param> all_params() {
  std::vector<Param> out;
  for (size_t i = 0; i < testing::engines().size(); ++i) {
    out.push_back({i, "exported"});
    out.push_back({i, "imported"});
  }
  return out;
}

// The fixture state the scenarios of hostapi_runtime.cpp expect.
Entries fixture_main() {
  return {{b("bk:1"), b("one")},         {b("bk:2"), b("two")},
          {b("bk:3"), b("three")},       {b("bk:4"), b("four")},
          {b("bk:5"), b("five")},        {b("bz"), b("zed")},
          {b("value"), b("0123456789")}, {b("vec"), Bytes{0x08, 'a', 'b'}},
          {b("notvec"), Bytes{0x03}}};
}
std::map<Bytes, Entries> fixture_children() {
  return {
      {b("kid"), {{b("c1"), b("x1")}, {b("c2"), b("x2")}, {b("c3"), b("x3")}, {b("d1"), b("y1")}}},
      {b("kid2"), {{b("a"), b("1")}, {b("b"), b("2")}, {b("c"), b("3")}}}};
}

class HostRuntime : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override {
    const std::string path = std::string(CANARY_HOSTAPI_RUNTIME_DIR) + "/hostapi_runtime_" +
                             GetParam().memory + "_memory.wasm";
    const Bytes wasm = read_file(path);
    if (wasm.empty()) GTEST_SKIP() << "not built: " << path;
    engine_ = testing::engines()[GetParam().engine].make();
    auto module = engine_->compile(wasm);
    ASSERT_TRUE(module.has_value()) << module.error().describe();
    module_ = *module;
    auto instance = module_->instantiate(table_);
    ASSERT_TRUE(instance.has_value()) << instance.error().describe();
    instance_ = std::move(*instance);
  }

  // One runtime call with `context`, ended as the executor ends it.
  Result<Bytes, ExecutionError> call(std::string_view name, ByteSpan input, HostContext& context) {
    CallOptions options;
    options.host_context = &context;
    auto out = instance_->call(name, input, options);
    context.exit_runtime();
    return out;
  }

  // A scenario export: passes when its output is empty.
  void expect_pass(std::string_view name, HostContext& context, ByteSpan input = {}) {
    auto out = call(name, input, context);
    ASSERT_TRUE(out.has_value()) << name << ": " << out.error().describe();
    EXPECT_EQ(std::string(out->begin(), out->end()), "") << name;
  }

  Bytes must(std::string_view name, ByteSpan input, HostContext& context) {
    auto out = call(name, input, context);
    EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
    return out ? *out : Bytes{};
  }

  HostFunctionTable table_ = host_api();
  std::unique_ptr<Engine> engine_;
  std::shared_ptr<const Module> module_;
  std::unique_ptr<Instance> instance_;
};

TEST_P(HostRuntime, ImportsResolveWithMatchingSignatures) {
  EXPECT_GE(instance_->module_info().function_imports.size(), 100u);
  for (const FunctionImport& import : instance_->module_info().function_imports) {
    const HostFunction* function = table_.find(import.module, import.name);
    ASSERT_NE(function, nullptr) << import.name;
    EXPECT_EQ(function->signature, import.signature) << import.name;
  }
}

TEST_P(HostRuntime, HashesMatchThePublishedVectors) {
  HostContext context;
  for (size_t i = 0; i < std::size(kValue1); ++i) {
    const Bytes data = b(kValue1[i]);
    const Bytes out = must("hashes", data, context);
    ASSERT_EQ(out.size(), 232u);
    const ByteSpan all(out);
    EXPECT_EQ(hex(all.subspan(0, 32)), kKeccak256[i]);
    EXPECT_EQ(hex(all.subspan(32, 64)), hex(hash::keccak_512(data)));
    EXPECT_EQ(hex(all.subspan(96, 32)), kSha2256[i]);
    EXPECT_EQ(hex(all.subspan(128, 16)), kBlake2128[i]);
    EXPECT_EQ(hex(all.subspan(144, 32)), kBlake2256[i]);
    EXPECT_EQ(hex(all.subspan(176, 8)), std::string(kTwox256[i]).substr(0, 16));
    EXPECT_EQ(hex(all.subspan(184, 16)), std::string(kTwox256[i]).substr(0, 32));
    EXPECT_EQ(hex(all.subspan(200, 32)), kTwox256[i]);
  }
}

TEST_P(HostRuntime, StorageRootsMatchThePublishedVectors) {
  for (size_t i = 0; i < std::size(kStorageRoots); ++i) {
    MemoryState state({{b(":code"), {}}});
    if (i == 0) EXPECT_EQ(hex(state.root()), kInitRoot);
    HostContext context;
    context.storage = &state.overlay();
    std::vector<std::pair<Bytes, Bytes>> sets = {{b(kKeyValue1[i][0]), b(kKeyValue1[i][1])},
                                                 {b(kKeyValue2[i][0]), b(kKeyValue2[i][1])}};
    const Bytes out = must("storage_root_after_sets", scale::encode(sets), context);
    ASSERT_EQ(out.size(), 64u);
    EXPECT_EQ(hex(ByteSpan(out).subspan(0, 32)), kStorageRoots[i]) << i;
    sets.push_back({b(":code"), {}});
    EXPECT_EQ(hex(ByteSpan(out).subspan(32, 32)),
              hex(state::trie_root(sets, state::StateVersion::kV1)))
        << i;
  }
}

TEST_P(HostRuntime, ChildRootsMatchThePublishedVectors) {
  for (size_t i = 0; i < std::size(kChildRoots); ++i) {
    MemoryState state({{b(":code"), {}}});
    HostContext context;
    context.storage = &state.overlay();
    const std::vector<Bytes> input = {b(kChildChild[i][0]), b(kChildChild[i][1]),
                                      b(kKeyValue1[i][0]),  b(kKeyValue1[i][1]),
                                      b(kKeyValue2[i][0]),  b(kKeyValue2[i][1])};
    Bytes encoded;
    for (const Bytes& item : input) {
      const Bytes one = scale::encode(item);
      encoded.insert(encoded.end(), one.begin(), one.end());
    }
    EXPECT_EQ(hex(must("child_root_after_sets", encoded, context)), kChildRoots[i]) << i;
  }
}

TEST_P(HostRuntime, KeysFromMnemonicsMatchThePublishedVectors) {
  keystore::MemoryKeystore keys;
  HostContext context;
  context.keystore = &keys;
  for (uint8_t scheme : {0, 1}) {
    for (size_t i = 0; i < std::size(kSeed1); ++i) {
      Bytes input{scheme, 'd', 'u', 'm', 'y'};  // sp-core key_types::DUMMY
      const Bytes seed = scale::encode(std::optional<Bytes>(b(kSeed1[i])));
      input.insert(input.end(), seed.begin(), seed.end());
      EXPECT_EQ(hex(must("generate_key", input, context)), kSeedKeys[scheme * 6 + i]);
    }
  }
  EXPECT_EQ(keys.size(), 12u);
}

TEST_P(HostRuntime, TrieRootsMatchThePublishedVectorsAndOurTrie) {
  HostContext context;
  for (size_t i = 0; i < std::size(kTrieRoots); ++i) {
    const std::vector<std::pair<Bytes, Bytes>> entries = {
        {b(kKeyValue1[i][0]), b(kKeyValue1[i][1])},
        {b(kKeyValue2[i][0]), b(kKeyValue2[i][1])},
        {b(kKeyValue3[i][0]), b(kKeyValue3[i][1])}};
    const Bytes out = must("trie_roots", scale::encode(entries), context);
    ASSERT_EQ(out.size(), 128u);
    const ByteSpan roots(out);
    EXPECT_EQ(hex(roots.subspan(0, 32)), kTrieRoots[i]);
    EXPECT_EQ(hex(roots.subspan(32, 32)), hex(state::trie_root(entries, state::StateVersion::kV1)));
    EXPECT_EQ(hex(roots.subspan(64, 32)), hex(state::trie_root(entries, state::StateVersion::kV0,
                                                               state::TrieHasher::kKeccak256)));
    EXPECT_EQ(hex(roots.subspan(96, 32)), hex(state::trie_root(entries, state::StateVersion::kV1,
                                                               state::TrieHasher::kKeccak256)));
  }
  // Values of 33 bytes or more tell the versions apart.
  const std::vector<std::pair<Bytes, Bytes>> long_values = {{b("a"), Bytes(40, 1)},
                                                            {b("b"), Bytes(33, 2)}};
  const Bytes out = must("trie_roots", scale::encode(long_values), context);
  ASSERT_EQ(out.size(), 128u);
  EXPECT_NE(hex(ByteSpan(out).subspan(0, 32)), hex(ByteSpan(out).subspan(32, 32)));
  EXPECT_EQ(hex(ByteSpan(out).subspan(32, 32)),
            hex(state::trie_root(long_values, state::StateVersion::kV1)));
}

TEST_P(HostRuntime, OrderedRootsMatchThePublishedVectorsAndOurTrie) {
  HostContext context;
  for (size_t i = 0; i < std::size(kOrderedRoots); ++i) {
    const std::vector<Bytes> values = {b(kValue1[i]), b(kValue2[i]), b(kValue3[i])};
    const Bytes out = must("ordered_roots", scale::encode(values), context);
    ASSERT_EQ(out.size(), 128u);
    const ByteSpan roots(out);
    EXPECT_EQ(hex(roots.subspan(0, 32)), kOrderedRoots[i]);
    EXPECT_EQ(hex(roots.subspan(32, 32)),
              hex(state::ordered_trie_root(values, state::StateVersion::kV1)));
    EXPECT_EQ(hex(roots.subspan(64, 32)),
              hex(state::ordered_trie_root(values, state::StateVersion::kV0,
                                           state::TrieHasher::kKeccak256)));
  }
  // The empty list: the root of the empty trie.
  const Bytes out = must("ordered_roots", Bytes{0}, context);
  ASSERT_EQ(out.size(), 128u);
  EXPECT_EQ(hex(ByteSpan(out).subspan(0, 32)),
            "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314");
}

// verify_proof checks a compact proof (trie-db's format) of one key; version 1 is state version 0.
TEST_P(HostRuntime, VerifyProof) {
  HostContext context;
  for (state::TrieHasher hasher : {state::TrieHasher::kBlake2b256, state::TrieHasher::kKeccak256}) {
    for (state::StateVersion version : {state::StateVersion::kV0, state::StateVersion::kV1}) {
      state::Trie trie(hasher);
      const Bytes long_value(50, 7);
      for (int i = 0; i < 40; ++i) {
        EXPECT_TRUE(trie.insert(b("key" + std::to_string(i)), b("value" + std::to_string(i))));
      }
      EXPECT_TRUE(trie.insert(b("long"), long_value));
      const Hash256 root = trie.root_hash(version);
      auto run = [&](const Bytes& key, const Bytes& value) {
        auto proof = state::generate_compact_proof(trie, std::vector<Bytes>{key}, version);
        EXPECT_TRUE(proof.has_value());
        Bytes input(root.begin(), root.end());
        input.push_back(hasher == state::TrieHasher::kKeccak256 ? 1 : 0);
        input.push_back(static_cast<uint8_t>(version));
        const Bytes tail =
            scale::encode(std::make_tuple(proof ? *proof : std::vector<Bytes>{}, key, value));
        input.insert(input.end(), tail.begin(), tail.end());
        return must("verify_proof", input, context);
      };
      const bool v0 = version == state::StateVersion::kV0;
      EXPECT_EQ(run(b("key7"), b("value7")), (Bytes{1, 1}));
      EXPECT_EQ(run(b("key7"), b("value8")), (Bytes{0, 0}));
      // A value hashed under V1 only verifies with the layout the proof was made for (version 1
      // of the function knows V0 only).
      EXPECT_EQ(run(b("long"), long_value), v0 ? (Bytes{1, 1}) : (Bytes{0, 1}));
      EXPECT_EQ(run(b("absent"), b("x")), (Bytes{0, 0}));
    }
  }
}

TEST_P(HostRuntime, StorageScenario) {
  MemoryState state(fixture_main(), fixture_children());
  HostContext context;
  context.storage = &state.overlay();
  expect_pass("test_storage", context);
  EXPECT_EQ(state.overlay().transaction_depth(), 0u);
}

// The scenarios can fail: on a state without the fixture, the first check reports its line.
TEST_P(HostRuntime, ScenarioFailuresAreReported) {
  MemoryState state;
  HostContext context;
  context.storage = &state.overlay();
  const Bytes out = must("test_storage", {}, context);
  const std::string text(out.begin(), out.end());
  EXPECT_EQ(text.rfind("line ", 0), 0u) << text;
  EXPECT_NE(text.find("get_is(lit(\"bk:1\"), lit(\"one\"))"), std::string::npos) << text;
}

TEST_P(HostRuntime, ChildStorageScenario) {
  MemoryState state(fixture_main(), fixture_children());
  HostContext context;
  context.storage = &state.overlay();
  expect_pass("test_child_storage", context);
}

TEST_P(HostRuntime, CryptoScenario) {
  keystore::MemoryKeystore keys;
  HostContext context;
  context.keystore = &keys;
  expect_pass("test_crypto", context);
  EXPECT_FALSE(context.batch_verification.has_value());
}

TEST_P(HostRuntime, AllocatorScenario) {
  HostContext context;
  expect_pass("test_allocator", context);
}

TEST_P(HostRuntime, LoggingAndPrinting) {
  MemoryLogger logger(LogFilter::kDebug);
  HostContext context;
  context.logger = &logger;
  expect_pass("test_misc", context, Bytes{static_cast<uint8_t>(LogFilter::kDebug)});
  const auto lines = logger.lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].level, LogLevel::kDebug);
  EXPECT_EQ(lines[0].target, "runtime");
  EXPECT_EQ(lines[0].message, "42");
  EXPECT_EQ(lines[1].message, "hello");
  EXPECT_EQ(lines[2].message, "dead");
  EXPECT_EQ(lines[3].level, LogLevel::kInfo);
  EXPECT_EQ(lines[3].target, "canary");
  EXPECT_EQ(lines[3].message, "info line");
  ASSERT_EQ(context.transaction_index_ops.size(), 2u);
  EXPECT_EQ(context.transaction_index_ops[0].kind, TransactionIndexOp::Kind::kInsert);
  EXPECT_EQ(context.transaction_index_ops[0].extrinsic, 7u);
  EXPECT_EQ(context.transaction_index_ops[0].size, 100u);
  EXPECT_EQ(context.transaction_index_ops[0].hash[2], 3);
  EXPECT_EQ(context.transaction_index_ops[1].kind, TransactionIndexOp::Kind::kRenew);
  EXPECT_EQ(context.transaction_index_ops[1].extrinsic, 8u);

  // Without a logger the runtime is told that logging is off.
  HostContext silent;
  expect_pass("test_misc", silent, Bytes{0});
}

TEST_P(HostRuntime, OffchainWorkerScenario) {
  offchain::MemoryOffchainStorage storage;
  offchain::BasicOffchainWorker worker(/*is_validator=*/true);
  offchain::RejectingTransactionPool pool;
  HostContext context;
  context.offchain_storage = &storage;
  context.offchain_worker = &worker;
  context.transaction_pool = &pool;
  expect_pass("test_offchain", context);
  EXPECT_EQ(storage.get(offchain::StorageKind::kPersistent, b("kept")), b("1"));
  EXPECT_EQ(storage.get(offchain::StorageKind::kLocal, b("k")), b("l"));
  EXPECT_EQ(storage.get(offchain::StorageKind::kPersistent, b("k")), std::nullopt);
}

TEST_P(HostRuntime, OffchainIndexFollowsTransactions) {
  MemoryState state;
  offchain::OffchainIndexChanges index;
  HostContext context;
  context.storage = &state.overlay();
  context.offchain_index = &index;
  expect_pass("test_offchain_index", context);
  const offchain::OffchainIndexChanges::Changes expected = {{b("cleared"), std::nullopt},
                                                            {b("ik"), b("iv")}};
  EXPECT_EQ(index.changes(), expected);
  EXPECT_EQ(index.transaction_depth(), 0u);
  // The transaction the runtime left open was rolled back, storage included.
  EXPECT_EQ(state.overlay().transaction_depth(), 0u);
  auto dangling = state.overlay().get(b("dangling"));
  ASSERT_TRUE(dangling.has_value());
  EXPECT_EQ(*dangling, std::nullopt);
}

TEST_P(HostRuntime, BadCallsFailTheCall) {
  const ExecutionErrorKind oob = ExecutionErrorKind::kMemoryOutOfBounds;
  const ExecutionErrorKind host = ExecutionErrorKind::kHostError;
  const ExecutionErrorKind alloc = ExecutionErrorKind::kAllocator;
  const ExecutionErrorKind expected[] = {oob,   oob,   oob,  oob,  oob,  host, host, alloc,
                                         alloc, alloc, host, host, host, host, host, host,
                                         host,  host,  host, oob,  oob,  host, oob,  host};
  MemoryState state;
  keystore::MemoryKeystore keys;
  for (size_t i = 0; i < std::size(expected); ++i) {
    const auto which = static_cast<uint8_t>(i);
    HostContext context;
    context.storage = &state.overlay();
    context.keystore = &keys;
    auto out = call("bad_call", Bytes{which}, context);
    ASSERT_FALSE(out.has_value()) << "case " << int{which} << ": "
                                  << std::string(out->begin(), out->end());
    EXPECT_EQ(out.error().kind, expected[which])
        << "case " << int{which} << ": " << out.error().describe();
  }
  // The instance is fine afterwards.
  HostContext context;
  expect_pass("test_allocator", context);
}

TEST_P(HostRuntime, AbortOnPanicEndsTheCallWithTheMessage) {
  HostContext context;
  auto out = call("panic", b("index out of bounds"), context);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind, ExecutionErrorKind::kHostError);
  EXPECT_NE(out.error().message.find("index out of bounds"), std::string::npos);
  EXPECT_EQ(context.panic_message, "index out of bounds");
}

// --- ext_misc_runtime_version ----------------------------------------------------------------

void append_leb(Bytes& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(v != 0 ? (byte | 0x80) : byte);
  } while (v != 0);
}

Bytes with_custom_section(Bytes wasm, std::string_view name, ByteSpan payload) {
  Bytes body;
  append_leb(body, static_cast<uint32_t>(name.size()));
  body.insert(body.end(), name.begin(), name.end());
  body.insert(body.end(), payload.begin(), payload.end());
  wasm.push_back(0);
  append_leb(wasm, static_cast<uint32_t>(body.size()));
  wasm.insert(wasm.end(), body.begin(), body.end());
  return wasm;
}

class FixedCoreVersion final : public CoreVersionCaller {
 public:
  std::optional<Bytes> call_core_version(ByteSpan wasm) override {
    ++calls;
    last_size = wasm.size();
    return answer;
  }
  std::optional<Bytes> answer;
  int calls = 0;
  size_t last_size = 0;
};

TEST_P(HostRuntime, RuntimeVersionPrefersTheEmbeddedSections) {
  runtime::RuntimeVersion version;
  version.spec_name = "canary";
  version.impl_name = "canary-node";
  version.authoring_version = 1;
  version.spec_version = 42;
  version.transaction_version = 3;
  version.system_version = 1;
  const Bytes header = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Bytes apis;  // Core v5
  apis.insert(apis.end(), runtime::kCoreApiId.begin(), runtime::kCoreApiId.end());
  apis.insert(apis.end(), {5, 0, 0, 0});
  const Bytes embedded =
      with_custom_section(with_custom_section(header, "runtime_version", runtime::encode(version)),
                          "runtime_apis", apis);
  runtime::RuntimeVersion full = version;
  full.apis = {{runtime::kCoreApiId, 5}};

  FixedCoreVersion fallback;
  fallback.answer = b("from Core_version");
  HostContext context;
  context.core_version = &fallback;
  const Bytes expected = scale::encode(std::optional<Bytes>(runtime::encode(full)));
  EXPECT_EQ(must("runtime_version", embedded, context), expected);
  EXPECT_EQ(must("runtime_version", executor::testing::zstd_code(embedded), context), expected);
  EXPECT_EQ(fallback.calls, 0);

  // Without the sections: Core_version of the decompressed blob, its output passed through.
  EXPECT_EQ(must("runtime_version", executor::testing::zstd_code(header), context),
            scale::encode(std::optional<Bytes>(b("from Core_version"))));
  EXPECT_EQ(fallback.calls, 1);
  EXPECT_EQ(fallback.last_size, header.size());
  fallback.answer.reset();
  EXPECT_EQ(must("runtime_version", header, context), Bytes{0});
  // Not Wasm, a corrupt frame, no fallback at all: None, never a trap.
  EXPECT_EQ(must("runtime_version", b("not wasm"), context), Bytes{0});
  Bytes corrupt = executor::testing::zstd_code(embedded);
  corrupt.resize(corrupt.size() - 5);
  EXPECT_EQ(must("runtime_version", corrupt, context), Bytes{0});
  HostContext bare;
  EXPECT_EQ(must("runtime_version", header, bare), Bytes{0});
}

INSTANTIATE_TEST_SUITE_P(Engines, HostRuntime, ::testing::ValuesIn(all_params()), param_name);

// --- real runtimes -----------------------------------------------------------------------------

Bytes genesis_wasm(const std::string& chain) {
  const Bytes json =
      read_file(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/" + chain + ".json");
  if (json.empty()) return {};
  auto spec = state::parse_chain_spec(
      std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  if (!spec) return {};
  auto code = spec->top.find(b(":code"));
  if (code == spec->top.end()) return {};
  auto wasm = uncompress_code(code->second);
  return wasm ? *wasm : Bytes{};
}

class GenesisRuntimeHost : public ::testing::TestWithParam<const char*> {};

// Every import of the Kusama and Westend genesis runtimes is served, with the right signature,
// and Core_version runs against a full host context; ext_misc_runtime_version of the blob itself
// falls back to it (these runtimes predate the embedded sections).
TEST_P(GenesisRuntimeHost, ImportsAreServedAndCoreVersionRuns) {
  const Bytes wasm = genesis_wasm(GetParam());
  // The shared fixtures are part of the test setup: without them this fails, never skips.
  ASSERT_FALSE(wasm.empty()) << "missing or unreadable fixture chain-specs/" << GetParam()
                             << ".json in " << CANARY_FIXTURES_DIR;
  auto module = executor::testing::test_engine().compile(wasm);
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  const HostFunctionTable table = host_api();
  auto instance = (*module)->instantiate(table);
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();

  MemoryState state;
  HostContext context;
  context.storage = &state.overlay();
  CallOptions options;
  options.host_context = &context;
  auto version = (*instance)->call("Core_version", {}, options);
  context.exit_runtime();
  ASSERT_TRUE(version.has_value()) << version.error().describe();
  auto decoded = runtime::decode_runtime_version(*version);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->spec_name, GetParam());

  auto embedded = read_embedded_version(wasm);
  ASSERT_TRUE(embedded.has_value());
  EXPECT_FALSE(embedded->has_value());
  FixedCoreVersion fallback;
  fallback.answer = *version;
  EXPECT_EQ(read_runtime_version(wasm, &fallback), *version);
}

INSTANTIATE_TEST_SUITE_P(Chains, GenesisRuntimeHost, ::testing::Values("kusama", "westend"));

}  // namespace
}  // namespace canary::executor::host
