// The Canary relay runtime: its configuration (types, constants, limits) and its pallets, at
// Kusama's indices. This header is compiled natively (pallet scenario tests) and into the wasm32
// blob (api.cpp adds the runtime API entry points).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "primitives/runtime/runtime_version.hpp"
#include "runtime/canary/block_time.hpp"
#include "runtime/canary/fellowship.hpp"
#include "runtime/canary/governance.hpp"
#include "runtime/canary/proxy_type.hpp"
#include "runtime/canary/session_keys.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/election/no_election.hpp"
#include "runtime/framework/election/onchain.hpp"
#include "runtime/framework/election/solution.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/framework/npos/era_payout.hpp"
#include "runtime/framework/outer_reason.hpp"
#include "runtime/framework/submit_transaction.hpp"
#include "runtime/framework/traits/consideration.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/authority_discovery/authority_discovery.hpp"
#include "runtime/pallets/authorship/authorship.hpp"
#include "runtime/pallets/babe/babe.hpp"
#include "runtime/pallets/bags_list/bags_list.hpp"
#include "runtime/pallets/bags_list/kusama_thresholds.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/conviction_voting/conviction_voting.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/election_provider_multi_phase/election_provider_multi_phase.hpp"
#include "runtime/pallets/grandpa/grandpa.hpp"
#include "runtime/pallets/indices/indices.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/multisig/multisig.hpp"
#include "runtime/pallets/offences/offences.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/origins/tracks.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_inherent/para_inherent.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/preimage/preimage.hpp"
#include "runtime/pallets/proxy/proxy.hpp"
#include "runtime/pallets/referenda/referenda.hpp"
#include "runtime/pallets/registrar/registrar.hpp"
#include "runtime/pallets/scheduler/scheduler.hpp"
#include "runtime/pallets/session/disabling.hpp"
#include "runtime/pallets/session/historical.hpp"
#include "runtime/pallets/session/session.hpp"
#include "runtime/pallets/session_info/session_info.hpp"
#include "runtime/pallets/staking/kusama_constants.hpp"
#include "runtime/pallets/staking/staking.hpp"
#include "runtime/pallets/sudo/sudo.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/template/template.hpp"
#include "runtime/pallets/timestamp/timestamp.hpp"
#include "runtime/pallets/transaction_payment/fees.hpp"
#include "runtime/pallets/transaction_payment/transaction_payment.hpp"
#include "runtime/pallets/treasury/assets.hpp"
#include "runtime/pallets/treasury/paymaster.hpp"
#include "runtime/pallets/treasury/treasury.hpp"
#include "runtime/pallets/utility/utility.hpp"
#include "runtime/pallets/vesting/vesting.hpp"
#include "runtime/pallets/whitelist/whitelist.hpp"

// Sudo (index 255) is for the chains that need a superuser key: the development and local chains
// of the blob the node embeds, which also carry the pallet template (254). Kusama has neither, and
// neither has the production variant, compiled with CANARY_RUNTIME_WITHOUT_SUDO (CMake option
// CANARY_RUNTIME_PRODUCTION: a second blob).
#ifdef CANARY_RUNTIME_WITHOUT_SUDO
#define CANARY_RUNTIME_WITH_SUDO 0
#else
#define CANARY_RUNTIME_WITH_SUDO 1
#endif

