// polkadot-runtime-parachains' `paras` pallet (Paras, Kusama index 56): the registry of paras.
// Every para's head and current code (by hash: CodeByHash holds each code once, CodeByHashRefs
// counts its users), its lifecycle (changes queued per session in ActionsQueue and applied when
// the Initializer starts that session), code upgrades (FutureCodeHash, then the GoAhead signal
// at the expected block and the switch on the first head noted in a context at or after it, or
// a forced switch at the expected block), the cooldown between upgrades
// (UpgradeRestrictionSignal), past code kept for code_retention_period blocks, and PVF
// pre-checking: new code becomes usable only once a supermajority of the session's validators
// accepted it (statements signed with their `para` keys over the "VCPC" payload), and is
// rejected when that is no longer possible or pvf_voting_ttl sessions passed. Semantics follow
// polkadot-sdk polkadot/runtime/parachains/src/paras/mod.rs (polkadot-runtime-parachains 21.0.1,
// what polkadot-fellows/runtimes v1.7.1's Kusama uses) and the implementers' guide
// (roadmap/implementers-guide/src/runtime/paras.md). Parachains read Heads,
// UpgradeGoAheadSignal and UpgradeRestrictionSignal through storage proofs.
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration = …;   the Configuration pallet (ActiveConfig)
//   using ParasShared = …;     the shared pallet (the session, its active validators)
//   using ParasFungible = …;   fungible::Mutate: remove_upgrade_cooldown burns its price from it
//   static constexpr Balance kParasCooldownRemovalMultiplier;   price per block of cooldown left
// and optionally
//   static constexpr uint64_t kParasUnsignedPriority;   the PVF votes' priority (default 2^64-1)
//   static constexpr uint64_t kParasAverageSessionLength;   the votes' longevity is half of it
//                                                            (default: longevity 64)
//   static Weight paras_on_new_head(ParaId, const HeadData&);   OnNewHead (Kusama: Registrar)
//   static DispatchResult paras_assign_coretime(ParaId);   AssignCoretime, at genesis
//   static uint64_t paras_ump_message_count(ParaId);   QueueFootprinter (Kusama: ParaInclusion)
//   using ParasWeightInfo = …;   its own weights (weights.hpp)
// Kusama's AuthorizeCurrentCodeOrigin is Root, as here. The Canary runtime composes it at index 56
// (README.md).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/runtime/transaction_validity.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/para_configuration/host_configuration.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/types.hpp"
#include "runtime/pallets/paras/weights.hpp"

namespace canary::rt::pallets::paras {

using para_configuration::HostConfiguration;
using para_primitives::PvfCheckStatement;
using para_primitives::UpgradeGoAhead;
using para_primitives::UpgradeRestriction;
using para_primitives::ValidatorSignature;
using Balance = traits::tokens::Balance;
inline constexpr Balance kMaxBalance = std::numeric_limits<Balance>::max();

enum class Error : uint8_t {
  kNotRegistered = 0,
  kCannotOnboard = 1,
  kCannotOffboard = 2,
  kCannotUpgrade = 3,
  kCannotDowngrade = 4,
  kPvfCheckStatementStale = 5,
  kPvfCheckStatementFuture = 6,
  kPvfCheckValidatorIndexOutOfBounds = 7,
  kPvfCheckInvalidSignature = 8,
  kPvfCheckDoubleVote = 9,
  kPvfCheckSubjectInvalid = 10,
  kCannotUpgradeCode = 11,
  kInvalidCode = 12,
  kNothingAuthorized = 13,
  kUnauthorized = 14,
  kInvalidBlockNumber = 15,
};

// `"paras": {"paras": [[id, {"genesis_head": "0x…", "validation_code": "0x…",
// "parachain": true}]]}` in a genesis config.
struct GenesisConfig {
  std::vector<std::pair<ParaId, ParaGenesisArgs>> paras;
  static constexpr auto json_fields() {
    return std::tuple{json_field("paras", &GenesisConfig::paras)};
  }
};

// The custom InvalidTransaction codes of paras/mod.rs.
inline constexpr uint8_t kInvalidTxBadValidatorIdx = 1;
inline constexpr uint8_t kInvalidTxBadSubject = 2;
inline constexpr uint8_t kInvalidTxDoubleVote = 3;
inline constexpr uint8_t kInvalidTxUnauthorizedCode = 4;

// MAX_PARA_HEADS: sorted_para_heads returns at most this many.
inline constexpr size_t kMaxParaHeads = 1024;

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "paras";
  static constexpr const char* kDocs = "The registry of paras: heads, code and lifecycles.";
  static constexpr const char* kLogTarget = "runtime::paras";
  // paras/migration.rs: v1 (ParaGenesisArgs' para_kind, PvfCheckCause's upgrade_strategy).
  static constexpr uint16_t kStorageVersion = 1;

  using Weights = WeightInfoOf<T>;
  using System = typename T::System;
  using Fungible = typename T::ParasFungible;
  static_assert(traits::fungible::Mutate<Fungible>);

