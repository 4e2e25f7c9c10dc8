// polkadot-runtime-parachains' `shared` pallet (ParasShared, Kusama index 52): the state the
// parachain pallets share: the current session, the session's active validators (indices into
// Session's validators, shuffled, and their keys) and the relay parents candidates may be built
// on. No calls, no events. The Initializer (not yet written) calls initializer_on_new_session at
// each session change; Configuration and Paras read scheduled_session() (SESSION_DELAY = 2).
//
// The runtime configuration T provides System, Pallets and kDbWeight (frame_system's). Not yet
// composed in the Canary runtime (README.md).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/para_shared/allowed_relay_parents.hpp"
#include "runtime/pallets/para_shared/validator_shuffle.hpp"

namespace canary::rt::pallets::para_shared {

using SessionIndex = uint32_t;
using ValidatorIndex = uint32_t;

// shared.rs' SESSION_DELAY: changes scheduled now apply two sessions later, so that at least one
// full session passes before they do.
inline constexpr SessionIndex kSessionDelay = 2;

// polkadot_primitives::ValidatorId (validator_app::Public): an sr25519 key of type `para`.
struct ValidatorId {
  ByteArray<32> bytes{};
  auto operator<=>(const ValidatorId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "validator_app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "shared";
  static constexpr const char* kDocs = "The parachain pallets' shared state.";
  // shared/migration.rs: v1 put the claim queue into the relay parents' tracker.
  static constexpr uint16_t kStorageVersion = 1;

  using CurrentSessionIndex = StorageValue<Pallet, "CurrentSessionIndex", SessionIndex, ValueQuery,
                                           DocLines<" The current session index.">>;
  using ActiveValidatorIndices =
      StorageValue<Pallet, "ActiveValidatorIndices", std::vector<ValidatorIndex>, ValueQuery,
                   DocLines<" All the validators actively participating in parachain consensus.",
                            " Indices are into the broader validator set.">>;
  using ActiveValidatorKeys = StorageValue<
      Pallet, "ActiveValidatorKeys", std::vector<ValidatorId>, ValueQuery,
      DocLines<
          " The parachain attestation keys of the validators actively participating in",
          " parachain consensus. This should be the same length as `ActiveValidatorIndices`.">>;
  using AllowedRelayParents =
      StorageValue<Pallet, "AllowedRelayParents", AllowedRelayParentsTracker, ValueQuery,
                   DocLines<" All allowed relay-parents.">>;
  using Storage = std::tuple<CurrentSessionIndex, ActiveValidatorIndices, ActiveValidatorKeys,
                             AllowedRelayParents>;

  // The session index at which changes scheduled now take effect.
  static SessionIndex scheduled_session() { return CurrentSessionIndex::get() + kSessionDelay; }
  static SessionIndex session_index() { return CurrentSessionIndex::get(); }

  // shared.rs disabled_validators: the validators the runtime's Session disabled (Kusama's
  // DisabledValidators = Session), as indices into the active set; a disabled validator that is
  // not a parachain validator is left out. Right within a session only (the SDK's caveat): at a
  // boundary Session's indices may already be the new set's. None without a Session.
  static std::vector<ValidatorIndex> disabled_validators() {
    if constexpr (requires { T::Session::disabled_validators(); }) {
      const std::vector<ValidatorIndex> active = ActiveValidatorIndices::get();
      std::map<ValidatorIndex, ValidatorIndex> active_index_of;
      for (size_t i = 0; i < active.size(); ++i) {
        active_index_of.insert_or_assign(active[i], static_cast<ValidatorIndex>(i));
      }
      std::vector<ValidatorIndex> out;
      for (const uint32_t v : T::Session::disabled_validators()) {
        if (const auto it = active_index_of.find(v); it != active_index_of.end()) {
          out.push_back(it->second);
        }
      }
      return out;
    } else {
      return {};
    }
  }

  static Weight initializer_initialize(BlockNumber /*now*/) { return Weight::zero(); }
  static void initializer_finalize() {}

  // shared.rs initializer_on_new_session: forget the relay parents, note the session, shuffle the
  // validators with the session's seed, keep at most max_validators of them, and return their
  // keys (the active set, in shuffled order).
  static std::vector<ValidatorId> initializer_on_new_session(
      SessionIndex session_index, const std::array<uint8_t, 32>& random_seed,
      std::optional<uint32_t> max_validators, const std::vector<ValidatorId>& all_validators) {
    AllowedRelayParents::mutate([](AllowedRelayParentsTracker& t) { t.buffer.clear(); });
    CurrentSessionIndex::put(session_index);
    std::vector<ValidatorIndex> indices =
        shuffled_indices(static_cast<uint32_t>(all_validators.size()), random_seed);
    if (max_validators && *max_validators < indices.size()) indices.resize(*max_validators);
    std::vector<ValidatorId> keys;
    keys.reserve(indices.size());
    for (ValidatorIndex i : indices) keys.push_back(all_validators[i]);
    ActiveValidatorIndices::put(indices);
    ActiveValidatorKeys::put(keys);
    return keys;
  }

  // shared.rs add_allowed_relay_parent: the block's relay parent, its state root and claim queue.
  static void add_allowed_relay_parent(const H256& relay_parent, const H256& state_root,
                                       std::map<ParaId, std::map<uint8_t, CoreSet>> claim_queue,
                                       uint32_t number, uint32_t max_ancestry_len) {
    AllowedRelayParents::mutate([&](AllowedRelayParentsTracker& t) {
      t.update(relay_parent, state_root, std::move(claim_queue), number, max_ancestry_len);
    });
  }
};

}  // namespace canary::rt::pallets::para_shared
