// pallet_grandpa: GRANDPA's on-chain part. It holds the current authority set and its id, and
// signals changes to the node with FRNK consensus logs: a scheduled change on every session
// change (or a forced one after note_stalled), pause and resume. Reference: polkadot-sdk
// substrate/frame/grandpa/src/lib.rs and substrate/primitives/consensus/grandpa/src/lib.rs.
//
// The runtime's configuration T provides:
//   System, Pallets
//   kMaxAuthorities, kMaxNominators (u32), kMaxSetIdSessionEntries (u64)
//   optional GrandpaWeightInfo (weights.hpp)
//
// Deviations: the authority list is also written under the well-known key `:grandpa_authorities`
// (VersionedAuthorityList, version 1) that FRAME used before it moved the list into `Authorities`
// (storage version 5); tools that read the key keep working.
//
// Optional EquivocationReporting: FRAME's EquivocationReportSystem, the same type BABE's
// configuration takes (see runtime/pallets/babe/babe.hpp); without it, reports fail with
// InvalidKeyOwnershipProof and the pool refuses unsigned ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/digest.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/equivocation_report.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/grandpa/equivocation.hpp"
#include "runtime/pallets/grandpa/weights.hpp"
#include "runtime/pallets/session/key_type_id.hpp"
#include "runtime/pallets/session/membership_proof.hpp"

namespace canary::rt::pallets::grandpa {

using SetId = uint64_t;
using AuthorityWeight = uint64_t;

// sp_consensus_grandpa::AuthorityId (app::Public): an ed25519 public key.
struct AuthorityId {
  ByteArray<32> bytes{};
  auto operator<=>(const AuthorityId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_grandpa", "app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "ed25519::Public");
  }
};
struct AuthoritySignature {
  ByteArray<64> bytes{};
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_grandpa", "app", "Signature"});
    b.typed_field<ByteArray<64>>(std::nullopt, "ed25519::Signature");
  }
};
using Authority = std::tuple<AuthorityId, AuthorityWeight>;
using AuthorityList = std::vector<Authority>;

// sp-consensus-grandpa GRANDPA_AUTHORITIES_KEY and its VersionedAuthorityList (version 1).
inline const Bytes& authorities_key() {
  static const Bytes kKey = to_bytes(":grandpa_authorities");
  return kKey;
}
inline constexpr uint8_t kAuthoritiesVersion = 1;

struct ScheduledChange {
  AuthorityList next_authorities;
  BlockNumber delay = 0;
  bool operator==(const ScheduledChange&) const = default;
  CANARY_SCALE_FIELDS(next_authorities, delay)
};

