// Compiles ParaInherent and ParaSessionInfo wherever the runtime framework is compiled (natively
// and for wasm32) while no runtime composes them yet: every member instantiated for a minimal
// runtime of the parachain host's pallets at Kusama's indices (as
// ../para_inclusion/compile_check.cpp, with ParaInherent 54 and ParaSessionInfo 61 added).
// Nothing here is linked into a runtime: no function of this file is referenced. Remove it once
// the Canary runtime composes the parachain pallets.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_inherent/para_inherent.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/session_info/session_info.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::para_inherent::compile_check {

// A fixed seed: the compile check has no BABE.
struct NoRandomness {
  static H256 random(ByteSpan) { return H256{}; }
};

struct Runtime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using Configuration = para_configuration::Pallet<Runtime, PalletAt<51, "Configuration">>;
  using ParasShared = para_shared::Pallet<Runtime, PalletAt<52, "ParasShared">>;
  using ParaInclusion = para_inclusion::Pallet<Runtime, PalletAt<53, "ParaInclusion">>;
  using ParaInherent = para_inherent::Pallet<Runtime, PalletAt<54, "ParaInherent">>;
  using ParaScheduler = para_scheduler::Pallet<Runtime, PalletAt<55, "ParaScheduler">>;
  using Paras = paras::Pallet<Runtime, PalletAt<56, "Paras">>;
  using Initializer = initializer::Pallet<Runtime, PalletAt<57, "Initializer">>;
  using ParaSessionInfo = session_info::Pallet<Runtime, PalletAt<61, "ParaSessionInfo">>;
  using CoretimeAssignmentProvider =
      assigner_coretime::Pallet<Runtime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = coretime::Pallet<Runtime, PalletAt<74, "Coretime">>;
  using Pallets = Composition<"compile_check_inherent", System, Balances, Configuration,
                              ParasShared, ParaInclusion, ParaInherent, ParaScheduler, Paras,
                              Initializer, ParaSessionInfo, CoretimeAssignmentProvider, Coretime>;
  using RuntimeHoldReason = balances::NoReasons<"compile_check_inherent", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check_inherent", "RuntimeFreezeReason">;
  static constexpr traits::tokens::Balance kExistentialDeposit = 333'333'333;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;

  using ParasFungible = Balances;
  static constexpr traits::tokens::Balance kParasCooldownRemovalMultiplier =
      traits::tokens::Balance{1000} * 1'000'000'000'000 / (24 * 600);
  static DispatchResult paras_assign_coretime(paras::ParaId id) {
    return CoretimeAssignmentProvider::assign_coretime(id);
  }
  using SchedulerAssignmentProvider = CoretimeAssignmentProvider;
  using ParachainsRandomness = NoRandomness;
  static std::vector<session_info::AuthorityDiscoveryId> authority_discovery_keys() { return {}; }
  static std::vector<AccountId32> validator_accounts() { return {}; }

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

}  // namespace canary::rt::pallets::para_inherent::compile_check

namespace canary::rt::pallets::para_inherent {
template struct Pallet<compile_check::Runtime, PalletAt<54, "ParaInherent">>;
}  // namespace canary::rt::pallets::para_inherent
namespace canary::rt::pallets::session_info {
template struct Pallet<para_inherent::compile_check::Runtime, PalletAt<61, "ParaSessionInfo">>;
}  // namespace canary::rt::pallets::session_info

namespace canary::rt::pallets::para_inherent::compile_check {

// What the composition derives from the pallets, and what the executive and the runtime API
// will call.
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
size_t inherents(const runtime::InherentData& data) {
  return Runtime::Pallets::create_inherents(data).size();
}
bool enter(const ParaInherentData& data) {
  const Runtime::Pallets::Call call =
      Runtime::Pallets::Call::of<Runtime::ParaInherent>(Runtime::ParaInherent::enter{data});
  return call.dispatch(Origin::none()).has_value();
}
void finalize(BlockNumber n) {
  Runtime::Pallets::on_initialize(n);
  Runtime::Pallets::on_finalize(n);
}
size_t sessions(uint32_t index) {
  return (Runtime::ParaSessionInfo::session_info(index) ? 1 : 0) +
         (Runtime::ParaSessionInfo::session_executor_params(index) ? 1 : 0);
}
void assignment_keys(const std::vector<std::pair<AccountId32, session_info::AssignmentId>>& keys) {
  Runtime::ParaSessionInfo::on_new_session(true, keys, keys);
}

}  // namespace canary::rt::pallets::para_inherent::compile_check
