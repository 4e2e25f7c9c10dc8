// polkadot-runtime-parachains' `session_info` pallet (ParaSessionInfo, Kusama index 61): at each
// session change (through the Initializer, after Configuration, ParasShared and ParaScheduler
// took it) the new session's SessionInfo — what approval voting and disputes need of a session
// long after it ended — is stored, and sessions older than `dispute_period` are pruned.
// Semantics: polkadot-sdk stable2506 polkadot/runtime/parachains/src/session_info.rs and the
// implementers' guide roadmap/implementers-guide/src/runtime/session_info.md. Storage as Kusama's
// metadata (spec 1_009_002) lists it; no calls, events or errors.
//
// The runtime configuration T provides System, Configuration, ParasShared, ParaScheduler, and
// optionally
//   static std::vector<AuthorityDiscoveryId> authority_discovery_keys();  AuthorityDiscovery's
//     current authorities (none without it);
//   static std::vector<AccountId32> validator_accounts();  pallet_session's validators, whose
//     active ones (ParasShared's ActiveValidatorIndices) go to AccountKeys (none without it).
// The session handler for the `asgn` key (on_new_session) keeps AssignmentKeysUnsafe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/initializer/session_change.hpp"
#include "runtime/pallets/para_configuration/host_configuration.hpp"
#include "runtime/pallets/session_info/types.hpp"

namespace canary::rt::pallets::session_info {

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "session_info";
  static constexpr const char* kDocs = "Session information kept for approvals and disputes.";
  // session_info/migration.rs: v1 added SessionExecutorParams.
  static constexpr uint16_t kStorageVersion = 1;

  using SessionIndex = uint32_t;
  using AssignmentKeysUnsafe = StorageValue<
      Pallet, "AssignmentKeysUnsafe", std::vector<AssignmentId>, ValueQuery,
      DocLines<" Assignment keys for the current session.",
               " Note that this API is private due to it being prone to 'off-by-one' at session "
               "boundaries.",
               " When in doubt, use `Sessions` API instead.">>;
  using EarliestStoredSession =
      StorageValue<Pallet, "EarliestStoredSession", SessionIndex, ValueQuery,
                   DocLines<" The earliest session for which previous session info is stored.">>;
  using Sessions = StorageMap<
      Pallet, "Sessions", Identity, SessionIndex, SessionInfo, OptionQuery,
      DocLines<" Session information in a rolling window.",
               " Should have an entry in range `EarliestStoredSession..=CurrentSessionIndex`.",
               " Does not have any entries before the session index in the first session change "
               "notification.">>;
  using AccountKeys = StorageMap<
      Pallet, "AccountKeys", Identity, SessionIndex, std::vector<AccountId32>, OptionQuery,
      DocLines<" The validator account keys of the validators actively participating in parachain "
               "consensus.">>;
  using SessionExecutorParams =
      StorageMap<Pallet, "SessionExecutorParams", Identity, SessionIndex,
                 para_configuration::ExecutorParams, OptionQuery,
                 DocLines<" Executor parameter set for a given session index">>;
  using Storage = std::tuple<AssignmentKeysUnsafe, EarliestStoredSession, Sessions, AccountKeys,
                             SessionExecutorParams>;

  // --- The Initializer's hooks.
  static Weight initializer_initialize(BlockNumber /*now*/) { return Weight::zero(); }
  static void initializer_finalize() {}

  // initializer_on_new_session: prune the sessions that left the dispute window (from the old
  // earliest stored one, never going back), then store the new one's SessionInfo, its active
  // validators' accounts and its executor parameters. On a chain where the pallet is new (no
  // earliest session and no session 0) nothing is pruned and the window starts here.
  static void initializer_on_new_session(const initializer::SessionChangeNotification& n) {
    const auto config = T::Configuration::ActiveConfig::get();
    const SessionIndex session = n.session_index;
    const SessionIndex old_earliest = EarliestStoredSession::get();
    const SessionIndex new_earliest = std::max(
        session >= config.dispute_period ? session - config.dispute_period : 0, old_earliest);
    if (old_earliest != 0 || Sessions::contains_key(0)) {
      for (SessionIndex i = old_earliest; i < new_earliest; ++i) {
        Sessions::remove(i);
        AccountKeys::remove(i);
        SessionExecutorParams::remove(i);
      }
      EarliestStoredSession::put(new_earliest);
    } else {
      EarliestStoredSession::put(session);
    }

    std::vector<ValidatorIndex> active;
    for (const uint32_t i : T::ParasShared::ActiveValidatorIndices::get()) {
      active.push_back(ValidatorIndex{i});
    }
    SessionInfo info;
    info.validators.items = n.validators;
    if constexpr (requires { T::authority_discovery_keys(); }) {
      info.discovery_keys = T::authority_discovery_keys();
    }
    info.assignment_keys = AssignmentKeysUnsafe::get();
    info.validator_groups.items = T::ParaScheduler::ValidatorGroups::get();
    info.n_cores = static_cast<uint32_t>(info.validator_groups.items.size());
    info.zeroth_delay_tranche_width = config.zeroth_delay_tranche_width;
    info.relay_vrf_modulo_samples = config.relay_vrf_modulo_samples;
    info.n_delay_tranches = config.n_delay_tranches;
    info.no_show_slots = config.no_show_slots;
    info.needed_approvals = config.needed_approvals;
    info.active_validator_indices = active;
    info.random_seed = n.random_seed;
    info.dispute_period = config.dispute_period;
    Sessions::insert(session, info);

    std::vector<AccountId32> accounts;
    if constexpr (requires { T::validator_accounts(); }) {
      const std::vector<AccountId32> all = T::validator_accounts();
      for (const ValidatorIndex& i : active) {
        if (i.value < all.size()) accounts.push_back(all[i.value]);
      }
    }
    AccountKeys::insert(session, accounts);
    SessionExecutorParams::insert(session, config.executor_params);
  }

  // --- The session handler of the `asgn` key (OneSessionHandler<AssignmentId>): the new
  // session's validators' assignment keys. Genesis sets nothing (FRAME's does not either).
  template <class AccountId>
  static void on_genesis_session(const std::vector<std::pair<AccountId, AssignmentId>>& /*v*/) {}
  template <class AccountId>
  static void on_new_session(bool /*changed*/,
                             const std::vector<std::pair<AccountId, AssignmentId>>& validators,
                             const std::vector<std::pair<AccountId, AssignmentId>>& /*queued*/,
                             SessionIndex /*session_index*/ = 0) {
    std::vector<AssignmentId> keys;
    keys.reserve(validators.size());
    for (const auto& [who, key] : validators) keys.push_back(key);
    AssignmentKeysUnsafe::put(keys);
  }
  static void on_disabled(uint32_t /*validator_index*/) {}

  // --- Queries (the session_info and session_executor_params runtime APIs).
  static std::optional<SessionInfo> session_info(SessionIndex index) {
    return Sessions::get(index);
  }
  static std::optional<para_configuration::ExecutorParams> session_executor_params(
      SessionIndex index) {
    return SessionExecutorParams::get(index);
  }
};

}  // namespace canary::rt::pallets::session_info