// The FRNK consensus log: ScheduledChange = 1, ForcedChange = 2, OnDisabled = 3 (u64 index),
// Pause = 4, Resume = 5.
struct ConsensusLog {
  struct Scheduled {
    static constexpr uint8_t kScaleIndex = 1;
    ScheduledChange change;
    bool operator==(const Scheduled&) const = default;
    CANARY_SCALE_FIELDS(change)
  };
  struct Forced {
    static constexpr uint8_t kScaleIndex = 2;
    BlockNumber median_last_finalized = 0;
    ScheduledChange change;
    bool operator==(const Forced&) const = default;
    CANARY_SCALE_FIELDS(median_last_finalized, change)
  };
  struct OnDisabled {
    static constexpr uint8_t kScaleIndex = 3;
    uint64_t index = 0;
    bool operator==(const OnDisabled&) const = default;
    CANARY_SCALE_FIELDS(index)
  };
  struct Pause {
    static constexpr uint8_t kScaleIndex = 4;
    BlockNumber delay = 0;
    bool operator==(const Pause&) const = default;
    CANARY_SCALE_FIELDS(delay)
  };
  struct Resume {
    static constexpr uint8_t kScaleIndex = 5;
    BlockNumber delay = 0;
    bool operator==(const Resume&) const = default;
    CANARY_SCALE_FIELDS(delay)
  };
  std::variant<Scheduled, Forced, OnDisabled, Pause, Resume> value;
  bool operator==(const ConsensusLog&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
};

// pallet_grandpa::StoredState<N>.
struct StoredState {
  enum class Kind : uint8_t { kLive = 0, kPendingPause = 1, kPaused = 2, kPendingResume = 3 };
  Kind kind = Kind::kLive;
  BlockNumber scheduled_at = 0;  // pending kinds only
  BlockNumber delay = 0;
  bool operator==(const StoredState&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    if (kind == Kind::kPendingPause || kind == Kind::kPendingResume) {
      scale::encode_to(out, scheduled_at);
      scale::encode_to(out, delay);
    }
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t tag = in.read_byte();
    if (tag > 3) in.fail(scale::DecodeError::kInvalidVariantIndex);
    kind = static_cast<Kind>(tag);
    scheduled_at = delay = 0;
    if (in.ok() && (kind == Kind::kPendingPause || kind == Kind::kPendingResume)) {
      scale::decode_from(in, scheduled_at);
      scale::decode_from(in, delay);
    }
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_grandpa", "StoredState"});
    b.param<BlockNumber>("N");
    meta::Registry& r = b.registry();
    const auto pending = [&] {
      return std::vector<meta::Field>{meta::field_of<BlockNumber>(r, "scheduled_at", "N"),
                                      meta::field_of<BlockNumber>(r, "delay", "N")};
    };
    b.variant(0, "Live");
    b.variant(1, "PendingPause", pending());
    b.variant(2, "Paused");
    b.variant(3, "PendingResume", pending());
  }
};

// pallet_grandpa::StoredPendingChange<N, Limit>.
template <class Limit>
struct StoredPendingChange {
  BlockNumber scheduled_at = 0;
  BlockNumber delay = 0;
  WeakBoundedVec<Authority, Limit> next_authorities;
  std::optional<BlockNumber> forced;
  bool operator==(const StoredPendingChange&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("scheduled_at", &StoredPendingChange::scheduled_at, "N"),
                      field("delay", &StoredPendingChange::delay, "N"),
                      field("next_authorities", &StoredPendingChange::next_authorities,
                            "BoundedAuthorityList<Limit>"),
                      field("forced", &StoredPendingChange::forced, "Option<N>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_grandpa", "StoredPendingChange"});
    b.param<BlockNumber>("N");
    b.unused_param("Limit");
    add_fields(b, fields());
  }
};

// finality_grandpa::{Prevote, Precommit}<H256, u32> and an equivocation of one of them.
template <bool kPrecommit>
struct Vote {
  H256 target_hash;
  BlockNumber target_number = 0;
  static constexpr auto fields() {
    return std::tuple{field("target_hash", &Vote::target_hash, "H"),
                      field("target_number", &Vote::target_number, "N")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"finality_grandpa", kPrecommit ? "Precommit" : "Prevote"});
    b.param<H256>("H");
    b.param<BlockNumber>("N");
    add_fields(b, fields());
  }
};
template <bool kPrecommit>
struct VoteEquivocation {
  uint64_t round_number = 0;
  AuthorityId identity;
  std::tuple<Vote<kPrecommit>, AuthoritySignature> first;
  std::tuple<Vote<kPrecommit>, AuthoritySignature> second;
  static constexpr auto fields() {
    return std::tuple{field("round_number", &VoteEquivocation::round_number, "u64"),
                      field("identity", &VoteEquivocation::identity, "Id"),
                      field("first", &VoteEquivocation::first, "(V, S)"),
                      field("second", &VoteEquivocation::second, "(V, S)")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"finality_grandpa", "Equivocation"});
    b.param<AuthorityId>("Id");
    b.param<Vote<kPrecommit>>("V");
    b.param<AuthoritySignature>("S");
    add_fields(b, fields());
  }
};

