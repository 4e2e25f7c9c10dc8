// Compiles the Initializer, ParaScheduler, CoretimeAssignmentProvider and Coretime wherever the
// runtime framework is compiled (natively and for wasm32) while no runtime composes them yet: every
// member instantiated for a minimal runtime of System, Balances, Configuration, ParasShared,
// ParaScheduler, Paras, Initializer, CoretimeAssignmentProvider and Coretime at Kusama's indices.
// Nothing here is linked into a runtime: no function of this file is referenced. Remove it once the
// Canary runtime composes the parachain pallets.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::initializer::compile_check {

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
  using ParaScheduler = para_scheduler::Pallet<Runtime, PalletAt<55, "ParaScheduler">>;
  using Paras = paras::Pallet<Runtime, PalletAt<56, "Paras">>;
  using Initializer = initializer::Pallet<Runtime, PalletAt<57, "Initializer">>;
  using CoretimeAssignmentProvider =
      assigner_coretime::Pallet<Runtime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = coretime::Pallet<Runtime, PalletAt<74, "Coretime">>;
  using Pallets =
      Composition<"compile_check", System, Balances, Configuration, ParasShared, ParaScheduler,
                  Paras, Initializer, CoretimeAssignmentProvider, Coretime>;
  using RuntimeHoldReason = balances::NoReasons<"compile_check", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;
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

}  // namespace canary::rt::pallets::initializer::compile_check

namespace canary::rt::pallets::initializer {
template struct Pallet<compile_check::Runtime, PalletAt<57, "Initializer">>;
}  // namespace canary::rt::pallets::initializer
namespace canary::rt::pallets::para_scheduler {
template struct Pallet<initializer::compile_check::Runtime, PalletAt<55, "ParaScheduler">>;
}  // namespace canary::rt::pallets::para_scheduler
namespace canary::rt::pallets::coretime {
template struct Pallet<initializer::compile_check::Runtime, PalletAt<74, "Coretime">>;
}  // namespace canary::rt::pallets::coretime
namespace canary::rt::pallets::assigner_coretime {
template struct Pallet<initializer::compile_check::Runtime,
                       PalletAt<65, "CoretimeAssignmentProvider">>;
}  // namespace canary::rt::pallets::assigner_coretime

namespace canary::rt::pallets::initializer::compile_check {

// What the composition derives from the pallets, and what ParaInherent and the runtime API will
// call.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
Weight initialize(BlockNumberT n) {
  const Weight w = Runtime::Initializer::on_initialize(n);
  Runtime::Initializer::on_finalize(n);
  return w;
}
void new_session(const std::vector<std::pair<AccountId32, ValidatorId>>& keys, uint32_t index) {
  Runtime::Initializer::on_genesis_session(keys);
  Runtime::Initializer::on_new_session(true, keys, keys, index);
}
std::map<para_primitives::CoreIndex, std::vector<para_primitives::ParaId>> claim_queue() {
  Runtime::ParaScheduler::advance_claim_queue({});
  return Runtime::ParaScheduler::claim_queue();
}
bool timed_out(BlockNumberT since) {
  return Runtime::ParaScheduler::availability_timeout_predicate()(since).timed_out;
}
DispatchResult assign(para_primitives::CoreIndex core, BlockNumberT begin,
                      assigner_coretime::Assignments a, std::optional<BlockNumberT> end) {
  return Runtime::CoretimeAssignmentProvider::assign_core(core, begin, std::move(a), end);
}

}  // namespace canary::rt::pallets::initializer::compile_check
