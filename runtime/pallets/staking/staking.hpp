// pallet_staking, part 1: NPoS staking's bonds and roles. A stash bonds funds (held on the stash
// for HoldReason::Staking), becomes a validator (validate) or a nominator of validators
// (nominate), unbonds in chunks that unlock BondingDuration eras later and withdraws them; the
// admin calls set the validator count, era forcing, invulnerables and the staking limits.
// Reference semantics: polkadot-sdk substrate/frame/staking (pallet-staking 42, as Kusama FR-1.7.1
// builds it: pallet/mod.rs, pallet/impls.rs, ledger.rs, asset.rs), metadata as Kusama's (spec
// 1_009_002). The era machinery (elections, exposures, rewards, payouts, slashing) is part 2; its
// storage, events and errors are declared here already so the metadata is whole.
//
// The runtime's configuration T provides, besides System, Pallets and kDbWeight:
//   Currency                   a fungible::MutateHold (Balances), whose HoldReason the runtime's
//                              RuntimeHoldReason is
//   staking_hold_reason()      -> Currency::HoldReason: the runtime's Staking(HoldReason::Staking)
//   VoterList                  a traits::SortedListProvider (Kusama: the bags list); Staking keeps
//                              it updated with every nominator and validator, scored by
//                              Pallet::score (Staking is the list's ScoreProvider)
//   StakingAdminOrigin         an EnsureOrigin (Kusama: Root or StakingAdmin; for now EnsureRoot)
//   kHistoryDepth (84), kBondingDuration (28), kSlashDeferDuration (27),
//   kMaxExposurePageSize (512), kMaxValidatorSet (2000), kMaxUnlockingChunks (32),
//   kMaxNominations (24: FixedNominationsQuota<24>), kMaxControllersInDeprecationBatch (5169)
//   optional StakingWeightInfo (weights.hpp)
// TargetList is UseValidatorsMap: the Validators map itself. The era machinery's configuration
// (ElectionProvider, sessions_per_era(), UnixTime, era_payout, …) is listed in era.hpp.
//
// The pallet is a traits::staking::StakingInterface and the VoterList's traits::ScoreProvider
// (score: the active bond through Kusama's CurrencyToVote, U128CurrencyToVote). Slashing
// (slashing.hpp; its optional configuration, Slash and SessionInterface, is listed there):
// Pallet::OffenceHandler is the traits::staking::OnOffenceHandler, and the era machinery applies
// the deferred slashes with Pallet::apply_unapplied_slashes(active_era). Part 2 (era.hpp,
// rewards.hpp): the pallet is the ElectionDataProvider of T::ElectionProvider, Session's
// SessionManager (new_session, start_session, end_session), Authorship's EventHandler
// (note_author: 20 era points) and pays rewards (payout_stakers, payout_stakers_by_page).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/election.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/sorted_list.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/staking/call_docs.hpp"
#include "runtime/pallets/staking/era.hpp"
#include "runtime/pallets/staking/ledger.hpp"
#include "runtime/pallets/staking/rewards.hpp"
#include "runtime/pallets/staking/slashing.hpp"
#include "runtime/pallets/staking/types.hpp"
#include "runtime/pallets/staking/weights.hpp"

namespace canary::rt::pallets::staking {

using traits::staking::VoteWeight;

// The pallet's errors, in FRAME's order (kErrors below names them). At namespace scope, where the
// composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kNotController = 0,
  kNotStash = 1,
  kAlreadyBonded = 2,
  kAlreadyPaired = 3,
  kEmptyTargets = 4,
  kDuplicateIndex = 5,
  kInvalidSlashIndex = 6,
  kInsufficientBond = 7,
  kNoMoreChunks = 8,
  kNoUnlockChunk = 9,
  kFundedTarget = 10,
  kInvalidEraToReward = 11,
  kInvalidNumberOfNominations = 12,
  kNotSortedAndUnique = 13,
  kAlreadyClaimed = 14,
  kInvalidPage = 15,
  kIncorrectHistoryDepth = 16,
  kIncorrectSlashingSpans = 17,
  kBadState = 18,
  kTooManyTargets = 19,
  kBadTarget = 20,
  kCannotChillOther = 21,
  kTooManyNominators = 22,
  kTooManyValidators = 23,
  kCommissionTooLow = 24,
  kBoundNotMet = 25,
  kControllerDeprecated = 26,
  kCannotRestoreLedger = 27,
  kRewardDestinationRestricted = 28,
  kNotEnoughFunds = 29,
  kVirtualStakerNotAllowed = 30,
  kCannotReapStash = 31,
  kAlreadyMigrated = 32,
  kRestricted = 33,
};

// sp_staking::currency_to_vote::U128CurrencyToVote (Kusama's CurrencyToVote): a balance as a
// u64 vote, divided by max(issuance / u64::MAX, 1) so that the whole issuance fits.
inline VoteWeight currency_to_vote(Balance value, Balance issuance) {
  const Balance factor = std::max<Balance>(issuance / Balance{UINT64_MAX}, 1);
  const Balance vote = value / factor;
  return vote > Balance{UINT64_MAX} ? UINT64_MAX : static_cast<VoteWeight>(vote);
}

// Events whose fields are (stash, amount): Bonded, Unbonded, Withdrawn.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct StashAmountEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  AccountId32 stash;
  Balance amount = 0;
  bool operator==(const StashAmountEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("stash", &StashAmountEvent::stash, "T::AccountId"),
                      field("amount", &StashAmountEvent::amount, "BalanceOf<T>")};
  }
  CANARY_DESCRIBED()
};
// Events with one u32 `size` (the election snapshot's limits).
template <uint8_t Index, FixedString Name, FixedString Docs>
struct SizeEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  uint32_t size = 0;
  bool operator==(const SizeEvent&) const = default;
  static constexpr auto fields() { return std::tuple{field("size", &SizeEvent::size, "u32")}; }
  CANARY_DESCRIBED()
};
// Events without fields.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct UnitEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  bool operator==(const UnitEvent&) const = default;
  static constexpr auto fields() { return std::tuple{}; }
  CANARY_DESCRIBED()
};

