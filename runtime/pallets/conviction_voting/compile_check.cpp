// Compiles pallet_conviction_voting wherever the runtime framework is compiled (natively and for
// wasm32) while no runtime composes it yet (it needs Referenda as its Polls): every member of the
// pallet, instantiated for a minimal runtime of System, Balances and ConvictionVoting with Polls
// that have no poll. Nothing here is linked into a runtime: no function of this file is
// referenced. Remove it once the Canary runtime composes ConvictionVoting.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/conviction_voting/conviction_voting.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::conviction_voting::compile_check {

struct Runtime;

// Kusama's MaxTurnout is ActiveIssuanceOf<Balances> (FR-1.7.1 governance/mod.rs).
struct ActiveIssuance {
  static Balance get();
};
using TallyT = Tally<ActiveIssuance>;

// Polls with Kusama's shapes (Index u32, Class u16, Moment u32) and no poll.
struct NoPolls {
  using Index = PollIndex;
  using Votes = Balance;
  using Class = conviction_voting::Class;
  using Moment = BlockNumber;
  using Status = traits::PollStatus<TallyT*, Moment, Class>;
  static std::vector<Class> classes() { return {0}; }
  static std::optional<std::pair<TallyT, Class>> as_ongoing(const Index&) { return std::nullopt; }
  template <class F>
  static auto access_poll(const Index&, F&& f) {
    return f(Status{typename Status::None{}});
  }
  template <class F>
  static auto try_access_poll(const Index&, F&& f) {
    return f(Status{typename Status::None{}});
  }
  static std::pair<Class, uint32_t> max_ongoing() { return {0, 0}; }
};

struct Runtime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using ConvictionVoting = conviction_voting::Pallet<Runtime, PalletAt<20, "ConvictionVoting">>;
  using Pallets = Composition<"compile_check", System, Balances, ConvictionVoting>;

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
  static constexpr uint32_t kMaxHolds = 0;
  static constexpr uint32_t kMaxFreezes = 0;
  using RuntimeHoldReason = balances::NoReasons<"compile_check", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;

  // Kusama's ConvictionVoting configuration (FR-1.7.1 governance/mod.rs): 7 days of 14,400
  // blocks, 512 votes.
  using Currency = Balances;
  using Polls = NoPolls;
  using MaxTurnout = ActiveIssuance;
  static constexpr uint32_t kConvictionMaxVotes = 512;
  static constexpr uint32_t kVoteLockingPeriod = 7 * 14'400;
};

Balance ActiveIssuance::get() {
  return Runtime::Balances::active_issuance();
}

}  // namespace canary::rt::pallets::conviction_voting::compile_check

namespace canary::rt::pallets::conviction_voting {
template struct Pallet<compile_check::Runtime, PalletAt<20, "ConvictionVoting">>;
}  // namespace canary::rt::pallets::conviction_voting

namespace canary::rt::pallets::conviction_voting::compile_check {

// What the composition derives from the pallet: its calls' dispatch and metadata.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}

}  // namespace canary::rt::pallets::conviction_voting::compile_check
