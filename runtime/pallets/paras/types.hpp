// The Paras pallet's own types (polkadot-runtime-parachains paras/mod.rs): lifecycles, genesis
// arguments, past-code bookkeeping and PVF pre-checking votes, SCALE and metadata paths as FRAME's.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::paras {

using para_primitives::HeadData;
using para_primitives::ParaId;
using para_primitives::ValidationCode;
using para_primitives::ValidationCodeHash;
using BlockNumberT = uint32_t;
using SessionIndexT = uint32_t;

// ParaLifecycle: the stable states (Parathread, Parachain) and the transitions the actions queue
// applies at a session start. FRAME's variant order (Onboarding, Parathread, Parachain, …).
enum class ParaLifecycle : uint8_t {
  kOnboarding = 0,
  kParathread = 1,
  kParachain = 2,
  kUpgradingParathread = 3,
  kDowngradingParachain = 4,
  kOffboardingParathread = 5,
  kOffboardingParachain = 6,
};
inline bool scale_is_valid(ParaLifecycle v) {
  return static_cast<uint8_t>(v) <= 6;
}
inline void canary_type_info(meta::TypeBuilder& b, const ParaLifecycle*) {
  b.path({"polkadot_runtime_parachains", "paras", "ParaLifecycle"});
  b.variant(0, "Onboarding").variant(1, "Parathread").variant(2, "Parachain");
  b.variant(3, "UpgradingParathread").variant(4, "DowngradingParachain");
  b.variant(5, "OffboardingParathread").variant(6, "OffboardingParachain");
}
constexpr bool is_stable(ParaLifecycle l) {
  return l == ParaLifecycle::kParathread || l == ParaLifecycle::kParachain;
}
constexpr bool is_parachain(ParaLifecycle l) {
  return l == ParaLifecycle::kParachain || l == ParaLifecycle::kDowngradingParachain ||
         l == ParaLifecycle::kOffboardingParachain;
}
constexpr bool is_parathread(ParaLifecycle l) {
  return l == ParaLifecycle::kParathread || l == ParaLifecycle::kUpgradingParathread ||
         l == ParaLifecycle::kOffboardingParathread;
}
constexpr bool is_offboarding(ParaLifecycle l) {
  return l == ParaLifecycle::kOffboardingParathread || l == ParaLifecycle::kOffboardingParachain;
}

// ParaKind: encoded, described and serialised as a bool (true = Parachain), because the field
// was one once (paras/mod.rs' manual Encode/Decode/TypeInfo/serde).
enum class ParaKind : uint8_t { kParathread = 0, kParachain = 1 };
inline bool scale_is_valid(ParaKind v) {
  return static_cast<uint8_t>(v) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const ParaKind*) {
  meta::TypeInfo<bool>::describe(b);
}
inline json::Value json_encode(const ParaKind& kind) {
  return json::Value::of(kind == ParaKind::kParachain);
}
inline Result<void, std::string> json_decode(const json::Value& value, ParaKind& out) {
  const auto b = value.boolean();
  if (!b) return unexpected(std::string("invalid ParaKind serde representation"));
  out = *b ? ParaKind::kParachain : ParaKind::kParathread;
  return {};
}

// ParaGenesisArgs; serde renames para_kind to "parachain".
struct ParaGenesisArgs {
  HeadData genesis_head;
  ValidationCode validation_code;
  ParaKind para_kind = ParaKind::kParathread;
  bool operator==(const ParaGenesisArgs&) const = default;
  CANARY_SCALE_FIELDS(genesis_head, validation_code, para_kind)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "ParaGenesisArgs"});
    b.field("genesis_head", &ParaGenesisArgs::genesis_head, "HeadData");
    b.field("validation_code", &ParaGenesisArgs::validation_code, "ValidationCode");
    b.field("para_kind", &ParaGenesisArgs::para_kind, "ParaKind");
  }
  static constexpr auto json_fields() {
    return std::tuple{json_required_field("genesis_head", &ParaGenesisArgs::genesis_head),
                      json_required_field("validation_code", &ParaGenesisArgs::validation_code),
                      json_required_field("parachain", &ParaGenesisArgs::para_kind)};
  }
};