// sp_consensus_grandpa::EquivocationProof<H256, u32>.
struct EquivocationProof {
  struct Prevote {
    static constexpr uint8_t kScaleIndex = 0;
    VoteEquivocation<false> equivocation;
    CANARY_SCALE_FIELDS(equivocation)
  };
  struct Precommit {
    static constexpr uint8_t kScaleIndex = 1;
    VoteEquivocation<true> equivocation;
    CANARY_SCALE_FIELDS(equivocation)
  };
  struct Equivocation {
    std::variant<Prevote, Precommit> value;
    template <class Sink>
    void scale_encode(Sink& out) const {
      scale::encode_to(out, value);
    }
    void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
    static void type_info(meta::TypeBuilder& b) {
      b.path({"sp_consensus_grandpa", "Equivocation"});
      b.param<H256>("H");
      b.param<BlockNumber>("N");
      meta::Registry& r = b.registry();
      b.variant(
          0, "Prevote",
          {meta::field_of<VoteEquivocation<false>>(
              r, std::nullopt,
              "grandpa::Equivocation<AuthorityId, grandpa::Prevote<H, N>, AuthoritySignature,>")});
      b.variant(1, "Precommit",
                {meta::field_of<VoteEquivocation<true>>(
                    r, std::nullopt,
                    "grandpa::Equivocation<AuthorityId, grandpa::Precommit<H, N>, "
                    "AuthoritySignature,>")});
    }
  };
  SetId set_id = 0;
  Equivocation equivocation;
  static constexpr auto fields() {
    return std::tuple{
        field("set_id", &EquivocationProof::set_id, "SetId"),
        field("equivocation", &EquivocationProof::equivocation, "Equivocation<H, N>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_consensus_grandpa", "EquivocationProof"});
    b.param<H256>("H");
    b.param<BlockNumber>("N");
    add_fields(b, fields());
  }
};

namespace detail {

// sp_consensus_grandpa::check_message_signature: ed25519 over SCALE (Message, round, set id),
// Message being finality_grandpa's enum (Prevote 0, Precommit 1) of the vote.
template <bool kPrecommit>
bool vote_signed_by(const std::tuple<Vote<kPrecommit>, AuthoritySignature>& signed_vote,
                    const AuthorityId& signer, uint64_t round, SetId set_id) {
  const Vote<kPrecommit>& vote = std::get<0>(signed_vote);
  scale::Encoder out;
  out.put_byte(kPrecommit ? 1 : 0);
  scale::encode_to(out, vote.target_hash);
  scale::encode_to(out, vote.target_number);
  scale::encode_to(out, round);
  scale::encode_to(out, set_id);
  const Bytes payload = std::move(out).take();
  return io::crypto::ed25519_verify(std::get<1>(signed_vote).bytes, payload, signer.bytes);
}

}  // namespace detail

// sp_consensus_grandpa::check_equivocation_proof: two votes of one round for different targets,
// both signed by the voter for the proof's set.
inline bool check_equivocation_proof(const EquivocationProof& proof) {
  return std::visit(
      [&](const auto& kind) {
        const auto& e = kind.equivocation;
        const auto& first = std::get<0>(e.first);
        const auto& second = std::get<0>(e.second);
        if (first.target_hash == second.target_hash &&
            first.target_number == second.target_number) {
          return false;
        }
        return detail::vote_signed_by(e.first, e.identity, e.round_number, proof.set_id) &&
               detail::vote_signed_by(e.second, e.identity, e.round_number, proof.set_id);
      },
      proof.equivocation.value);
}

