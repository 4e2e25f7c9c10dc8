// pallet_session::historical: the root of a trie of each session's validator set, so that a
// validator of a past session stays accountable (key-ownership proofs of equivocation reports:
// BABE's and GRANDPA's KeyOwnerProof is a MembershipProof against these roots). Reference:
// polkadot-sdk substrate/frame/session/src/historical/mod.rs (Kusama: `Historical`, index 34).
//
// Each session's trie (LayoutV0<BlakeTwo256>, framework/trie/proving_trie.hpp) maps, for the i-th
// validator of the set (u32 i, counting validators without keys too):
//   SCALE (KeyTypeId, raw key) -> SCALE i            for each of the validator's session keys
//   SCALE i -> SCALE (validator, full identification)
// and stores (root, validator count) in HistoricalSessions. NoteHistoricalRoot wraps the
// runtime's SessionManager to do so whenever a session is planned; a session without a new set
// takes the previous session's root.
//
// The runtime's configuration T provides, besides Session's configuration:
//   Session, Historical: the two pallets
//   FullIdentification: a SCALE type with metadata (Kusama: sp_staking::Exposure)
//   full_identification_of(const AccountId32&) -> std::optional<FullIdentification>
//     (FRAME's FullIdentificationOf: the identification of a validator of the current session)
//
// Deviation: FRAME also writes each ending session's set to the offchain index
// (historical::onchain); the runtime has no offchain-index host function yet.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/session.hpp"
#include "runtime/framework/trie/proving_trie.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/session/membership_proof.hpp"
#include "runtime/pallets/session/session.hpp"

namespace canary::rt::pallets::session::historical {

// sp_session::ValidatorCount.
using ValidatorCount = uint32_t;

// The trie of one session's set: (validator, full identification) in set order, with their keys
// from Session's NextKeys (a validator without keys keeps its index but has no entries).
template <class T, class FullId>
trie::ProvingTrie session_trie(const std::vector<std::pair<AccountId32, FullId>>& validators) {
  std::vector<std::pair<Bytes, Bytes>> entries;
  for (size_t n = 0; n < validators.size(); ++n) {
    const auto i = static_cast<uint32_t>(n);
    const auto& [validator, full_id] = validators[n];
    const auto keys = T::Session::load_keys(validator);
    if (!keys) continue;
    for (auto& [id, raw] : raw_keys(*keys)) {
      entries.emplace_back(scale::encode(std::tuple<KeyTypeId, Bytes>{id, std::move(raw)}),
                           scale::encode(i));
    }
    entries.emplace_back(scale::encode(i),
                         scale::encode(std::tuple<AccountId32, FullId>{validator, full_id}));
  }
  return trie::ProvingTrie::build(std::move(entries));
}

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  // Metadata paths: pallet_session::historical::pallet::Event.
  static constexpr std::string_view kCrate = "pallet_session";
  static constexpr std::string_view kModule = "historical";
  static constexpr uint16_t kStorageVersion = 1;

  using FullIdentification = typename T::FullIdentification;
  // FRAME's IdentificationTuple: the validator and its full identification.
  using IdentificationTuple = std::tuple<AccountId32, FullIdentification>;

  // --- Storage.
  using HistoricalSessions = StorageMap<
      Pallet, "HistoricalSessions", Twox64Concat, SessionIndex, std::tuple<H256, ValidatorCount>,
      OptionQuery,
      DocLines<" Mapping from historical session indices to session-data root hash and validator "
               "count.">>;
  using StoredRange =
      StorageValue<Pallet, "StoredRange", std::tuple<SessionIndex, SessionIndex>, OptionQuery,
                   DocLines<" The range of historical sessions we store. [first, last)">>;
  using Storage = std::tuple<HistoricalSessions, StoredRange>;