namespace canary::rt::canary_runtime {

namespace system = pallets::system;

// KSM has 12 decimals; the unit names follow Kusama's constants.
using Balance = u128;
inline constexpr Balance kUnits = 1'000'000'000'000;
inline constexpr Balance kQuid = kUnits / 30;
inline constexpr Balance kCents = kQuid / 100;
inline constexpr Balance kMillicents = kCents / 1'000;
// Kusama's storage deposit: 2,000 cents an item (0.667 KSM) and 100 millicents a byte.
constexpr Balance deposit(uint32_t items, uint32_t bytes) {
  return Balance{items} * 2'000 * kCents + Balance{bytes} * 100 * kMillicents;
}
inline constexpr Balance kExistentialDeposit = kCents;  // 333,333,333 planck

// Block and extrinsic base weights, and the block limits (polkadot-runtime-common's values).
inline constexpr Weight kBlockExecutionWeight = Weight::from_parts(14'278'073'000, 0);
inline constexpr Weight kExtrinsicBaseWeight = Weight::from_parts(124'706'000, 0);
inline constexpr Weight kMaximumBlockWeight =
    Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX);
inline constexpr uint64_t kNormalDispatchRatioPercent = 75;
inline constexpr uint64_t kAverageOnInitializeRatioPercent = 1;
inline constexpr uint32_t kMaxBlockLength = 5 * 1024 * 1024;

struct Runtime : pallets::staking::KusamaConstants {
  using AccountData = pallets::balances::AccountData;
  using AccountId = AccountId32;
  using AccountIndex = uint32_t;
  using Moment = uint64_t;

  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Babe = pallets::babe::Pallet<Runtime, PalletAt<1, "Babe">>;
  using Timestamp = pallets::timestamp::Pallet<Runtime, PalletAt<2, "Timestamp">>;
  using Indices = pallets::indices::Pallet<Runtime, PalletAt<3, "Indices">>;
  using Balances = pallets::balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using TransactionPayment =
      pallets::transaction_payment::Pallet<Runtime, PalletAt<33, "TransactionPayment">>;
  using Authorship = pallets::authorship::Pallet<Runtime, PalletAt<5, "Authorship">>;
  using Staking = pallets::staking::Pallet<Runtime, PalletAt<6, "Staking">>;
  using Offences = pallets::offences::Pallet<Runtime, PalletAt<7, "Offences">>;
  using Historical = pallets::session::historical::Pallet<Runtime, PalletAt<34, "Historical">>;
  using Session = pallets::session::Pallet<Runtime, PalletAt<8, "Session">>;
  using Grandpa = pallets::grandpa::Pallet<Runtime, PalletAt<10, "Grandpa">>;
  using AuthorityDiscovery =
      pallets::authority_discovery::Pallet<Runtime, PalletAt<12, "AuthorityDiscovery">>;
  // The network's pot, funded by fees, the staking remainder, slashes and slashed referendum
  // deposits, spent by the spender origins (runtime/pallets/treasury).
  using Treasury = pallets::treasury::Pallet<Runtime, PalletAt<18, "Treasury">>;
  // OpenGov: votes with conviction on referenda, whose tracks stand for Root and the custom
  // origins of Origins (runtime/pallets/{conviction_voting,referenda,origins}).
  using ConvictionVoting =
      pallets::conviction_voting::Pallet<Runtime, PalletAt<20, "ConvictionVoting">>;
  using Referenda = pallets::referenda::Pallet<Runtime, PalletAt<21, "Referenda">>;
  // The Fellowship, a ranked collective deciding by its own referenda (canary/fellowship.hpp);
  // its polls and its members' count (the tally's support) are defined after Runtime.
  using FellowshipCollective =
      pallets::ranked_collective::Pallet<Runtime, PalletAt<22, "FellowshipCollective">,
                                         FellowshipCollectiveConfig<Runtime>>;
  using FellowshipReferenda =
      pallets::referenda::Pallet<Runtime, PalletAt<23, "FellowshipReferenda">,
                                 FellowshipReferendaConfig<Runtime>>;
  struct FellowshipPolls;
  struct FellowshipMaxVoters {
    static uint32_t get_max_voters(uint16_t klass);
  };
  using Origins = pallets::origins::Pallet<Runtime, PalletAt<43, "Origins">>;
  // Calls vouched for by hash, dispatched as Root from the WhitelistedCaller track
  // (runtime/pallets/whitelist).
  using Whitelist = pallets::whitelist::Pallet<Runtime, PalletAt<44, "Whitelist">>;
  using Utility = pallets::utility::Pallet<Runtime, PalletAt<24, "Utility">>;
  using Vesting = pallets::vesting::Pallet<Runtime, PalletAt<28, "Vesting">>;
  using Scheduler = pallets::scheduler::Pallet<Runtime, PalletAt<29, "Scheduler">>;
  using Proxy = pallets::proxy::Pallet<Runtime, PalletAt<30, "Proxy">>;
  using Multisig = pallets::multisig::Pallet<Runtime, PalletAt<31, "Multisig">>;
  using Preimage = pallets::preimage::Pallet<Runtime, PalletAt<32, "Preimage">>;
  // Staking's elections, mined off chain by the validators and checked on chain
  // (runtime/pallets/election_provider_multi_phase); configured below.
  struct ElectionConfig;
  using ElectionProviderMultiPhase = pallets::election_provider_multi_phase::Pallet<
      Runtime, PalletAt<37, "ElectionProviderMultiPhase">, ElectionConfig>;
  struct VoterListConfig;
  using VoterList = pallets::bags_list::Pallet<Runtime, PalletAt<39, "VoterList">, VoterListConfig>;
  // The parachain host (runtime/pallets/{para_*,paras,initializer,session_info,coretime,
  // assigner_coretime}): the Initializer drives the others' hooks and session changes.
  using Configuration = pallets::para_configuration::Pallet<Runtime, PalletAt<51, "Configuration">>;
  using ParasShared = pallets::para_shared::Pallet<Runtime, PalletAt<52, "ParasShared">>;
  using ParaInclusion = pallets::para_inclusion::Pallet<Runtime, PalletAt<53, "ParaInclusion">>;
  using ParaInherent = pallets::para_inherent::Pallet<Runtime, PalletAt<54, "ParaInherent">>;
  using ParaScheduler = pallets::para_scheduler::Pallet<Runtime, PalletAt<55, "ParaScheduler">>;
  using Paras = pallets::paras::Pallet<Runtime, PalletAt<56, "Paras">>;
  using Initializer = pallets::initializer::Pallet<Runtime, PalletAt<57, "Initializer">>;
  using ParaSessionInfo = pallets::session_info::Pallet<Runtime, PalletAt<61, "ParaSessionInfo">>;
  using CoretimeAssignmentProvider =
      pallets::assigner_coretime::Pallet<Runtime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Registrar = pallets::registrar::Pallet<Runtime, PalletAt<70, "Registrar">>;
  using Coretime = pallets::coretime::Pallet<Runtime, PalletAt<74, "Coretime">>;
  // Kusama's order (hooks run in it).
#if CANARY_RUNTIME_WITH_SUDO
  // The pallet a newcomer copies (runtime/pallets/template), on the development chains only.
  using Template = pallets::template_pallet::Pallet<Runtime, PalletAt<254, "Template">>;
  static constexpr uint32_t kTemplateMaxValue = 1'000'000;
  using Sudo = pallets::sudo::Pallet<Runtime, PalletAt<255, "Sudo">>;
  using Pallets =
      Composition<"canary_runtime", System, Babe, Timestamp, Indices, Balances, TransactionPayment,
                  Authorship, Staking, Offences, Historical, Session, Grandpa, AuthorityDiscovery,
                  Treasury, ConvictionVoting, Referenda, FellowshipCollective, FellowshipReferenda,
                  Origins, Whitelist, Utility, Vesting, Scheduler, Proxy, Multisig, Preimage,
                  ElectionProviderMultiPhase, VoterList, Configuration, ParasShared, ParaInclusion,
                  ParaInherent, ParaScheduler, Paras, Initializer, ParaSessionInfo,
                  CoretimeAssignmentProvider, Registrar, Coretime, Template, Sudo>;
#else
  using Pallets =
      Composition<"canary_runtime", System, Babe, Timestamp, Indices, Balances, TransactionPayment,
                  Authorship, Staking, Offences, Historical, Session, Grandpa, AuthorityDiscovery,
                  Treasury, ConvictionVoting, Referenda, FellowshipCollective, FellowshipReferenda,
                  Origins, Whitelist, Utility, Vesting, Scheduler, Proxy, Multisig, Preimage,
                  ElectionProviderMultiPhase, VoterList, Configuration, ParasShared, ParaInclusion,
                  ParaInherent, ParaScheduler, Paras, Initializer, ParaSessionInfo,
                  CoretimeAssignmentProvider, Registrar, Coretime>;
#endif