// The voter and round of an equivocation.
inline const AuthorityId& offender_of(const EquivocationProof& proof) {
  return std::visit(
      [](const auto& kind) -> const AuthorityId& { return kind.equivocation.identity; },
      proof.equivocation.value);
}
inline uint64_t round_of(const EquivocationProof& proof) {
  return std::visit([](const auto& kind) { return kind.equivocation.round_number; },
                    proof.equivocation.value);
}

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kPauseFailed = 0,
  kResumeFailed = 1,
  kChangePending = 2,
  kTooSoon = 3,
  kInvalidKeyOwnershipProof = 4,
  kInvalidEquivocationProof = 5,
  kDuplicateOffenceReport = 6,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_grandpa";
  // pallet_grandpa's STORAGE_VERSION (storage_version.hpp): written at genesis.
  static constexpr uint16_t kStorageVersion = 5;

  using System = typename T::System;

  // --- Storage (FRAME's order).
  using State = StorageValue<Pallet, "State", StoredState, ValueQuery,
                             DocLines<" State of the current authority set.">>;
  using BoundedAuthorityList = WeakBoundedVec<Authority, ConstU32<T::kMaxAuthorities>>;
  using PendingChangeValue = StoredPendingChange<ConstU32<T::kMaxAuthorities>>;
  using PendingChange = StorageValue<Pallet, "PendingChange", PendingChangeValue, OptionQuery,
                                     DocLines<" Pending change: (signaled at, scheduled change).">>;
  using NextForced = StorageValue<Pallet, "NextForced", BlockNumber, OptionQuery,
                                  DocLines<" next block number where we can force a change.">>;
  using Stalled = StorageValue<Pallet, "Stalled", std::tuple<BlockNumber, BlockNumber>, OptionQuery,
                               DocLines<" `true` if we are currently stalled.">>;
  using CurrentSetId = StorageValue<
      Pallet, "CurrentSetId", SetId, ValueQuery,
      DocLines<
          " The number of changes (both in terms of keys and underlying economic responsibilities)",
          " in the \"set\" of Grandpa validators from genesis.">>;
  using SetIdSession = StorageMap<
      Pallet, "SetIdSession", Twox64Concat, SetId, session::SessionIndex, OptionQuery,
      DocLines<
          " A mapping from grandpa set ID to the index of the *most recent* session for which its",
          " members were responsible.", "",
          " This is only used for validating equivocation proofs.">>;
  using Authorities = StorageValue<Pallet, "Authorities", BoundedAuthorityList, ValueQuery,
                                   DocLines<" The current list of authorities.">>;

  // --- Events.
  struct NewAuthorities {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "NewAuthorities";
    static constexpr const char* kDocs = "New authority set has been applied.";
    AuthorityList authority_set;
    static constexpr auto fields() {
      return std::tuple{field("authority_set", &NewAuthorities::authority_set, "AuthorityList")};
    }
    CANARY_DESCRIBED()
  };
  struct Paused {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "Paused";
    static constexpr const char* kDocs = "Current authority set has been paused.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct Resumed {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Resumed";
    static constexpr const char* kDocs = "Current authority set has been resumed.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<NewAuthorities, Paused, Resumed>;
  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Errors.
  using Error = grandpa::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"PauseFailed",
       "Attempt to signal GRANDPA pause when the authority set isn't live\n(either paused or "
       "already pending pause)."},
      {"ResumeFailed",
       "Attempt to signal GRANDPA resume when the authority set isn't paused\n(either live or "
       "already pending resume)."},
      {"ChangePending", "Attempt to signal GRANDPA change with one already pending."},
      {"TooSoon", "Cannot signal forced change so soon after last."},
      {"InvalidKeyOwnershipProof",
       "A key ownership proof provided as part of an equivocation report is invalid."},
      {"InvalidEquivocationProof",
       "An equivocation proof provided as part of an equivocation report is invalid."},
      {"DuplicateOffenceReport",
       "A given equivocation report is valid but already previously reported."},
  };

  // --- Weights (weights.hpp: the runtime's GrandpaWeightInfo, else the reference).
  using Weights = WeightInfoOf<T>;
  static Weight report_equivocation_weight(uint32_t validator_count) {
    return Weights::report_equivocation(validator_count);
  }
  static Weight note_stalled_weight() { return Weights::note_stalled(); }

  // --- Calls.
  struct report_equivocation {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "report_equivocation";
    static constexpr const char* kDocs =
        "Report voter equivocation/misbehavior. This method will verify the\nequivocation proof "
        "and validate the given key ownership proof\nagainst the extracted offender. If both are "
        "valid, the offence\nwill be reported.";
    EquivocationProof equivocation_proof;
    session::MembershipProof key_owner_proof;
    static constexpr auto fields() {
      return std::tuple{
          field("equivocation_proof", &report_equivocation::equivocation_proof,
                "Box<EquivocationProof<T::Hash, BlockNumberFor<T>>>"),
          field("key_owner_proof", &report_equivocation::key_owner_proof, "T::KeyOwnerProof")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {report_equivocation_weight(key_owner_proof.validator_count)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return report(std::optional<AccountId32>(*who), equivocation_proof, key_owner_proof);
    }
  };
  struct report_equivocation_unsigned {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "report_equivocation_unsigned";
    static constexpr const char* kDocs =
        "Report voter equivocation/misbehavior. This method will verify the\nequivocation proof "
        "and validate the given key ownership proof\nagainst the extracted offender. If both are "
        "valid, the offence\nwill be reported.\n\nThis extrinsic must be called unsigned and it "
        "is expected that only\nblock authors will call it (validated in `ValidateUnsigned`), as "
        "such\nif the block author is defined it will be defined as the equivocation\nreporter.";
    EquivocationProof equivocation_proof;
    session::MembershipProof key_owner_proof;
    static constexpr auto fields() {
      return std::tuple{
          field("equivocation_proof", &report_equivocation_unsigned::equivocation_proof,
                "Box<EquivocationProof<T::Hash, BlockNumberFor<T>>>"),
          field("key_owner_proof", &report_equivocation_unsigned::key_owner_proof,
                "T::KeyOwnerProof")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {report_equivocation_weight(key_owner_proof.validator_count)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto none = ensure_none(origin); !none) return with_post_info(none);
      return report(std::nullopt, equivocation_proof, key_owner_proof);
    }
  };
  struct note_stalled {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "note_stalled";
    static constexpr const char* kDocs =
        "Note that the current authority set of the GRANDPA finality gadget has stalled.\n\nThis "
        "will trigger a forced authority set change at the beginning of the next session, to\nbe "
        "enacted `delay` blocks after that.\n\nOnly callable by root.";
    BlockNumber delay = 0;
    BlockNumber best_finalized_block_number = 0;
    static constexpr auto fields() {
      return std::tuple{field("delay", &note_stalled::delay, "BlockNumberFor<T>"),
                        field("best_finalized_block_number",
                              &note_stalled::best_finalized_block_number, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {note_stalled_weight()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      Stalled::put({delay, best_finalized_block_number});
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<report_equivocation, report_equivocation_unsigned, note_stalled>;

  // Only the node's own unsigned reports (framework/equivocation_report.hpp), once their
  // evidence holds up: a key-ownership proof naming an offender not reported for that round yet.
  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource source, const Call& call) {
    if constexpr (kReports) {
      return validate_local_report<report_equivocation_unsigned>(
          source, call, "GrandpaEquivocation", check_report,
          [](const report_equivocation_unsigned& report) {
            const EquivocationProof& proof = report.equivocation_proof;
            return std::tuple{offender_of(proof), proof.set_id, round_of(proof)};
          },
          T::EquivocationReporting::report_longevity());
    } else {
      return unexpected(rt::invalid(kCallInvalid));
    }
  }
  static Result<void, runtime::TransactionValidityError> pre_dispatch_unsigned(const Call& call) {
    if constexpr (kReports) {
      return pre_dispatch_local_report<report_equivocation_unsigned>(call, check_report);
    } else {
      return unexpected(rt::invalid(kCallInvalid));
    }
  }
  static Result<void, runtime::TransactionValidityError> check_report(
      const report_equivocation_unsigned& report) {
    return check_evidence(report.equivocation_proof, report.key_owner_proof);
  }

  // --- Equivocation reports (FRAME's EquivocationReportSystem, substrate/frame/grandpa/src/
  // equivocation.rs).
  static constexpr bool kReports = requires { typename T::EquivocationReporting; };
  static constexpr session::KeyTypeId kKeyType = session::key_type("gran");
  static constexpr auto kCallInvalid = runtime::InvalidTransaction::Kind::kCall;

  // GrandpaApi_generate_key_ownership_proof: the proof that `authority` holds a GRANDPA key in
  // the current session (Kusama ignores the set id).
  static std::optional<session::MembershipProof> generate_key_ownership_proof(
      SetId /*set_id*/, const AuthorityId& authority) {
    if constexpr (kReports) {
      return T::EquivocationReporting::prove_key_ownership(kKeyType, authority.bytes);
    } else {
      return std::nullopt;
    }
  }

  // GrandpaApi_submit_report_equivocation_unsigned_extrinsic: the report as an unsigned
  // extrinsic to the node's pool; whether the pool took it.
  static bool submit_unsigned_equivocation_report(EquivocationProof proof,
                                                  session::MembershipProof key_owner_proof) {
    if constexpr (kReports) {
      return T::EquivocationReporting::template submit_unsigned<Pallet>(
          report_equivocation_unsigned{std::move(proof), std::move(key_owner_proof)});
    } else {
      return false;
    }
  }

  // FRAME's check_evidence: the pool's test of an unsigned report.
  static Result<void, runtime::TransactionValidityError> check_evidence(
      const EquivocationProof& proof, const session::MembershipProof& key_owner_proof) {
    using R = typename T::EquivocationReporting;
    using Offence = EquivocationOffence<typename R::Offender>;
    auto offender = R::check_key_owner_proof(kKeyType, offender_of(proof).bytes, key_owner_proof);
    if (!offender) return unexpected(rt::invalid(runtime::InvalidTransaction::Kind::kBadProof));
    const std::vector<typename R::Offender> offenders{std::move(*offender)};
    if (R::template is_known_offence<Offence>(
            offenders, EquivocationTimeSlot{proof.set_id, round_of(proof)})) {
      return unexpected(rt::invalid(runtime::InvalidTransaction::Kind::kStale));
    }
    return {};
  }

  static DispatchResultWithPostInfo report(std::optional<AccountId32> reporter,
                                           const EquivocationProof& proof,
                                           const session::MembershipProof& key_owner_proof) {
    if (auto processed = process_evidence(reporter, proof, key_owner_proof); !processed) {
      return with_post_info(unexpected(processed.error()));
    }
    // Valid reports are free.
    return PostDispatchInfo{std::nullopt, Pays::kNo};
  }

  // FRAME's process_evidence: the votes, the key-ownership proof, then its session against the
  // sessions of the set (after the previous set's last session, up to this set's), then the
  // offence to Offences.
  static DispatchResult process_evidence(std::optional<AccountId32> reporter,
                                         const EquivocationProof& proof,
                                         const session::MembershipProof& key_owner_proof) {
    if constexpr (kReports) {
      using R = typename T::EquivocationReporting;
      using Offence = EquivocationOffence<typename R::Offender>;
      if (!reporter) reporter = R::block_author();
      const SetId set_id = proof.set_id;
      const session::SessionIndex session = key_owner_proof.session;
      if (!check_equivocation_proof(proof)) {
        return unexpected(pallet_error<Pallet>(Error::kInvalidEquivocationProof));
      }
      auto offender = R::check_key_owner_proof(kKeyType, offender_of(proof).bytes, key_owner_proof);
      if (!offender) return unexpected(pallet_error<Pallet>(Error::kInvalidKeyOwnershipProof));
      std::optional<session::SessionIndex> previous_set_last_session;
      if (set_id != 0) {
        previous_set_last_session = SetIdSession::get(set_id - 1);
        if (!previous_set_last_session) {
          return unexpected(pallet_error<Pallet>(Error::kInvalidEquivocationProof));
        }
      }
      const auto set_last_session = SetIdSession::get(set_id);
      if (!set_last_session) {
        return unexpected(pallet_error<Pallet>(Error::kInvalidEquivocationProof));
      }
      if (session > *set_last_session ||
          (previous_set_last_session && session <= *previous_set_last_session)) {
        return unexpected(pallet_error<Pallet>(Error::kInvalidEquivocationProof));
      }
      const Offence offence{EquivocationTimeSlot{set_id, round_of(proof)}, session,
                            key_owner_proof.validator_count, std::move(*offender)};
      std::vector<AccountId32> reporters;
      if (reporter) reporters.push_back(*reporter);
      if (!R::template report_offence<Offence>(reporters, offence)) {
        return unexpected(pallet_error<Pallet>(Error::kDuplicateOffenceReport));
      }
      return {};
    } else {
      (void)reporter;
      (void)proof;
      (void)key_owner_proof;
      return unexpected(pallet_error<Pallet>(Error::kInvalidKeyOwnershipProof));
    }
  }

  // --- Hooks: signal pending changes in the block that scheduled them, enact them `delay`
  // blocks later.
  static void on_finalize(BlockNumber block_number) {
    if (auto pending = PendingChange::get()) {
      if (block_number == pending->scheduled_at) {
        ScheduledChange change{pending->next_authorities.items, pending->delay};
        if (pending->forced) {
          deposit_log(ConsensusLog{ConsensusLog::Forced{*pending->forced, std::move(change)}});
        } else {
          deposit_log(ConsensusLog{ConsensusLog::Scheduled{std::move(change)}});
        }
      }
      if (block_number == pending->scheduled_at + pending->delay) {
        put_authorities(pending->next_authorities.items);
        deposit_event(NewAuthorities{pending->next_authorities.items});
        PendingChange::kill();
      }
    }
    const StoredState state = State::get();
    if (state.kind == StoredState::Kind::kPendingPause) {
      if (block_number == state.scheduled_at)
        deposit_log(ConsensusLog{ConsensusLog::Pause{state.delay}});
      if (block_number == state.scheduled_at + state.delay) {
        State::put(StoredState{StoredState::Kind::kPaused, 0, 0});
        deposit_event(Paused{});
      }
    } else if (state.kind == StoredState::Kind::kPendingResume) {
      if (block_number == state.scheduled_at)
        deposit_log(ConsensusLog{ConsensusLog::Resume{state.delay}});
      if (block_number == state.scheduled_at + state.delay) {
        State::put(StoredState{});
        deposit_event(Resumed{});
      }
    }
  }

  // --- Interface.
  static AuthorityList grandpa_authorities() { return Authorities::get().items; }
  static SetId current_set_id() { return CurrentSetId::get(); }

  static DispatchResult schedule_pause(BlockNumber in_blocks) {
    if (State::get().kind != StoredState::Kind::kLive) {
      return unexpected(pallet_error<Pallet>(Error::kPauseFailed));
    }
    State::put(StoredState{StoredState::Kind::kPendingPause, System::block_number(), in_blocks});
    return {};
  }
  static DispatchResult schedule_resume(BlockNumber in_blocks) {
    if (State::get().kind != StoredState::Kind::kPaused) {
      return unexpected(pallet_error<Pallet>(Error::kResumeFailed));
    }
    State::put(StoredState{StoredState::Kind::kPendingResume, System::block_number(), in_blocks});
    return {};
  }

  // Schedules a change to `next` in `in_blocks` (0: at the end of this block); `forced` carries
  // the median last finalized block of a forced change. One change at a time; forced changes no
  // more often than twice their delay.
  static DispatchResult schedule_change(AuthorityList next, BlockNumber in_blocks,
                                        std::optional<BlockNumber> forced) {
    if (PendingChange::exists()) return unexpected(pallet_error<Pallet>(Error::kChangePending));
    const BlockNumber scheduled_at = System::block_number();
    if (forced) {
      if (auto next_forced = NextForced::get(); next_forced && *next_forced > scheduled_at) {
        return unexpected(pallet_error<Pallet>(Error::kTooSoon));
      }
      NextForced::put(scheduled_at + in_blocks * 2);
    }
    if (next.size() > T::kMaxAuthorities) {
      io::log(io::LogLevel::kWarn, "runtime::grandpa",
              "Warning: The number of authorities given is too big. A runtime configuration "
              "adjustment may be needed.");
    }
    PendingChange::put(
        PendingChangeValue{scheduled_at, in_blocks, BoundedAuthorityList{std::move(next)}, forced});
    return {};
  }

  // --- Session handler (OneSessionHandler with the GRANDPA key; weight 1 each).
  static void on_genesis_session(const std::vector<std::pair<AccountId32, AuthorityId>>& keys) {
    initialize(weighted(keys));
  }
  static void on_new_session(bool changed,
                             const std::vector<std::pair<AccountId32, AuthorityId>>& validators,
                             const std::vector<std::pair<AccountId32, AuthorityId>>&,
                             session::SessionIndex session_index) {
    // A change whenever Session says the set changed (even with the same keys: the identities
    // behind them may differ), or a forced one when the set has stalled.
    SetId set_id = CurrentSetId::get();
    if (changed || Stalled::exists()) {
      auto next = weighted(validators);
      DispatchResult scheduled;
      if (auto stalled = Stalled::take()) {
        scheduled = schedule_change(std::move(next), std::get<0>(*stalled), std::get<1>(*stalled));
      } else {
        scheduled = schedule_change(std::move(next), 0, std::nullopt);
      }
      if (scheduled) {
        set_id += 1;
        CurrentSetId::put(set_id);
        const SetId max_entries = std::max<SetId>(T::kMaxSetIdSessionEntries, 1);
        if (set_id >= max_entries) SetIdSession::remove(set_id - max_entries);
      }
    }
    SetIdSession::insert(set_id, session_index);
  }
  static void on_disabled(uint32_t index) {
    deposit_log(ConsensusLog{ConsensusLog::OnDisabled{index}});
  }

  // --- Genesis: `{"authorities": [[key, weight], …]}` (with session keys, the authorities come
  // from Session's genesis instead).
  struct GenesisConfig {
    AuthorityList authorities;
    static constexpr auto json_fields() {
      return std::tuple{json_field("authorities", &GenesisConfig::authorities)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (config.authorities.size() > T::kMaxAuthorities) {
      return unexpected(std::string("authorities: more than the runtime's MaxAuthorities"));
    }
    CurrentSetId::put(0);
    initialize(config.authorities);
    return {};
  }

  // --- Metadata.
  using Storage = std::tuple<State, PendingChange, NextForced, Stalled, CurrentSetId, SetIdSession,
                             Authorities>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(
        constant(r, "MaxAuthorities", uint32_t{T::kMaxAuthorities}, {" Max Authorities in use"}));
    c.push_back(constant(r, "MaxNominators", uint32_t{T::kMaxNominators},
                         {" The maximum number of nominators for each validator."}));
    c.push_back(constant(r, "MaxSetIdSessionEntries", uint64_t{T::kMaxSetIdSessionEntries},
                         {" The maximum number of entries to keep in the set id to session index "
                          "mapping."}));
  }

 private:
  static AuthorityList weighted(const std::vector<std::pair<AccountId32, AuthorityId>>& keys) {
    AuthorityList out;
    out.reserve(keys.size());
    for (const auto& [account, key] : keys) out.emplace_back(key, AuthorityWeight{1});
    return out;
  }

  static void put_authorities(const AuthorityList& authorities) {
    Authorities::put(BoundedAuthorityList{authorities});
    io::storage::set(authorities_key(), scale::encode(std::tuple<uint8_t, AuthorityList>{
                                            kAuthoritiesVersion, authorities}));
  }

  static void initialize(const AuthorityList& authorities) {
    if (!authorities.empty()) {
      if (!grandpa_authorities().empty()) io::panic("Authorities are already initialized!");
      if (authorities.size() > T::kMaxAuthorities) {
        io::panic(
            "Grandpa: `Config::MaxAuthorities` is smaller than the number of genesis authorities!");
      }
      put_authorities(authorities);
    }
    // The first set belongs to session 0 (later sets are noted on each new session).
    SetIdSession::insert(0, 0);
  }

  static void deposit_log(const ConsensusLog& log) {
    System::deposit_log(block::DigestConsensus{block::kGrandpaEngineId, scale::encode(log)});
  }
};

}  // namespace canary::rt::pallets::grandpa
