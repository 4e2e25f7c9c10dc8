// The Canary runtime's genesis build (GenesisBuilder_build_state, `canary build-spec` and every
// chain spec with a `runtimeGenesis` patch) on arbitrary JSON: whatever the configuration, the
// build ends in the state or in an error value naming the field, never in a panic or a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/canary/genesis.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/testing/test_externalities.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary::rt;
  auto config = json::parse(std::string_view(reinterpret_cast<const char*>(bytes), size));
  if (!config) return 0;
  testing::TestExternalities state;
  (void)state.execute_with([&] { return canary_runtime::build_genesis_state(*config); });
  return 0;
}
