// Compiles Configuration and ParasShared wherever the runtime framework is compiled (natively and
// for wasm32) while no runtime composes them yet: every member of both pallets, instantiated for a
// minimal runtime of System, ParasShared and Configuration at Kusama's indices. Nothing here is
// linked into a runtime: no function of this file is referenced. Remove it once the Canary
// runtime composes the parachain pallets.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::para_configuration::compile_check {

struct NoAccountData {
  CANARY_SCALE_FIELDS()
  bool operator==(const NoAccountData&) const = default;
  static void type_info(meta::TypeBuilder& b) { b.path({"compile_check", "NoData"}).composite(); }
};

struct Runtime {
  using AccountData = NoAccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using ParasShared = para_shared::Pallet<Runtime, PalletAt<52, "ParasShared">>;
  using Configuration = para_configuration::Pallet<Runtime, PalletAt<51, "Configuration">>;
  using Pallets = Composition<"compile_check", System, Configuration, ParasShared>;

  static constexpr uint32_t kBlockHashCount = 4096;
  static constexpr uint16_t kSs58Prefix = 2;
  static constexpr uint32_t kMaxConsumers = 16;
  static constexpr system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion kVersion{};
    return kVersion;
  }
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(5'000'000'000, 0), Weight::from_parts(100'000'000, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(5 * 1024 * 1024, 75);
  }
};

}  // namespace canary::rt::pallets::para_configuration::compile_check

namespace canary::rt::pallets::para_configuration {
template struct Pallet<compile_check::Runtime, PalletAt<51, "Configuration">>;
}  // namespace canary::rt::pallets::para_configuration
namespace canary::rt::pallets::para_shared {
template struct Pallet<para_configuration::compile_check::Runtime, PalletAt<52, "ParasShared">>;
}  // namespace canary::rt::pallets::para_shared

namespace canary::rt::pallets::para_configuration::compile_check {

// What the composition derives from the pallets: calls' dispatch, metadata and genesis.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
Result<void, std::string> build_genesis(const GenesisConfig& config) {
  return Runtime::Configuration::build_genesis(config);
}
// The Initializer's session change, in its order: Configuration, then ParasShared.
std::vector<para_shared::ValidatorId> new_session(
    SessionIndex session, const std::array<uint8_t, 32>& seed,
    const std::vector<para_shared::ValidatorId>& validators) {
  const SessionChangeOutcome outcome = Runtime::Configuration::initializer_on_new_session(session);
  const HostConfiguration& config = outcome.new_config ? *outcome.new_config : outcome.prev_config;
  return Runtime::ParasShared::initializer_on_new_session(session, seed, config.max_validators,
                                                          validators);
}

}  // namespace canary::rt::pallets::para_configuration::compile_check
