// pallet_session: the validator set by session. Validators register session keys (one per
// consensus role) with set_keys; every session (one BABE epoch) the queued set becomes active, the
// next set is queued from T's SessionManager, and the session handlers (BABE, GRANDPA, …) receive
// the keys. Reference: polkadot-sdk substrate/frame/session/src/lib.rs.
//
// The runtime's configuration T provides (ValidatorId = AccountId32, as on Kusama):
//   System, Pallets
//   SessionKeys: a described struct (fields() in the runtime's key order, e.g. Kusama's grandpa,
//     babe, para_validator, para_assignment, authority_discovery, beefy) with
//     `static constexpr std::array<KeyTypeId, N> kKeyTypeIds` in the same order and type_info
//     (path `<runtime>::SessionKeys`), json_fields() for the genesis JSON (json/json_codec.hpp);
//     optional `ownership_proof_is_valid(owner, proof)`
//   SessionManager: a traits::SessionManager (framework/traits/session.hpp), optionally with
//     new_session_genesis(SessionIndex)  (StaticSessionManager below: the genesis set forever)
//   SessionHandler: a traits::SessionHandler over SessionKeys; SessionHandlers<Keys,
//     KeyHandler<Babe, &Keys::babe>, …> below builds one from the pallets' own handlers, each a
//     traits::OneSessionHandler for its key
//   session_should_end(BlockNumber) -> bool  (Kusama: Babe::should_end_session)
//   optional session_validator_id_of(const AccountId32&) -> std::optional<AccountId32>
//     (default: the account itself)
//   optional SessionWeightInfo (weights.hpp)
//
// The pallet is a traits::ValidatorSet (session_index(), validators()).
//
// Deviations: the key deposit (KeyDeposit, zero on the Kusama relay) is not here; the disabling
// strategy (which validators to disable for offences: report_offence) is disabling.hpp's, over
// disable_index, which takes the severity.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/digest.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/session/key_type_id.hpp"
#include "runtime/pallets/session/membership_proof.hpp"
#include "runtime/pallets/session/weights.hpp"

namespace canary::rt::pallets::session {

// sp_arithmetic::Perbill, as sp_staking::offence::OffenceSeverity wraps it.
struct OffenceSeverity {
  uint32_t parts = 1'000'000'000;  // Perbill: 10^9 = 100 %
  auto operator<=>(const OffenceSeverity&) const = default;
  CANARY_SCALE_FIELDS(parts)
  struct PerbillType {
    static void type_info(meta::TypeBuilder& b) {
      b.path({"sp_arithmetic", "per_things", "Perbill"});
      b.typed_field<uint32_t>(std::nullopt, "u32");
    }
  };
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_staking", "offence", "OffenceSeverity"});
    b.typed_field<PerbillType>(std::nullopt, "Perbill");
  }
};

// The raw (encoded) keys of a SessionKeys value, in its field order, with their type ids.
template <class Keys>
std::vector<std::pair<KeyTypeId, Bytes>> raw_keys(const Keys& keys) {
  std::vector<std::pair<KeyTypeId, Bytes>> out;
  size_t i = 0;
  std::apply(
      [&](const auto&... f) {
        ((out.emplace_back(Keys::kKeyTypeIds[i++], scale::encode(keys.*(f.member)))), ...);
      },
      Keys::fields());
  return out;
}

// A session handler from one pallet's handler for one of the keys (FRAME's OneSessionHandler with
// its Key): Handler gets (validator, key) pairs.
template <class Handler, auto Member>
struct KeyHandler {
  template <class Keys>
  using KeyOf = std::remove_cvref_t<decltype(std::declval<const Keys&>().*Member)>;

  template <class Keys>
  static auto pick(const std::vector<std::pair<AccountId32, Keys>>& keys) {
    using Key = KeyOf<Keys>;
    static_assert(traits::OneSessionHandler<Handler, Key>,
                  "a key's handler is a OneSessionHandler for that key");
    std::vector<std::pair<AccountId32, Key>> out;
    out.reserve(keys.size());
    for (const auto& [who, k] : keys) out.emplace_back(who, k.*Member);
    return out;
  }
  template <class Keys>
  static void on_genesis_session(const std::vector<std::pair<AccountId32, Keys>>& queued) {
    Handler::on_genesis_session(pick(queued));
  }
  template <class Keys>
  static void on_new_session(bool changed, const std::vector<std::pair<AccountId32, Keys>>& current,
                             const std::vector<std::pair<AccountId32, Keys>>& queued,
                             SessionIndex index) {
    Handler::on_new_session(changed, pick(current), pick(queued), index);
  }
  static void on_before_session_ending() {
    if constexpr (requires { Handler::on_before_session_ending(); }) {
      Handler::on_before_session_ending();
    }
  }
  static void on_disabled(uint32_t i) { Handler::on_disabled(i); }
};