  // --- Events.
  struct RootStored {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "RootStored";
    static constexpr const char* kDocs =
        "The merkle root of the validators of the said session were stored";
    SessionIndex index = 0;
    bool operator==(const RootStored&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &RootStored::index, "SessionIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct RootsPruned {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "RootsPruned";
    static constexpr const char* kDocs = "The merkle roots of up to this session index were pruned";
    SessionIndex up_to = 0;
    bool operator==(const RootsPruned&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("up_to", &RootsPruned::up_to, "SessionIndex")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<RootStored, RootsPruned>;
  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // Removes the roots of the sessions before `up_to` (FRAME's prune_up_to; Staking prunes the
  // sessions older than the bonding duration).
  static void prune_up_to(SessionIndex up_to) {
    StoredRange::mutate([&](std::optional<std::tuple<SessionIndex, SessionIndex>>& range) {
      if (!range) return;
      const auto [start, end] = *range;
      const SessionIndex until = std::min(up_to, end);
      if (until < start) return;
      for (SessionIndex i = start; i < until; ++i) HistoricalSessions::remove(i);
      if (until == end) {
        range.reset();
      } else {
        range = std::tuple<SessionIndex, SessionIndex>{until, end};
      }
    });
    deposit_event(RootsPruned{up_to});
  }

  static std::optional<std::tuple<H256, ValidatorCount>> historical_root(SessionIndex session) {
    return HistoricalSessions::get(session);
  }

  // The current session's validators with their identification (those without one left out).
  static std::vector<std::pair<AccountId32, FullIdentification>> full_id_validators() {
    std::vector<std::pair<AccountId32, FullIdentification>> out;
    for (AccountId32& validator : T::Session::validators()) {
      if (auto full_id = T::full_identification_of(validator)) {
        out.emplace_back(std::move(validator), std::move(*full_id));
      }
    }
    return out;
  }

  // Stores the root of session `index`'s set `validators` (none: the set of the session before,
  // if that one has a root). NoteHistoricalRoot calls it as each session is planned.
  static void note_session(
      SessionIndex index,
      const std::optional<std::vector<std::pair<AccountId32, FullIdentification>>>& validators) {
    if (validators) {
      const auto trie = session_trie<T>(*validators);
      HistoricalSessions::insert(
          index, {H256{trie.root()}, static_cast<ValidatorCount>(validators->size())});
    } else {
      const auto previous = HistoricalSessions::get(index == 0 ? 0 : index - 1);
      if (!previous) return;
      HistoricalSessions::insert(index, *previous);
    }
    StoredRange::mutate([&](std::optional<std::tuple<SessionIndex, SessionIndex>>& range) {
      if (!range) range = std::tuple<SessionIndex, SessionIndex>{index, index};
      std::get<1>(*range) = index + 1;
    });
    deposit_event(RootStored{index});
  }

  // --- KeyOwnerProofSystem<(KeyTypeId, raw key)>.

  // The proof that `raw_key` of type `id` belongs to a validator of the current session (FRAME
  // proves an absent key too: its proof then fails check_proof).
  static std::optional<MembershipProof> prove(const KeyTypeId& id, ByteSpan raw_key) {
    const auto validators = full_id_validators();
    const auto trie = session_trie<T>(validators);
    MembershipProof proof;
    proof.session = T::Session::current_index();
    proof.validator_count = static_cast<uint32_t>(validators.size());
    if (auto index = trie.get_recording(key_of(id, raw_key), proof.trie_nodes)) {
      (void)trie.get_recording(*index, proof.trie_nodes);
    }
    return proof;
  }

  // The validator `raw_key` of type `id` belonged to in `proof.session`, with its identification,
  // if the proof shows it against that session's root (the current session's built anew) and
  // holds no node more than needed.
  static std::optional<IdentificationTuple> check_proof(const KeyTypeId& id, ByteSpan raw_key,
                                                        const MembershipProof& proof) {
    Hash256 root;
    ValidatorCount count = 0;
    if (proof.session == T::Session::current_index()) {
      const auto validators = full_id_validators();
      root = session_trie<T>(validators).root();
      count = static_cast<ValidatorCount>(validators.size());
    } else {
      const auto stored = HistoricalSessions::get(proof.session);
      if (!stored) return std::nullopt;
      root = std::get<0>(*stored).bytes;
      count = std::get<1>(*stored);
    }
    if (count != proof.validator_count) return std::nullopt;
    auto nodes = trie::ProofNodes::from(proof.trie_nodes);
    if (!nodes) return std::nullopt;
    auto index = nodes->get(root, key_of(id, raw_key));
    if (!index || !*index) return std::nullopt;
    auto i = scale::decode<uint32_t>(**index);
    if (!i) return std::nullopt;
    auto tuple = nodes->get(root, scale::encode(*i));
    if (!tuple || !*tuple) return std::nullopt;
    auto identified = scale::decode<IdentificationTuple>(**tuple);
    if (!identified || !nodes->all_read()) return std::nullopt;
    return std::move(*identified);
  }

 private:
  static Bytes key_of(const KeyTypeId& id, ByteSpan raw_key) {
    return scale::encode(std::tuple<KeyTypeId, Bytes>{id, Bytes(raw_key.begin(), raw_key.end())});
  }
};

// A traits::SessionManager that wraps the runtime's (Inner) and stores the root of each session
// it plans (FRAME's NoteHistoricalRoot<T, I>). Inner gives the sets with their identifications
// when it is a traits::HistoricalSessionManager (Kusama: Staking); a plain SessionManager's
// validators are identified by FullIdentification{} (what Kusama's Staking gives each: a default
// Exposure).
template <class T, class Inner>
struct NoteHistoricalRoot {
  static std::optional<std::vector<AccountId32>> new_session(SessionIndex index) {
    return note(index, identified_set(index, false));
  }
  static std::optional<std::vector<AccountId32>> new_session_genesis(SessionIndex index) {
    return note(index, identified_set(index, true));
  }
  static void start_session(SessionIndex index) { Inner::start_session(index); }
  static void end_session(SessionIndex index) { Inner::end_session(index); }

 private:
  using FullId = typename T::FullIdentification;
  using Identified = std::optional<std::vector<std::pair<AccountId32, FullId>>>;

  static Identified identified_set(SessionIndex index, bool genesis) {
    if constexpr (traits::HistoricalSessionManager<Inner, FullId>) {
      if constexpr (requires { Inner::new_session_genesis_with_identification(index); }) {
        if (genesis) return Inner::new_session_genesis_with_identification(index);
      }
      return Inner::new_session_with_identification(index);
    } else {
      std::optional<std::vector<AccountId32>> set;
      if constexpr (requires { Inner::new_session_genesis(index); }) {
        set = genesis ? Inner::new_session_genesis(index) : Inner::new_session(index);
      } else {
        set = Inner::new_session(index);
      }
      if (!set) return std::nullopt;
      std::vector<std::pair<AccountId32, FullId>> out;
      out.reserve(set->size());
      for (AccountId32& v : *set) out.emplace_back(std::move(v), FullId{});
      return out;
    }
  }

  static std::optional<std::vector<AccountId32>> note(SessionIndex index,
                                                      const Identified& validators) {
    T::Historical::note_session(index, validators);
    if (!validators) return std::nullopt;
    std::vector<AccountId32> out;
    out.reserve(validators->size());
    for (const auto& entry : *validators) out.push_back(entry.first);
    return out;
  }
};

}  // namespace canary::rt::pallets::session::historical