// ReplacementTimes<N>: when a replaced code was expected to stop (from the para's view) and when
// the parablock that replaced it was included (what pruning counts from).
struct ReplacementTimes {
  BlockNumberT expected_at = 0;
  BlockNumberT activated_at = 0;
  bool operator==(const ReplacementTimes&) const = default;
  CANARY_SCALE_FIELDS(expected_at, activated_at)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "ReplacementTimes"});
    b.param<BlockNumberT>("N");
    b.field("expected_at", &ReplacementTimes::expected_at, "N");
    b.field("activated_at", &ReplacementTimes::activated_at, "N");
  }
};

// ParaPastCodeMeta<N>.
struct ParaPastCodeMeta {
  std::vector<ReplacementTimes> upgrade_times;
  std::optional<BlockNumberT> last_pruned;
  bool operator==(const ParaPastCodeMeta&) const = default;
  CANARY_SCALE_FIELDS(upgrade_times, last_pruned)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "ParaPastCodeMeta"});
    b.param<BlockNumberT>("N");
    b.field("upgrade_times", &ParaPastCodeMeta::upgrade_times, "Vec<ReplacementTimes<N>>");
    b.field("last_pruned", &ParaPastCodeMeta::last_pruned, "Option<N>");
  }
  bool empty() const { return upgrade_times.empty(); }
  void note_replacement(BlockNumberT expected_at, BlockNumberT activated_at) {
    upgrade_times.push_back({expected_at, activated_at});
  }
  // prune_up_to: drops the replacements activated at or before `max` (notes the last such
  // activation) and returns their expected_at, the keys of the PastCodeHash entries to remove.
  std::vector<BlockNumberT> prune_up_to(BlockNumberT max) {
    size_t n = 0;
    while (n < upgrade_times.size() && upgrade_times[n].activated_at <= max) ++n;
    std::vector<BlockNumberT> out;
    if (n == 0) return out;
    last_pruned = upgrade_times[n - 1].activated_at;
    for (size_t i = 0; i < n; ++i) out.push_back(upgrade_times[i].expected_at);
    upgrade_times.erase(upgrade_times.begin(), upgrade_times.begin() + static_cast<long>(n));
    return out;
  }
};

// UpgradeStrategy: a para-signalled upgrade waits for the para (GoAhead signal), a forced one
// applies at the expected block whatever the para does.
enum class UpgradeStrategy : uint8_t { kSetGoAheadSignal = 0, kApplyAtExpectedBlock = 1 };
inline bool scale_is_valid(UpgradeStrategy v) {
  return static_cast<uint8_t>(v) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const UpgradeStrategy*) {
  b.path({"polkadot_runtime_parachains", "paras", "UpgradeStrategy"});
  b.variant(0, "SetGoAheadSignal").variant(1, "ApplyAtExpectedBlock");
}

// PvfCheckCause<BlockNumber>: why a PVF vote runs (Onboarding(ParaId) = 0, Upgrade {id,
// included_at, upgrade_strategy} = 1).
struct PvfCheckCause {
  struct Onboarding {
    static constexpr uint8_t kScaleIndex = 0;
    ParaId id;
    bool operator==(const Onboarding&) const = default;
    CANARY_SCALE_FIELDS(id)
  };
  struct Upgrade {
    static constexpr uint8_t kScaleIndex = 1;
    ParaId id;
    BlockNumberT included_at = 0;
    UpgradeStrategy upgrade_strategy = UpgradeStrategy::kSetGoAheadSignal;
    bool operator==(const Upgrade&) const = default;
    CANARY_SCALE_FIELDS(id, included_at, upgrade_strategy)
  };
  std::variant<Onboarding, Upgrade> value;
  bool operator==(const PvfCheckCause&) const = default;