// The tuple of session handlers, in the runtime's order (Kusama: Babe, Grandpa, …).
template <class Keys, class... Handlers>
struct SessionHandlers {
  static void on_genesis_session(const std::vector<std::pair<AccountId32, Keys>>& queued) {
    (Handlers::on_genesis_session(queued), ...);
  }
  static void on_new_session(bool changed, const std::vector<std::pair<AccountId32, Keys>>& current,
                             const std::vector<std::pair<AccountId32, Keys>>& queued,
                             SessionIndex index) {
    (Handlers::on_new_session(changed, current, queued, index), ...);
  }
  static void on_before_session_ending() { (Handlers::on_before_session_ending(), ...); }
  static void on_disabled(uint32_t i) { (Handlers::on_disabled(i), ...); }
};

// A SessionManager that never changes the set (the genesis validators stay): what a chain without
// staking uses.
struct StaticSessionManager {
  static std::optional<std::vector<AccountId32>> new_session(SessionIndex) { return std::nullopt; }
  static void end_session(SessionIndex) {}
  static void start_session(SessionIndex) {}
};

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kInvalidProof = 0,
  kNoAssociatedValidatorId = 1,
  kDuplicatedKey = 2,
  kNoKeys = 3,
  kNoAccount = 4,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_session";
  // pallet_session's STORAGE_VERSION (storage_version.hpp): 1 since its v0 -> v1 migration gave
  // DisabledValidators the offence severity this pallet stores.
  static constexpr uint16_t kStorageVersion = 1;

  using System = typename T::System;
  using Keys = typename T::SessionKeys;
  using ValidatorId = AccountId32;

  static_assert(traits::SessionManager<typename T::SessionManager, ValidatorId>);
  static_assert(traits::SessionHandler<typename T::SessionHandler, Keys, ValidatorId>);

  // --- Storage.
  using Validators = StorageValue<Pallet, "Validators", std::vector<ValidatorId>, ValueQuery,
                                  DocLines<" The current set of validators.">>;
  using CurrentIndex = StorageValue<Pallet, "CurrentIndex", SessionIndex, ValueQuery,
                                    DocLines<" Current index of the session.">>;
  using QueuedChanged = StorageValue<
      Pallet, "QueuedChanged", bool, ValueQuery,
      DocLines<" True if the underlying economic identities or weighting behind the validators",
               " has changed in the queued validator set.">>;
  using QueuedKeys = StorageValue<
      Pallet, "QueuedKeys", std::vector<std::tuple<ValidatorId, Keys>>, ValueQuery,
      DocLines<" The queued keys for the next session. When the next session begins, these keys",
               " will be used to determine the validator's session keys.">>;
  using DisabledValidators = StorageValue<
      Pallet, "DisabledValidators", std::vector<std::tuple<uint32_t, OffenceSeverity>>, ValueQuery,
      DocLines<" Indices of disabled validators.", "",
               " The vec is always kept sorted so that we can find whether a given validator is",
               " disabled using binary search. It gets cleared when `on_session_ending` returns",
               " a new set of identities.">>;
  using NextKeys = StorageMap<Pallet, "NextKeys", Twox64Concat, ValidatorId, Keys, OptionQuery,
                              DocLines<" The next session keys for a validator.">>;
  using KeyOwner =
      StorageMap<Pallet, "KeyOwner", Twox64Concat, std::tuple<KeyTypeId, Bytes>, ValidatorId,
                 OptionQuery,
                 DocLines<" The owner of a key. The key is the `KeyTypeId` + the encoded key.">>;

  // --- Events.
  struct NewSession {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "NewSession";
    static constexpr const char* kDocs =
        "New session has happened. Note that the argument is the session index, not the\nblock "
        "number as the type might suggest.";
    SessionIndex session_index = 0;
    static constexpr auto fields() {
      return std::tuple{field("session_index", &NewSession::session_index, "SessionIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct NewQueued {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "NewQueued";
    static constexpr const char* kDocs =
        "The `NewSession` event in the current block also implies a new validator set to be\n"
        "queued.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct ValidatorDisabled {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "ValidatorDisabled";
    static constexpr const char* kDocs = "Validator has been disabled.";
    ValidatorId validator;
    static constexpr auto fields() {
      return std::tuple{field("validator", &ValidatorDisabled::validator, "T::ValidatorId")};
    }
    CANARY_DESCRIBED()
  };
  struct ValidatorReenabled {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "ValidatorReenabled";
    static constexpr const char* kDocs = "Validator has been re-enabled.";
    ValidatorId validator;
    static constexpr auto fields() {
      return std::tuple{field("validator", &ValidatorReenabled::validator, "T::ValidatorId")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<NewSession, NewQueued, ValidatorDisabled, ValidatorReenabled>;
  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Errors.
  using Error = session::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"InvalidProof", "Invalid ownership proof."},
      {"NoAssociatedValidatorId", "No associated validator ID for account."},
      {"DuplicatedKey", "Registered duplicate key."},
      {"NoKeys", "No keys are associated with this account."},
      {"NoAccount", "Key setting account is not live, so it's impossible to associate keys."},
  };

  // --- Weights (weights.hpp: the runtime's SessionWeightInfo, else the reference).
  using Weights = WeightInfoOf<T>;
  static Weight set_keys_weight() { return Weights::set_keys(); }
  static Weight purge_keys_weight() { return Weights::purge_keys(); }

  // --- Calls.
  struct set_keys {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "set_keys";
    static constexpr const char* kDocs =
        "Sets the session key(s) of the function caller to `keys`.\nAllows an account to set its "
        "session key prior to becoming a validator.\nThis doesn't take effect until the next "
        "session.\n\nThe dispatch origin of this function must be signed.";
    Keys keys;
    Bytes proof;
    static constexpr auto fields() {
      return std::tuple{field("keys", &set_keys::keys, "T::Keys"),
                        field("proof", &set_keys::proof, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {set_keys_weight()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if constexpr (requires { keys.ownership_proof_is_valid(*who, proof); }) {
        if (!keys.ownership_proof_is_valid(*who, proof)) {
          return with_post_info(unexpected(pallet_error<Pallet>(Error::kInvalidProof)));
        }
      }
      return with_post_info(do_set_keys(*who, keys));
    }
  };
  struct purge_keys {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "purge_keys";
    static constexpr const char* kDocs =
        "Removes any session key(s) of the function caller.\n\nThis doesn't take effect until the "
        "next session.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {purge_keys_weight()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return with_post_info(do_purge_keys(*who));
    }
  };
  using Call = std::variant<set_keys, purge_keys>;

  // --- Hooks.
  static Weight on_initialize(BlockNumber n) {
    if (!T::session_should_end(n)) return Weight::zero();
    rotate_session();
    return T::block_weights().max_block;
  }

  // --- Genesis: `{"keys": [[account, validator, keys], …]}` (the keys' JSON is T::SessionKeys').
  struct GenesisConfig {
    std::vector<std::tuple<AccountId32, ValidatorId, Keys>> keys;
    static constexpr auto json_fields() {
      return std::tuple{json_field("keys", &GenesisConfig::keys)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    const auto& keys = config.keys;
    for (size_t i = 0; i < keys.size(); ++i) {
      const auto& [account, validator, k] = keys[i];
      if (auto set = inner_set_keys(validator, k); !set) {
        return unexpected("keys[" + std::to_string(i) +
                          "]: a key that belongs to another validator (genesis keys must not "
                          "contain duplicates)");
      }
      // FRAME: inc_consumers_without_limit, or (no provider) a leaked provider instead.
      if (System::providers(account) == 0) {
        System::inc_providers(account);
      } else {
        System::Account::mutate(account, [](auto& info) { info.consumers += 1; });
      }
    }
    std::vector<ValidatorId> initial_0;
    if constexpr (requires { T::SessionManager::new_session_genesis(SessionIndex{0}); }) {
      if (auto set = T::SessionManager::new_session_genesis(0)) initial_0 = *set;
    }
    if (initial_0.empty()) {
      for (const auto& entry : keys) initial_0.push_back(std::get<1>(entry));
    }
    std::vector<ValidatorId> initial_1 = initial_0;
    if constexpr (requires { T::SessionManager::new_session_genesis(SessionIndex{1}); }) {
      if (auto set = T::SessionManager::new_session_genesis(1)) initial_1 = *set;
    }
    std::vector<std::pair<ValidatorId, Keys>> queued;
    for (const ValidatorId& v : initial_1) {
      if (auto k = NextKeys::get(v)) queued.emplace_back(v, *k);
    }
    T::SessionHandler::on_genesis_session(queued);
    Validators::put(initial_0);
    QueuedKeys::put(as_tuples(queued));
    T::SessionManager::start_session(0);
    return {};
  }

  // --- Rotation: the queued set becomes active, the next one is queued.
  static void rotate_session() {
    SessionIndex session_index = CurrentIndex::get();
    const bool changed = QueuedChanged::get();
    T::SessionHandler::on_before_session_ending();
    T::SessionManager::end_session(session_index);

    const std::vector<std::pair<ValidatorId, Keys>> session_keys = as_pairs(QueuedKeys::get());
    std::vector<ValidatorId> validators;
    validators.reserve(session_keys.size());
    for (const auto& entry : session_keys) validators.push_back(entry.first);
    Validators::put(validators);
    if (changed) DisabledValidators::kill();

    session_index += 1;
    CurrentIndex::put(session_index);
    T::SessionManager::start_session(session_index);

    // A new set from the manager counts as changed even if equal: the economic identities behind
    // it may differ.
    std::vector<ValidatorId> next_validators;
    bool next_changed = false;
    if (auto next = T::SessionManager::new_session(session_index + 1)) {
      deposit_event(NewQueued{});
      next_validators = std::move(*next);
      next_changed = true;
    } else {
      next_validators = validators;
    }
    std::vector<std::pair<ValidatorId, Keys>> queued;
    size_t position = 0;
    for (const ValidatorId& v : next_validators) {
      auto k = NextKeys::get(v);
      if (!k) continue;
      if (!next_changed) {
        // Compare with the keys now active, in order, until a difference is seen.
        if (position < session_keys.size() &&
            scale::encode(session_keys[position].second) != scale::encode(*k)) {
          next_changed = true;
        }
        ++position;
      }
      queued.emplace_back(v, std::move(*k));
    }
    QueuedKeys::put(as_tuples(queued));
    QueuedChanged::put(next_changed);
    deposit_event(NewSession{session_index});
    T::SessionHandler::on_new_session(changed, session_keys, queued, session_index);
  }

  // Disables validator `i` of the current set; false if out of range or already disabled with at
  // least this severity (a higher severity replaces the lower one).
  static bool disable_index(uint32_t i, OffenceSeverity severity = {}) {
    const auto validators = Validators::get();
    if (i >= validators.size()) return false;
    return DisabledValidators::mutate([&](std::vector<std::tuple<uint32_t, OffenceSeverity>>& d) {
      auto it = std::lower_bound(d.begin(), d.end(), i, [](const auto& entry, uint32_t index) {
        return std::get<0>(entry) < index;
      });
      if (it != d.end() && std::get<0>(*it) == i) {
        if (std::get<1>(*it) >= severity) return false;
        std::get<1>(*it) = severity;
        return true;
      }
      d.insert(it, {i, severity});
      T::SessionHandler::on_disabled(i);
      deposit_event(ValidatorDisabled{validators[i]});
      return true;
    });
  }
  // FRAME's disabled_validators (its DisabledValidators trait): the indices, into Validators, of
  // this session's disabled validators, ascending.
  static std::vector<uint32_t> disabled_validators() {
    std::vector<uint32_t> out;
    for (const auto& entry : DisabledValidators::get()) out.push_back(std::get<0>(entry));
    return out;
  }
  static bool is_disabled(uint32_t i) {
    for (const auto& entry : DisabledValidators::get()) {
      if (std::get<0>(entry) == i) return true;
    }
    return false;
  }

  static std::vector<ValidatorId> validators() { return Validators::get(); }
  static SessionIndex current_index() { return CurrentIndex::get(); }
  // traits::ValidatorSet (FRAME's ValidatorSet::session_index).
  static SessionIndex session_index() { return current_index(); }
  static std::optional<Keys> load_keys(const ValidatorId& v) { return NextKeys::get(v); }
  static std::optional<ValidatorId> key_owner(const KeyTypeId& id, const Bytes& raw) {
    return KeyOwner::get({id, raw});
  }

  // FRAME's FindAccountFromAuthorIndex<Session, Inner>: the validator at the author index that
  // `find_index` (e.g. Babe::find_author) reads from the digest.
  template <class FindIndex>
  static std::optional<ValidatorId> find_account_from_author_index(const block::Digest& digest,
                                                                   FindIndex find_index) {
    const std::optional<uint32_t> index = find_index(digest);
    if (!index) return std::nullopt;
    const auto set = Validators::get();
    if (*index >= set.size()) return std::nullopt;
    return set[*index];
  }

  // --- Metadata.
  using Storage = std::tuple<Validators, CurrentIndex, QueuedChanged, QueuedKeys,
                             DisabledValidators, NextKeys, KeyOwner>;

 private:
  static std::optional<ValidatorId> validator_id_of(const AccountId32& account) {
    if constexpr (requires { T::session_validator_id_of(account); }) {
      return T::session_validator_id_of(account);
    } else {
      return account;
    }
  }

  static DispatchResult do_set_keys(const AccountId32& account, const Keys& keys) {
    auto who = validator_id_of(account);
    if (!who) return unexpected(pallet_error<Pallet>(Error::kNoAssociatedValidatorId));
    if (!System::can_inc_consumer(account)) {
      return unexpected(pallet_error<Pallet>(Error::kNoAccount));
    }
    auto old_keys = inner_set_keys(*who, keys);
    if (!old_keys) return unexpected(old_keys.error());
    if (!*old_keys) (void)System::inc_consumers(account);  // can_inc_consumer held
    return {};
  }

  // Registers `keys` for `who` (no key may belong to another validator); returns the old keys.
  static Result<std::optional<Keys>, DispatchError> inner_set_keys(const ValidatorId& who,
                                                                   const Keys& keys) {
    const std::optional<Keys> old_keys = NextKeys::get(who);
    const auto raw = raw_keys(keys);
    for (const auto& [id, key] : raw) {
      auto owner = KeyOwner::get({id, key});
      if (owner && *owner != who) return unexpected(pallet_error<Pallet>(Error::kDuplicatedKey));
    }
    std::vector<std::pair<KeyTypeId, Bytes>> old_raw;
    if (old_keys) old_raw = raw_keys(*old_keys);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (old_keys) {
        if (old_raw[i].second == raw[i].second) continue;
        KeyOwner::remove({old_raw[i].first, old_raw[i].second});
      }
      KeyOwner::insert({raw[i].first, raw[i].second}, who);
    }
    NextKeys::insert(who, keys);
    return old_keys;
  }

  static DispatchResult do_purge_keys(const AccountId32& account) {
    // The account may be the validator itself when it has no controller mapping.
    const ValidatorId who = validator_id_of(account).value_or(account);
    auto old_keys = NextKeys::take(who);
    if (!old_keys) return unexpected(pallet_error<Pallet>(Error::kNoKeys));
    for (const auto& [id, key] : raw_keys(*old_keys)) KeyOwner::remove({id, key});
    System::dec_consumers(account);
    return {};
  }

  static std::vector<std::tuple<ValidatorId, Keys>> as_tuples(
      const std::vector<std::pair<ValidatorId, Keys>>& pairs) {
    std::vector<std::tuple<ValidatorId, Keys>> out;
    out.reserve(pairs.size());
    for (const auto& [v, k] : pairs) out.emplace_back(v, k);
    return out;
  }
  static std::vector<std::pair<ValidatorId, Keys>> as_pairs(
      const std::vector<std::tuple<ValidatorId, Keys>>& tuples) {
    std::vector<std::pair<ValidatorId, Keys>> out;
    out.reserve(tuples.size());
    for (const auto& [v, k] : tuples) out.emplace_back(v, k);
    return out;
  }
};

}  // namespace canary::rt::pallets::session