  // --- ConvictionVoting (20), declared before anything completes the RuntimeCall (whose variant
  // instantiates the pallet): 512 votes, support over the active issuance, Referenda's polls
  // (Polls, defined after Runtime: Referenda's pallet needs the complete RuntimeCall).
  struct ActiveIssuance {
    static Balance get() { return Balances::active_issuance(); }
  };
  struct Polls;
  using MaxTurnout = ActiveIssuance;
  static constexpr uint32_t kConvictionMaxVotes = 512;
  static constexpr uint32_t kVoteLockingPeriod = kKusamaVoteLockingPeriod;
  static uint32_t vote_locking_period() { return VoteLockingPeriodParameter::get(); }
  static Result<void, std::string> set_vote_locking_period(uint32_t blocks) {
    return canary_runtime::set_vote_locking_period(blocks);
  }

  using SignedExtra = std::tuple<
      system::CheckNonZeroSender<Runtime>, system::CheckSpecVersion<Runtime>,
      system::CheckTxVersion<Runtime>, system::CheckGenesis<Runtime>,
      system::CheckMortality<Runtime>, system::CheckNonce<Runtime>, system::CheckWeight<Runtime>,
      pallets::transaction_payment::ChargeTransactionPayment<Runtime>, CheckMetadataHash<Runtime>>;
  // The extensions' own weights, added to each signed extrinsic's call weight: Kusama's
  // benchmarks (CheckMetadataHash has none, as in frame-metadata-hash-extension).
  using ExtensionsWeightInfo = system::KusamaExtensionsWeights<Runtime>;
  using TransactionPaymentWeightInfo = pallets::transaction_payment::KusamaWeights<Runtime>;

  // --- System.
  static constexpr uint32_t kBlockHashCount = 4096;
  static constexpr uint16_t kSs58Prefix = 2;
  static constexpr uint32_t kMaxConsumers = 16;
  static constexpr system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};
  static const runtime::RuntimeVersion& version();
  static const system::BlockWeights& block_weights();
  static const system::BlockLength& block_length();
  // The RFC-0078 metadata digest patched into the blob at build time; none natively.
  static std::optional<Hash256> metadata_hash();

  // --- Balances.
  static constexpr Balance kExistentialDeposit = canary_runtime::kExistentialDeposit;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  // The pallets' hold reasons at their indices (construct_runtime's composite enum); Balances
  // keeps a hold per reason at most (Kusama: VariantCountOf<RuntimeHoldReason>).
  using RuntimeHoldReason =
      OuterReason<"canary_runtime", "RuntimeHoldReason",
                  PalletReason<6, "Staking", pallets::staking::HoldReason>,
                  PalletReason<32, "Preimage", pallets::preimage::HoldReason>>;
  static constexpr uint32_t kMaxHolds = RuntimeHoldReason::kVariantCount;
  static constexpr uint32_t kMaxFreezes = 0;
  using RuntimeFreezeReason = pallets::balances::NoReasons<"canary_runtime", "RuntimeFreezeReason">;
  // The currency of the other pallets (Indices' and Preimage's reserves, Staking's holds).
  using Currency = Balances;

  // --- Transaction payment: Kusama's fees, 80% to the Treasury's pot (DealWithFees:
  // ResolveTo<TreasuryAccountId>, no Deposit event), 20% and tips to the author.
  using WeightToFee = pallets::transaction_payment::kusama::WeightToFee;
  using LengthToFee = pallets::transaction_payment::kusama::LengthToFee;
  using FeeMultiplierUpdate = pallets::transaction_payment::kusama::SlowAdjustingFeeUpdate<Runtime>;
  static constexpr uint8_t kOperationalFeeMultiplier =
      pallets::transaction_payment::kusama::kOperationalFeeMultiplier;
  static void on_charge(u128 fee, u128 tip) {
    pallets::transaction_payment::kusama::pay_fees<Balances>(fee, tip, Treasury::account_id(),
                                                             Authorship::author());
  }

  // --- Indices.
  static constexpr Balance kIndexDeposit = 100 * kCents;