  // --- Storage (paras/mod.rs, in its order).
  using PvfActiveVoteMap = StorageMap<
      Pallet, "PvfActiveVoteMap", Twox64Concat, ValidationCodeHash, PvfCheckActiveVoteState,
      OptionQuery,
      DocLines<" All currently active PVF pre-checking votes.", "", " Invariant:",
               " - There are no PVF pre-checking votes that exists in list but not in the set "
               "and vice versa.">>;
  using PvfActiveVoteList =
      StorageValue<Pallet, "PvfActiveVoteList", std::vector<ValidationCodeHash>, ValueQuery,
                   DocLines<" The list of all currently active PVF votes. Auxiliary to "
                            "`PvfActiveVoteMap`.">>;
  using Parachains = StorageValue<
      Pallet, "Parachains", std::vector<ParaId>, ValueQuery,
      DocLines<" All lease holding parachains. Ordered ascending by `ParaId`. On demand "
               "parachains are not",
               " included.", "", " Consider using the [`ParachainsCache`] type of modifying.">>;
  using ParaLifecycles =
      StorageMap<Pallet, "ParaLifecycles", Twox64Concat, ParaId, ParaLifecycle, OptionQuery,
                 DocLines<" The current lifecycle of a all known Para IDs.">>;
  using Heads = StorageMap<Pallet, "Heads", Twox64Concat, ParaId, HeadData, OptionQuery,
                           DocLines<" The head-data of every registered para.">>;
  using MostRecentContext = StorageMap<
      Pallet, "MostRecentContext", Twox64Concat, ParaId, BlockNumberT, OptionQuery,
      DocLines<" The context (relay-chain block number) of the most recent parachain head.">>;
  using CurrentCodeHash =
      StorageMap<Pallet, "CurrentCodeHash", Twox64Concat, ParaId, ValidationCodeHash, OptionQuery,
                 DocLines<" The validation code hash of every live para.", "",
                          " Corresponding code can be retrieved with [`CodeByHash`].">>;
  using PastCodeHash = StorageMap<
      Pallet, "PastCodeHash", Twox64Concat, std::tuple<ParaId, BlockNumberT>, ValidationCodeHash,
      OptionQuery,
      DocLines<" Actual past code hash, indicated by the para id as well as the block number at "
               "which it",
               " became outdated.", "",
               " Corresponding code can be retrieved with [`CodeByHash`].">>;
  using PastCodeMeta = StorageMap<
      Pallet, "PastCodeMeta", Twox64Concat, ParaId, ParaPastCodeMeta, ValueQuery,
      DocLines<" Past code of parachains. The parachains themselves may not be registered anymore,",
               " but we also keep their code on-chain for the same amount of time as outdated "
               "code",
               " to keep it available for approval checkers.">>;
  using PastCodePruning = StorageValue<
      Pallet, "PastCodePruning", std::vector<std::tuple<ParaId, BlockNumberT>>, ValueQuery,
      DocLines<" Which paras have past code that needs pruning and the relay-chain block at "
               "which the code",
               " was replaced. Note that this is the actual height of the included block, not "
               "the expected",
               " height at which the code upgrade would be applied, although they may be equal.",
               " This is to ensure the entire acceptance period is covered, not an offset "
               "acceptance period",
               " starting from the time at which the parachain perceives a code upgrade as having "
               "occurred.",
               " Multiple entries for a single para are permitted. Ordered ascending by block "
               "number.">>;
  using FutureCodeUpgrades = StorageMap<
      Pallet, "FutureCodeUpgrades", Twox64Concat, ParaId, BlockNumberT, OptionQuery,
      DocLines<" The block number at which the planned code change is expected for a parachain.",
               "",
               " The change will be applied after the first parablock for this ID included which "
               "executes",
               " in the context of a relay chain block with a number >= `expected_at`.">>;
  using FutureCodeUpgradesAt = StorageValue<
      Pallet, "FutureCodeUpgradesAt", std::vector<std::tuple<ParaId, BlockNumberT>>, ValueQuery,
      DocLines<" The list of upcoming future code upgrades.", "",
               " Each item is a pair of the parachain and the expected block at which the upgrade "
               "should be",
               " applied. The upgrade will be applied at the given relay chain block. In contrast "
               "to",
               " [`FutureCodeUpgrades`] this code upgrade will be applied regardless the parachain "
               "making any",
               " progress or not.", "", " Ordered ascending by block number.">>;
  using FutureCodeHash =
      StorageMap<Pallet, "FutureCodeHash", Twox64Concat, ParaId, ValidationCodeHash, OptionQuery,
                 DocLines<" The actual future code hash of a para.", "",
                          " Corresponding code can be retrieved with [`CodeByHash`].">>;
  using AuthorizedCodeHash =
      StorageMap<Pallet, "AuthorizedCodeHash", Twox64Concat, ParaId, AuthorizedCodeHashAndExpiry,
                 OptionQuery,
                 DocLines<" The code hash authorizations for a para which will expire `expire_at` "
                          "`BlockNumberFor<T>`.">>;
  using UpgradeGoAheadSignal = StorageMap<
      Pallet, "UpgradeGoAheadSignal", Twox64Concat, ParaId, UpgradeGoAhead, OptionQuery,
      DocLines<" This is used by the relay-chain to communicate to a parachain a go-ahead with "
               "in the upgrade",
               " procedure.", "",
               " This value is absent when there are no upgrades scheduled or during the time the "
               "relay chain",
               " performs the checks. It is set at the first relay-chain block when the "
               "corresponding",
               " parachain can switch its upgrade function. As soon as the parachain's block is "
               "included, the",
               " value gets reset to `None`.", "",
               " NOTE that this field is used by parachains via merkle storage proofs, therefore "
               "changing",
               " the format will require migration of parachains.">>;
  using UpgradeRestrictionSignal = StorageMap<
      Pallet, "UpgradeRestrictionSignal", Twox64Concat, ParaId, UpgradeRestriction, OptionQuery,
      DocLines<" This is used by the relay-chain to communicate that there are restrictions for "
               "performing",
               " an upgrade for this parachain.", "",
               " This may be a because the parachain waits for the upgrade cooldown to expire. "
               "Another",
               " potential use case is when we want to perform some maintenance (such as storage "
               "migration)",
               " we could restrict upgrades to make the process simpler.", "",
               " NOTE that this field is used by parachains via merkle storage proofs, therefore "
               "changing",
               " the format will require migration of parachains.">>;
  using UpgradeCooldowns = StorageValue<
      Pallet, "UpgradeCooldowns", std::vector<std::tuple<ParaId, BlockNumberT>>, ValueQuery,
      DocLines<" The list of parachains that are awaiting for their upgrade restriction to "
               "cooldown.",
               "", " Ordered ascending by block number.">>;
  using UpcomingUpgrades = StorageValue<
      Pallet, "UpcomingUpgrades", std::vector<std::tuple<ParaId, BlockNumberT>>, ValueQuery,
      DocLines<" The list of upcoming code upgrades.", "",
               " Each item is a pair of which para performs a code upgrade and at which "
               "relay-chain block it",
               " is expected at.", "", " Ordered ascending by block number.">>;
  using ActionsQueue = StorageMap<Pallet, "ActionsQueue", Twox64Concat, SessionIndexT,
                                  std::vector<ParaId>, ValueQuery,
                                  DocLines<" The actions to perform during the start of a specific "
                                           "session index.">>;
  using UpcomingParasGenesis = StorageMap<
      Pallet, "UpcomingParasGenesis", Twox64Concat, ParaId, ParaGenesisArgs, OptionQuery,
      DocLines<" Upcoming paras instantiation arguments.", "",
               " NOTE that after PVF pre-checking is enabled the para genesis arg will have it's "
               "code set",
               " to empty. Instead, the code will be saved into the storage right away via "
               "`CodeByHash`.">>;
  using CodeByHashRefs = StorageMap<
      Pallet, "CodeByHashRefs", Identity, ValidationCodeHash, uint32_t, ValueQuery,
      DocLines<" The number of reference on the validation code in [`CodeByHash`] storage.">>;
  using CodeByHash = StorageMap<
      Pallet, "CodeByHash", Identity, ValidationCodeHash, ValidationCode, OptionQuery,
      DocLines<" Validation code stored by its hash.", "",
               " This storage is consistent with [`FutureCodeHash`], [`CurrentCodeHash`] and",
               " [`PastCodeHash`].">>;
  using Storage =
      std::tuple<PvfActiveVoteMap, PvfActiveVoteList, Parachains, ParaLifecycles, Heads,
                 MostRecentContext, CurrentCodeHash, PastCodeHash, PastCodeMeta, PastCodePruning,
                 FutureCodeUpgrades, FutureCodeUpgradesAt, FutureCodeHash, AuthorizedCodeHash,
                 UpgradeGoAheadSignal, UpgradeRestrictionSignal, UpgradeCooldowns, UpcomingUpgrades,
                 ActionsQueue, UpcomingParasGenesis, CodeByHashRefs, CodeByHash>;

