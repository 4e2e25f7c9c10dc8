// Compiles ParaInclusion wherever the runtime framework is compiled (natively and for wasm32)
// while no runtime composes it yet: every member instantiated for a minimal runtime of System,
// Balances, Configuration, ParasShared, ParaInclusion, ParaScheduler, Paras, Initializer,
// CoretimeAssignmentProvider and Coretime at Kusama's indices. Nothing here is linked into a
// runtime: no function of this file is referenced. Remove it once the Canary runtime composes
// the parachain pallets.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::para_inclusion::compile_check {

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
  using ParaInclusion = para_inclusion::Pallet<Runtime, PalletAt<53, "ParaInclusion">>;
  using CoretimeAssignmentProvider =
      assigner_coretime::Pallet<Runtime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = coretime::Pallet<Runtime, PalletAt<74, "Coretime">>;
  using Pallets =
      Composition<"compile_check", System, Balances, Configuration, ParasShared, ParaInclusion,
                  ParaScheduler, Paras, Initializer, CoretimeAssignmentProvider, Coretime>;
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

}  // namespace canary::rt::pallets::para_inclusion::compile_check

namespace canary::rt::pallets::para_inclusion {
template struct Pallet<compile_check::Runtime, PalletAt<53, "ParaInclusion">>;
}  // namespace canary::rt::pallets::para_inclusion

namespace canary::rt::pallets::para_inclusion::compile_check {

// What the composition derives from the pallets, and what ParaInherent and the runtime API will
// call.
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
std::vector<UncheckedSignedAvailabilityBitfield> sanitize(
    const std::vector<UncheckedSignedAvailabilityBitfield>& bitfields, const H256& parent) {
  return Runtime::ParaInclusion::sanitize_bitfields(
      bitfields, scale::BitVec(1), 1, parent, 0, Runtime::ParasShared::ActiveValidatorKeys::get());
}
size_t availability(const std::vector<UncheckedSignedAvailabilityBitfield>& bitfields) {
  auto [weight, freed] =
      Runtime::ParaInclusion::update_pending_availability_and_get_freed_cores(3, bitfields);
  Runtime::ParaInclusion::free_timedout();
  Runtime::ParaInclusion::free_disputed({});
  Runtime::ParaInclusion::force_enact(ParaId{1});
  return freed.size() + static_cast<size_t>(weight.ref_time);
}
size_t backing(const Runtime::ParaInclusion::BackedWithCores& candidates) {
  auto out = Runtime::ParaInclusion::process_candidates(
      Runtime::ParasShared::AllowedRelayParents::get(), candidates);
  return out ? out->size() : 0;
}
size_t queries(ParaId para) {
  return Runtime::ParaInclusion::candidates_pending_availability(para).size() +
         Runtime::ParaInclusion::get_occupied_cores().size() +
         (Runtime::ParaInclusion::first_candidate_pending_availability(para) ? 1 : 0) +
         (Runtime::ParaInclusion::para_most_recent_context(para) ? 1 : 0) +
         (Runtime::ParaInclusion::try_state(0) ? 1 : 0);
}
void new_session(const std::vector<std::pair<AccountId32, ValidatorId>>& keys, uint32_t index) {
  Runtime::Initializer::on_new_session(true, keys, keys, index);
}

}  // namespace canary::rt::pallets::para_inclusion::compile_check