  // --- Preimage: Root manages; a user's preimage holds deposit(2, 64) + deposit(0, 1) a byte.
  struct PreimageHoldReason {
    static RuntimeHoldReason get() {
      return RuntimeHoldReason::of<32>(pallets::preimage::HoldReason::kPreimage);
    }
  };
  using PreimageManagerOrigin = EnsureRoot;
  using PreimageConsideration =
      traits::HoldConsideration<Balances, PreimageHoldReason,
                                traits::LinearStoragePrice<deposit(2, 64), deposit(0, 1)>>;

  // --- Scheduler: 80 % of the block for scheduled calls, 50 a block, Root above any origin.
  // ScheduleOrigin is Kusama's: Root, AuctionAdmin or Treasurer.
  static constexpr uint32_t kSchedulerMaxScheduledPerBlock = 50;
  static Weight scheduler_maximum_weight() {
    const Weight max_block = block_weights().max_block;
    const auto ratio = arithmetic::Perbill::from_percent(80);
    return Weight::from_parts(ratio * max_block.ref_time, ratio * max_block.proof_size);
  }
  using SchedulerOrigin = EitherOf<EnsureRoot, EitherOf<pallets::origins::AuctionAdmin<Origins>,
                                                        pallets::origins::Treasurer<Origins>>>;
  using SchedulerOriginPrivilegeCmp = traits::EqualOrGreatestRootCmp;
  using SchedulerPreimages = Preimage;

  // --- Referenda (21), with ConvictionVoting (20, above) Kusama's configuration (FR-1.7.1
  // governance/mod.rs): votes lock Balances ("pyconvot"), 512 at most, support measured against
  // the active issuance (ActiveIssuanceOf<Balances>); signed submissions with a QUID deposit,
  // reserves on Balances, Kusama's 16 tracks and origins, 100 queued a track, alarms every block.
  // The periods are Kusama's unless the genesis shortens them (governance.hpp).
  using ReferendaScheduler = Scheduler::Schedule;
  using ReferendaPreimages = Preimage;
  using ReferendaSubmitOrigin = EnsureSigned;
  using ReferendaCancelOrigin =
      EitherOf<EnsureRoot, pallets::origins::ReferendumCanceller<Origins>>;
  using ReferendaKillOrigin = EitherOf<EnsureRoot, pallets::origins::ReferendumKiller<Origins>>;
  using ReferendaTally = pallets::conviction_voting::Tally<ActiveIssuance>;
  using ReferendaTracks = GovernanceTracks<Origins>;
  // Killed referenda's deposits go to the Treasury (Kusama's `Slash = Treasury`: OnUnbalanced,
  // a Deposit event).
  using ReferendaSlash = Treasury;
  static constexpr Balance kReferendaSubmissionDeposit = kQuid;
  static constexpr uint32_t kReferendaMaxQueued = 100;
  static constexpr BlockNumber kReferendaUndecidingTimeout = kKusamaUndecidingTimeout;
  static constexpr BlockNumber kReferendaAlarmInterval = 1;
  static BlockNumber referenda_undeciding_timeout() {
    return ReferendaUndecidingTimeoutParameter::get();
  }
  static Result<void, std::string> set_referenda_periods(
      const pallets::referenda::GenesisConfig& config) {
    return canary_runtime::set_referenda_periods(config);
  }

  // --- Whitelist (44): Kusama's configuration (FR-1.7.1 lib.rs): whitelisted by Root or Fellows
  // (a FellowshipReferenda referendum on the fellows track, members of rank 3 or more),
  // dispatched by Root or WhitelistedCaller, preimages from Preimage.
  using WhitelistOrigin = EitherOf<fellowship::RootAnyRank, pallets::origins::Fellows<Origins>>;
  using DispatchWhitelistedOrigin =
      EitherOf<EnsureRoot, pallets::origins::WhitelistedCaller<Origins>>;
  using WhitelistPreimages = Preimage;

  // --- Treasury (18): Kusama's configuration (FR-1.7.1 lib.rs, governance/mod.rs): spends by
  // Root (unlimited) or the spender origins up to their maxima (TreasurySpender), rejected by
  // Root or Treasurer; "py/trsry"; a spend period of 6 days unless the genesis shortens it
  // (governance.hpp), payouts claimable for 90 days, 100 approvals, no burn (Kusama's Parameters
  // pallet names no burn destination), no SpendFunds (Bounties). Until Canary has XCM the
  // paymaster pays native KSM from the pot and the converter knows native KSM only
  // (runtime/pallets/treasury/README.md).
  using TreasuryRejectOrigin = EitherOfDiverse<EnsureRoot, pallets::origins::Treasurer<Origins>>;
  using TreasurySpendOrigin =
      EitherOf<EnsureRootWithSuccess<~Balance{0}>, pallets::origins::Spender<Origins>>;
  using TreasuryPaymaster =
      pallets::treasury::NativePaymaster<Balances, pallets::treasury::PotAccountOf<Runtime>>;
  using TreasuryBalanceConverter = pallets::treasury::NativeBalanceConverter;
  static constexpr std::string_view kTreasuryPalletId = "py/trsry";
  static constexpr BlockNumber kTreasurySpendPeriod = kKusamaTreasurySpendPeriod;
  static constexpr BlockNumber kTreasuryPayoutPeriod = 90 * kusama_tracks::kDays;
  static constexpr uint32_t kTreasuryMaxApprovals = 100;
  static constexpr arithmetic::Permill kTreasuryBurn = arithmetic::Permill::zero();
  static BlockNumber treasury_spend_period() { return TreasurySpendPeriodParameter::get(); }
  static Result<void, std::string> set_treasury_spend_period(BlockNumber blocks) {
    return canary_runtime::set_treasury_spend_period(blocks);
  }