// The genesis configuration (`"staking": {…}`, serde's camelCase names). `stakers` are
// [stash, controller, balance, status]; the controller is ignored (stashes are their own
// controllers). `slashRewardFraction` is a Perbill's parts (serde writes the inner u32).
// `devStakers` (generated stakers) is accepted only as null: Canary does not generate accounts.
struct GenesisConfig {
  uint32_t validator_count = 0;
  uint32_t minimum_validator_count = 0;
  std::vector<AccountId32> invulnerables;
  Forcing force_era = Forcing::kNotForcing;
  uint32_t slash_reward_fraction = 0;
  Balance canceled_payout = 0;
  std::vector<std::tuple<AccountId32, AccountId32, Balance, StakerStatus>> stakers;
  Balance min_nominator_bond = 0;
  Balance min_validator_bond = 0;
  std::optional<uint32_t> max_validator_count;
  std::optional<uint32_t> max_nominator_count;
  std::optional<std::tuple<uint32_t, uint32_t>> dev_stakers;
  // Canary's own (absent from FRAME), for test networks with short eras: SessionsPerEra, when the
  // runtime lets its genesis set it (T::set_sessions_per_era); absent or null: the runtime's.
  std::optional<uint32_t> sessions_per_era;
  static constexpr auto json_fields() {
    return std::tuple{json_field("validatorCount", &GenesisConfig::validator_count),
                      json_field("minimumValidatorCount", &GenesisConfig::minimum_validator_count),
                      json_field("invulnerables", &GenesisConfig::invulnerables),
                      json_field("forceEra", &GenesisConfig::force_era),
                      json_field("slashRewardFraction", &GenesisConfig::slash_reward_fraction),
                      json_field("canceledPayout", &GenesisConfig::canceled_payout),
                      json_field("stakers", &GenesisConfig::stakers),
                      json_field("minNominatorBond", &GenesisConfig::min_nominator_bond),
                      json_field("minValidatorBond", &GenesisConfig::min_validator_bond),
                      json_field("maxValidatorCount", &GenesisConfig::max_validator_count),
                      json_field("maxNominatorCount", &GenesisConfig::max_nominator_count),
                      json_field("devStakers", &GenesisConfig::dev_stakers),
                      json_field("sessionsPerEra", &GenesisConfig::sessions_per_era)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_staking";
  // pallet_staking's STORAGE_VERSION in pallet-staking 42: 17 since the v17 migration moved the
  // disabled validators to Session (storage_version.hpp).
  static constexpr uint16_t kStorageVersion = 17;

  using System = typename T::System;
  using Currency = typename T::Currency;
  using VoterList = typename T::VoterList;
  using AdminOrigin = typename T::StakingAdminOrigin;
  using Weights = WeightInfoOf<T>;

  static_assert(traits::fungible::MutateHold<Currency>);
  static_assert(traits::SortedListProvider<VoterList>);
  static_assert(EnsureOrigin<AdminOrigin>);
  static_assert(T::kSlashDeferDuration < T::kBondingDuration || T::kBondingDuration == 0,
                "SlashDeferDuration must be less than BondingDuration");
  static_assert(T::kMaxNominations > 0);

  // The hold reason the ledger's asset side uses (ledger.hpp).
  static typename Currency::HoldReason hold_reason() { return T::staking_hold_reason(); }

  // --- Types with the runtime's bounds.
  using MaxUnlockingChunks = ConstU32<T::kMaxUnlockingChunks>;
  using HistoryDepth = ConstU32<T::kHistoryDepth>;
  using MaxNominations = ConstU32<T::kMaxNominations>;
  using MaxControllersInDeprecationBatch = ConstU32<T::kMaxControllersInDeprecationBatch>;
  using StakingLedger = StakingLedgerOf<MaxUnlockingChunks, HistoryDepth>;
  using Nominations = NominationsOf<MaxNominations>;
  using LedgerT = staking::Ledger<Pallet>;

  // --- Storage, in metadata order (a counted map's counter follows it).
  using ValidatorCount = StorageValue<Pallet, "ValidatorCount", uint32_t, ValueQuery,
                                      DocLines<" The ideal number of active validators.">>;
  using MinimumValidatorCount = StorageValue<
      Pallet, "MinimumValidatorCount", uint32_t, ValueQuery,
      DocLines<" Minimum number of staking participants before emergency conditions are imposed.">>;
  using Invulnerables = StorageValue<
      Pallet, "Invulnerables", std::vector<AccountId32>, ValueQuery,
      DocLines<
          " Any validators that may never be slashed or forcibly kicked. It's a Vec since they're",
          " easy to initialize and the performance hit is minimal (we expect no more than four",
          " invulnerables) and restricted to testnets.">>;
  using Bonded =
      StorageMap<Pallet, "Bonded", Twox64Concat, AccountId32, AccountId32, OptionQuery,
                 DocLines<" Map from all locked \"stash\" accounts to the controller account.", "",
                          " TWOX-NOTE: SAFE since `AccountId` is a secure hash.">>;
  using MinNominatorBond = StorageValue<
      Pallet, "MinNominatorBond", Balance, ValueQuery,
      DocLines<" The minimum active bond to become and maintain the role of a nominator.">>;
  using MinValidatorBond = StorageValue<
      Pallet, "MinValidatorBond", Balance, ValueQuery,
      DocLines<" The minimum active bond to become and maintain the role of a validator.">>;
  using MinimumActiveStake = StorageValue<
      Pallet, "MinimumActiveStake", Balance, ValueQuery,
      DocLines<" The minimum active nominator stake of the last successful election.">>;
  using MinCommission =
      StorageValue<Pallet, "MinCommission", Perbill, ValueQuery,
                   DocLines<" The minimum amount of commission that validators can set.", "",
                            " If set to `0`, no limit exists.">>;
  using Ledger = StorageMap<
      Pallet, "Ledger", Blake2_128Concat, AccountId32, StakingLedger, OptionQuery,
      DocLines<
          " Map from all (unlocked) \"controller\" accounts to the info regarding the staking.", "",
          " Note: All the reads and mutations to this storage *MUST* be done through the methods "
          "exposed",
          " by [`StakingLedger`] to ensure data and lock consistency.">>;
  using Payee =
      StorageMap<Pallet, "Payee", Twox64Concat, AccountId32, RewardDestination, OptionQuery,
                 DocLines<" Where the reward payment should be made. Keyed by stash.", "",
                          " TWOX-NOTE: SAFE since `AccountId` is a secure hash.">>;
  using Validators = CountedStorageMap<
      Pallet, "Validators", Twox64Concat, AccountId32, ValidatorPrefs, ValueQuery,
      DocLines<" The map from (wannabe) validator stash key to the preferences of that validator.",
               "", " TWOX-NOTE: SAFE since `AccountId` is a secure hash.">>;
  using MaxValidatorsCount = StorageValue<
      Pallet, "MaxValidatorsCount", uint32_t, OptionQuery,
      DocLines<" The maximum validator count before we stop allowing new validators to join.", "",
               " When this value is not set, no limits are enforced.">>;
  using Nominators = CountedStorageMap<
      Pallet, "Nominators", Twox64Concat, AccountId32, Nominations, OptionQuery,
      DocLines<" The map from nominator stash key to their nomination preferences, namely the "
               "validators that",
               " they wish to support.", "",
               " Note that the keys of this storage map might become non-decodable in case the",
               " account's [`NominationsQuota::MaxNominations`] configuration is decreased.",
               " In this rare case, these nominators",
               " are still existent in storage, their key is correct and retrievable (i.e. "
               "`contains_key`",
               " indicates that they exist), but their value cannot be decoded. Therefore, the "
               "non-decodable",
               " nominators will effectively not-exist, until they re-submit their preferences "
               "such that it",
               " is within the bounds of the newly set `Config::MaxNominations`.", "",
               " This implies that `::iter_keys().count()` and `::iter().count()` might return "
               "different",
               " values for this map. Moreover, the main `::count()` is aligned with the former, "
               "namely the",
               " number of keys that exist.", "",
               " Lastly, if any of the nominators become non-decodable, they can be chilled "
               "immediately via",
               " [`Call::chill_other`] dispatchable by anyone.", "",
               " TWOX-NOTE: SAFE since `AccountId` is a secure hash.">>;
  using VirtualStakers = CountedStorageMap<
      Pallet, "VirtualStakers", Twox64Concat, AccountId32, std::tuple<>, OptionQuery,
      DocLines<" Stakers whose funds are managed by other pallets.", "",
               " This pallet does not apply any locks on them, therefore they are only virtually "
               "bonded. They",
               " are expected to be keyless accounts and hence should not be allowed to mutate "
               "their ledger",
               " directly via this pallet. Instead, these accounts are managed by other pallets "
               "and accessed",
               " via low level apis. We keep track of them to do minimal integrity checks.">>;
  using MaxNominatorsCount = StorageValue<
      Pallet, "MaxNominatorsCount", uint32_t, OptionQuery,
      DocLines<" The maximum nominator count before we stop allowing new validators to join.", "",
               " When this value is not set, no limits are enforced.">>;
  using CurrentEra = StorageValue<Pallet, "CurrentEra", EraIndex, OptionQuery,
                                  DocLines<" The current era index.", "",
                                           " This is the latest planned era, depending on how the "
                                           "Session pallet queues the validator",
                                           " set, it might be active or not.">>;
  using ActiveEra = StorageValue<
      Pallet, "ActiveEra", ActiveEraInfo, OptionQuery,
      DocLines<
          " The active era information, it holds index and start.", "",
          " The active era is the era being currently rewarded. Validator set of this era must be",
          " equal to [`SessionInterface::validators`].">>;
  using ErasStartSessionIndex = StorageMap<
      Pallet, "ErasStartSessionIndex", Twox64Concat, EraIndex, SessionIndexT, OptionQuery,
      DocLines<
          " The session index at which the era start for the last [`Config::HistoryDepth`] eras.",
          "",
          " Note: This tracks the starting session (i.e. session index when era start being "
          "active)",
          " for the eras in `[CurrentEra - HISTORY_DEPTH, CurrentEra]`.">>;
  using ErasStakers = StorageDoubleMap<
      Pallet, "ErasStakers", Twox64Concat, EraIndex, Twox64Concat, AccountId32, Exposure,
      ValueQuery,
      DocLines<" Exposure of validator at era.", "",
               " This is keyed first by the era index to allow bulk deletion and then the stash "
               "account.",
               "", " Is it removed after [`Config::HistoryDepth`] eras.",
               " If stakers hasn't been set or has been removed then empty exposure is returned.",
               "", " Note: Deprecated since v14. Use `EraInfo` instead to work with exposures.">>;
  using ErasStakersOverview = StorageDoubleMap<
      Pallet, "ErasStakersOverview", Twox64Concat, EraIndex, Twox64Concat, AccountId32,
      PagedExposureMetadata, OptionQuery,
      DocLines<" Summary of validator exposure at a given era.", "",
               " This contains the total stake in support of the validator and their own stake. In "
               "addition,",
               " it can also be used to get the number of nominators backing this validator and "
               "the number of",
               " exposure pages they are divided into. The page count is useful to determine the "
               "number of",
               " pages of rewards that needs to be claimed.", "",
               " This is keyed first by the era index to allow bulk deletion and then the stash "
               "account.",
               " Should only be accessed through `EraInfo`.", "",
               " Is it removed after [`Config::HistoryDepth`] eras.",
               " If stakers hasn't been set or has been removed then empty overview is returned.">>;
  using ErasStakersClipped = StorageDoubleMap<
      Pallet, "ErasStakersClipped", Twox64Concat, EraIndex, Twox64Concat, AccountId32, Exposure,
      ValueQuery,
      DocLines<
          " Clipped Exposure of validator at era.", "",
          " Note: This is deprecated, should be used as read-only and will be removed in the "
          "future.",
          " New `Exposure`s are stored in a paged manner in `ErasStakersPaged` instead.", "",
          " This is similar to [`ErasStakers`] but number of nominators exposed is reduced to the",
          " `T::MaxExposurePageSize` biggest stakers.",
          " (Note: the field `total` and `own` of the exposure remains unchanged).",
          " This is used to limit the i/o cost for the nominator payout.", "",
          " This is keyed fist by the era index to allow bulk deletion and then the stash account.",
          "", " It is removed after [`Config::HistoryDepth`] eras.",
          " If stakers hasn't been set or has been removed then empty exposure is returned.", "",
          " Note: Deprecated since v14. Use `EraInfo` instead to work with exposures.">>;
  using ErasStakersPaged =
      StorageNMap<Pallet, "ErasStakersPaged",
                  std::tuple<NMapKey<Twox64Concat, EraIndex>, NMapKey<Twox64Concat, AccountId32>,
                             NMapKey<Twox64Concat, Page>>,
                  ExposurePage, OptionQuery,
                  DocLines<" Paginated exposure of a validator at given era.", "",
                           " This is keyed first by the era index to allow bulk deletion, then "
                           "stash account and finally",
                           " the page. Should only be accessed through `EraInfo`.", "",
                           " This is cleared after [`Config::HistoryDepth`] eras.">>;
  using ClaimedRewards = StorageDoubleMap<
      Pallet, "ClaimedRewards", Twox64Concat, EraIndex, Twox64Concat, AccountId32,
      std::vector<Page>, ValueQuery,
      DocLines<" History of claimed paged rewards by era and validator.", "",
               " This is keyed by era and validator stash which maps to the set of page indexes "
               "which have",
               " been claimed.", "", " It is removed after [`Config::HistoryDepth`] eras.">>;
  using ErasValidatorPrefs = StorageDoubleMap<
      Pallet, "ErasValidatorPrefs", Twox64Concat, EraIndex, Twox64Concat, AccountId32,
      ValidatorPrefs, ValueQuery,
      DocLines<" Similar to `ErasStakers`, this holds the preferences of validators.", "",
               " This is keyed first by the era index to allow bulk deletion and then the stash "
               "account.",
               "", " Is it removed after [`Config::HistoryDepth`] eras.">>;
  using ErasValidatorReward = StorageMap<
      Pallet, "ErasValidatorReward", Twox64Concat, EraIndex, Balance, OptionQuery,
      DocLines<" The total validator era payout for the last [`Config::HistoryDepth`] eras.", "",
               " Eras that haven't finished yet or has been removed doesn't have reward.">>;
  using ErasRewardPoints = StorageMap<
      Pallet, "ErasRewardPoints", Twox64Concat, EraIndex, EraRewardPoints, ValueQuery,
      DocLines<" Rewards for the last [`Config::HistoryDepth`] eras.",
               " If reward hasn't been set or has been removed then 0 reward is returned.">>;
  using ErasTotalStake = StorageMap<
      Pallet, "ErasTotalStake", Twox64Concat, EraIndex, Balance, ValueQuery,
      DocLines<" The total amount staked for the last [`Config::HistoryDepth`] eras.",
               " If total hasn't been set or has been removed then 0 stake is returned.">>;
  using ForceEra =
      StorageValue<Pallet, "ForceEra", Forcing, ValueQuery, DocLines<" Mode of era forcing.">>;
  using MaxStakedRewards = StorageValue<
      Pallet, "MaxStakedRewards", Percent, OptionQuery,
      DocLines<" Maximum staked rewards, i.e. the percentage of the era inflation that",
               " is used for stake rewards.", " See [Era payout](./index.html#era-payout).">>;
  using SlashRewardFraction =
      StorageValue<Pallet, "SlashRewardFraction", Perbill, ValueQuery,
                   DocLines<" The percentage of the slash that is distributed to reporters.", "",
                            " The rest of the slashed value is handled by the `Slash`.">>;
  using CanceledSlashPayout =
      StorageValue<Pallet, "CanceledSlashPayout", Balance, ValueQuery,
                   DocLines<" The amount of currency given to reporters of a slash event which was",
                            " canceled by extraordinary circumstances (e.g. governance).">>;
  using UnappliedSlashes =
      StorageMap<Pallet, "UnappliedSlashes", Twox64Concat, EraIndex, std::vector<UnappliedSlash>,
                 ValueQuery, DocLines<" All unapplied slashes that are queued for later.">>;
  using BondedEras = StorageValue<
      Pallet, "BondedEras", std::vector<std::tuple<EraIndex, SessionIndexT>>, ValueQuery,
      DocLines<" A mapping from still-bonded eras to the first session index of that era.", "",
               " Must contains information for eras for the range:",
               " `[active_era - bounding_duration; active_era]`">>;
  using ValidatorSlashInEra = StorageDoubleMap<
      Pallet, "ValidatorSlashInEra", Twox64Concat, EraIndex, Twox64Concat, AccountId32,
      std::tuple<Perbill, Balance>, OptionQuery,
      DocLines<" All slashing events on validators, mapped by era to the highest slash proportion",
               " and slash value of the era.">>;
  using NominatorSlashInEra =
      StorageDoubleMap<Pallet, "NominatorSlashInEra", Twox64Concat, EraIndex, Twox64Concat,
                       AccountId32, Balance, OptionQuery,
                       DocLines<" All slashing events on nominators, mapped by era to the highest "
                                "slash value of the era.">>;
  using SlashingSpans =
      StorageMap<Pallet, "SlashingSpans", Twox64Concat, AccountId32, staking::SlashingSpans,
                 OptionQuery, DocLines<" Slashing spans for stash accounts.">>;
  using SpanSlash = StorageMap<
      Pallet, "SpanSlash", Twox64Concat, std::tuple<AccountId32, SpanIndex>, SpanRecord, ValueQuery,
      DocLines<" Records information about the maximum slash of a stash within a slashing span,",
               " as well as how much reward has been paid out.">>;
  using CurrentPlannedSession =
      StorageValue<Pallet, "CurrentPlannedSession", SessionIndexT, ValueQuery,
                   DocLines<" The last planned session scheduled by the session pallet.", "",
                            " This is basically in sync with the call to "
                            "[`pallet_session::SessionManager::new_session`].">>;
  using ChillThreshold = StorageValue<
      Pallet, "ChillThreshold", Percent, OptionQuery,
      DocLines<
          " The threshold for when users can start calling `chill_other` for other validators /",
          " nominators. The threshold is compared to the actual number of validators / nominators",
          " (`CountFor*`) in the system compared to the configured max (`Max*Count`).">>;
  using Storage =
      std::tuple<ValidatorCount, MinimumValidatorCount, Invulnerables, Bonded, MinNominatorBond,
                 MinValidatorBond, MinimumActiveStake, MinCommission, Ledger, Payee, Validators,
                 MaxValidatorsCount, Nominators, VirtualStakers, MaxNominatorsCount, CurrentEra,
                 ActiveEra, ErasStartSessionIndex, ErasStakers, ErasStakersOverview,
                 ErasStakersClipped, ErasStakersPaged, ClaimedRewards, ErasValidatorPrefs,
                 ErasValidatorReward, ErasRewardPoints, ErasTotalStake, ForceEra, MaxStakedRewards,
                 SlashRewardFraction, CanceledSlashPayout, UnappliedSlashes, BondedEras,
                 ValidatorSlashInEra, NominatorSlashInEra, SlashingSpans, SpanSlash,
                 CurrentPlannedSession, ChillThreshold>;

  // --- Errors.
  using Error = staking::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotController", "Not a controller account."},
      {"NotStash", "Not a stash account."},
      {"AlreadyBonded", "Stash is already bonded."},
      {"AlreadyPaired", "Controller is already paired."},
      {"EmptyTargets", "Targets cannot be empty."},
      {"DuplicateIndex", "Duplicate index."},
      {"InvalidSlashIndex", "Slash record index out of bounds."},
      {"InsufficientBond",
       "Cannot have a validator or nominator role, with value less than the minimum defined "
       "by\ngovernance (see `MinValidatorBond` and `MinNominatorBond`). If unbonding is "
       "the\nintention, `chill` first to remove one's role as validator/nominator."},
      {"NoMoreChunks", "Can not schedule more unlock chunks."},
      {"NoUnlockChunk", "Can not rebond without unlocking chunks."},
      {"FundedTarget", "Attempting to target a stash that still has funds."},
      {"InvalidEraToReward", "Invalid era to reward."},
      {"InvalidNumberOfNominations", "Invalid number of nominations."},
      {"NotSortedAndUnique", "Items are not sorted and unique."},
      {"AlreadyClaimed", "Rewards for this era have already been claimed for this validator."},
      {"InvalidPage", "No nominators exist on this page."},
      {"IncorrectHistoryDepth", "Incorrect previous history depth input provided."},
      {"IncorrectSlashingSpans", "Incorrect number of slashing spans provided."},
      {"BadState",
       "Internal state has become somehow corrupted and the operation cannot continue."},
      {"TooManyTargets", "Too many nomination targets supplied."},
      {"BadTarget",
       "A nomination target was supplied that was blocked or otherwise not a validator."},
      {"CannotChillOther",
       "The user has enough bond and thus cannot be chilled forcefully by an external person."},
      {"TooManyNominators",
       "There are too many nominators in the system. Governance needs to adjust the "
       "staking\nsettings to keep things safe for the runtime."},
      {"TooManyValidators",
       "There are too many validator candidates in the system. Governance needs to adjust "
       "the\nstaking settings to keep things safe for the runtime."},
      {"CommissionTooLow", "Commission is too low. Must be at least `MinCommission`."},
      {"BoundNotMet", "Some bound is not met."},
      {"ControllerDeprecated", "Used when attempting to use deprecated controller account logic."},
      {"CannotRestoreLedger", "Cannot reset a ledger."},
      {"RewardDestinationRestricted", "Provided reward destination is not allowed."},
      {"NotEnoughFunds", "Not enough funds available to withdraw."},
      {"VirtualStakerNotAllowed", "Operation not allowed for virtual stakers."},
      {"CannotReapStash", "Stash could not be reaped as other pallet might depend on it."},
      {"AlreadyMigrated", "The stake of this account is already migrated to `Fungible` holds."},
      {"Restricted",
       "Account is restricted from participation in staking. This may happen if the account "
       "is\nstaking in another way already, such as via pool."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct EraPaid {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "EraPaid";
    static constexpr const char* kDocs =
        "The era payout has been set; the first balance is the validator-payout; the second is\n"
        "the remainder from the maximum amount of reward.";
    EraIndex era_index = 0;
    Balance validator_payout = 0;
    Balance remainder = 0;
    bool operator==(const EraPaid&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("era_index", &EraPaid::era_index, "EraIndex"),
                        field("validator_payout", &EraPaid::validator_payout, "BalanceOf<T>"),
                        field("remainder", &EraPaid::remainder, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct Rewarded {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "Rewarded";
    static constexpr const char* kDocs =
        "The nominator has been rewarded by this amount to this destination.";
    AccountId32 stash;
    RewardDestination dest;
    Balance amount = 0;
    bool operator==(const Rewarded&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("stash", &Rewarded::stash, "T::AccountId"),
                        field("dest", &Rewarded::dest, "RewardDestination<T::AccountId>"),
                        field("amount", &Rewarded::amount, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct Slashed {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Slashed";
    static constexpr const char* kDocs =
        "A staker (validator or nominator) has been slashed by the given amount.";
    AccountId32 staker;
    Balance amount = 0;
    bool operator==(const Slashed&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("staker", &Slashed::staker, "T::AccountId"),
                        field("amount", &Slashed::amount, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct SlashReported {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "SlashReported";
    static constexpr const char* kDocs =
        "A slash for the given validator, for the given percentage of their stake, at the given\n"
        "era as been reported.";
    AccountId32 validator;
    Perbill fraction{};
    EraIndex slash_era = 0;
    bool operator==(const SlashReported&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("validator", &SlashReported::validator, "T::AccountId"),
                        field("fraction", &SlashReported::fraction, "Perbill"),
                        field("slash_era", &SlashReported::slash_era, "EraIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct OldSlashingReportDiscarded {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "OldSlashingReportDiscarded";
    static constexpr const char* kDocs =
        "An old slashing report from a prior era was discarded because it could\n"
        "not be processed.";
    SessionIndexT session_index = 0;
    bool operator==(const OldSlashingReportDiscarded&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("session_index", &OldSlashingReportDiscarded::session_index, "SessionIndex")};
    }
    CANARY_DESCRIBED()
  };
  using StakersElected = UnitEvent<5, "StakersElected", "A new set of stakers was elected.">;
  using BondedEvent = StashAmountEvent<
      6, "Bonded",
      "An account has bonded this amount. \\[stash, amount\\]\n\nNOTE: This event is only "
      "emitted when funds are bonded via a dispatchable. Notably,\nit will not be emitted for "
      "staking rewards when they are added to stake.">;
  using Unbonded = StashAmountEvent<7, "Unbonded", "An account has unbonded this amount.">;
  using Withdrawn = StashAmountEvent<
      8, "Withdrawn",
      "An account has called `withdraw_unbonded` and removed unbonding chunks worth `Balance`\n"
      "from the unlocking queue.">;
  struct Kicked {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "Kicked";
    static constexpr const char* kDocs = "A nominator has been kicked from a validator.";
    AccountId32 nominator;
    AccountId32 stash;
    bool operator==(const Kicked&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("nominator", &Kicked::nominator, "T::AccountId"),
                        field("stash", &Kicked::stash, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  using StakingElectionFailed =
      UnitEvent<10, "StakingElectionFailed", "The election failed. No new era is planned.">;
  struct Chilled {
    static constexpr uint8_t kScaleIndex = 11;
    static constexpr std::string_view kName = "Chilled";
    static constexpr const char* kDocs =
        "An account has stopped participating as either a validator or nominator.";
    AccountId32 stash;
    bool operator==(const Chilled&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("stash", &Chilled::stash, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct PayoutStarted {
    static constexpr uint8_t kScaleIndex = 12;
    static constexpr std::string_view kName = "PayoutStarted";
    static constexpr const char* kDocs =
        "A Page of stakers rewards are getting paid. `next` is `None` if all pages are claimed.";
    EraIndex era_index = 0;
    AccountId32 validator_stash;
    Page page = 0;
    std::optional<Page> next;
    bool operator==(const PayoutStarted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("era_index", &PayoutStarted::era_index, "EraIndex"),
                        field("validator_stash", &PayoutStarted::validator_stash, "T::AccountId"),
                        field("page", &PayoutStarted::page, "Page"),
                        field("next", &PayoutStarted::next, "Option<Page>")};
    }
    CANARY_DESCRIBED()
  };
  struct ValidatorPrefsSet {
    static constexpr uint8_t kScaleIndex = 13;
    static constexpr std::string_view kName = "ValidatorPrefsSet";
    static constexpr const char* kDocs = "A validator has set their preferences.";
    AccountId32 stash;
    ValidatorPrefs prefs;
    bool operator==(const ValidatorPrefsSet&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("stash", &ValidatorPrefsSet::stash, "T::AccountId"),
                        field("prefs", &ValidatorPrefsSet::prefs, "ValidatorPrefs")};
    }
    CANARY_DESCRIBED()
  };
  using SnapshotVotersSizeExceeded =
      SizeEvent<14, "SnapshotVotersSizeExceeded", "Voters size limit reached.">;
  using SnapshotTargetsSizeExceeded =
      SizeEvent<15, "SnapshotTargetsSizeExceeded", "Targets size limit reached.">;
  struct ForceEraEvent {
    static constexpr uint8_t kScaleIndex = 16;
    static constexpr std::string_view kName = "ForceEra";
    static constexpr const char* kDocs = "A new force era mode was set.";
    Forcing mode = Forcing::kNotForcing;
    bool operator==(const ForceEraEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("mode", &ForceEraEvent::mode, "Forcing")};
    }
    CANARY_DESCRIBED()
  };
  struct ControllerBatchDeprecated {
    static constexpr uint8_t kScaleIndex = 17;
    static constexpr std::string_view kName = "ControllerBatchDeprecated";
    static constexpr const char* kDocs = "Report of a controller batch deprecation.";
    uint32_t failures = 0;
    bool operator==(const ControllerBatchDeprecated&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("failures", &ControllerBatchDeprecated::failures, "u32")};
    }
    CANARY_DESCRIBED()
  };
  struct CurrencyMigrated {
    static constexpr uint8_t kScaleIndex = 18;
    static constexpr std::string_view kName = "CurrencyMigrated";
    static constexpr const char* kDocs =
        "Staking balance migrated from locks to holds, with any balance that could not be held\n"
        "is force withdrawn.";
    AccountId32 stash;
    Balance force_withdraw = 0;
    bool operator==(const CurrencyMigrated&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("stash", &CurrencyMigrated::stash, "T::AccountId"),
                        field("force_withdraw", &CurrencyMigrated::force_withdraw, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<EraPaid, Rewarded, Slashed, SlashReported, OldSlashingReportDiscarded,
                             StakersElected, BondedEvent, Unbonded, Withdrawn, Kicked,
                             StakingElectionFailed, Chilled, PayoutStarted, ValidatorPrefsSet,
                             SnapshotVotersSizeExceeded, SnapshotTargetsSizeExceeded, ForceEraEvent,
                             ControllerBatchDeprecated, CurrencyMigrated>;
  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Reading the state.
  static Result<LedgerT, DispatchError> ledger(const StakingAccount& account) {
    return LedgerT::get(account);
  }
  static std::optional<AccountId32> bonded(const AccountId32& stash) { return Bonded::get(stash); }
  static bool is_virtual_staker(const AccountId32& who) {
    return VirtualStakers::contains_key(who);
  }
  static Balance min_nominator_bond() { return MinNominatorBond::get(); }
  static Balance min_validator_bond() { return MinValidatorBond::get(); }
  // The active bond of a stash (0 if not bonded): what can be slashed, and what its vote weighs.
  static Balance slashable_balance_of(const AccountId32& stash) {
    auto l = ledger(StakingAccount::stash(stash));
    return l ? l->data.active : 0;
  }
  // The stash's vote weight (weight_of): its active bond through CurrencyToVote.
  static VoteWeight weight_of(const AccountId32& stash) {
    return currency_to_vote(slashable_balance_of(stash), Asset<Pallet>::total_issuance());
  }
  // traits::ScoreProvider for the VoterList.
  static VoteWeight score(const AccountId32& who) { return weight_of(who); }
  // FixedNominationsQuota: the same number of nominations whatever the bond.
  static uint32_t nominations_quota(Balance /*active*/) { return T::kMaxNominations; }

  // --- Roles. Every change of a validator or nominator goes through these four, which keep the
  // VoterList in step (a new voter is inserted with its weight, a removed one removed).
  static void do_add_nominator(const AccountId32& who, const Nominations& nominations) {
    if (!Nominators::contains_key(who)) (void)VoterList::on_insert(who, weight_of(who));
    Nominators::insert(who, nominations);
  }
  static bool do_remove_nominator(const AccountId32& who) {
    if (!Nominators::contains_key(who)) return false;
    Nominators::remove(who);
    (void)VoterList::on_remove(who);
    return true;
  }
  static void do_add_validator(const AccountId32& who, const ValidatorPrefs& prefs) {
    if (!Validators::contains_key(who)) (void)VoterList::on_insert(who, weight_of(who));
    Validators::insert(who, prefs);
  }
  static bool do_remove_validator(const AccountId32& who) {
    if (!Validators::contains_key(who)) return false;
    Validators::remove(who);
    (void)VoterList::on_remove(who);
    return true;
  }
  // Neither validator nor nominator any more (Chilled if it was either).
  static void chill_stash(const AccountId32& stash) {
    const bool was_validator = do_remove_validator(stash);
    const bool was_nominator = do_remove_nominator(stash);
    if (was_validator || was_nominator) deposit_event(Chilled{stash});
  }
  static void set_force_era(Forcing mode) {
    ForceEra::put(mode);
    deposit_event(ForceEraEvent{mode});
  }
  // Updates the stash's place in the VoterList after its active bond changed.
  static void update_voter(const AccountId32& stash) {
    if (VoterList::contains(stash)) (void)VoterList::on_update(stash, weight_of(stash));
  }

  // Removes the stash's slashing spans (slashing::clear_stash_metadata): the caller must name at
  // least as many spans as there are.
  static DispatchResult clear_stash_metadata(const AccountId32& stash,
                                             uint32_t num_slashing_spans) {
    auto spans = SlashingSpans::get(stash);
    if (!spans) return {};
    if (num_slashing_spans < spans->count())
      return unexpected(error(Error::kIncorrectSlashingSpans));
    SlashingSpans::remove(stash);
    // The spans' indices: the current one and one less for each prior span.
    for (size_t i = 0; i < spans->count(); ++i) {
      SpanSlash::remove({stash, spans->span_index - static_cast<SpanIndex>(i)});
    }
    return {};
  }
  static uint32_t slashing_span_count(const AccountId32& stash) {
    auto spans = SlashingSpans::get(stash);
    return spans ? static_cast<uint32_t>(spans->count()) : 0;
  }

  // Removes everything Staking keeps of a stash: its spans, bond, ledger, payee and role.
  static DispatchResult kill_stash(const AccountId32& stash, uint32_t num_slashing_spans) {
    if (auto ok = clear_stash_metadata(stash, num_slashing_spans); !ok) return ok;
    if (auto ok = LedgerT::kill(stash); !ok) return ok;
    do_remove_validator(stash);
    do_remove_nominator(stash);
    return {};
  }

  // --- The calls' bodies (also StakingInterface's and genesis').
  static DispatchResult do_bond(const AccountId32& stash, Balance value,
                                const RewardDestination& payee) {
    if (LedgerT::is_bonded(StakingAccount::stash(stash))) {
      return unexpected(error(Error::kAlreadyBonded));
    }
    // An existing controller cannot become a stash.
    if (LedgerT::is_bonded(StakingAccount::controller(stash))) {
      return unexpected(error(Error::kAlreadyPaired));
    }
    // A bond below the existential deposit would be dust.
    if (value < Asset<Pallet>::existential_deposit()) {
      return unexpected(error(Error::kInsufficientBond));
    }
    value = std::min(value, Asset<Pallet>::free_to_stake(stash));
    deposit_event(BondedEvent{stash, value});
    return LedgerT::create(stash, value).bond(payee);
  }

  static DispatchResult do_bond_extra(const AccountId32& stash, Balance additional) {
    auto l = ledger(StakingAccount::stash(stash));
    if (!l) return unexpected(l.error());
    const Balance extra = is_virtual_staker(stash)
                              ? additional
                              : std::min(additional, Asset<Pallet>::free_to_stake(stash));
    if (l->data.total > ~Balance{0} - extra || l->data.active > ~Balance{0} - extra) {
      return unexpected(
          traits::tokens::arithmetic_error(traits::tokens::ArithmeticError::kOverflow));
    }
    l->data.total += extra;
    l->data.active += extra;
    if (l->data.active < Asset<Pallet>::existential_deposit()) {
      return unexpected(error(Error::kInsufficientBond));
    }
    if (auto ok = l->update(); !ok) return ok;
    update_voter(stash);
    deposit_event(BondedEvent{stash, extra});
    return {};
  }

  // Moves `value` of the active bond into an unlocking chunk (withdrawing unlocked chunks first
  // when all chunks are taken). Returns the weight used.
  static Result<Weight, DispatchError> do_unbond(const AccountId32& controller, Balance value) {
    auto first = ledger(StakingAccount::controller(controller));
    if (!first) return unexpected(first.error());
    std::optional<Weight> withdraw_weight;
    if (first->data.unlocking.size() == T::kMaxUnlockingChunks) {
      auto w = do_withdraw_unbonded(controller, slashing_span_count(controller));
      if (!w) return unexpected(w.error());
      withdraw_weight = *w;
    }
    // Read again: withdrawing may have changed it.
    auto l = ledger(StakingAccount::controller(controller));
    if (!l) return unexpected(l.error());
    value = std::min(value, l->data.active);
    const AccountId32 stash = l->data.stash;
    if (l->data.unlocking.size() >= T::kMaxUnlockingChunks) {
      return unexpected(error(Error::kNoMoreChunks));
    }
    if (value != 0) {
      l->data.active -= value;
      // No dust stays active.
      if (l->data.active < Asset<Pallet>::existential_deposit()) {
        value += l->data.active;
        l->data.active = 0;
      }
      Balance min_active_bond = 0;
      if (Nominators::contains_key(stash)) {
        min_active_bond = MinNominatorBond::get();
      } else if (Validators::contains_key(stash)) {
        min_active_bond = MinValidatorBond::get();
      }
      // A role needs its minimum; chill first to unbond below it.
      if (l->data.active < min_active_bond) return unexpected(error(Error::kInsufficientBond));
      const EraIndex era = era_after(CurrentEra::get().value_or(0), T::kBondingDuration);
      auto& chunks = l->data.unlocking;
      if (!chunks.items.empty() && chunks.items.back().era == era) {
        // One chunk per era: a chunk of this era is the last one.
        UnlockChunk& last = chunks.items.back();
        last.value = arithmetic::saturating_add(last.value, value);
      } else if (!chunks.try_push(UnlockChunk{value, era})) {
        return unexpected(error(Error::kNoMoreChunks));
      }
      if (auto ok = l->update(); !ok) return unexpected(ok.error());
      update_voter(stash);
      deposit_event(Unbonded{stash, value});
    }
    Weight used = Weights::unbond();
    if (withdraw_weight) used = used.saturating_add(*withdraw_weight);
    return used;
  }

  // Withdraws the chunks unlocked by the current era; a ledger left with nothing is removed.
  // Returns the weight used.
  static Result<Weight, DispatchError> do_withdraw_unbonded(const AccountId32& controller,
                                                            uint32_t num_slashing_spans) {
    auto l = ledger(StakingAccount::controller(controller));
    if (!l) return unexpected(l.error());
    const AccountId32 stash = l->data.stash;
    const Balance old_total = l->data.total;
    LedgerT current = std::move(*l);
    if (auto era = CurrentEra::get()) current = std::move(current).consolidate_unlocked(*era);
    const Balance new_total = current.data.total;
    Weight used;
    const Balance ed = Asset<Pallet>::existential_deposit();
    if (current.data.unlocking.items.empty() &&
        (current.data.active < ed || current.data.active == 0)) {
      // Everything was unbonded and withdrawn: the stash leaves staking.
      if (auto ok = kill_stash(stash, num_slashing_spans); !ok) return unexpected(ok.error());
      used = Weights::withdraw_unbonded_kill(num_slashing_spans);
    } else {
      if (auto ok = current.update(); !ok) return unexpected(ok.error());
      used = Weights::withdraw_unbonded_update(num_slashing_spans);
    }
    if (new_total < old_total) deposit_event(Withdrawn{stash, old_total - new_total});
    return used;
  }

  static DispatchResult do_validate(const AccountId32& controller, const ValidatorPrefs& prefs) {
    auto l = ledger(StakingAccount::controller(controller));
    if (!l) return unexpected(l.error());
    if (l->data.active < MinValidatorBond::get()) {
      return unexpected(error(Error::kInsufficientBond));
    }
    const AccountId32& stash = l->data.stash;
    if (prefs.commission < MinCommission::get()) {
      return unexpected(error(Error::kCommissionTooLow));
    }
    // Only a new validator counts against the limit.
    if (!Validators::contains_key(stash)) {
      if (auto max = MaxValidatorsCount::get(); max && Validators::count() >= *max) {
        return unexpected(error(Error::kTooManyValidators));
      }
    }
    do_remove_nominator(stash);
    do_add_validator(stash, prefs);
    deposit_event(ValidatorPrefsSet{stash, prefs});
    return {};
  }

  static DispatchResult do_nominate(const AccountId32& controller,
                                    const std::vector<MultiAddress>& addresses) {
    auto l = ledger(StakingAccount::controller(controller));
    if (!l) return unexpected(l.error());
    if (l->data.active < MinNominatorBond::get()) {
      return unexpected(error(Error::kInsufficientBond));
    }
    const AccountId32& stash = l->data.stash;
    // Only a new nominator counts against the limit.
    if (!Nominators::contains_key(stash)) {
      if (auto max = MaxNominatorsCount::get(); max && Nominators::count() >= *max) {
        return unexpected(error(Error::kTooManyNominators));
      }
    }
    std::vector<AccountId32> targets;
    targets.reserve(addresses.size());
    for (const MultiAddress& address : addresses) {
      auto who = lookup_account(address);
      if (!who) return unexpected(who.error());
      targets.push_back(*who);
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    if (targets.empty()) return unexpected(error(Error::kEmptyTargets));
    if (targets.size() > nominations_quota(l->data.active)) {
      return unexpected(error(Error::kTooManyTargets));
    }
    std::vector<AccountId32> old;
    if (auto existing = Nominators::get(stash)) old = existing->targets.items;
    // A target already nominated stays; a new one must not be a blocked validator.
    for (const AccountId32& target : targets) {
      const bool kept = std::find(old.begin(), old.end(), target) != old.end();
      if (!kept && Validators::get(target).blocked) return unexpected(error(Error::kBadTarget));
    }
    auto bounded = BoundedVec<AccountId32, MaxNominations>::try_from(std::move(targets));
    if (!bounded) return unexpected(error(Error::kTooManyNominators));
    Nominations nominations;
    nominations.targets = std::move(*bounded);
    // Nominations made before any era count as submitted in era 0.
    nominations.submitted_in = CurrentEra::get().value_or(0);
    nominations.suppressed = false;
    do_remove_validator(stash);
    do_add_nominator(stash, nominations);
    return {};
  }

  static DispatchResult do_chill(const AccountId32& controller) {
    auto l = ledger(StakingAccount::controller(controller));
    if (!l) return unexpected(l.error());
    chill_stash(l->data.stash);
    return {};
  }

  static DispatchResultWithPostInfo with_weight(Result<Weight, DispatchError> r) {
    if (!r) return unexpected(DispatchErrorWithPostInfo{{}, r.error()});
    return PostDispatchInfo{*r, Pays::kYes};
  }
  static DispatchResultWithPostInfo free_of_charge(DispatchResult r) {
    if (!r) return with_post_info(r);
    return PostDispatchInfo{std::nullopt, Pays::kNo};
  }

  // --- Calls, at Kusama's indices (30 migrate_currency is not here: README.md).
  struct bond {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "bond";
    static constexpr const char* kDocs = docs::kBondDocs;
    Balance value = 0;
    RewardDestination payee;
    static constexpr auto fields() {
      return std::tuple{compact_field("value", &bond::value, "BalanceOf<T>"),
                        field("payee", &bond::payee, "RewardDestination<T::AccountId>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::bond()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto stash = ensure_signed(origin);
      if (!stash) return with_post_info(unexpected(stash.error()));
      return with_post_info(do_bond(*stash, value, payee));
    }
  };
  struct bond_extra {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "bond_extra";
    static constexpr const char* kDocs = docs::kBondExtraDocs;
    Balance max_additional = 0;
    static constexpr auto fields() {
      return std::tuple{
          compact_field("max_additional", &bond_extra::max_additional, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::bond_extra()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto stash = ensure_signed(origin);
      if (!stash) return with_post_info(unexpected(stash.error()));
      return with_post_info(do_bond_extra(*stash, max_additional));
    }
  };
  // The unbond's declared weight: a withdrawal that kills (at the speculative 32 slashing spans)
  // and the unbond.
  static constexpr uint32_t kSpeculativeNumSpans = 32;
  struct unbond {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "unbond";
    static constexpr const char* kDocs = docs::kUnbondDocs;
    Balance value = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("value", &unbond::value, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {
          Weights::withdraw_unbonded_kill(kSpeculativeNumSpans).saturating_add(Weights::unbond())};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      return with_weight(do_unbond(*controller, value));
    }
  };
  struct withdraw_unbonded {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "withdraw_unbonded";
    static constexpr const char* kDocs = docs::kWithdrawUnbondedDocs;
    uint32_t num_slashing_spans = 0;
    static constexpr auto fields() {
      return std::tuple{field("num_slashing_spans", &withdraw_unbonded::num_slashing_spans, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::withdraw_unbonded_kill(num_slashing_spans)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      return with_weight(do_withdraw_unbonded(*controller, num_slashing_spans));
    }
  };
  struct validate {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "validate";
    static constexpr const char* kDocs = docs::kValidateDocs;
    ValidatorPrefs prefs;
    static constexpr auto fields() {
      return std::tuple{field("prefs", &validate::prefs, "ValidatorPrefs")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::validate()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      return with_post_info(do_validate(*controller, prefs));
    }
  };
  struct nominate {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "nominate";
    static constexpr const char* kDocs = docs::kNominateDocs;
    std::vector<MultiAddress> targets;
    static constexpr auto fields() {
      return std::tuple{field("targets", &nominate::targets, "Vec<AccountIdLookupOf<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {
          Weights::nominate(static_cast<uint32_t>(std::min<size_t>(targets.size(), UINT32_MAX)))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      return with_post_info(do_nominate(*controller, targets));
    }
  };
  struct chill {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "chill";
    static constexpr const char* kDocs = docs::kChillDocs;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::chill()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      return with_post_info(do_chill(*controller));
    }
  };
  struct set_payee {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "set_payee";
    static constexpr const char* kDocs = docs::kSetPayeeDocs;
    RewardDestination payee;
    static constexpr auto fields() {
      return std::tuple{field("payee", &set_payee::payee, "RewardDestination<T::AccountId>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_payee()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      auto l = ledger(StakingAccount::controller(*controller));
      if (!l) return with_post_info(unexpected(l.error()));
      if (payee.is_controller()) {
        return with_post_info(unexpected(error(Error::kControllerDeprecated)));
      }
      return with_post_info(l->set_payee(payee));
    }
  };
  struct set_controller {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "set_controller";
    static constexpr const char* kDocs = docs::kSetControllerDocs;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_controller()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto stash = ensure_signed(origin);
      if (!stash) return with_post_info(unexpected(stash.error()));
      auto l = ledger(StakingAccount::stash(*stash));
      if (!l) return with_post_info(unexpected(l.error()));
      const std::optional<AccountId32> controller = l->controller();
      if (!controller) return with_post_info(unexpected(error(Error::kNotController)));
      // Already its own controller.
      if (*controller == *stash) return with_post_info(unexpected(error(Error::kAlreadyPaired)));
      return with_post_info(l->set_controller_to_stash());
    }
  };
  // The validator count may not exceed MaxValidatorSet.
  static DispatchResult put_validator_count(uint64_t count) {
    if (count > T::kMaxValidatorSet) return unexpected(error(Error::kTooManyValidators));
    ValidatorCount::put(static_cast<uint32_t>(count));
    return {};
  }
  struct set_validator_count {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "set_validator_count";
    static constexpr const char* kDocs = docs::kSetValidatorCountDocs;
    uint32_t count = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("new", &set_validator_count::count, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_validator_count()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      return with_post_info(put_validator_count(count));
    }
  };
  struct increase_validator_count {
    static constexpr uint8_t kScaleIndex = 10;
    static constexpr std::string_view kName = "increase_validator_count";
    static constexpr const char* kDocs = docs::kIncreaseValidatorCountDocs;
    uint32_t additional = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("additional", &increase_validator_count::additional, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_validator_count()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const uint64_t next = uint64_t{ValidatorCount::get()} + additional;
      if (next > UINT32_MAX) {
        return with_post_info(unexpected(
            traits::tokens::arithmetic_error(traits::tokens::ArithmeticError::kOverflow)));
      }
      return with_post_info(put_validator_count(next));
    }
  };
  struct scale_validator_count {
    static constexpr uint8_t kScaleIndex = 11;
    static constexpr std::string_view kName = "scale_validator_count";
    static constexpr const char* kDocs = docs::kScaleValidatorCountDocs;
    Percent factor{};
    static constexpr auto fields() {
      return std::tuple{field("factor", &scale_validator_count::factor, "Percent")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_validator_count()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const uint32_t old = ValidatorCount::get();
      const uint64_t next = uint64_t{old} + factor.mul_floor(old);
      if (next > UINT32_MAX) {
        return with_post_info(unexpected(
            traits::tokens::arithmetic_error(traits::tokens::ArithmeticError::kOverflow)));
      }
      return with_post_info(put_validator_count(next));
    }
  };
  template <uint8_t Index, FixedString Name, Forcing Mode>
  struct ForceEraCall {
    static constexpr uint8_t kScaleIndex = Index;
    static constexpr std::string_view kName = Name.view();
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      set_force_era(Mode);
      return PostDispatchInfo{};
    }
  };
  struct force_no_eras : ForceEraCall<12, "force_no_eras", Forcing::kForceNone> {
    static constexpr const char* kDocs = docs::kForceNoErasDocs;
    DispatchInfo info() const { return {Weights::force_no_eras()}; }
  };
  struct force_new_era : ForceEraCall<13, "force_new_era", Forcing::kForceNew> {
    static constexpr const char* kDocs = docs::kForceNewEraDocs;
    DispatchInfo info() const { return {Weights::force_new_era()}; }
  };
  struct set_invulnerables {
    static constexpr uint8_t kScaleIndex = 14;
    static constexpr std::string_view kName = "set_invulnerables";
    static constexpr const char* kDocs = docs::kSetInvulnerablesDocs;
    std::vector<AccountId32> invulnerables;
    static constexpr auto fields() {
      return std::tuple{
          field("invulnerables", &set_invulnerables::invulnerables, "Vec<T::AccountId>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::set_invulnerables(
          static_cast<uint32_t>(std::min<size_t>(invulnerables.size(), UINT32_MAX)))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      Invulnerables::put(invulnerables);
      return PostDispatchInfo{};
    }
  };
  struct force_unstake {
    static constexpr uint8_t kScaleIndex = 15;
    static constexpr std::string_view kName = "force_unstake";
    static constexpr const char* kDocs = docs::kForceUnstakeDocs;
    AccountId32 stash;
    uint32_t num_slashing_spans = 0;
    static constexpr auto fields() {
      return std::tuple{field("stash", &force_unstake::stash, "T::AccountId"),
                        field("num_slashing_spans", &force_unstake::num_slashing_spans, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_unstake(num_slashing_spans)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      return with_post_info(kill_stash(stash, num_slashing_spans));
    }
  };
  struct force_new_era_always : ForceEraCall<16, "force_new_era_always", Forcing::kForceAlways> {
    static constexpr const char* kDocs = docs::kForceNewEraAlwaysDocs;
    DispatchInfo info() const { return {Weights::force_new_era_always()}; }
  };
  struct rebond {
    static constexpr uint8_t kScaleIndex = 19;
    static constexpr std::string_view kName = "rebond";
    static constexpr const char* kDocs = docs::kRebondDocs;
    Balance value = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("value", &rebond::value, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::rebond(T::kMaxUnlockingChunks)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      auto l = ledger(StakingAccount::controller(*controller));
      if (!l) return with_post_info(unexpected(l.error()));
      if (l->data.unlocking.items.empty()) {
        return with_post_info(unexpected(error(Error::kNoUnlockChunk)));
      }
      const auto initial_unlocking = static_cast<uint32_t>(l->data.unlocking.size());
      auto [rebonded, amount] = std::move(*l).rebond(value);
      // The new active bond may not be dust.
      if (rebonded.data.active < Asset<Pallet>::existential_deposit()) {
        return with_post_info(unexpected(error(Error::kInsufficientBond)));
      }
      const AccountId32 stash = rebonded.data.stash;
      deposit_event(BondedEvent{stash, amount});
      const auto final_unlocking = static_cast<uint32_t>(rebonded.data.unlocking.size());
      if (auto ok = rebonded.update(); !ok) return with_post_info(ok);
      update_voter(stash);
      // The chunks removed, plus the last one visited when it was only reduced.
      const uint32_t removed_chunks = 1 + initial_unlocking - final_unlocking;
      return PostDispatchInfo{Weights::rebond(removed_chunks), Pays::kYes};
    }
  };
  struct reap_stash {
    static constexpr uint8_t kScaleIndex = 20;
    static constexpr std::string_view kName = "reap_stash";
    static constexpr const char* kDocs = docs::kReapStashDocs;
    AccountId32 stash;
    uint32_t num_slashing_spans = 0;
    static constexpr auto fields() {
      return std::tuple{field("stash", &reap_stash::stash, "T::AccountId"),
                        field("num_slashing_spans", &reap_stash::num_slashing_spans, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::reap_stash(num_slashing_spans)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      // Virtual stakers are managed by their pallets.
      if (is_virtual_staker(stash)) {
        return with_post_info(unexpected(error(Error::kVirtualStakerNotAllowed)));
      }
      const Balance ed = Asset<Pallet>::existential_deposit();
      const Balance balance = Asset<Pallet>::total_balance(stash);
      auto l = ledger(StakingAccount::stash(stash));
      const Balance ledger_total = l ? l->data.total : 0;
      // Only dust may be reaped: a stash or a ledger below the existential deposit (or empty).
      const bool reapable = balance < ed || balance == 0 || ledger_total < ed || ledger_total == 0;
      if (!reapable) return with_post_info(unexpected(error(Error::kFundedTarget)));
      return free_of_charge(kill_stash(stash, num_slashing_spans));
    }
  };
  struct kick {
    static constexpr uint8_t kScaleIndex = 21;
    static constexpr std::string_view kName = "kick";
    static constexpr const char* kDocs = docs::kKickDocs;
    std::vector<MultiAddress> who;
    static constexpr auto fields() {
      return std::tuple{field("who", &kick::who, "Vec<AccountIdLookupOf<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::kick(static_cast<uint32_t>(std::min<size_t>(who.size(), UINT32_MAX)))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto controller = ensure_signed(origin);
      if (!controller) return with_post_info(unexpected(controller.error()));
      auto l = ledger(StakingAccount::controller(*controller));
      if (!l) return with_post_info(unexpected(l.error()));
      const AccountId32 stash = l->data.stash;
      std::vector<AccountId32> nominators;
      nominators.reserve(who.size());
      for (const MultiAddress& address : who) {
        auto account = lookup_account(address);
        if (!account) return with_post_info(unexpected(account.error()));
        nominators.push_back(*account);
      }
      for (const AccountId32& nominator : nominators) {
        Nominators::mutate(nominator, [&](std::optional<Nominations>& nominations) {
          if (!nominations) return;
          auto& targets = nominations->targets.items;
          auto it = std::find(targets.begin(), targets.end(), stash);
          if (it == targets.end()) return;
          // Vec::swap_remove: the last target takes the removed one's place.
          *it = targets.back();
          targets.pop_back();
          deposit_event(Kicked{nominator, stash});
        });
      }
      return PostDispatchInfo{};
    }
  };
  struct set_staking_configs {
    static constexpr uint8_t kScaleIndex = 22;
    static constexpr std::string_view kName = "set_staking_configs";
    static constexpr const char* kDocs = docs::kSetStakingConfigsDocs;
    ConfigOp<Balance> min_nominator_bond;
    ConfigOp<Balance> min_validator_bond;
    ConfigOp<uint32_t> max_nominator_count;
    ConfigOp<uint32_t> max_validator_count;
    ConfigOp<Percent> chill_threshold;
    ConfigOp<Perbill> min_commission;
    ConfigOp<Percent> max_staked_rewards;
    static constexpr auto fields() {
      using S = set_staking_configs;
      return std::tuple{
          field("min_nominator_bond", &S::min_nominator_bond, "ConfigOp<BalanceOf<T>>"),
          field("min_validator_bond", &S::min_validator_bond, "ConfigOp<BalanceOf<T>>"),
          field("max_nominator_count", &S::max_nominator_count, "ConfigOp<u32>"),
          field("max_validator_count", &S::max_validator_count, "ConfigOp<u32>"),
          field("chill_threshold", &S::chill_threshold, "ConfigOp<Percent>"),
          field("min_commission", &S::min_commission, "ConfigOp<Perbill>"),
          field("max_staked_rewards", &S::max_staked_rewards, "ConfigOp<Percent>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {max_weight(Weights::set_staking_configs_all_set(),
                         Weights::set_staking_configs_all_remove())};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      min_nominator_bond.template apply<MinNominatorBond>();
      min_validator_bond.template apply<MinValidatorBond>();
      max_nominator_count.template apply<MaxNominatorsCount>();
      max_validator_count.template apply<MaxValidatorsCount>();
      chill_threshold.template apply<ChillThreshold>();
      min_commission.template apply<MinCommission>();
      max_staked_rewards.template apply<MaxStakedRewards>();
      return PostDispatchInfo{};
    }
  };
  struct chill_other {
    static constexpr uint8_t kScaleIndex = 23;
    static constexpr std::string_view kName = "chill_other";
    static constexpr const char* kDocs = docs::kChillOtherDocs;
    AccountId32 stash;
    static constexpr auto fields() {
      return std::tuple{field("stash", &chill_other::stash, "T::AccountId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::chill_other()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto caller = ensure_signed(origin);
      if (!caller) return with_post_info(unexpected(caller.error()));
      return with_post_info(do_chill_other(*caller, stash));
    }
  };
  struct force_apply_min_commission {
    static constexpr uint8_t kScaleIndex = 24;
    static constexpr std::string_view kName = "force_apply_min_commission";
    static constexpr const char* kDocs = docs::kForceApplyMinCommissionDocs;
    AccountId32 validator_stash;
    static constexpr auto fields() {
      return std::tuple{
          field("validator_stash", &force_apply_min_commission::validator_stash, "T::AccountId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_apply_min_commission()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      if (!Validators::contains_key(validator_stash)) {
        return with_post_info(unexpected(error(Error::kNotStash)));
      }
      const Perbill min_commission = MinCommission::get();
      ValidatorPrefs prefs = Validators::get(validator_stash);
      if (prefs.commission < min_commission) {
        prefs.commission = min_commission;
        Validators::insert(validator_stash, prefs);
      }
      return PostDispatchInfo{};
    }
  };
  struct set_min_commission {
    static constexpr uint8_t kScaleIndex = 25;
    static constexpr std::string_view kName = "set_min_commission";
    static constexpr const char* kDocs = docs::kSetMinCommissionDocs;
    Perbill commission{};
    static constexpr auto fields() {
      return std::tuple{field("new", &set_min_commission::commission, "Perbill")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_min_commission()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<AdminOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      MinCommission::put(commission);
      return PostDispatchInfo{};
    }
  };
  struct update_payee {
    static constexpr uint8_t kScaleIndex = 27;
    static constexpr std::string_view kName = "update_payee";
    static constexpr const char* kDocs = docs::kUpdatePayeeDocs;
    AccountId32 controller;
    static constexpr auto fields() {
      return std::tuple{field("controller", &update_payee::controller, "T::AccountId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::update_payee()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      auto l = ledger(StakingAccount::controller(controller));
      if (!l) return with_post_info(unexpected(l.error()));
      // Only a payee still on the deprecated Controller destination is migrated.
      auto payee = Payee::get(l->data.stash);
      if (!payee || !payee->is_controller()) {
        return with_post_info(unexpected(error(Error::kNotController)));
      }
      return free_of_charge(l->set_payee(RewardDestination::account(controller)));
    }
  };
  struct deprecate_controller_batch {
    static constexpr uint8_t kScaleIndex = 28;
    static constexpr std::string_view kName = "deprecate_controller_batch";
    static constexpr const char* kDocs = docs::kDeprecateControllerBatchDocs;
    BoundedVec<AccountId32, MaxControllersInDeprecationBatch> controllers;
    static constexpr auto fields() {
      return std::tuple{field("controllers", &deprecate_controller_batch::controllers,
                              "BoundedVec<T::AccountId, T::MaxControllersInDeprecationBatch>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::deprecate_controller_batch(static_cast<uint32_t>(controllers.size()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<AdminOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      // Controllers without a ledger, already their stash's, or still paid as Controller are
      // skipped.
      std::vector<LedgerT> pairs;
      for (const AccountId32& controller : controllers.items) {
        auto l = ledger(StakingAccount::controller(controller));
        if (!l) continue;
        auto payee = Payee::get(l->data.stash);
        const bool payee_deprecated = payee && payee->is_controller();
        if (l->data.stash != controller && !payee_deprecated) pairs.push_back(std::move(*l));
      }
      uint32_t failures = 0;
      for (const LedgerT& l : pairs) {
        if (!l.set_controller_to_stash()) ++failures;
      }
      deposit_event(ControllerBatchDeprecated{failures});
      return PostDispatchInfo{
          Weights::deprecate_controller_batch(static_cast<uint32_t>(controllers.size())),
          Pays::kYes};
    }
  };

  struct restore_ledger {
    static constexpr uint8_t kScaleIndex = 29;
    static constexpr std::string_view kName = "restore_ledger";
    static constexpr const char* kDocs = docs::kRestoreLedgerDocs;
    AccountId32 stash;
    std::optional<AccountId32> maybe_controller;
    std::optional<Balance> maybe_total;
    std::optional<BoundedVec<UnlockChunk, MaxUnlockingChunks>> maybe_unlocking;
    static constexpr auto fields() {
      using R = restore_ledger;
      return std::tuple{
          field("stash", &R::stash, "T::AccountId"),
          field("maybe_controller", &R::maybe_controller, "Option<T::AccountId>"),
          field("maybe_total", &R::maybe_total, "Option<BalanceOf<T>>"),
          field("maybe_unlocking", &R::maybe_unlocking,
                "Option<BoundedVec<UnlockChunk<BalanceOf<T>>, T::\nMaxUnlockingChunks>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::restore_ledger()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<AdminOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      return with_post_info(
          do_restore_ledger(stash, maybe_controller, maybe_total, maybe_unlocking));
    }
  };

  // --- Slashing's calls (slashing.hpp).
  struct cancel_deferred_slash {
    static constexpr uint8_t kScaleIndex = 17;
    static constexpr std::string_view kName = "cancel_deferred_slash";
    static constexpr const char* kDocs = docs::kCancelDeferredSlashDocs;
    EraIndex era = 0;
    std::vector<uint32_t> slash_indices;
    static constexpr auto fields() {
      return std::tuple{field("era", &cancel_deferred_slash::era, "EraIndex"),
                        field("slash_indices", &cancel_deferred_slash::slash_indices, "Vec<u32>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::cancel_deferred_slash(static_cast<uint32_t>(slash_indices.size()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<AdminOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      return with_post_info(do_cancel_deferred_slash(era, slash_indices));
    }
  };
  struct manual_slash {
    static constexpr uint8_t kScaleIndex = 33;
    static constexpr std::string_view kName = "manual_slash";
    static constexpr const char* kDocs = docs::kManualSlashDocs;
    AccountId32 validator_stash;
    EraIndex era = 0;
    Perbill slash_fraction{};
    static constexpr auto fields() {
      return std::tuple{field("validator_stash", &manual_slash::validator_stash, "T::AccountId"),
                        field("era", &manual_slash::era, "EraIndex"),
                        field("slash_fraction", &manual_slash::slash_fraction, "Perbill")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::manual_slash()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<AdminOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      return with_post_info(do_manual_slash(validator_stash, era, slash_fraction));
    }
  };

  // --- Payouts (rewards.hpp). Declared at the weight of a full page of nominators.
  struct payout_stakers {
    static constexpr uint8_t kScaleIndex = 18;
    static constexpr std::string_view kName = "payout_stakers";
    static constexpr const char* kDocs = docs::kPayoutStakersDocs;
    AccountId32 validator_stash;
    EraIndex era = 0;
    static constexpr auto fields() {
      return std::tuple{field("validator_stash", &payout_stakers::validator_stash, "T::AccountId"),
                        field("era", &payout_stakers::era, "EraIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::payout_stakers_alive_staked(T::kMaxExposurePageSize)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      return PayoutsT::do_payout_stakers(validator_stash, era);
    }
  };
  struct payout_stakers_by_page {
    static constexpr uint8_t kScaleIndex = 26;
    static constexpr std::string_view kName = "payout_stakers_by_page";
    static constexpr const char* kDocs = docs::kPayoutStakersByPageDocs;
    AccountId32 validator_stash;
    EraIndex era = 0;
    Page page = 0;
    static constexpr auto fields() {
      using S = payout_stakers_by_page;
      return std::tuple{field("validator_stash", &S::validator_stash, "T::AccountId"),
                        field("era", &S::era, "EraIndex"), field("page", &S::page, "Page")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::payout_stakers_alive_staked(T::kMaxExposurePageSize)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      return PayoutsT::do_payout_stakers_by_page(validator_stash, era, page);
    }
  };

  using Call =
      std::variant<bond, bond_extra, unbond, withdraw_unbonded, validate, nominate, chill,
                   set_payee, set_controller, set_validator_count, increase_validator_count,
                   scale_validator_count, force_no_eras, force_new_era, set_invulnerables,
                   force_unstake, force_new_era_always, cancel_deferred_slash, payout_stakers,
                   rebond, reap_stash, kick, set_staking_configs, chill_other,
                   force_apply_min_commission, set_min_commission, payout_stakers_by_page,
                   update_payee, deprecate_controller_batch, restore_ledger, manual_slash>;

  // How a stash's bond, ledger and hold agree (LedgerIntegrityState): kOk; kCorrupted (its
  // controller holds another stash's ledger); kCorruptedKilled (bonded without a ledger);
  // kLockCorrupted (the hold differs from the ledger's total). Errors: NotStash (not bonded, no
  // hold), BadState (not bonded, but a hold is left).
  enum class LedgerIntegrityState : uint8_t { kOk, kCorrupted, kCorruptedKilled, kLockCorrupted };
  static Result<LedgerIntegrityState, Error> inspect_bond_state(const AccountId32& stash) {
    const Balance hold = Asset<Pallet>::staked(stash);
    auto controller = Bonded::get(stash);
    if (!controller) return unexpected(hold == 0 ? Error::kNotStash : Error::kBadState);
    auto stored = Ledger::get(*controller);
    if (!stored) return LedgerIntegrityState::kCorruptedKilled;
    if (stored->stash != stash) return LedgerIntegrityState::kCorrupted;
    if (hold != stored->total) return LedgerIntegrityState::kLockCorrupted;
    return LedgerIntegrityState::kOk;
  }

  // restore_ledger: rebuilds a corrupted bond from the chain's state and the given overrides.
  static DispatchResult do_restore_ledger(
      const AccountId32& stash, const std::optional<AccountId32>& maybe_controller,
      const std::optional<Balance>& maybe_total,
      const std::optional<BoundedVec<UnlockChunk, MaxUnlockingChunks>>& maybe_unlocking) {
    if (is_virtual_staker(stash)) return unexpected(error(Error::kVirtualStakerNotAllowed));
    const Balance current_hold = Asset<Pallet>::staked(stash);
    const Balance stash_balance = Asset<Pallet>::stakeable_balance(stash);
    const auto state = inspect_bond_state(stash);
    AccountId32 new_controller = stash;
    Balance new_total = 0;
    if (!state) {
      if (state.error() != Error::kBadState) return unexpected(error(Error::kCannotRestoreLedger));
      // Neither bond nor ledger, but a hold is left: release it.
      if (auto ok = Asset<Pallet>::kill_stake(stash); !ok) return ok;
      const auto after = inspect_bond_state(stash);
      if (after || after.error() != Error::kNotStash) return unexpected(error(Error::kBadState));
      return {};
    }
    switch (*state) {
      case LedgerIntegrityState::kCorrupted:
        new_controller = maybe_controller.value_or(stash);
        if (maybe_total) {
          new_total = std::min(*maybe_total, stash_balance);
          if (auto ok = Asset<Pallet>::update_stake(stash, new_total); !ok) return ok;
        } else {
          new_total = current_hold;
        }
        break;
      case LedgerIntegrityState::kCorruptedKilled:
        if (current_hold == 0) {
          // Neither ledger nor hold tells the total: the caller must.
          if (!maybe_total) return unexpected(error(Error::kCannotRestoreLedger));
          new_total = *maybe_total;
        } else {
          new_total = current_hold;
        }
        break;
      case LedgerIntegrityState::kLockCorrupted:
        if (!maybe_total) return unexpected(error(Error::kCannotRestoreLedger));
        new_total = std::min(*maybe_total, stash_balance);
        if (auto ok = Asset<Pallet>::update_stake(stash, new_total); !ok) return ok;
        break;
      case LedgerIntegrityState::kOk:
        return unexpected(error(Error::kCannotRestoreLedger));
    }
    Bonded::insert(stash, new_controller);
    LedgerT restored = LedgerT::create(stash, new_total);
    restored.controller_account = new_controller;
    if (maybe_unlocking) restored.data.unlocking = *maybe_unlocking;
    if (auto ok = restored.update(); !ok) return ok;
    const auto after = inspect_bond_state(stash);
    if (!after || *after != LedgerIntegrityState::kOk) return unexpected(error(Error::kBadState));
    return {};
  }

  // chill_other: anyone may chill a stash whose nominations no longer decode, or, once the
  // ChillThreshold of Max*Count is passed, a validator or nominator below its minimum bond.
  static DispatchResult do_chill_other(const AccountId32& caller, const AccountId32& stash) {
    auto l = ledger(StakingAccount::stash(stash));
    if (!l) return unexpected(l.error());
    const std::optional<AccountId32> controller = l->controller();
    if (!controller) return unexpected(error(Error::kNotController));
    const bool nominator = Nominators::contains_key(stash);
    if (nominator && !Nominators::get(stash)) {
      chill_stash(stash);
      return {};
    }
    if (caller != *controller) {
      const std::optional<Percent> threshold = ChillThreshold::get();
      if (!threshold) return unexpected(error(Error::kCannotChillOther));
      Balance min_active_bond = 0;
      if (nominator) {
        const std::optional<uint32_t> max = MaxNominatorsCount::get();
        if (!max || !((*threshold * *max) < Nominators::count())) {
          return unexpected(error(Error::kCannotChillOther));
        }
        min_active_bond = MinNominatorBond::get();
      } else if (Validators::contains_key(stash)) {
        const std::optional<uint32_t> max = MaxValidatorsCount::get();
        if (!max || !((*threshold * *max) < Validators::count())) {
          return unexpected(error(Error::kCannotChillOther));
        }
        min_active_bond = MinValidatorBond::get();
      }
      if (l->data.active >= min_active_bond) return unexpected(error(Error::kCannotChillOther));
    }
    chill_stash(stash);
    return {};
  }

  // --- Genesis: the settings, then each staker bonded (with a hold on its stash, paid to
  // Staked) and made a validator (default preferences) or a nominator, as FRAME's genesis_build
  // does by dispatching bond, validate and nominate; validators first, so that nominators may
  // name any of them.
  using GenesisConfig = staking::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (config.dev_stakers) return unexpected(std::string("devStakers: not supported"));
    if (config.slash_reward_fraction > Perbill::kAccuracy) {
      return unexpected(std::string("slashRewardFraction: above one (10^9 parts)"));
    }
    if (config.validator_count > T::kMaxValidatorSet) {
      return unexpected(std::string("validatorCount: above MaxValidatorSet"));
    }
    if (config.sessions_per_era) {
      if constexpr (requires {
                      {
                        T::set_sessions_per_era(uint32_t{})
                      } -> std::same_as<Result<void, std::string>>;
                    }) {
        if (auto set = T::set_sessions_per_era(*config.sessions_per_era); !set) return set;
      } else {
        return unexpected(std::string("sessionsPerEra: this runtime's era length is fixed"));
      }
    }
    ValidatorCount::put(config.validator_count);
    MinimumValidatorCount::put(config.minimum_validator_count);
    Invulnerables::put(config.invulnerables);
    ForceEra::put(config.force_era);
    CanceledSlashPayout::put(config.canceled_payout);
    SlashRewardFraction::put(Perbill::from_parts(config.slash_reward_fraction));
    MinNominatorBond::put(config.min_nominator_bond);
    MinValidatorBond::put(config.min_validator_bond);
    if (config.max_validator_count) MaxValidatorsCount::put(*config.max_validator_count);
    if (config.max_nominator_count) MaxNominatorsCount::put(*config.max_nominator_count);
    for (const bool validators_pass : {true, false}) {
      for (size_t i = 0; i < config.stakers.size(); ++i) {
        const auto& [stash, controller, balance, status] = config.stakers[i];
        const bool is_nominator = status.kind == StakerStatus::Kind::kNominator;
        if (is_nominator == validators_pass) continue;
        const std::string entry = "stakers[" + std::to_string(i) + "]: ";
        if (Asset<Pallet>::free_to_stake(stash) < balance) {
          return unexpected(entry + "the stash does not have enough balance to bond");
        }
        if (auto ok = do_bond(stash, balance, RewardDestination::staked()); !ok) {
          return unexpected(entry + "bond: " + runtime::to_string(ok.error()));
        }
        DispatchResult role;
        if (status.kind == StakerStatus::Kind::kValidator) {
          role = do_validate(stash, ValidatorPrefs{});
        } else if (is_nominator) {
          std::vector<MultiAddress> targets;
          targets.reserve(status.targets.size());
          for (const AccountId32& target : status.targets)
            targets.push_back(MultiAddress::id(target));
          role = do_nominate(stash, targets);
        }
        if (!role) return unexpected(entry + runtime::to_string(role.error()));
      }
    }
    if (VoterList::count() != Nominators::count() + Validators::count()) {
      return unexpected(std::string("not every staker is in the VoterList"));
    }
    return {};
  }

  // --- Slashing (slashing.hpp).
  using Slashing = staking::Slashing<T, Pallet>;
  // sp_staking's OnOffenceHandler, as a nested type (like Interface): the offender is a stash or
  // an identification tuple whose first element is the stash (Kusama: (stash, Exposure)).
  struct OffenceHandler {
    template <class Offender>
    static Weight on_offence(std::span<const traits::staking::OffenceDetails<Offender>> offenders,
                             std::span<const Perbill> slash_fraction, SessionIndexT session) {
      std::vector<traits::staking::OffenceDetails<AccountId32>> details;
      details.reserve(offenders.size());
      for (const auto& o : offenders) details.push_back({offender_stash(o.offender), o.reporters});
      return Slashing::on_offence(details, slash_fraction, session);
    }
  };
  // The deferred slashes due at the start of `active_era`: the era machinery's start_era calls it.
  static void apply_unapplied_slashes(EraIndex active_era) {
    Slashing::apply_unapplied_slashes(active_era);
  }
  // Removes the era's ValidatorSlashInEra and NominatorSlashInEra when it leaves BondedEras.
  static void clear_era_slashing_metadata(EraIndex era) { Slashing::clear_era_metadata(era); }

  // --- The era machinery (era.hpp) and payouts (rewards.hpp).
  using EraMachinery = staking::Eras<T, Pallet>;
  using PayoutsT = staking::Payouts<T, Pallet>;

  // traits::election::ElectionDataProvider (T::ElectionProvider's DataProvider).
  static DataProviderResult<std::vector<Voter>> electing_voters(const DataProviderBounds& bounds) {
    return EraMachinery::electing_voters(bounds);
  }
  static DataProviderResult<std::vector<AccountId32>> electable_targets(
      const DataProviderBounds& bounds) {
    return EraMachinery::electable_targets(bounds);
  }
  static DataProviderResult<uint32_t> desired_targets() { return EraMachinery::desired_targets(); }
  static BlockNumber next_election_prediction(BlockNumber now) {
    return EraMachinery::next_election_prediction(now);
  }

  // traits::SessionManager (Kusama: wrapped in Historical's NoteHistoricalRoot). FRAME's
  // historical SessionManager gives each validator a default Exposure: NoteHistoricalRoot does
  // the same for a plain SessionManager.
  static std::optional<std::vector<AccountId32>> new_session(SessionIndexT index) {
    static_assert(traits::election::ElectionProvider<typename T::ElectionProvider>);
    return EraMachinery::new_session(index, false);
  }
  static std::optional<std::vector<AccountId32>> new_session_genesis(SessionIndexT index) {
    static_assert(traits::election::ElectionProvider<typename GenesisElectionProviderOf<T>::Type>);
    return EraMachinery::new_session(index, true);
  }
  static void start_session(SessionIndexT index) { EraMachinery::start_session(index); }
  static void end_session(SessionIndexT index) { EraMachinery::end_session(index); }

  // Hooks: on_finalize notes the active era's start (its first block's timestamp); its one read
  // is charged in on_initialize.
  static Weight on_initialize(BlockNumber /*n*/) { return T::kDbWeight.reads(1); }
  static void on_finalize(BlockNumber /*n*/) { EraMachinery::note_era_start(); }

  // Era points: reward_by_ids, and pallet_authorship's EventHandler (20 per authored block,
  // Kusama's `note_author`).
  static constexpr RewardPoint kAuthorPoints = 20;
  static void reward_by_ids(const std::vector<std::pair<AccountId32, RewardPoint>>& points) {
    EraMachinery::reward_by_ids(points);
  }
  static void note_author(const AccountId32& author) { reward_by_ids({{author, kAuthorPoints}}); }

  // EraInfo's reads for the runtime API and other pallets.
  static Exposure eras_stakers(EraIndex era, const AccountId32& validator) {
    return EraMachinery::get_full_exposure(era, validator);
  }
  static Page eras_stakers_page_count(EraIndex era, const AccountId32& validator) {
    return EraMachinery::get_page_count(era, validator);
  }
  static bool pending_rewards(EraIndex era, const AccountId32& validator) {
    return EraMachinery::pending_rewards(era, validator);
  }

  // cancel_deferred_slash: removes the era's deferred slashes at `slash_indices` (sorted, unique,
  // in range).
  static DispatchResult do_cancel_deferred_slash(EraIndex era,
                                                 const std::vector<uint32_t>& slash_indices) {
    if (slash_indices.empty()) return unexpected(error(Error::kEmptyTargets));
    for (size_t i = 1; i < slash_indices.size(); ++i) {
      if (slash_indices[i - 1] >= slash_indices[i]) {
        return unexpected(error(Error::kNotSortedAndUnique));
      }
    }
    std::vector<UnappliedSlash> unapplied = UnappliedSlashes::get(era);
    if (slash_indices.back() >= unapplied.size()) {
      return unexpected(error(Error::kInvalidSlashIndex));
    }
    for (size_t removed = 0; removed < slash_indices.size(); ++removed) {
      unapplied.erase(unapplied.begin() +
                      static_cast<std::ptrdiff_t>(slash_indices[removed] - removed));
    }
    UnappliedSlashes::insert(era, unapplied);
    return {};
  }

  // manual_slash: an offence without reporters of the validator at the first session of `era`
  // (within HistoryDepth of CurrentEra), through on_offence.
  static DispatchResult do_manual_slash(const AccountId32& validator_stash, EraIndex era,
                                        Perbill slash_fraction) {
    const std::optional<EraIndex> current_era = CurrentEra::get();
    if (!current_era) return unexpected(error(Error::kInvalidEraToReward));
    const EraIndex oldest = era_before(*current_era, T::kHistoryDepth);
    if (era > *current_era || era < oldest) return unexpected(error(Error::kInvalidEraToReward));
    const std::optional<SessionIndexT> session = ErasStartSessionIndex::get(era);
    if (!session) return unexpected(error(Error::kInvalidEraToReward));
    const traits::staking::OffenceDetails<AccountId32> details{validator_stash, {}};
    (void)Slashing::on_offence(std::span(&details, 1), std::span(&slash_fraction, 1), *session);
    return {};
  }

  // --- traits::staking::StakingInterface, as a nested type: its functions share their names
  // with the calls (bond, nominate, chill, …). Other pallets name `Staking::Interface`.
  struct Interface {
    static Balance minimum_nominator_bond() { return MinNominatorBond::get(); }
    static Balance minimum_validator_bond() { return MinValidatorBond::get(); }
    static Result<AccountId32, DispatchError> stash_by_ctrl(const AccountId32& controller) {
      auto l = ledger(StakingAccount::controller(controller));
      if (!l) return unexpected(l.error());
      return l->data.stash;
    }
    static EraIndex bonding_duration() { return T::kBondingDuration; }
    static EraIndex current_era() { return CurrentEra::get().value_or(0); }
    static Result<traits::staking::Stake, DispatchError> stake(const AccountId32& who) {
      auto l = ledger(StakingAccount::stash(who));
      if (!l) return unexpected(l.error());
      return traits::staking::Stake{l->data.total, l->data.active};
    }
    static Result<bool, DispatchError> is_unbonding(const AccountId32& who) {
      auto l = ledger(StakingAccount::stash(who));
      if (!l) return unexpected(l.error());
      return !l->data.unlocking.items.empty();
    }
    static DispatchResult bond(const AccountId32& who, Balance value, const AccountId32& payee) {
      return transactional([&] { return do_bond(who, value, RewardDestination::account(payee)); });
    }
    static DispatchResult nominate(const AccountId32& who,
                                   const std::vector<AccountId32>& targets) {
      auto controller = bonded(who);
      if (!controller) return unexpected(error(Error::kNotStash));
      std::vector<MultiAddress> addresses;
      addresses.reserve(targets.size());
      for (const AccountId32& target : targets) addresses.push_back(MultiAddress::id(target));
      return transactional([&] { return do_nominate(*controller, addresses); });
    }
    static DispatchResult chill(const AccountId32& who) {
      auto controller = bonded(who);
      if (!controller) return unexpected(error(Error::kNotStash));
      return transactional([&] { return do_chill(*controller); });
    }
    static DispatchResult bond_extra(const AccountId32& who, Balance extra) {
      return transactional([&] { return do_bond_extra(who, extra); });
    }
    static DispatchResult unbond(const AccountId32& who, Balance value) {
      auto controller = bonded(who);
      if (!controller) return unexpected(error(Error::kNotStash));
      return transactional([&]() -> DispatchResult {
        auto used = do_unbond(*controller, value);
        if (!used) return unexpected(used.error());
        return {};
      });
    }
    // Whether the stash is gone after the withdrawal.
    static Result<bool, DispatchError> withdraw_unbonded(const AccountId32& who,
                                                         uint32_t num_slashing_spans) {
      auto controller = bonded(who);
      if (!controller) return unexpected(error(Error::kNotStash));
      auto done = transactional([&]() -> DispatchResult {
        auto used = do_withdraw_unbonded(*controller, num_slashing_spans);
        if (!used) return unexpected(used.error());
        return {};
      });
      if (!done) return unexpected(done.error());
      return !LedgerT::is_bonded(StakingAccount::controller(*controller));
    }
    static uint32_t desired_validator_count() { return ValidatorCount::get(); }
    static bool election_ongoing() { return T::ElectionProvider::ongoing(); }
    static DispatchResult force_unstake(const AccountId32& who) {
      return transactional([&] { return kill_stash(who, slashing_span_count(who)); });
    }
    // Whether `who` backs (or is) a validator in the era's exposures.
    static bool is_exposed_in_era(const AccountId32& who, EraIndex era) {
      bool found = false;
      for_each_exposure_page(era, [&](const AccountId32& validator, const ExposurePage& page) {
        if (validator == who) found = true;
        for (const IndividualExposure& other : page.others) {
          if (other.who == who) found = true;
        }
        return !found;
      });
      return found;
    }
    static bool is_validator(const AccountId32& who) { return Validators::contains_key(who); }
    static std::optional<std::vector<AccountId32>> nominations(const AccountId32& who) {
      auto n = Nominators::get(who);
      if (!n) return std::nullopt;
      return n->targets.items;
    }
  };

  // --- Try-state: the counters and the VoterList follow the maps, every bond has its ledger
  // and its hold, and every active bond of a role meets nothing less than the existential deposit.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const auto validators = Validators::entries();
    const auto nominators = Nominators::entries();
    if (validators.size() != Validators::count()) {
      return unexpected(std::string("Staking: CounterForValidators differs from Validators"));
    }
    if (nominators.size() != Nominators::count()) {
      return unexpected(std::string("Staking: CounterForNominators differs from Nominators"));
    }
    if (VoterList::count() != Validators::count() + Nominators::count()) {
      return unexpected(std::string("Staking: the VoterList does not hold every voter"));
    }
    for (const auto& [stash, controller] : Bonded::entries()) {
      auto l = ledger(StakingAccount::stash(stash));
      if (!l) return unexpected(std::string("Staking: a bonded stash without a valid ledger"));
      if (!is_virtual_staker(stash) && Asset<Pallet>::staked(stash) != l->data.total) {
        return unexpected(std::string("Staking: a stash's hold differs from its ledger's total"));
      }
      Balance unlocking = 0;
      for (const UnlockChunk& chunk : l->data.unlocking.items) unlocking += chunk.value;
      if (l->data.active + unlocking != l->data.total) {
        return unexpected(std::string("Staking: a ledger's total is not active + unlocking"));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(
        r, "HistoryDepth", uint32_t{T::kHistoryDepth},
        {" Number of eras to keep in history.",
         "",
         " Following information is kept for eras in `[current_era -",
         " HistoryDepth, current_era]`: `ErasStakers`, `ErasStakersClipped`,",
         " `ErasValidatorPrefs`, `ErasValidatorReward`, `ErasRewardPoints`,",
         " `ErasTotalStake`, `ErasStartSessionIndex`, `ClaimedRewards`, `ErasStakersPaged`,",
         " `ErasStakersOverview`.",
         "",
         " Must be more than the number of eras delayed by session.",
         " I.e. active era must always be in history. I.e. `active_era >",
         " current_era - history_depth` must be guaranteed.",
         "",
         " If migrating an existing pallet from storage value to config value,",
         " this should be set to same value or greater as in storage.",
         "",
         " Note: `HistoryDepth` is used as the upper bound for the `BoundedVec`",
         " item `StakingLedger.legacy_claimed_rewards`. Setting this value lower than",
         " the existing value can lead to inconsistencies in the",
         " `StakingLedger` and will need to be handled properly in a migration.",
         " The test `reducing_history_depth_abrupt` shows this effect."}));
    c.push_back(constant(r, "SessionsPerEra", uint32_t{T::sessions_per_era()},
                         {" Number of sessions per era."}));
    c.push_back(constant(r, "BondingDuration", uint32_t{T::kBondingDuration},
                         {" Number of eras that staked funds must remain bonded for."}));
    c.push_back(
        constant(r, "SlashDeferDuration", uint32_t{T::kSlashDeferDuration},
                 {" Number of eras that slashes are deferred by, after computation.", "",
                  " This should be less than the bonding duration. Set to 0 if slashes",
                  " should be applied immediately, without opportunity for intervention."}));
    c.push_back(constant(
        r, "MaxExposurePageSize", uint32_t{T::kMaxExposurePageSize},
        {" The maximum size of each `T::ExposurePage`.", "",
         " An `ExposurePage` is weakly bounded to a maximum of `MaxExposurePageSize`",
         " nominators.", "",
         " For older non-paged exposure, a reward payout was restricted to the top",
         " `MaxExposurePageSize` nominators. This is to limit the i/o cost for the",
         " nominator payout.", "",
         " Note: `MaxExposurePageSize` is used to bound `ClaimedRewards` and is unsafe to reduce",
         " without handling it in a migration."}));
    c.push_back(
        constant(r, "MaxValidatorSet", uint32_t{T::kMaxValidatorSet},
                 {" The absolute maximum of winner validators this pallet should return."}));
    c.push_back(constant(
        r, "MaxUnlockingChunks", uint32_t{T::kMaxUnlockingChunks},
        {" The maximum number of `unlocking` chunks a [`StakingLedger`] can",
         " have. Effectively determines how many unique eras a staker may be", " unbonding in.", "",
         " Note: `MaxUnlockingChunks` is used as the upper bound for the",
         " `BoundedVec` item `StakingLedger.unlocking`. Setting this value",
         " lower than the existing value can lead to inconsistencies in the",
         " `StakingLedger` and will need to be handled properly in a runtime",
         " migration. The test `reducing_max_unlocking_chunks_abrupt` shows", " this effect."}));
  }

 private:
  template <class F>
  static auto transactional(F&& f) -> decltype(f()) {
    io::storage::start_transaction();
    auto result = f();
    if (result.has_value()) {
      io::storage::commit_transaction();
    } else {
      io::storage::rollback_transaction();
    }
    return result;
  }

  // Visits the era's exposure pages (ErasStakersPaged under the era) until f returns false.
  template <class F>
  static void for_each_exposure_page(EraIndex era, F&& f) {
    const Bytes& item = ErasStakersPaged::prefix();
    Bytes start = item;
    const Bytes era_key = scale::encode(era);
    const ByteArray<8> era_hash = Twox64Concat::digest(era_key);
    start.insert(start.end(), era_hash.begin(), era_hash.end());
    start.insert(start.end(), era_key.begin(), era_key.end());
    Bytes cursor = start;
    while (auto next = io::storage::next_key(cursor)) {
      if (next->size() < start.size() || !std::equal(start.begin(), start.end(), next->begin())) {
        break;
      }
      // twox64(stash) ‖ stash ‖ twox64(page) ‖ page after the era.
      const ByteSpan rest = ByteSpan(*next).subspan(start.size());
      if (rest.size() >= 8 + 32) {
        auto validator = scale::decode<AccountId32>(rest.subspan(8, 32));
        auto value = io::storage::get(*next);
        if (validator && value) {
          if (auto page = scale::decode<ExposurePage>(*value); page && !f(*validator, *page))
            return;
        }
      }
      cursor = std::move(*next);
    }
  }
};

}  // namespace canary::rt::pallets::staking
