// The session traits as C++20 concepts over types with static members: pallet_session's
// SessionManager (and its historical variant, with the validators' identifications) and
// SessionHandler, frame_support's OneSessionHandler (one pallet's handler for
// one of the session keys) and ValidatorSet (pallet_session as other pallets see it). Validators
// are AccountId32 (Kusama's ValidatorId) unless a parameter says otherwise.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "runtime/framework/types/account.hpp"

namespace canary::rt::traits {

// sp_staking::SessionIndex.
using SessionIndex = uint32_t;

// pallet_session::SessionManager: the validator set of each session. new_session(i) plans the
// set of session i (nullopt: unchanged); end_session(i) and start_session(i) mark the
// rotation. new_session_genesis (FRAME's provided method) is optional: pallet_session asks it
// when present.
template <class M, class ValidatorId = AccountId32>
concept SessionManager = requires(SessionIndex index) {
  { M::new_session(index) } -> std::same_as<std::optional<std::vector<ValidatorId>>>;
  M::end_session(index);
  M::start_session(index);
};

// pallet_session::historical::SessionManager: a SessionManager that also gives each planned set
// with the validators' full identifications (FRAME's historical new_session; Kusama's Staking:
// the validators' exposures). new_session_genesis_with_identification is optional (FRAME's
// default asks new_session).
template <class M, class FullIdentification, class ValidatorId = AccountId32>
concept HistoricalSessionManager = SessionManager<M, ValidatorId> && requires(SessionIndex index) {
  {
    M::new_session_with_identification(index)
  } -> std::same_as<std::optional<std::vector<std::pair<ValidatorId, FullIdentification>>>>;
};

// pallet_session::SessionHandler: told of the genesis session, of each new one (whether the set
// changed, the validators and their keys now, the ones queued), of the session's end and of
// disabled validators. Keys is the runtime's SessionKeys.
template <class H, class Keys, class ValidatorId = AccountId32>
concept SessionHandler = requires(const std::vector<std::pair<ValidatorId, Keys>>& keys,
                                  bool changed, SessionIndex index, uint32_t validator_index) {
  H::on_genesis_session(keys);
  H::on_new_session(changed, keys, keys, index);
  H::on_before_session_ending();
  H::on_disabled(validator_index);
};

// frame_support::traits::OneSessionHandler: a pallet's handler for its own key (FRAME's
// associated `Key`: BABE's and GRANDPA's AuthorityId), with the validators' keys of that one
// kind; on_before_session_ending is optional (FRAME provides an empty one).
template <class H, class Key, class ValidatorId = AccountId32>
concept OneSessionHandler = requires(const std::vector<std::pair<ValidatorId, Key>>& keys,
                                     bool changed, SessionIndex index, uint32_t validator_index) {
  H::on_genesis_session(keys);
  H::on_new_session(changed, keys, keys, index);
  H::on_disabled(validator_index);
};

// frame_support::traits::ValidatorSet: the current session and its validators.
template <class S, class ValidatorId = AccountId32>
concept ValidatorSet = requires {
  { S::session_index() } -> std::same_as<SessionIndex>;
  { S::validators() } -> std::same_as<std::vector<ValidatorId>>;
};

}  // namespace canary::rt::traits