  // --- Vesting: at least 100 CENTS a vested transfer, 28 schedules an account; the lock holds
  // transfers and reserves (UnvestedFundsAllowedWithdrawReasons: all but TRANSFER | RESERVE).
  static constexpr Balance kMinVestedTransfer = 100 * kCents;
  static constexpr uint32_t kMaxVestingSchedules = 28;
  static constexpr traits::WithdrawReasons kUnvestedFundsAllowedWithdrawReasons{
      traits::WithdrawReasons::kTransactionPayment | traits::WithdrawReasons::kFee |
      traits::WithdrawReasons::kTip};

  // --- Proxy (30): Kusama's ProxyType and InstanceFilter (proxy_type.hpp), deposit(1, 8) and
  // deposit(0, 33) per proxy, deposit(1, 8) and deposit(0, 66) per announcement, reserved; 32
  // proxies and 32 pending announcements at most.
  using ProxyType = canary_runtime::ProxyType;
  template <class Call>
  static bool proxy_filter(ProxyType type, const Call& call) {
    const auto [pallet, index] = call.indices();
    return proxy_type_allows(type, pallet, index);
  }
  static bool proxy_is_superset(ProxyType a, ProxyType b) { return proxy_type_is_superset(a, b); }
  static constexpr Balance kProxyDepositBase = deposit(1, 8);
  static constexpr Balance kProxyDepositFactor = deposit(0, 33);
  static constexpr uint32_t kMaxProxies = 32;
  static constexpr Balance kAnnouncementDepositBase = deposit(1, 8);
  static constexpr Balance kAnnouncementDepositFactor = deposit(0, 66);
  static constexpr uint32_t kMaxPending = 32;

  // --- Multisig: deposit(1, 88) to open an operation and deposit(0, 32) per unit of threshold,
  // reserved; 100 signatories at most.
  static constexpr Balance kMultisigDepositBase = deposit(1, 88);
  static constexpr Balance kMultisigDepositFactor = deposit(0, 32);
  static constexpr uint32_t kMaxSignatories = 100;

  // --- Timestamp and BABE: slots of twice the minimum period, Kusama's 6 s unless the genesis
  // config sets another (block_time.hpp); Kusama's limits.
  static uint64_t minimum_period() { return MinimumPeriodParameter::get(); }
  // Timestamp's genesis field `minimumPeriod` (built before BABE's genesis, so that everything
  // that reads the slot duration sees the configured one).
  static Result<void, std::string> set_minimum_period(uint64_t value) {
    if (auto checked = check_minimum_period(value); !checked) return checked;
    MinimumPeriodParameter::set(value);
    return {};
  }
  // Kusama's ExpectedBlockTime is the slot duration: with PrimaryAndSecondaryVRFSlots every slot
  // has an author.
  static uint64_t expected_block_time() { return 2 * minimum_period(); }
  // Epochs (and so sessions, and GRANDPA's set-id history of kMaxSetIdSessionEntries sessions)
  // are counted in slots: 600 slots are Kusama's hour at 6 s slots, 10 minutes at 1 s. A genesis
  // may set another count (block_time.hpp: `"babe": {"epochDuration": <slots>}`).
  static uint64_t epoch_duration() { return EpochDurationParameter::get(); }
  static Result<void, std::string> set_epoch_duration(uint64_t slots) {
    if (auto checked = check_epoch_duration(slots); !checked) return checked;
    EpochDurationParameter::set(slots);
    return {};
  }
  static constexpr uint32_t kMaxAuthorities = 100'000;
  static constexpr uint32_t kMaxNominators = 512;
  static void on_timestamp_set(uint64_t now) { Babe::on_timestamp_set(now); }
  static bool babe_is_disabled(uint32_t index) { return Session::is_disabled(index); }
  // FRAME's AuthorVrfRandomness (schnorrkel make_bytes), so the epoch randomness is FRAME's too.
  static std::optional<pallets::babe::Randomness> babe_vrf_randomness(
      const pallets::babe::AuthorityId& key, const pallets::babe::VrfTranscriptData& transcript,
      const pallets::babe::VrfSignature& signature) {
    return pallets::babe::schnorrkel_vrf_randomness(key, transcript, signature);
  }

  // --- Authorship: the author's account from BABE's pre-digest and the session validators.
  static std::optional<AccountId32> authorship_find_author(const block::Digest& digest) {
    return Session::find_account_from_author_index(digest, &Babe::find_author);
  }

  // --- Session: rotation with BABE's epochs; Staking plans the sets (an era's election every
  // SessionsPerEra sessions), and Historical notes the root of each planned set with a default
  // Exposure per validator, as Kusama's Staking gives them.
  using SessionKeys = canary_runtime::SessionKeys;
  using SessionManager = pallets::session::historical::NoteHistoricalRoot<Runtime, Staking>;
  using SessionHandler = pallets::session::SessionHandlers<
      SessionKeys, pallets::session::KeyHandler<Babe, &SessionKeys::babe>,
      pallets::session::KeyHandler<Grandpa, &SessionKeys::grandpa>,
      pallets::session::KeyHandler<Initializer, &SessionKeys::para_validator>,
      pallets::session::KeyHandler<ParaSessionInfo, &SessionKeys::para_assignment>,
      pallets::session::KeyHandler<AuthorityDiscovery, &SessionKeys::authority_discovery>>;
  static bool session_should_end(BlockNumber now) { return Babe::should_end_session(now); }