  ParaId para_id() const {
    return std::visit([](const auto& c) { return c.id; }, value);
  }
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "PvfCheckCause"});
    b.param<BlockNumberT>("BlockNumber");
    meta::Registry& r = b.registry();
    b.variant(0, "Onboarding", {meta::field_of<ParaId>(r, std::nullopt, "ParaId")});
    b.variant(1, "Upgrade",
              {meta::field_of<ParaId>(r, "id", "ParaId"),
               meta::field_of<BlockNumberT>(r, "included_at", "BlockNumber"),
               meta::field_of<UpgradeStrategy>(r, "upgrade_strategy", "UpgradeStrategy")});
  }
};

// PvfCheckActiveVoteState<BlockNumber>: one bit per active validator for each side (reset and
// resized at every session change), the sessions seen, the creation block, the causes (≥ 1).
struct PvfCheckActiveVoteState {
  scale::BitVec votes_accept;
  scale::BitVec votes_reject;
  SessionIndexT age = 0;
  BlockNumberT created_at = 0;
  std::vector<PvfCheckCause> causes;
  bool operator==(const PvfCheckActiveVoteState&) const = default;
  CANARY_SCALE_FIELDS(votes_accept, votes_reject, age, created_at, causes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "PvfCheckActiveVoteState"});
    b.param<BlockNumberT>("BlockNumber");
    b.field("votes_accept", &PvfCheckActiveVoteState::votes_accept, "BitVec<u8, BitOrderLsb0>");
    b.field("votes_reject", &PvfCheckActiveVoteState::votes_reject, "BitVec<u8, BitOrderLsb0>");
    b.field("age", &PvfCheckActiveVoteState::age, "SessionIndex");
    b.field("created_at", &PvfCheckActiveVoteState::created_at, "BlockNumber");
    b.field("causes", &PvfCheckActiveVoteState::causes, "Vec<PvfCheckCause<BlockNumber>>");
  }

  static PvfCheckActiveVoteState start(BlockNumberT now, size_t n_validators, PvfCheckCause cause) {
    PvfCheckActiveVoteState s;
    s.votes_accept = scale::BitVec(n_validators);
    s.votes_reject = scale::BitVec(n_validators);
    s.created_at = now;
    s.causes.push_back(cause);
    return s;
  }
  void reinitialize_ballots(size_t n_validators) {
    votes_accept = scale::BitVec(n_validators);
    votes_reject = scale::BitVec(n_validators);
  }
  // Whether the validator voted this session; none when the index is out of the ballots.
  std::optional<bool> has_vote(size_t validator_index) const {
    if (validator_index >= votes_accept.size() || validator_index >= votes_reject.size()) {
      return std::nullopt;
    }
    return votes_accept.get(validator_index) || votes_reject.get(validator_index);
  }
  enum class Outcome : uint8_t { kAccepted, kRejected };
  // quorum: accepted at a supermajority of accepts, rejected once a supermajority is no longer
  // possible (more rejects than n − threshold).
  std::optional<Outcome> quorum(size_t n_validators) const {
    const size_t accept_threshold = para_primitives::supermajority_threshold(n_validators);
    const size_t reject_threshold = n_validators - accept_threshold;
    if (votes_accept.count_ones() >= accept_threshold) return Outcome::kAccepted;
    if (votes_reject.count_ones() > reject_threshold) return Outcome::kRejected;
    return std::nullopt;
  }
};

// AuthorizedCodeHashAndExpiry<T>: a code hash Root authorised for a para, until `expire_at`.
struct AuthorizedCodeHashAndExpiry {
  ValidationCodeHash code_hash;
  BlockNumberT expire_at = 0;
  bool operator==(const AuthorizedCodeHashAndExpiry&) const = default;
  CANARY_SCALE_FIELDS(code_hash, expire_at)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "paras", "AuthorizedCodeHashAndExpiry"});
    b.param<BlockNumberT>("T");
    b.field("code_hash", &AuthorizedCodeHashAndExpiry::code_hash, "ValidationCodeHash");
    b.field("expire_at", &AuthorizedCodeHashAndExpiry::expire_at, "T");
  }
};

}  // namespace canary::rt::pallets::paras
