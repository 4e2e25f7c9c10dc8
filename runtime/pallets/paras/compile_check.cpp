// Compiles Paras wherever the runtime framework is compiled (natively and for wasm32) while no
// runtime composes it yet: every member instantiated for a minimal runtime of System, Balances,
// Configuration, ParasShared and Paras at Kusama's indices. Nothing here is linked into a
// runtime: no function of this file is referenced. Remove it once the Canary runtime composes
// the parachain pallets.
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::paras::compile_check {

struct Runtime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using Configuration = para_configuration::Pallet<Runtime, PalletAt<51, "Configuration">>;
  using ParasShared = para_shared::Pallet<Runtime, PalletAt<52, "ParasShared">>;
  using Paras = paras::Pallet<Runtime, PalletAt<56, "Paras">>;
  using Pallets = Composition<"compile_check", System, Balances, Configuration, ParasShared, Paras>;
  using RuntimeHoldReason = balances::NoReasons<"compile_check", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 333'333'333;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  // Kusama's (fellows v1.7.1 lib.rs): 1000 UNITS per day of cooldown left, per block.
  using ParasFungible = Balances;
  static constexpr Balance kParasCooldownRemovalMultiplier =
      Balance{1000} * 1'000'000'000'000 / (24 * 600);

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

}  // namespace canary::rt::pallets::paras::compile_check

namespace canary::rt::pallets::paras {
template struct Pallet<compile_check::Runtime, PalletAt<56, "Paras">>;
}  // namespace canary::rt::pallets::paras

namespace canary::rt::pallets::paras::compile_check {

// What the composition derives from the pallets: calls' dispatch, metadata, genesis, unsigned
// validation; and the Initializer's calls.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
Result<void, std::string> build_genesis(const GenesisConfig& config) {
  return Runtime::Paras::build_genesis(config);
}
Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate(
    const Runtime::Paras::Call& call) {
  return Runtime::Paras::validate_unsigned(runtime::TransactionSource::kExternal, call);
}
std::vector<ParaId> new_session(SessionIndexT session, size_t n_validators) {
  const auto config = Runtime::Configuration::ActiveConfig::get();
  return Runtime::Paras::initializer_on_new_session(session, config, n_validators);
}
Weight initialize(BlockNumberT n) {
  const Weight w = Runtime::Paras::initializer_initialize(n);
  Runtime::Paras::initializer_finalize(n);
  return w;
}

}  // namespace canary::rt::pallets::paras::compile_check