  // --- GRANDPA: set ids kept for BondingDuration × SessionsPerEra sessions.
  static constexpr uint64_t kMaxSetIdSessionEntries = 28 * 6;

  // --- Staking (6): Kusama's constants (KusamaConstants, inherited), bonds held on the stash,
  // elections on chain (OnChainSeqPhragmen's bounds; Kusama elects through
  // ElectionProviderMultiPhase, which falls back to it), Kusama's era payout with the remainder and
  // slashes to the Treasury, offenders disabled by Session (UpToLimitWithReEnabling, factor 3).
  static RuntimeHoldReason staking_hold_reason() {
    return RuntimeHoldReason::of<6>(pallets::staking::HoldReason::kStaking);
  }
  // SessionsPerEra: Kusama's 6 unless the genesis sets another (block_time.hpp).
  static uint32_t sessions_per_era() { return SessionsPerEraParameter::get(); }
  static Result<void, std::string> set_sessions_per_era(uint32_t sessions) {
    if (auto checked = check_sessions_per_era(sessions); !checked) return checked;
    SessionsPerEraParameter::set(sessions);
    return {};
  }
  using StakingAdminOrigin = EnsureRoot;
  // Kusama's ResolveTo<TreasuryAccount, Balances>: into the pot, no Deposit event.
  using TreasuryAccount = pallets::treasury::PotAccountOf<Runtime>;
  using Slash = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  using RewardRemainder = traits::fungible::ResolveTo<TreasuryAccount, Balances>;
  struct SessionInterface : pallets::session::UpToLimitWithReEnabling<Session> {
    static void prune_historical_up_to(traits::SessionIndex up_to) {
      Historical::prune_up_to(up_to);
    }
  };
  // Kusama's OnChainSeqPhragmen: the genesis election, the governance fallback and, on the
  // development chains, the fallback when no solution was submitted (fast-runtime's choice).
  struct OnChainElection {
    using DataProvider = Staking;
    using Accuracy = arithmetic::PerU16;
    static constexpr uint32_t kMaxWinnersPerPage = 2000;
    static constexpr uint32_t kMaxBackersPerWinner = 12'500;
    static constexpr bool kSort = true;
  };
  using OnChainSeqPhragmen = election::OnChainExecution<OnChainElection>;
  using GenesisElectionProvider = OnChainSeqPhragmen;
  // ElectionProviderMultiPhase as Staking sees it (traits::election::ElectionProvider), its
  // functions forwarded so that nothing instantiates the pallet before Runtime is complete.
  struct ElectionProvider {
    using DataProvider = Staking;
    using Error = pallets::election_provider_multi_phase::ElectionError;
    static Result<traits::election::BoundedSupports, Error> elect() {
      return ElectionProviderMultiPhase::elect();
    }
    static bool ongoing() { return ElectionProviderMultiPhase::ongoing(); }
  };

