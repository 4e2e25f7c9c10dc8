// The real Kusama and Westend genesis runtimes (`:code` of the raw chain specs) validate,
// instrument and instantiate against the Polkadot host API's signatures, with stub functions.
// Core_version needs nothing but the allocator, so it runs for real.
#include <gtest/gtest.h>

#include "executor/host/host_api.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "executor_test_support.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::executor {
namespace {

// Every function of the host API with the signature Canary serves it with (host::host_api(),
// itself checked against sp-io in host_functions_test.cpp): the functions of the small test table
// (the allocator among them) for real, the rest failing when called, so that this test exercises
// the engine alone.
HostFunctionTable stub_host_api() {
  HostFunctionTable table;
  const HostFunctionTable real = testing::test_host_functions();
  const HostFunctionTable api = host::host_api();
  for (HostFunction function : api.functions()) {
    if (const HostFunction* implemented = real.find(function.module, function.name)) {
      EXPECT_EQ(implemented->signature, function.signature) << function.name;
      function.callback = implemented->callback;
    } else {
      function.callback = [](HostCallContext&, std::span<const WasmValue>) -> HostResult {
        return host_error("stub host function");
      };
    }
    EXPECT_TRUE(table.add(function)) << function.name;
  }
  return table;
}

Bytes genesis_code(const std::string& chain) {
  const Bytes json =
      testing::read_file(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/" + chain + ".json");
  auto spec = state::parse_chain_spec(
      std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  EXPECT_TRUE(spec.has_value()) << chain;
  if (!spec) return {};
  auto code = spec->top.find(to_bytes(":code"));
  EXPECT_NE(code, spec->top.end()) << chain;
  if (code == spec->top.end()) return {};
  auto wasm = uncompress_code(code->second);
  EXPECT_TRUE(wasm.has_value());
  return wasm ? *wasm : Bytes{};
}

class GenesisRuntime : public ::testing::TestWithParam<const char*> {};

TEST_P(GenesisRuntime, ValidatesAndInstantiatesAgainstTheHostApi) {
  const Bytes wasm = genesis_code(GetParam());
  ASSERT_FALSE(wasm.empty());
  auto prepared = prepare_module(wasm);
  ASSERT_TRUE(prepared.has_value()) << prepared.error().describe();
  EXPECT_TRUE(prepared->info.exports_heap_base);
  EXPECT_GE(prepared->info.function_imports.size(), 30u);
  ASSERT_NE(prepared->info.find_export("Core_version"), nullptr);
  EXPECT_EQ(prepared->info.find_export("Core_version")->signature, entry_point_signature());

  auto module =
      testing::test_engine().compile(std::make_shared<const PreparedModule>(std::move(*prepared)));
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  const HostFunctionTable host = stub_host_api();
  auto instance = (*module)->instantiate(host);
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  const uint32_t initial = (*module)->info().memory_initial_pages;
  EXPECT_EQ((*instance)->memory().pages(), initial + kDefaultHeapPages);
  EXPECT_TRUE((*instance)->heap_base().has_value());
}

TEST_P(GenesisRuntime, CoreVersion) {
  const Bytes wasm = genesis_code(GetParam());
  ASSERT_FALSE(wasm.empty());
  auto module = testing::test_engine().compile(wasm);
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  const HostFunctionTable host = stub_host_api();
  auto instance = (*module)->instantiate(host);
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  auto encoded = (*instance)->call("Core_version", {});
  ASSERT_TRUE(encoded.has_value()) << encoded.error().describe();
  auto version = runtime::decode_runtime_version(*encoded);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->spec_name, GetParam());
  // Twice: the second call runs on a reset instance and must agree.
  auto again = (*instance)->call("Core_version", {});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *encoded);
}

INSTANTIATE_TEST_SUITE_P(Chains, GenesisRuntime, ::testing::Values("kusama", "westend"));

}  // namespace
}  // namespace canary::executor
