// Compiles pallet_staking wherever the runtime framework is compiled (natively and for wasm32)
// while no runtime composes it yet: every member of the pallet, instantiated for a minimal
// runtime of System, Balances (with a Staking hold reason) and Staking, with a VoterList that
// keeps nothing. Nothing here is linked into a runtime: no function of this file is referenced.
// Remove it once the Canary runtime composes Staking.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/election/onchain.hpp"
#include "runtime/framework/npos/era_payout.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/staking/kusama_constants.hpp"
#include "runtime/pallets/staking/staking.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::pallets::staking::compile_check {

enum class HoldReason : uint8_t { kStaking = 0 };
inline bool scale_is_valid(HoldReason r) {
  return r == HoldReason::kStaking;
}
inline void canary_type_info(meta::TypeBuilder& b, const HoldReason*) {
  b.path({"compile_check", "RuntimeHoldReason"});
  b.variant(0, "Staking");
}

// A VoterList that keeps nothing.
struct NoVoterList {
  template <class F>
  static void iter_while(F&& /*visit*/) {}
  template <class F>
  static traits::SortedListResult<> iter_from_while(const AccountId32& /*start*/, F&& /*visit*/) {
    return unexpected(traits::SortedListError::kNodeNotFound);
  }
  static uint32_t count() { return 0; }
  static bool contains(const AccountId32&) { return false; }
  static traits::SortedListResult<VoteWeight> get_score(const AccountId32&) {
    return unexpected(traits::SortedListError::kNodeNotFound);
  }
  static traits::SortedListResult<> on_insert(const AccountId32&, VoteWeight) { return {}; }
  static traits::SortedListResult<> on_update(const AccountId32&, VoteWeight) { return {}; }
  static traits::SortedListResult<> on_increase(const AccountId32&, VoteWeight) { return {}; }
  static traits::SortedListResult<> on_decrease(const AccountId32&, VoteWeight) { return {}; }
  static traits::SortedListResult<> on_remove(const AccountId32&) { return {}; }
  static void unsafe_clear() {}
};

struct Runtime : KusamaConstants {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using Staking = staking::Pallet<Runtime, PalletAt<6, "Staking">>;
  using Pallets = Composition<"compile_check", System, Balances, Staking>;

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
  static constexpr uint32_t kMaxHolds = 1;
  static constexpr uint32_t kMaxFreezes = 0;
  using RuntimeHoldReason = HoldReason;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;

  using Currency = Balances;
  using VoterList = NoVoterList;
  using StakingAdminOrigin = EnsureRoot;
  // Slashed funds go to an account (Kusama: the Treasury's).
  struct SlashAccount {
    static AccountId32 get() { return AccountId32{}; }
  };
  using Slash = traits::fungible::ResolveTo<SlashAccount, Balances>;
  // Disabling: nothing to disable here.
  struct SessionInterface {
    static void report_offence(const AccountId32& /*stash*/, Perbill /*severity*/) {}
  };
  static HoldReason staking_hold_reason() { return HoldReason::kStaking; }

  // The era machinery: Kusama's on-chain election (OnChainSeqPhragmen), its era payout, and a
  // clock.
  struct OnChain {
    using DataProvider = Runtime::Staking;
    using Accuracy = arithmetic::PerU16;
    static constexpr uint32_t kMaxWinnersPerPage = 2000;
    static constexpr uint32_t kMaxBackersPerWinner = 12'500;
    static constexpr bool kSort = true;
  };
  using ElectionProvider = election::OnChainExecution<OnChain>;
  struct UnixTime {
    static uint64_t get() { return 0; }
  };
  static std::pair<Balance, Balance> era_payout(Balance staked, Balance issuance,
                                                uint64_t duration_ms) {
    const npos::EraPayoutSplit split =
        npos::kusama_era_payout(staked, issuance, duration_ms, std::nullopt);
    return {split.staking_payout, split.rest};
  }
  using RewardRemainder = traits::fungible::ResolveTo<SlashAccount, Balances>;
};

static_assert(traits::staking::StakingInterface<Runtime::Staking::Interface>);
static_assert(traits::ScoreProvider<Runtime::Staking>);
static_assert(traits::election::ElectionDataProvider<Runtime::Staking>);
static_assert(traits::election::ElectionProvider<Runtime::ElectionProvider>);
static_assert(traits::SessionManager<Runtime::Staking>);
// Kusama's offenders are identification tuples (stash, exposure).
using IdentificationTuple = std::tuple<AccountId32, Exposure>;
static_assert(
    traits::staking::OnOffenceHandler<Runtime::Staking::OffenceHandler, IdentificationTuple>);

}  // namespace canary::rt::pallets::staking::compile_check

namespace canary::rt::pallets::staking {
template struct Pallet<compile_check::Runtime, PalletAt<6, "Staking">>;
}  // namespace canary::rt::pallets::staking

namespace canary::rt::pallets::staking::compile_check {

// What the composition derives from the pallet: its calls' dispatch, metadata and genesis.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
Result<void, std::string> build_genesis(const GenesisConfig& config) {
  return Runtime::Staking::build_genesis(config);
}
// Slashing's entry points for Offences and the era machinery.
Weight on_offence(std::span<const traits::staking::OffenceDetails<IdentificationTuple>> offenders,
                  std::span<const Perbill> fractions, SessionIndexT session) {
  return Runtime::Staking::OffenceHandler::on_offence(offenders, fractions, session);
}
void start_era(EraIndex era) {
  Runtime::Staking::apply_unapplied_slashes(era);
  Runtime::Staking::clear_era_slashing_metadata(era);
}
// The era machinery's entry points for Session and Authorship.
std::optional<std::vector<AccountId32>> new_session(SessionIndexT index) {
  return Runtime::Staking::new_session(index);
}
std::optional<std::vector<AccountId32>> new_session_genesis(SessionIndexT index) {
  return Runtime::Staking::new_session_genesis(index);
}
void end_and_start_session(SessionIndexT index) {
  Runtime::Staking::end_session(index);
  Runtime::Staking::start_session(index + 1);
}
void note_author(const AccountId32& author) {
  Runtime::Staking::note_author(author);
}

}  // namespace canary::rt::pallets::staking::compile_check