  // --- ElectionProviderMultiPhase (37): Kusama's configuration (FR-1.7.1 lib.rs): signed and
  // unsigned phases of a quarter of an epoch each (150 blocks of 600), 16 signed submissions with
  // a deposit of deposit(2, 0) growing 10 % per queued one plus deposit(0, 10) / 1024 a byte, a
  // 0.1 KSM reward, the miner's solution within 90 % of the normal block length and its weight
  // limit, NposCompactSolution24; ForceOrigin Root or StakingAdmin. Without a solution the
  // production runtime has no fallback (Emergency phase), the development ones elect on chain.
  struct ElectionConfig {
    using DataProvider = Staking;
    using Solution = election::KusamaSolution;
    static constexpr uint32_t kMaxVotesPerVoter = 24;
    static constexpr uint32_t kMaxWinners = 2000;
    static constexpr uint32_t kMaxBackersPerWinner = 12'500;
    static BlockNumber signed_phase() { return static_cast<BlockNumber>(epoch_duration() / 4); }
    static BlockNumber unsigned_phase() { return static_cast<BlockNumber>(epoch_duration() / 4); }
    static BlockNumber offchain_repeat() { return unsigned_phase() / 8; }
    // Perbill::from_percent(90) * TransactionPriority::MAX.
    static constexpr uint64_t kMinerTxPriority = 0xE666'6666'6666'6665;
    static constexpr arithmetic::Perbill kBetterSignedThreshold = arithmetic::Perbill::zero();
    static constexpr uint32_t kSignedMaxSubmissions = 16;
    static constexpr uint32_t kSignedMaxRefunds = 4;
    static constexpr Balance kSignedRewardBase = kUnits / 10;
    static constexpr Balance kSignedDepositByte = deposit(0, 10) / 1024;
    static constexpr Balance kSignedDepositWeight = 0;
    // GeometricDepositBase<deposit(2, 0), 10 %>: the base times 1.1^queued.
    static Balance signed_deposit_base(size_t queued) {
      const auto factor =
          arithmetic::FixedU128::from_u32(1) +
          arithmetic::FixedU128::from_per_thing(arithmetic::Percent::from_percent(10));
      return factor.saturating_pow(static_cast<uint32_t>(queued)).saturating_mul_int(deposit(2, 0));
    }
    // The normal class's largest extrinsic less the block's execution weight, and 90 % of the
    // normal class's length (polkadot-runtime-common's impl_elections_weights).
    static Weight miner_max_weight() {
      const Weight normal =
          block_weights().per_class.normal.max_extrinsic.value_or(block_weights().max_block);
      return normal.saturating_sub(kBlockExecutionWeight);
    }
    static Weight signed_max_weight() { return miner_max_weight(); }
    static uint32_t miner_max_length() {
      return arithmetic::Perbill::from_percent(90) * block_length().max.normal;
    }
    static Weight solution_weight(uint32_t v, uint32_t t, uint32_t a, uint32_t d) {
      return pallets::election_provider_multi_phase::KusamaWeights<Runtime>::submit_unsigned(v, t,
                                                                                             a, d);
    }
    // ElectionBounds: 12,500 voters (MaxElectingVoters), every validator a target.
    static traits::election::ElectionBounds bounds() {
      return {{12'500, std::nullopt}, {std::nullopt, std::nullopt}};
    }
#if CANARY_RUNTIME_WITH_SUDO
    using Fallback = OnChainSeqPhragmen;
#else
    using Fallback = election::NoElection;
#endif
    using GovernanceFallback = OnChainSeqPhragmen;
    using ForceOrigin = EitherOf<EnsureRoot, pallets::origins::StakingAdmin<Origins>>;
    static Balance estimate_call_fee(uint32_t len, const DispatchInfo& info) {
      return TransactionPayment::compute_fee(len, info, 0);
    }
  };
  using UnixTime = Timestamp;
  static std::pair<Balance, Balance> era_payout(Balance staked, Balance issuance,
                                                uint64_t era_duration_ms) {
    const npos::EraPayoutSplit split =
        npos::kusama_era_payout(staked, issuance, era_duration_ms, std::nullopt);
    return {split.staking_payout, split.rest};
  }
  static std::optional<BlockNumber> estimate_next_new_session(BlockNumber now) {
    return Babe::next_expected_epoch_change(now);
  }
  static BlockNumber average_session_length() { return static_cast<BlockNumber>(epoch_duration()); }
  // Authorship's EventHandler: 20 era points per authored block.
  static void note_author(const AccountId32& author) { Staking::note_author(author); }

  // --- VoterList (39): Staking's voters in Kusama's 200 bags, 10 rebagged per idle block.
  struct VoterListConfig {
    using ScoreProvider = Staking;
    static constexpr auto kBagThresholds = pallets::bags_list::kusama::kBagThresholds;
    static constexpr uint32_t kMaxAutoRebagPerBlock = 10;
  };

  // --- Historical: Kusama's FullIdentification is sp_staking::Exposure, and FullIdentificationOf
  // pallet_staking's (deprecated) DefaultExposureOf: a default (zero) exposure for a validator of
  // the current session, none for anyone else.
  using FullIdentification = traits::staking::Exposure;
  static std::optional<FullIdentification> full_identification_of(const AccountId32& validator) {
    const std::vector<AccountId32> validators = Session::validators();
    if (std::find(validators.begin(), validators.end(), validator) == validators.end()) {
      return std::nullopt;
    }
    return FullIdentification{};
  }

  // --- Offences: offenders are Session historical's IdentificationTuple (validator, exposure),
  // handled by Staking (slashes, deferred by SlashDeferDuration, and disabling).
  using IdentificationTuple = std::tuple<AccountId32, FullIdentification>;
  using OnOffenceHandler = Staking::OffenceHandler;

  // --- Equivocation reports of BABE and GRANDPA: FRAME's EquivocationReportSystem<Self,
  // Offences, Historical, ReportLongevity>. Key ownership is proven against Historical's session
  // roots; a report stays valid in the pool for Kusama's ReportLongevity, BondingDuration ×
  // SessionsPerEra × EpochDuration blocks.
  struct EquivocationReporting {
    using Offender = IdentificationTuple;
    static std::optional<Offender> check_key_owner_proof(
        const pallets::session::KeyTypeId& key_type, ByteSpan key,
        const pallets::session::MembershipProof& proof) {
      return Historical::check_proof(key_type, key, proof);
    }
    static std::optional<pallets::session::MembershipProof> prove_key_ownership(
        const pallets::session::KeyTypeId& key_type, ByteSpan key) {
      return Historical::prove(key_type, key);
    }
    template <class O>
    static Result<void, traits::staking::OffenceError> report_offence(
        const std::vector<AccountId32>& reporters, const O& offence) {
      return Offences::template report_offence<O>(reporters, offence);
    }
    template <class O>
    static bool is_known_offence(std::span<const Offender> offenders,
                                 const typename O::TimeSlot& time_slot) {
      return Offences::template is_known_offence<O>(offenders, time_slot);
    }
    static uint64_t report_longevity() {
      return uint64_t{kBondingDuration} * sessions_per_era() * epoch_duration();
    }
    static std::optional<AccountId32> block_author() { return Authorship::author(); }
    template <class P>
    static bool submit_unsigned(typename P::Call call) {
      return submit_unsigned_transaction<Runtime, P>(std::move(call));
    }
  };

  // --- The parachain host: Kusama's configuration (FR-1.7.1 lib.rs). Session changes reach the
  // Initializer through the `para` key's handler; its seed is BABE's randomness of one epoch ago.
  using ParachainsRandomness = pallets::initializer::BabeRandomnessFromOneEpochAgo<Babe>;
  // ParaSessionInfo's SessionInfo: the discovery keys of the session's validators, their accounts.
  // The Initializer applies the genesis session from its `para` key's handler, which Session calls
  // before AuthorityDiscovery's (the keys' order), so for that session the keys are those the
  // validators registered in Session, which AuthorityDiscovery takes next: without them the
  // genesis session's validators could not find each other (node/service/parachain_service.hpp).
  static std::vector<pallets::authority_discovery::AuthorityId> authority_discovery_keys() {
    std::vector<pallets::authority_discovery::AuthorityId> keys =
        AuthorityDiscovery::current_authorities();
    if (!keys.empty() || Session::current_index() != 0) return keys;
    for (const auto& para_key : ParasShared::ActiveValidatorKeys::get()) {
      const auto owner =
          Session::key_owner(pallets::session::key_type("para"), scale::encode(para_key));
      const auto registered = owner ? Session::load_keys(*owner) : std::nullopt;
      if (registered) keys.push_back(registered->authority_discovery);
    }
    return keys;
  }
  static std::vector<AccountId32> validator_accounts() { return Session::validators(); }
  // Paras: removing an upgrade cooldown burns 1,000 UNITS / (24 × 600) a block left
  // (Kusama's CooldownRemovalMultiplier); PVF votes live half an average session (Kusama's epoch
  // of 600 blocks); a parachain of the genesis gets a core of its own (Kusama's AssignCoretime).
  using ParasFungible = Balances;
  static constexpr Balance kParasCooldownRemovalMultiplier = 1'000 * kUnits / (24 * 600);
  static constexpr uint64_t kParasAverageSessionLength = 600;
  static DispatchResult paras_assign_coretime(pallets::para_primitives::ParaId id) {
    return CoretimeAssignmentProvider::assign_coretime(id);
  }
  using SchedulerAssignmentProvider = CoretimeAssignmentProvider;
  // Registrar: Kusama's ParaDeposit (4 KSM) and DataDepositPerByte (CENTS / 10); Paras' OnNewHead
  // is the Registrar's, which locks a para at its first head.
  static constexpr Balance kParaDeposit = 4 * kUnits;
  static constexpr Balance kDataDepositPerByte = kCents / 10;
  static Weight paras_on_new_head(pallets::para_primitives::ParaId id,
                                  const pallets::para_primitives::HeadData& head) {
    return Registrar::on_new_head(id, head);
  }

  // --- Runtime upgrades: this release's spec version and migrations (frame-executive's
  // COnRuntimeUpgrade), defined in release.cpp, the only file the next runtime
  // (CANARY_NEXT_RUNTIME, runtime/canary/README.md) compiles differently.
  static uint32_t spec_version();
  struct ReleaseMigrations {
    static Weight on_runtime_upgrade();
  };
  using Migrations = std::tuple<ReleaseMigrations>;
};

// ConvictionVoting's polls are Referenda's.
struct Runtime::Polls : Runtime::Referenda::Polls {};
static_assert(traits::Polling<Runtime::Polls, Runtime::ReferendaTally>);
// The Fellowship's polls are FellowshipReferenda's; a poll's voters are the members of at least
// its track's rank.
struct Runtime::FellowshipPolls : Runtime::FellowshipReferenda::Polls {};
inline uint32_t Runtime::FellowshipMaxVoters::get_max_voters(uint16_t klass) {
  return FellowshipCollective::max_voters(klass);
}
static_assert(traits::Polling<Runtime::FellowshipPolls, Runtime::FellowshipCollective::TallyT>);
// Every pallet with calls is in the RuntimeCall (the composition leaves out a pallet whose Call it
// cannot see, as it would one incomplete when the RuntimeCall was completed).
static_assert(std::is_constructible_v<Runtime::Pallets::Call::Variant,
                                      PalletCall<Runtime::ConvictionVoting>>);
static_assert(
    std::is_constructible_v<Runtime::Pallets::Call::Variant, PalletCall<Runtime::Referenda>>);
static_assert(
    std::is_constructible_v<Runtime::Pallets::Call::Variant, PalletCall<Runtime::Treasury>>);
static_assert(
    std::is_constructible_v<Runtime::Pallets::Call::Variant, PalletCall<Runtime::Whitelist>>);
static_assert(std::is_constructible_v<Runtime::Pallets::Call::Variant,
                                      PalletCall<Runtime::ElectionProviderMultiPhase>>);
static_assert(std::is_constructible_v<Runtime::Pallets::Call::Variant,
                                      PalletCall<Runtime::FellowshipCollective>>);
static_assert(std::is_constructible_v<Runtime::Pallets::Call::Variant,
                                      PalletCall<Runtime::FellowshipReferenda>>);

// Balances provides the token traits (framework/traits/fungible.hpp, currency.hpp), Session the
// validator set (session.hpp).
static_assert(traits::fungible::Mutate<Runtime::Balances> &&
              traits::fungible::MutateHold<Runtime::Balances> &&
              traits::fungible::MutateFreeze<Runtime::Balances> &&
              traits::fungible::Balanced<Runtime::Balances>);
static_assert(traits::NamedReservableCurrency<Runtime::Balances> &&
              traits::LockableCurrency<Runtime::Balances>);
static_assert(traits::ValidatorSet<Runtime::Session>);
// Staking is the VoterList's score, the election's data, Session's manager and the offences'
// handler.
static_assert(traits::staking::StakingInterface<Runtime::Staking::Interface>);
static_assert(traits::ScoreProvider<Runtime::Staking>);
static_assert(traits::SortedListProvider<Runtime::VoterList>);
static_assert(traits::election::ElectionDataProvider<Runtime::Staking>);
static_assert(traits::election::ElectionProvider<Runtime::ElectionProvider>);
static_assert(traits::SessionManager<Runtime::Staking>);
static_assert(traits::staking::OnOffenceHandler<Runtime::Staking::OffenceHandler,
                                                Runtime::IdentificationTuple>);

using Executive = rt::Executive<Runtime>;

}  // namespace canary::rt::canary_runtime
