// Compiles pallet_referenda and pallet_custom_origins wherever the runtime framework is compiled
// (natively and for wasm32) while no runtime composes them yet: every member of the pallets,
// instantiated for a minimal runtime with Kusama's governance configuration (FR-1.7.1
// governance/mod.rs: Referenda on Balances' reserves with Scheduler and Preimage, Kusama's
// tracks and origins, ConvictionVoting's Tally, and ConvictionVoting polling Referenda). Nothing
// here is linked into a runtime: no function of this file is referenced. Remove it once the
// Canary runtime composes Referenda.
#include <cstdint>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/outer_reason.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/conviction_voting/conviction_voting.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/origins/tracks.hpp"
#include "runtime/pallets/preimage/preimage.hpp"
#include "runtime/pallets/referenda/referenda.hpp"
#include "runtime/pallets/scheduler/scheduler.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::referenda::compile_check {

struct Runtime;

// Kusama's MaxTurnout is ActiveIssuanceOf<Balances> (FR-1.7.1 governance/mod.rs).
struct ActiveIssuance {
  static Balance get();
};

struct Runtime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using ConvictionVoting = conviction_voting::Pallet<Runtime, PalletAt<20, "ConvictionVoting">>;
  using Referenda = referenda::Pallet<Runtime, PalletAt<21, "Referenda">>;
  using Scheduler = scheduler::Pallet<Runtime, PalletAt<29, "Scheduler">>;
  using Preimage = preimage::Pallet<Runtime, PalletAt<32, "Preimage">>;
  using Origins = origins::Pallet<Runtime, PalletAt<43, "Origins">>;
  using Pallets = Composition<"compile_check", System, Balances, ConvictionVoting, Referenda,
                              Scheduler, Preimage, Origins>;

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

  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  using RuntimeHoldReason = OuterReason<"compile_check", "RuntimeHoldReason",
                                        PalletReason<32, "Preimage", preimage::HoldReason>>;
  static constexpr uint32_t kMaxHolds = RuntimeHoldReason::kVariantCount;
  static constexpr uint32_t kMaxFreezes = 0;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;
  using Currency = Balances;

  struct PreimageHoldReason {
    static RuntimeHoldReason get() {
      return RuntimeHoldReason::of<32>(preimage::HoldReason::kPreimage);
    }
  };
  using PreimageManagerOrigin = EnsureRoot;
  using PreimageConsideration =
      traits::HoldConsideration<Balances, PreimageHoldReason, traits::LinearStoragePrice<2, 1>>;

  static constexpr uint32_t kSchedulerMaxScheduledPerBlock = 50;
  static Weight scheduler_maximum_weight() { return Weight::from_parts(1'600'000'000'000, 0); }
  using SchedulerOrigin = EnsureRoot;
  using SchedulerOriginPrivilegeCmp = traits::EqualOrGreatestRootCmp;
  using SchedulerPreimages = Preimage;

  // Kusama's Referenda (FR-1.7.1 governance/mod.rs): signed submissions, Root or
  // ReferendumCanceller/Killer, QUID, 100 queued, 14 days, interval 1.
  using ReferendaScheduler = Scheduler::Schedule;
  using ReferendaPreimages = Preimage;
  using ReferendaSubmitOrigin = EnsureSigned;
  using ReferendaCancelOrigin = EitherOf<EnsureRoot, origins::ReferendumCanceller<Origins>>;
  using ReferendaKillOrigin = EitherOf<EnsureRoot, origins::ReferendumKiller<Origins>>;
  using ReferendaTally = conviction_voting::Tally<ActiveIssuance>;
  using ReferendaTracks = origins::KusamaTracks<Origins>;
  static constexpr Balance kReferendaSubmissionDeposit = origins::kQuid;
  static constexpr uint32_t kReferendaMaxQueued = 100;
  static constexpr BlockNumber kReferendaUndecidingTimeout = 14 * origins::kusama_tracks::kDays;
  static constexpr BlockNumber kReferendaAlarmInterval = 1;

  // Kusama's ConvictionVoting: 7 days, 512 votes, Referenda's polls.
  using Polls = Referenda::Polls;
  using MaxTurnout = ActiveIssuance;
  static constexpr uint32_t kConvictionMaxVotes = 512;
  static constexpr uint32_t kVoteLockingPeriod = 7 * origins::kusama_tracks::kDays;
};

Balance ActiveIssuance::get() {
  return Runtime::Balances::active_issuance();
}

}  // namespace canary::rt::pallets::referenda::compile_check

namespace canary::rt::pallets::referenda {
template struct Pallet<compile_check::Runtime, PalletAt<21, "Referenda">>;
}  // namespace canary::rt::pallets::referenda

namespace canary::rt::pallets::referenda::compile_check {

// What the composition derives from the pallets: their calls' dispatch and metadata.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}

}  // namespace canary::rt::pallets::referenda::compile_check