  // --- Errors.
  using Error = paras::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotRegistered", "Para is not registered in our system."},
      {"CannotOnboard", "Para cannot be onboarded because it is already tracked by our system."},
      {"CannotOffboard", "Para cannot be offboarded at this time."},
      {"CannotUpgrade", "Para cannot be upgraded to a lease holding parachain."},
      {"CannotDowngrade", "Para cannot be downgraded to an on-demand parachain."},
      {"PvfCheckStatementStale", "The statement for PVF pre-checking is stale."},
      {"PvfCheckStatementFuture", "The statement for PVF pre-checking is for a future session."},
      {"PvfCheckValidatorIndexOutOfBounds", "Claimed validator index is out of bounds."},
      {"PvfCheckInvalidSignature", "The signature for the PVF pre-checking is invalid."},
      {"PvfCheckDoubleVote", "The given validator already has cast a vote."},
      {"PvfCheckSubjectInvalid", "The given PVF does not exist at the moment of process a vote."},
      {"CannotUpgradeCode", "Parachain cannot currently schedule a code upgrade."},
      {"InvalidCode", "Invalid validation code size."},
      {"NothingAuthorized", "No upgrade authorized."},
      {"Unauthorized", "The submitted code is not authorized."},
      {"InvalidBlockNumber", "Invalid block number."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events (tuple variants carry unnamed fields, as FRAME's).
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct ParaEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ParaId para;
    bool operator==(const ParaEvent&) const = default;
    static constexpr auto fields() { return std::tuple{unnamed_field(&ParaEvent::para, "ParaId")}; }
    CANARY_DESCRIBED()
  };
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct PvfEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    ValidationCodeHash code_hash;
    ParaId para;
    bool operator==(const PvfEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&PvfEvent::code_hash, "ValidationCodeHash"),
                        unnamed_field(&PvfEvent::para, "ParaId")};
    }
    CANARY_DESCRIBED()
  };
  using CurrentCodeUpdated =
      ParaEvent<0, "CurrentCodeUpdated", "Current code has been updated for a Para. `para_id`">;
  using CurrentHeadUpdated =
      ParaEvent<1, "CurrentHeadUpdated", "Current head has been updated for a Para. `para_id`">;
  using CodeUpgradeScheduled = ParaEvent<2, "CodeUpgradeScheduled",
                                         "A code upgrade has been scheduled for a Para. `para_id`">;
  using NewHeadNoted =
      ParaEvent<3, "NewHeadNoted", "A new head has been noted for a Para. `para_id`">;
  struct ActionQueued {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "ActionQueued";
    static constexpr const char* kDocs =
        "A para has been queued to execute pending actions. `para_id`";
    ParaId para;
    SessionIndexT session = 0;
    bool operator==(const ActionQueued&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&ActionQueued::para, "ParaId"),
                        unnamed_field(&ActionQueued::session, "SessionIndex")};
    }
    CANARY_DESCRIBED()
  };
  using PvfCheckStarted = PvfEvent<5, "PvfCheckStarted",
                                   "The given para either initiated or subscribed to a PVF check "
                                   "for the given validation\ncode. `code_hash` `para_id`">;
  using PvfCheckAccepted = PvfEvent<6, "PvfCheckAccepted",
                                    "The given validation code was accepted by the PVF "
                                    "pre-checking vote.\n`code_hash` `para_id`">;
  using PvfCheckRejected = PvfEvent<7, "PvfCheckRejected",
                                    "The given validation code was rejected by the PVF "
                                    "pre-checking vote.\n`code_hash` `para_id`">;
  struct UpgradeCooldownRemoved {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "UpgradeCooldownRemoved";
    static constexpr const char* kDocs = "The upgrade cooldown was removed.";
    ParaId para_id;
    bool operator==(const UpgradeCooldownRemoved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &UpgradeCooldownRemoved::para_id, "ParaId")};
    }
    CANARY_DESCRIBED()
  };
  struct CodeAuthorized {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "CodeAuthorized";
    static constexpr const char* kDocs = "A new code hash has been authorized for a Para.";
    ParaId para_id;
    ValidationCodeHash code_hash;
    BlockNumberT expire_at = 0;
    bool operator==(const CodeAuthorized&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &CodeAuthorized::para_id, "ParaId"),
                        field("code_hash", &CodeAuthorized::code_hash, "ValidationCodeHash"),
                        field("expire_at", &CodeAuthorized::expire_at, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<CurrentCodeUpdated, CurrentHeadUpdated, CodeUpgradeScheduled,
                             NewHeadNoted, ActionQueued, PvfCheckStarted, PvfCheckAccepted,
                             PvfCheckRejected, UpgradeCooldownRemoved, CodeAuthorized>;

  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Configuration hooks (defaults as FRAME's `()`).
  static uint64_t unsigned_priority() {
    if constexpr (requires { T::kParasUnsignedPriority; }) {
      return T::kParasUnsignedPriority;
    } else {
      return UINT64_MAX;
    }
  }
  static uint64_t vote_longevity() {
    if constexpr (requires { T::kParasAverageSessionLength; }) {
      return T::kParasAverageSessionLength / 2;
    } else {
      return 64;
    }
  }
  static Weight on_new_head(ParaId id, const HeadData& head) {
    if constexpr (requires { T::paras_on_new_head(id, head); }) {
      return T::paras_on_new_head(id, head);
    } else {
      return Weight::zero();
    }
  }
  static uint64_t ump_message_count(ParaId id) {
    if constexpr (requires { T::paras_ump_message_count(id); }) {
      return T::paras_ump_message_count(id);
    } else {
      return 0;
    }
  }
  static DispatchResult assign_coretime(ParaId id) {
    if constexpr (requires { T::paras_assign_coretime(id); }) {
      return T::paras_assign_coretime(id);
    } else {
      return {};
    }
  }

  static HostConfiguration active_config() { return T::Configuration::ActiveConfig::get(); }
  static SessionIndexT current_session() { return T::ParasShared::CurrentSessionIndex::get(); }
  static SessionIndexT scheduled_session() { return T::ParasShared::scheduled_session(); }
  static BlockNumberT now() { return System::block_number(); }

  // Inserts `id` into a sorted list if absent (ActionsQueue's binary_search/insert).
  static void insert_sorted(std::vector<ParaId>& v, ParaId id) {
    auto it = std::lower_bound(v.begin(), v.end(), id);
    if (it == v.end() || *it != id) v.insert(it, id);
  }
  // Inserts (id, at) where FRAME's `binary_search_by_key(&at, ..).unwrap_or_else(|i| i)` puts
  // it in its block-ordered lists. The slot among entries of the same block is the search's:
  // rustc's slice::binary_search_by since 1.83 (what a 2025 runtime is built with) narrows to
  // the last entry not greater than `at` without stopping on a match, and an equal entry there
  // is found (Ok) and the new one goes before it. The lists' bytes, and so the state root,
  // depend on it.
  static size_t rust_binary_search_slot(const std::vector<std::tuple<ParaId, BlockNumberT>>& v,
                                        BlockNumberT at) {
    size_t size = v.size();
    if (size == 0) return 0;
    size_t base = 0;
    while (size > 1) {
      const size_t half = size / 2;
      const size_t mid = base + half;
      if (std::get<1>(v[mid]) <= at) base = mid;
      size -= half;
    }
    const BlockNumberT found = std::get<1>(v[base]);
    if (found == at) return base;
    return base + (found < at ? 1 : 0);
  }
  static void insert_by_block(std::vector<std::tuple<ParaId, BlockNumberT>>& v, ParaId id,
                              BlockNumberT at) {
    v.insert(v.begin() + static_cast<long>(rust_binary_search_slot(v, at)), {id, at});
  }
  static void queue_action(SessionIndexT session, ParaId id) {
    ActionsQueue::mutate(session, [&](std::vector<ParaId>& v) { insert_sorted(v, id); });
  }

  // --- Code reference counting.
  static Weight increase_code_ref(const ValidationCodeHash& hash, const ValidationCode& code) {
    Weight weight = T::kDbWeight.reads_writes(1, 1);
    const uint32_t refs = CodeByHashRefs::get(hash);
    if (refs == 0) {
      weight = weight.saturating_add(T::kDbWeight.writes(1));
      CodeByHash::insert(hash, code);
    }
    CodeByHashRefs::insert(hash, refs + 1);
    return weight;
  }
  static Weight decrease_code_ref(const ValidationCodeHash& hash) {
    Weight weight = T::kDbWeight.reads(1);
    const uint32_t refs = CodeByHashRefs::get(hash);
    if (refs == 0) {
      io::log(io::LogLevel::kError, kLogTarget, "Code refs is already zero");
      return weight;
    }
    if (refs <= 1) {
      weight = weight.saturating_add(T::kDbWeight.writes(2));
      CodeByHash::remove(hash);
      CodeByHashRefs::remove(hash);
    } else {
      weight = weight.saturating_add(T::kDbWeight.writes(1));
      CodeByHashRefs::insert(hash, refs - 1);
    }
    return weight;
  }

  // --- Queries.
  static std::optional<ParaLifecycle> lifecycle(ParaId id) { return ParaLifecycles::get(id); }
  static bool is_valid_para(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    return l && *l != ParaLifecycle::kOnboarding && !paras::is_offboarding(*l);
  }
  static bool is_offboarding(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    return l && paras::is_offboarding(*l);
  }
  static bool is_parachain(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    return l && paras::is_parachain(*l);
  }
  static bool is_parathread(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    return l && paras::is_parathread(*l);
  }
  static bool can_upgrade_validation_code(ParaId id) {
    return !FutureCodeHash::contains_key(id) && !UpgradeRestrictionSignal::contains_key(id);
  }
  static bool can_schedule_para_initialize(ParaId id) { return !ParaLifecycles::contains_key(id); }
  static std::optional<ValidationCode> current_code(ParaId id) {
    const auto hash = CurrentCodeHash::get(id);
    if (!hash) return std::nullopt;
    auto code = CodeByHash::get(*hash);
    if (!code) {
      io::log(io::LogLevel::kError, kLogTarget,
              "Pallet paras storage is inconsistent, code not found for hash");
    }
    return code;
  }
  static std::vector<ValidationCodeHash> pvfs_require_precheck() {
    return PvfActiveVoteList::get();
  }
  // The first kMaxParaHeads heads by para id.
  static std::vector<std::pair<uint32_t, Bytes>> sorted_para_heads() {
    std::vector<std::pair<uint32_t, Bytes>> out;
    for (auto& [id, head] : Heads::entries()) out.emplace_back(id.value, std::move(head.bytes));
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (out.size() > kMaxParaHeads) out.resize(kMaxParaHeads);
    return out;
  }
  static Balance remove_upgrade_cooldown_cost(ParaId para) {
    for (const auto& [p, until] : UpgradeCooldowns::get()) {
      if (p == para) return cooldown_cost(until);
    }
    return 0;
  }
  static Balance cooldown_cost(BlockNumberT cooldown_until) {
    const BlockNumberT n = now();
    const Balance left = cooldown_until > n ? cooldown_until - n : 0;
    const Balance m = T::kParasCooldownRemovalMultiplier;
    if (m != 0 && left > kMaxBalance / m) return kMaxBalance;
    return left * m;
  }

  // --- Lifecycle changes.

  // The para's lifecycle and head/code, now (genesis and onboarding). Code left empty by
  // schedule_para_initialize (its hash is already current) is not stored again.
  static void initialize_para_now(std::vector<ParaId>& parachains, ParaId id,
                                  const ParaGenesisArgs& genesis) {
    if (genesis.para_kind == ParaKind::kParachain) {
      insert_sorted(parachains, id);
      ParaLifecycles::insert(id, ParaLifecycle::kParachain);
    } else {
      ParaLifecycles::insert(id, ParaLifecycle::kParathread);
    }
    if (!genesis.validation_code.bytes.empty()) {
      const ValidationCodeHash hash = genesis.validation_code.hash();
      increase_code_ref(hash, genesis.validation_code);
      CurrentCodeHash::insert(id, hash);
    }
    Heads::insert(id, genesis.genesis_head);
    MostRecentContext::insert(id, BlockNumberT{0});
  }

  // schedule_para_initialize: the para onboards once its code passed pre-checking (at once if the
  // code is known), at least SESSION_DELAY sessions after this one. The code goes into storage
  // now and the genesis arguments keep an empty code in its place (FRAME's soaking fix).
  static DispatchResult schedule_para_initialize(ParaId id, ParaGenesisArgs genesis) {
    if (!can_schedule_para_initialize(id)) return unexpected(error(Error::kCannotOnboard));
    if (genesis.validation_code.bytes.empty()) return unexpected(error(Error::kCannotOnboard));
    ParaLifecycles::insert(id, ParaLifecycle::kOnboarding);
    ValidationCode code = std::move(genesis.validation_code);
    genesis.validation_code = ValidationCode{};
    UpcomingParasGenesis::insert(id, genesis);
    const ValidationCodeHash hash = code.hash();
    CurrentCodeHash::insert(id, hash);
    kick_off_pvf_check(PvfCheckCause{PvfCheckCause::Onboarding{id}}, hash, code, active_config());
    return {};
  }

  // schedule_para_cleanup: a stable para offboards at the scheduled session; refused while its
  // future code is being pre-checked, in a transition, or (after queueing, as FRAME) while its
  // UMP queue holds messages. An unknown para is a no-op.
  static DispatchResult schedule_para_cleanup(ParaId id) {
    if (const auto future = FutureCodeHash::get(id)) {
      const auto active = PvfActiveVoteList::get();
      if (std::find(active.begin(), active.end(), *future) != active.end()) {
        return unexpected(error(Error::kCannotOffboard));
      }
    }
    const auto l = ParaLifecycles::get(id);
    if (!l) return {};
    if (*l == ParaLifecycle::kParathread) {
      ParaLifecycles::insert(id, ParaLifecycle::kOffboardingParathread);
    } else if (*l == ParaLifecycle::kParachain) {
      ParaLifecycles::insert(id, ParaLifecycle::kOffboardingParachain);
    } else {
      return unexpected(error(Error::kCannotOffboard));
    }
    queue_action(scheduled_session(), id);
    if (ump_message_count(id) != 0) return unexpected(error(Error::kCannotOffboard));
    return {};
  }

  static DispatchResult schedule_parathread_upgrade(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    if (!l) return unexpected(error(Error::kNotRegistered));
    if (*l != ParaLifecycle::kParathread) return unexpected(error(Error::kCannotUpgrade));
    ParaLifecycles::insert(id, ParaLifecycle::kUpgradingParathread);
    queue_action(scheduled_session(), id);
    return {};
  }

  static DispatchResult schedule_parachain_downgrade(ParaId id) {
    const auto l = ParaLifecycles::get(id);
    if (!l) return unexpected(error(Error::kNotRegistered));
    if (*l != ParaLifecycle::kParachain) return unexpected(error(Error::kCannotDowngrade));
    ParaLifecycles::insert(id, ParaLifecycle::kDowngradingParachain);
    queue_action(scheduled_session(), id);
    return {};
  }

  // --- Code upgrades.

  // schedule_code_upgrade_external: what Registrar and the para's manager call; checks that an
  // upgrade may start and the code's size, and schedules it validation_upgrade_delay from now.
  static DispatchResult schedule_code_upgrade_external(ParaId id, const ValidationCode& code,
                                                       UpgradeStrategy strategy) {
    if (!can_upgrade_validation_code(id)) return unexpected(error(Error::kCannotUpgradeCode));
    const HostConfiguration config = active_config();
    if (code.bytes.size() < para_primitives::kMinCodeSize ||
        code.bytes.size() > config.max_code_size) {
      return unexpected(error(Error::kInvalidCode));
    }
    const BlockNumberT at = sat_add(now(), config.validation_upgrade_delay);
    schedule_code_upgrade(id, code, at, config, strategy);
    deposit_event(CodeUpgradeScheduled{id});
    return {};
  }

  // schedule_code_upgrade: marks the upgrade in progress (FutureCodeHash, the restriction
  // signal, the cooldown from the inclusion block) and starts or joins its pre-check. Code of the
  // wrong size, a second upgrade, or the current code again are dropped with a warning.
  // v1.7.1's crate still bounds the size by the given configuration's max_code_size (SDK master
  // later stopped re-checking it here).
  static void schedule_code_upgrade(ParaId id, const ValidationCode& code,
                                    BlockNumberT inclusion_block_number,
                                    const HostConfiguration& cfg, UpgradeStrategy strategy) {
    if (code.bytes.size() < para_primitives::kMinCodeSize ||
        code.bytes.size() > cfg.max_code_size) {
      io::log(io::LogLevel::kWarn, kLogTarget,
              "attempted to schedule an upgrade with invalid new validation code");
      return;
    }
    if (FutureCodeHash::contains_key(id)) {
      io::log(io::LogLevel::kWarn, kLogTarget,
              "ended up scheduling an upgrade while one is pending");
      return;
    }
    const ValidationCodeHash hash = code.hash();
    if (CurrentCodeHash::get(id) == std::optional<ValidationCodeHash>(hash)) {
      io::log(io::LogLevel::kWarn, kLogTarget,
              "para tried to upgrade to the same code. Abort the upgrade");
      return;
    }
    FutureCodeHash::insert(id, hash);
    UpgradeRestrictionSignal::insert(id, UpgradeRestriction::kPresent);
    const BlockNumberT next_possible =
        sat_add(inclusion_block_number, cfg.validation_upgrade_cooldown);
    UpgradeCooldowns::mutate([&](auto& v) { insert_by_block(v, id, next_possible); });
    kick_off_pvf_check(PvfCheckCause{PvfCheckCause::Upgrade{id, inclusion_block_number, strategy}},
                       hash, code, cfg);
  }

  // kick_off_pvf_check: known code with no vote running is accepted at once; a running vote
  // takes one more cause; otherwise a vote starts with a ballot per active validator. The code's
  // reference count grows in every case (undone per cause on rejection).
  static Weight kick_off_pvf_check(PvfCheckCause cause, const ValidationCodeHash& hash,
                                   const ValidationCode& code, const HostConfiguration& cfg) {
    Weight weight = T::kDbWeight.reads_writes(4, 2);
    deposit_event(PvfCheckStarted{hash, cause.para_id()});
    if (auto vote = PvfActiveVoteMap::get(hash)) {
      weight = weight.saturating_add(T::kDbWeight.writes(1));
      vote->causes.push_back(cause);
      PvfActiveVoteMap::insert(hash, *vote);
    } else if (CodeByHash::contains_key(hash)) {
      // Known code (CodeByHash, not the refs: add_trusted_validation_code stores with none).
      weight = weight.saturating_add(T::kDbWeight.reads(2));
      weight = weight.saturating_add(enact_pvf_accepted(now(), hash, {cause}, 0, cfg));
    } else {
      weight = weight.saturating_add(T::kDbWeight.reads_writes(4, 2));
      const size_t n_validators = T::ParasShared::ActiveValidatorKeys::get().size();
      PvfActiveVoteMap::insert(hash, PvfCheckActiveVoteState::start(now(), n_validators, cause));
      PvfActiveVoteList::mutate([&](std::vector<ValidationCodeHash>& l) {
        auto it = std::lower_bound(l.begin(), l.end(), hash);
        if (it == l.end() || *it != hash) l.insert(it, hash);
      });
    }
    return weight.saturating_add(increase_code_ref(hash, code));
  }

  static Weight enact_pvf_accepted(BlockNumberT block, const ValidationCodeHash& hash,
                                   const std::vector<PvfCheckCause>& causes,
                                   SessionIndexT sessions_observed, const HostConfiguration& cfg) {
    Weight weight = Weight::zero();
    for (const PvfCheckCause& cause : causes) {
      weight = weight.saturating_add(T::kDbWeight.reads_writes(3, 2));
      deposit_event(PvfCheckAccepted{hash, cause.para_id()});
      if (const auto* onboarding = std::get_if<PvfCheckCause::Onboarding>(&cause.value)) {
        weight = weight.saturating_add(proceed_with_onboarding(onboarding->id, sessions_observed));
      } else {
        const auto& upgrade = std::get<PvfCheckCause::Upgrade>(cause.value);
        weight = weight.saturating_add(proceed_with_upgrade(
            upgrade.id, hash, block, upgrade.included_at, cfg, upgrade.upgrade_strategy));
      }
    }
    return weight;
  }

  // Onboards SESSION_DELAY sessions after the vote began (the sessions it took count), and never
  // in the current session.
  static Weight proceed_with_onboarding(ParaId id, SessionIndexT sessions_observed) {
    const SessionIndexT delay = para_shared::kSessionDelay > sessions_observed
                                    ? para_shared::kSessionDelay - sessions_observed
                                    : 0;
    queue_action(current_session() + std::max<SessionIndexT>(delay, 1), id);
    return T::kDbWeight.reads_writes(2, 1);
  }

  // The upgrade is expected validation_upgrade_delay after its inclusion, but no sooner than
  // minimum_validation_upgrade_delay after the vote's end; it waits for the para (GoAhead) or
  // applies at that block.
  static Weight proceed_with_upgrade(ParaId id, const ValidationCodeHash& hash, BlockNumberT block,
                                     BlockNumberT relay_parent_number, const HostConfiguration& cfg,
                                     UpgradeStrategy strategy) {
    Weight weight = Weight::zero();
    const BlockNumberT expected_at =
        std::max(sat_add(relay_parent_number, cfg.validation_upgrade_delay),
                 sat_add(block, cfg.minimum_validation_upgrade_delay));
    if (strategy == UpgradeStrategy::kApplyAtExpectedBlock) {
      FutureCodeUpgradesAt::mutate([&](auto& v) { insert_by_block(v, id, expected_at); });
      weight = weight.saturating_add(T::kDbWeight.reads_writes(0, 2));
    } else {
      FutureCodeUpgrades::insert(id, expected_at);
      UpcomingUpgrades::mutate([&](auto& v) { insert_by_block(v, id, expected_at); });
      weight = weight.saturating_add(T::kDbWeight.reads_writes(1, 3));
    }
    System::deposit_log(para_primitives::consensus_digest(
        para_primitives::ParaScheduleUpgradeCode{id, hash, expected_at}));
    return weight;
  }

  static Weight enact_pvf_rejected(const ValidationCodeHash& hash,
                                   const std::vector<PvfCheckCause>& causes) {
    Weight weight = Weight::zero();
    for (const PvfCheckCause& cause : causes) {
      weight = weight.saturating_add(decrease_code_ref(hash));
      weight = weight.saturating_add(T::kDbWeight.reads_writes(3, 2));
      deposit_event(PvfCheckRejected{hash, cause.para_id()});
      if (const auto* onboarding = std::get_if<PvfCheckCause::Onboarding>(&cause.value)) {
        // Undo schedule_para_initialize; the para never had upgrades to clean.
        weight = weight.saturating_add(T::kDbWeight.writes(3));
        UpcomingParasGenesis::remove(onboarding->id);
        CurrentCodeHash::remove(onboarding->id);
        ParaLifecycles::remove(onboarding->id);
      } else {
        const ParaId id = std::get<PvfCheckCause::Upgrade>(cause.value).id;
        weight = weight.saturating_add(T::kDbWeight.writes(2));
        UpgradeGoAheadSignal::insert(id, UpgradeGoAhead::kAbort);
        FutureCodeHash::remove(id);
      }
    }
    return weight;
  }

  // note_new_head: the para's new head, produced in the context of relay block
  // `execution_context`; an upgrade expected at or before that context applies now (the next
  // candidate validates with the new code). With no upgrade pending, an Abort signal is cleared.
  static void note_new_head(ParaId id, const HeadData& head, BlockNumberT execution_context) {
    Heads::insert(id, head);
    MostRecentContext::insert(id, execution_context);
    if (const auto expected_at = FutureCodeUpgrades::get(id)) {
      if (*expected_at <= execution_context) {
        FutureCodeUpgrades::remove(id);
        UpgradeGoAheadSignal::remove(id);
        const auto new_hash = FutureCodeHash::take(id);
        if (!new_hash) {
          io::log(io::LogLevel::kError, kLogTarget, "Missing future code hash");
          return;
        }
        set_current_code(id, *new_hash, *expected_at);
      }
    } else {
      UpgradeGoAheadSignal::remove(id);
    }
    on_new_head(id, head);
  }

  // set_current_code: the new hash becomes current (a ParaUpgradeCode digest says so) and the
  // replaced one past code, replaced `at` (the para's view) and now (pruning's view).
  static Weight set_current_code(ParaId id, const ValidationCodeHash& new_hash, BlockNumberT at) {
    const auto prior = CurrentCodeHash::get(id);
    CurrentCodeHash::insert(id, new_hash);
    System::deposit_log(
        para_primitives::consensus_digest(para_primitives::ParaUpgradeCode{id, new_hash}));
    Weight weight = Weight::zero();
    if (prior) {
      weight = note_past_code(id, at, now(), *prior);
    } else {
      io::log(io::LogLevel::kError, kLogTarget, "Missing prior code hash for para");
    }
    return weight.saturating_add(T::kDbWeight.writes(1));
  }

  static void do_force_set_current_code_update(ParaId para, const ValidationCode& code) {
    const ValidationCodeHash hash = code.hash();
    increase_code_ref(hash, code);
    set_current_code(para, hash, now());
    deposit_event(CurrentCodeUpdated{para});
  }

  static Weight note_past_code(ParaId id, BlockNumberT at, BlockNumberT block,
                               const ValidationCodeHash& old_hash) {
    PastCodeMeta::mutate(id, [&](ParaPastCodeMeta& meta) { meta.note_replacement(at, block); });
    PastCodeHash::insert(std::tuple<ParaId, BlockNumberT>{id, at}, old_hash);
    PastCodePruning::mutate([&](auto& v) { insert_by_block(v, id, block); });
    return T::kDbWeight.reads_writes(2, 3);
  }

  static void set_current_head(ParaId para, const HeadData& head) {
    Heads::insert(para, head);
    deposit_event(CurrentHeadUpdated{para});
  }

  // --- The Initializer's hooks.
  static Weight initializer_initialize(BlockNumberT n) {
    return prune_old_code(n)
        .saturating_add(process_scheduled_upgrade_changes(n))
        .saturating_add(process_future_code_upgrades_at(n))
        .saturating_add(prune_expired_authorizations(n));
  }
  static void initializer_finalize(BlockNumberT n) { process_scheduled_upgrade_cooldowns(n); }

  // Applies the actions queued for the new session, then re-opens the running PVF votes for its
  // validators (or rejects those that outlived pvf_voting_ttl); returns the offboarded paras.
  static std::vector<ParaId> initializer_on_new_session(SessionIndexT session_index,
                                                        const HostConfiguration& new_config,
                                                        size_t n_validators) {
    std::vector<ParaId> outgoing = apply_actions_queue(session_index);
    groom_ongoing_pvf_votes(new_config, n_validators);
    return outgoing;
  }

  static std::vector<ParaId> apply_actions_queue(SessionIndexT session) {
    const std::vector<ParaId> actions = ActionsQueue::take(session);
    std::optional<std::vector<ParaId>> parachains;  // ParachainsCache: read on first use
    auto cache = [&]() -> std::vector<ParaId>& {
      if (!parachains) parachains = Parachains::get();
      return *parachains;
    };
    const BlockNumberT n = now();
    std::vector<ParaId> outgoing;
    for (const ParaId para : actions) {
      const auto l = ParaLifecycles::get(para);
      if (!l || paras::is_stable(*l)) continue;
      switch (*l) {
        case ParaLifecycle::kOnboarding:
          if (auto genesis = UpcomingParasGenesis::take(para)) {
            initialize_para_now(cache(), para, *genesis);
          }
          break;
        case ParaLifecycle::kUpgradingParathread:
          insert_sorted(cache(), para);
          ParaLifecycles::insert(para, ParaLifecycle::kParachain);
          break;
        case ParaLifecycle::kDowngradingParachain:
          std::erase(cache(), para);
          ParaLifecycles::insert(para, ParaLifecycle::kParathread);
          break;
        case ParaLifecycle::kOffboardingParachain:
        case ParaLifecycle::kOffboardingParathread: {
          std::erase(cache(), para);
          Heads::remove(para);
          MostRecentContext::remove(para);
          FutureCodeUpgrades::remove(para);
          UpgradeGoAheadSignal::remove(para);
          UpgradeRestrictionSignal::remove(para);
          ParaLifecycles::remove(para);
          AuthorizedCodeHash::remove(para);
          if (const auto future = FutureCodeHash::take(para)) decrease_code_ref(*future);
          if (const auto current = CurrentCodeHash::take(para)) {
            note_past_code(para, n, n, *current);
          }
          outgoing.push_back(para);
          break;
        }
        default:
          break;
      }
    }
    if (!outgoing.empty()) {
      auto drop_outgoing = [&](std::vector<std::tuple<ParaId, BlockNumberT>>& v) {
        std::erase_if(v, [&](const auto& e) {
          return std::find(outgoing.begin(), outgoing.end(), std::get<0>(e)) != outgoing.end();
        });
      };
      UpcomingUpgrades::mutate(drop_outgoing);
      UpgradeCooldowns::mutate(drop_outgoing);
      FutureCodeUpgradesAt::mutate(drop_outgoing);
    }
    if (parachains) Parachains::put(*parachains);
    return outgoing;
  }

  // prune_old_code: past code replaced (activated) more than code_retention_period blocks ago
  // goes; a para with no head left and nothing more to prune loses its meta too.
  static Weight prune_old_code(BlockNumberT n) {
    const BlockNumberT retention = active_config().code_retention_period;
    if (n <= retention) return T::kDbWeight.reads_writes(1, 0);
    const BlockNumberT pruning_height = n - (retention + 1);
    uint64_t done = 0;
    PastCodePruning::mutate([&](std::vector<std::tuple<ParaId, BlockNumberT>>& tasks) {
      while (done < tasks.size() && std::get<1>(tasks[done]) <= pruning_height) ++done;
      const std::vector<std::tuple<ParaId, BlockNumberT>> to_do(
          tasks.begin(), tasks.begin() + static_cast<long>(done));
      tasks.erase(tasks.begin(), tasks.begin() + static_cast<long>(done));
      for (const auto& [para, at] : to_do) {
        const bool full_deactivate = PastCodeMeta::mutate(para, [&](ParaPastCodeMeta& meta) {
          for (BlockNumberT replaced_at : meta.prune_up_to(pruning_height)) {
            if (const auto removed =
                    PastCodeHash::take(std::tuple<ParaId, BlockNumberT>{para, replaced_at})) {
              decrease_code_ref(*removed);
            } else {
              io::log(io::LogLevel::kWarn, kLogTarget, "Missing code for removed hash");
            }
          }
          return meta.empty() && !Heads::contains_key(para);
        });
        if (full_deactivate) PastCodeMeta::remove(para);
      }
    });
    return T::kDbWeight.reads_writes(1 + done, 2 * done);
  }

  static Weight prune_expired_authorizations(BlockNumberT n) {
    Weight weight = T::kDbWeight.reads(1);
    for (const auto& [para, authorized] : AuthorizedCodeHash::entries()) {
      if (authorized.expire_at <= n) {
        AuthorizedCodeHash::remove(para);
        weight = weight.saturating_add(T::kDbWeight.writes(1));
      }
    }
    return weight;
  }

  // Forced upgrades (ApplyAtExpectedBlock) due at or before `n` apply now.
  static Weight process_future_code_upgrades_at(BlockNumberT n) {
    Weight weight = T::kDbWeight.reads_writes(1, 1);
    auto list = FutureCodeUpgradesAt::get();
    size_t due = 0;
    while (due < list.size() && std::get<1>(list[due]) <= n) ++due;
    const std::vector<std::tuple<ParaId, BlockNumberT>> to_apply(
        list.begin(), list.begin() + static_cast<long>(due));
    list.erase(list.begin(), list.begin() + static_cast<long>(due));
    FutureCodeUpgradesAt::put(list);
    for (const auto& [id, expected_at] : to_apply) {
      weight = weight.saturating_add(T::kDbWeight.reads_writes(1, 1));
      const auto hash = FutureCodeHash::take(id);
      if (!hash) {
        io::log(io::LogLevel::kError, kLogTarget, "Missing future code hash");
        continue;
      }
      weight = weight.saturating_add(set_current_code(id, *hash, expected_at));
    }
    return weight;
  }

  // Upgrades whose expected block came get the GoAhead signal; the weight also reserves what
  // initializer_finalize's cooldown pass will cost.
  static Weight process_scheduled_upgrade_changes(BlockNumberT n) {
    Weight weight = T::kDbWeight.reads_writes(1, 1);
    uint64_t signalled = 0;
    UpcomingUpgrades::mutate([&](std::vector<std::tuple<ParaId, BlockNumberT>>& v) {
      while (signalled < v.size() && std::get<1>(v[signalled]) <= n) {
        UpgradeGoAheadSignal::insert(std::get<0>(v[signalled]), UpgradeGoAhead::kGoAhead);
        ++signalled;
      }
      v.erase(v.begin(), v.begin() + static_cast<long>(signalled));
    });
    weight = weight.saturating_add(T::kDbWeight.writes(signalled));
    weight = weight.saturating_add(T::kDbWeight.reads(1));
    uint64_t expired = 0;
    for (const auto& e : UpgradeCooldowns::get()) {
      if (std::get<1>(e) > n) break;
      ++expired;
    }
    weight = weight.saturating_add(T::kDbWeight.reads_writes(1, 1));
    return weight.saturating_add(T::kDbWeight.reads(expired));
  }

  static void process_scheduled_upgrade_cooldowns(BlockNumberT n) {
    UpgradeCooldowns::mutate([&](std::vector<std::tuple<ParaId, BlockNumberT>>& v) {
      std::erase_if(v, [&](const auto& e) {
        if (std::get<1>(e) > n) return false;
        UpgradeRestrictionSignal::remove(std::get<0>(e));
        return true;
      });
    });
  }

  static Weight groom_ongoing_pvf_votes(const HostConfiguration& cfg, size_t n_validators) {
    Weight weight = T::kDbWeight.reads(1);
    std::vector<ValidationCodeHash> still_active;
    for (const ValidationCodeHash& subject : PvfActiveVoteList::get()) {
      auto vote = PvfActiveVoteMap::take(subject);
      if (!vote) {
        io::log(io::LogLevel::kWarn, kLogTarget,
                "The PvfActiveVoteMap is out of sync with PvfActiveVoteList!");
        continue;
      }
      vote->age += 1;
      if (vote->age < cfg.pvf_voting_ttl) {
        weight = weight.saturating_add(T::kDbWeight.writes(1));
        vote->reinitialize_ballots(n_validators);
        PvfActiveVoteMap::insert(subject, *vote);
        still_active.push_back(subject);
      } else {
        weight = weight.saturating_add(enact_pvf_rejected(subject, vote->causes));
      }
    }
    weight = weight.saturating_add(T::kDbWeight.writes(1));
    PvfActiveVoteList::put(still_active);
    return weight;
  }

  // validate_code_is_authorized: the para's authorisation, unexpired, for this code's hash.
  static Result<AuthorizedCodeHashAndExpiry, Error> validate_code_is_authorized(
      const ValidationCode& code, ParaId para) {
    const auto authorized = AuthorizedCodeHash::get(para);
    if (!authorized) return unexpected(Error::kNothingAuthorized);
    if (authorized->expire_at <= now()) return unexpected(Error::kInvalidBlockNumber);
    if (authorized->code_hash != code.hash()) return unexpected(Error::kUnauthorized);
    return *authorized;
  }

  static BlockNumberT sat_add(BlockNumberT a, BlockNumberT b) {
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
  }
  static Weight component_max(Weight a, Weight b) {
    return Weight::from_parts(std::max(a.ref_time, b.ref_time),
                              std::max(a.proof_size, b.proof_size));
  }
  static uint32_t len_of(const Bytes& b) { return static_cast<uint32_t>(b.size()); }

  // --- Calls.
  struct force_set_current_code {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "force_set_current_code";
    static constexpr const char* kDocs =
        "Set the storage for the parachain validation code immediately.";
    ParaId para;
    ValidationCode new_code;
    static constexpr auto fields() {
      return std::tuple{field("para", &force_set_current_code::para, "ParaId"),
                        field("new_code", &force_set_current_code::new_code, "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_set_current_code(len_of(new_code.bytes))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      do_force_set_current_code_update(para, new_code);
      return PostDispatchInfo{};
    }
  };

  struct force_set_current_head {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "force_set_current_head";
    static constexpr const char* kDocs =
        "Set the storage for the current parachain head data immediately.";
    ParaId para;
    HeadData new_head;
    static constexpr auto fields() {
      return std::tuple{field("para", &force_set_current_head::para, "ParaId"),
                        field("new_head", &force_set_current_head::new_head, "HeadData")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_set_current_head(len_of(new_head.bytes))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      set_current_head(para, new_head);
      return PostDispatchInfo{};
    }
  };

  struct force_schedule_code_upgrade {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "force_schedule_code_upgrade";
    static constexpr const char* kDocs =
        "Schedule an upgrade as if it was scheduled in the given relay parent block.";
    ParaId para;
    ValidationCode new_code;
    BlockNumberT relay_parent_number = 0;
    static constexpr auto fields() {
      return std::tuple{
          field("para", &force_schedule_code_upgrade::para, "ParaId"),
          field("new_code", &force_schedule_code_upgrade::new_code, "ValidationCode"),
          field("relay_parent_number", &force_schedule_code_upgrade::relay_parent_number,
                "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::force_schedule_code_upgrade(len_of(new_code.bytes))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const HostConfiguration config = active_config();
      if (new_code.bytes.size() > config.max_code_size) {
        return with_post_info(unexpected(error(Error::kInvalidCode)));
      }
      schedule_code_upgrade(para, new_code, relay_parent_number, config,
                            UpgradeStrategy::kApplyAtExpectedBlock);
      deposit_event(CodeUpgradeScheduled{para});
      return PostDispatchInfo{};
    }
  };

  struct force_note_new_head {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "force_note_new_head";
    static constexpr const char* kDocs =
        "Note a new block head for para within the context of the current block.";
    ParaId para;
    HeadData new_head;
    static constexpr auto fields() {
      return std::tuple{field("para", &force_note_new_head::para, "ParaId"),
                        field("new_head", &force_note_new_head::new_head, "HeadData")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_note_new_head(len_of(new_head.bytes))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      note_new_head(para, new_head, now());
      deposit_event(NewHeadNoted{para});
      return PostDispatchInfo{};
    }
  };

  struct force_queue_action {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "force_queue_action";
    static constexpr const char* kDocs =
        "Put a parachain directly into the next session's action queue.\nWe can't queue it any "
        "sooner than this without going into the\ninitializer...";
    ParaId para;
    static constexpr auto fields() {
      return std::tuple{field("para", &force_queue_action::para, "ParaId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_queue_action()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const SessionIndexT cur = current_session();
      const SessionIndexT next = cur == UINT32_MAX ? cur : cur + 1;
      queue_action(next, para);
      deposit_event(ActionQueued{para, next});
      return PostDispatchInfo{};
    }
  };

  struct add_trusted_validation_code {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "add_trusted_validation_code";
    static constexpr const char* kDocs =
        "Adds the validation code to the storage.\n\nThe code will not be added if it is "
        "already present. Additionally, if PVF pre-checking\nis running for that code, it will "
        "be instantly accepted.";
    ValidationCode validation_code;
    static constexpr auto fields() {
      return std::tuple{field("validation_code", &add_trusted_validation_code::validation_code,
                              "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::add_trusted_validation_code(len_of(validation_code.bytes))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const ValidationCodeHash hash = validation_code.hash();
      if (auto vote = PvfActiveVoteMap::get(hash)) {
        remove_vote(hash);
        enact_pvf_accepted(now(), hash, vote->causes, vote->age, active_config());
        return PostDispatchInfo{};
      }
      if (CodeByHash::contains_key(hash)) return PostDispatchInfo{};
      // Stored with no reference: no para uses it yet (poke_unused_validation_code removes it).
      CodeByHash::insert(hash, validation_code);
      return PostDispatchInfo{};
    }
  };

  struct poke_unused_validation_code {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "poke_unused_validation_code";
    static constexpr const char* kDocs =
        "Remove the validation code from the storage iff the reference count is 0.";
    ValidationCodeHash validation_code_hash;
    static constexpr auto fields() {
      return std::tuple{field("validation_code_hash",
                              &poke_unused_validation_code::validation_code_hash,
                              "ValidationCodeHash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::poke_unused_validation_code()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      if (CodeByHashRefs::get(validation_code_hash) == 0) CodeByHash::remove(validation_code_hash);
      return PostDispatchInfo{};
    }
  };

  static void remove_vote(const ValidationCodeHash& hash) {
    PvfActiveVoteMap::remove(hash);
    PvfActiveVoteList::mutate([&](std::vector<ValidationCodeHash>& l) {
      auto it = std::lower_bound(l.begin(), l.end(), hash);
      if (it != l.end() && *it == hash) l.erase(it);
    });
  }

  // The checks include_pvf_check_statement and validate_unsigned share: the session, the
  // validator, the signature; then the vote and whether this validator already voted.
  enum class StatementCheck : uint8_t { kOk, kStale, kFuture, kBadIndex, kBadSignature };
  static StatementCheck check_statement(const PvfCheckStatement& stmt,
                                        const ValidatorSignature& signature,
                                        const std::vector<para_shared::ValidatorId>& validators) {
    const SessionIndexT session = current_session();
    if (stmt.session_index < session) return StatementCheck::kStale;
    if (stmt.session_index > session) return StatementCheck::kFuture;
    if (stmt.validator_index.value >= validators.size()) return StatementCheck::kBadIndex;
    const Bytes payload = stmt.signing_payload();
    if (!io::crypto::sr25519_verify(signature.bytes, payload,
                                    validators[stmt.validator_index.value].bytes)) {
      return StatementCheck::kBadSignature;
    }
    return StatementCheck::kOk;
  }

  struct include_pvf_check_statement {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "include_pvf_check_statement";
    static constexpr const char* kDocs =
        "Includes a statement for a PVF pre-checking vote. Potentially, finalizes the vote and\n"
        "enacts the results if that was the last vote before achieving the supermajority.";
    PvfCheckStatement stmt;
    ValidatorSignature signature;
    static constexpr auto fields() {
      return std::tuple{
          field("stmt", &include_pvf_check_statement::stmt, "PvfCheckStatement"),
          field("signature", &include_pvf_check_statement::signature, "ValidatorSignature")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {component_max(
          component_max(Weights::include_pvf_check_statement_finalize_upgrade_accept(),
                        Weights::include_pvf_check_statement_finalize_upgrade_reject()),
          component_max(Weights::include_pvf_check_statement_finalize_onboarding_accept(),
                        Weights::include_pvf_check_statement_finalize_onboarding_reject()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto none = ensure_none(origin); !none) return with_post_info(none);
      const auto validators = T::ParasShared::ActiveValidatorKeys::get();
      switch (check_statement(stmt, signature, validators)) {
        case StatementCheck::kStale:
          return with_post_info(unexpected(error(Error::kPvfCheckStatementStale)));
        case StatementCheck::kFuture:
          return with_post_info(unexpected(error(Error::kPvfCheckStatementFuture)));
        case StatementCheck::kBadIndex:
          return with_post_info(unexpected(error(Error::kPvfCheckValidatorIndexOutOfBounds)));
        case StatementCheck::kBadSignature:
          return with_post_info(unexpected(error(Error::kPvfCheckInvalidSignature)));
        case StatementCheck::kOk:
          break;
      }
      auto vote = PvfActiveVoteMap::get(stmt.subject);
      if (!vote) return with_post_info(unexpected(error(Error::kPvfCheckSubjectInvalid)));
      const size_t index = stmt.validator_index.value;
      const auto voted = vote->has_vote(index);
      if (!voted) {
        return with_post_info(unexpected(error(Error::kPvfCheckValidatorIndexOutOfBounds)));
      }
      if (*voted) return with_post_info(unexpected(error(Error::kPvfCheckDoubleVote)));
      (stmt.accept ? vote->votes_accept : vote->votes_reject).set(index, true);
      if (const auto outcome = vote->quorum(validators.size())) {
        remove_vote(stmt.subject);
        if (*outcome == PvfCheckActiveVoteState::Outcome::kAccepted) {
          enact_pvf_accepted(now(), stmt.subject, vote->causes, vote->age, active_config());
        } else {
          enact_pvf_rejected(stmt.subject, vote->causes);
        }
        // The vote concluded: no refund.
        return PostDispatchInfo{};
      }
      PvfActiveVoteMap::insert(stmt.subject, *vote);
      return PostDispatchInfo{Weights::include_pvf_check_statement(), Pays::kYes};
    }
  };

  struct force_set_most_recent_context {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "force_set_most_recent_context";
    static constexpr const char* kDocs =
        "Set the storage for the current parachain head data immediately.";
    ParaId para;
    BlockNumberT context = 0;
    static constexpr auto fields() {
      return std::tuple{
          field("para", &force_set_most_recent_context::para, "ParaId"),
          field("context", &force_set_most_recent_context::context, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_set_most_recent_context()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      MostRecentContext::insert(para, context);
      return PostDispatchInfo{};
    }
  };

  struct remove_upgrade_cooldown {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "remove_upgrade_cooldown";
    static constexpr const char* kDocs =
        "Remove an upgrade cooldown for a parachain.\n\nThe cost for removing the cooldown "
        "earlier depends on the time left for the cooldown\nmultiplied by "
        "[`Config::CooldownRemovalMultiplier`]. The paid tokens are burned.";
    ParaId para;
    static constexpr auto fields() {
      return std::tuple{field("para", &remove_upgrade_cooldown::para, "ParaId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_upgrade_cooldown()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto cooldowns = UpgradeCooldowns::get();
      auto it = std::find_if(cooldowns.begin(), cooldowns.end(),
                             [&](const auto& e) { return std::get<0>(e) == para; });
      if (it == cooldowns.end()) return PostDispatchInfo{};
      const Balance cost = cooldown_cost(std::get<1>(*it));
      cooldowns.erase(it);
      // The burn fails the call (and so the removal) when the caller cannot pay.
      if (auto burnt = Fungible::burn_from(*who, cost, traits::tokens::Preservation::kPreserve,
                                           traits::tokens::Precision::kExact,
                                           traits::tokens::Fortitude::kPolite);
          !burnt) {
        return with_post_info(unexpected(burnt.error()));
      }
      UpgradeCooldowns::put(cooldowns);
      UpgradeRestrictionSignal::remove(para);
      deposit_event(UpgradeCooldownRemoved{para});
      return PostDispatchInfo{};
    }
  };

  struct authorize_force_set_current_code_hash {
    static constexpr uint8_t kScaleIndex = 10;
    static constexpr std::string_view kName = "authorize_force_set_current_code_hash";
    static constexpr const char* kDocs =
        "Sets the storage for the authorized current code hash of the parachain.\nIf not "
        "applied, it will be removed at the `System::block_number() + valid_period` block.";
    ParaId para;
    ValidationCodeHash new_code_hash;
    BlockNumberT valid_period = 0;
    static constexpr auto fields() {
      return std::tuple{
          field("para", &authorize_force_set_current_code_hash::para, "ParaId"),
          field("new_code_hash", &authorize_force_set_current_code_hash::new_code_hash,
                "ValidationCodeHash"),
          field("valid_period", &authorize_force_set_current_code_hash::valid_period,
                "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::authorize_force_set_current_code_hash()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      // v1.7.1's benchmark reads nothing here: that crate does not yet require a valid para
      // (SDK master later checks is_valid_para).
      const BlockNumberT expire_at = sat_add(now(), valid_period);
      AuthorizedCodeHash::insert(para, AuthorizedCodeHashAndExpiry{new_code_hash, expire_at});
      deposit_event(CodeAuthorized{para, new_code_hash, expire_at});
      return PostDispatchInfo{};
    }
  };

  struct apply_authorized_force_set_current_code {
    static constexpr uint8_t kScaleIndex = 11;
    static constexpr std::string_view kName = "apply_authorized_force_set_current_code";
    static constexpr const char* kDocs =
        "Applies the already authorized current code for the parachain,\ntriggering the same "
        "functionality as `force_set_current_code`.";
    ParaId para;
    ValidationCode new_code;
    static constexpr auto fields() {
      return std::tuple{
          field("para", &apply_authorized_force_set_current_code::para, "ParaId"),
          field("new_code", &apply_authorized_force_set_current_code::new_code, "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::apply_authorized_force_set_current_code(len_of(new_code.bytes))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& /*any origin*/) const {
      if (auto ok = validate_code_is_authorized(new_code, para); !ok) {
        return with_post_info(unexpected(error(ok.error())));
      }
      AuthorizedCodeHash::remove(para);
      do_force_set_current_code_update(para, new_code);
      return PostDispatchInfo{std::nullopt, Pays::kNo};
    }
  };

  using Call =
      std::variant<force_set_current_code, force_set_current_head, force_schedule_code_upgrade,
                   force_note_new_head, force_queue_action, add_trusted_validation_code,
                   poke_unused_validation_code, include_pvf_check_statement,
                   force_set_most_recent_context, remove_upgrade_cooldown,
                   authorize_force_set_current_code_hash, apply_authorized_force_set_current_code>;

  // --- Unsigned transactions: PVF votes and authorised code, checked as the call will be.
  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource, const Call& call) {
    using runtime::InvalidTransaction;
    auto invalid = [](InvalidTransaction::Kind kind, uint8_t custom = 0) {
      return unexpected(runtime::TransactionValidityError(InvalidTransaction{kind, custom}));
    };
    if (const auto* vote = std::get_if<include_pvf_check_statement>(&call)) {
      const PvfCheckStatement& stmt = vote->stmt;
      const auto validators = T::ParasShared::ActiveValidatorKeys::get();
      switch (check_statement(stmt, vote->signature, validators)) {
        case StatementCheck::kStale:
          return invalid(InvalidTransaction::Kind::kStale);
        case StatementCheck::kFuture:
          return invalid(InvalidTransaction::Kind::kFuture);
        case StatementCheck::kBadIndex:
          return invalid(InvalidTransaction::Kind::kCustom, kInvalidTxBadValidatorIdx);
        case StatementCheck::kBadSignature:
          return invalid(InvalidTransaction::Kind::kBadProof);
        case StatementCheck::kOk:
          break;
      }
      const auto active = PvfActiveVoteMap::get(stmt.subject);
      if (!active) return invalid(InvalidTransaction::Kind::kCustom, kInvalidTxBadSubject);
      const auto voted = active->has_vote(stmt.validator_index.value);
      if (!voted) return invalid(InvalidTransaction::Kind::kCustom, kInvalidTxBadValidatorIdx);
      if (*voted) return invalid(InvalidTransaction::Kind::kCustom, kInvalidTxDoubleVote);
      runtime::ValidTransaction valid;
      valid.priority = unsigned_priority();
      valid.longevity = vote_longevity();
      valid.provides_tags.push_back(
          scale::encode(std::tuple{std::string("PvfPreCheckingVote"), stmt.session_index,
                                   stmt.validator_index, stmt.subject}));
      valid.propagate = true;
      return valid;
    }
    if (const auto* apply = std::get_if<apply_authorized_force_set_current_code>(&call)) {
      const auto authorized = validate_code_is_authorized(apply->new_code, apply->para);
      if (!authorized) {
        return invalid(InvalidTransaction::Kind::kCustom, kInvalidTxUnauthorizedCode);
      }
      runtime::ValidTransaction valid;
      valid.priority = unsigned_priority();
      const BlockNumberT n = now();
      valid.longevity = authorized->expire_at > n ? authorized->expire_at - n : 0;
      valid.provides_tags.push_back(scale::encode(std::tuple{
          std::string("ApplyAuthorizedForceSetCurrentCode"), apply->para, authorized->code_hash}));
      valid.propagate = true;
      return valid;
    }
    return invalid(InvalidTransaction::Kind::kCall);
  }
  // Once in a block the call runs its own checks (FRAME's pre_dispatch is Ok).
  static Result<void, runtime::TransactionValidityError> pre_dispatch_unsigned(const Call&) {
    return {};
  }

  // --- Genesis: each para as if onboarded; empty code refused (FRAME panics).
  using GenesisConfig = paras::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& genesis) {
    std::vector<ParaId> parachains = Parachains::get();
    for (const auto& [id, args] : genesis.paras) {
      if (args.validation_code.bytes.empty()) {
        return unexpected(std::string("paras: empty validation code is not allowed in genesis"));
      }
      initialize_para_now(parachains, id, args);
      if (args.para_kind == ParaKind::kParachain) {
        if (auto assigned = assign_coretime(id); !assigned) {
          return unexpected("paras: assigning coretime to para " + std::to_string(id.value) +
                            " failed");
        }
      }
    }
    Parachains::put(parachains);
    return {};
  }

  // --- Try-state: the vote list and map agree, the lists are ordered, every current code is
  // stored.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const auto list = PvfActiveVoteList::get();
    if (!std::is_sorted(list.begin(), list.end())) {
      return unexpected(std::string("PvfActiveVoteList is not sorted"));
    }
    for (const auto& subject : list) {
      if (!PvfActiveVoteMap::contains_key(subject)) {
        return unexpected(std::string("PvfActiveVoteList names a vote PvfActiveVoteMap lacks"));
      }
    }
    if (PvfActiveVoteMap::entries().size() != list.size()) {
      return unexpected(std::string("PvfActiveVoteMap has votes PvfActiveVoteList lacks"));
    }
    const auto parachains = Parachains::get();
    if (!std::is_sorted(parachains.begin(), parachains.end())) {
      return unexpected(std::string("Parachains is not sorted"));
    }
    for (const auto& [para, hash] : CurrentCodeHash::entries()) {
      if (!CodeByHash::contains_key(hash)) {
        return unexpected("Paras: no code stored for the current code of para " +
                          std::to_string(para.value));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "UnsignedPriority", unsigned_priority(), {}));
  }
};

}  // namespace canary::rt::pallets::paras
