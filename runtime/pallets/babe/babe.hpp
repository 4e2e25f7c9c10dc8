// pallet_babe: BABE's on-chain part. It reads the block's slot and author from the BABE
// pre-runtime digest, keeps the current and next epoch (authorities, randomness, configuration),
// accumulates the randomness of the epoch from the authors' VRF outputs, and announces the next
// epoch to the node with consensus logs when Session (or the internal trigger) changes the epoch.
// Reference: polkadot-sdk substrate/frame/babe/src/lib.rs.
//
// The runtime's configuration T provides:
//   System, Pallets                      frame_system and the composition
//   kEpochDuration (u64 slots; Kusama 600), or epoch_duration() -> uint64_t when a genesis may set
//     it (FRAME's `Get`; the Canary runtime's storage parameter): epochs are counted in slots, so
//     their length in time follows the slot duration
//   optional set_epoch_duration(uint64_t) -> Result<void, std::string>: the genesis field
//     `epochDuration` (Canary's own, absent from FRAME): checks and stores the value
//     epoch_duration() reads; without it, the field is refused
//   kExpectedBlockTime (u64 ms; Kusama 6000 = the slot), or expected_block_time() -> uint64_t
//     when it follows a slot duration read from state (FRAME's `Get`)
//   kMaxAuthorities, kMaxNominators (u32)
//   Timestamp's MinimumPeriod (kMinimumPeriod or minimum_period(), timestamp.hpp): the slot
//     duration is twice it, as FRAME's pallet_babe::slot_duration
//   optional kBabeSameAuthoritiesForever (bool): change epochs internally with the same authorities
//     (FRAME's SameAuthoritiesForever trigger, dev chains without Session); default: external
//   optional babe_is_disabled(AuthorityIndex) -> bool  (FRAME's DisabledValidators; Session's)
//   optional babe_vrf_randomness(const AuthorityId&, const VrfTranscriptData&, const VrfSignature&)
//     -> std::optional<Randomness>: schnorrkel's make_bytes::<32>("BabeVRFInOutContext") of the
//     VRF in/out, none where make_bytes fails; schnorrkel_vrf_randomness below is FRAME's
//     computation, on primitives that build for wasm32 (the Canary runtime uses it)
//   optional BabeWeightInfo (weights.hpp)
//   optional EquivocationReporting: FRAME's EquivocationReportSystem<T, Offences, Historical,
//     ReportLongevity> (shared with GRANDPA), a type with
//       Offender                                       the offences' identification of a validator
//       check_key_owner_proof(session::KeyTypeId, ByteSpan key, const session::MembershipProof&)
//         -> std::optional<Offender>                   Historical's KeyOwnerProofSystem
//       prove_key_ownership(session::KeyTypeId, ByteSpan key)
//         -> std::optional<session::MembershipProof>   (BabeApi_generate_key_ownership_proof)
//       report_offence<O>(const std::vector<AccountId32>& reporters, const O&)
//         -> Result<void, traits::staking::OffenceError>, is_known_offence<O>(offenders, slot)
//       report_longevity() -> uint64_t                 how long a report stays valid in the pool
//       block_author() -> std::optional<AccountId32>   the reporter of an unsigned report
//       submit_unsigned<Pallet>(Call) -> bool           the call as an unsigned extrinsic to the
//       pool
//     Without it, reports fail with InvalidKeyOwnershipProof and the pool refuses unsigned ones.
//
// Deviations from FRAME, on purpose:
//  - A runtime without the babe_vrf_randomness hook gets a hashed per-block VRF randomness
//    (hashed_vrf_randomness: BLAKE2b-256(context ‖ public key ‖ slot ‖ epoch ‖ randomness ‖
//    pre-output)), as unpredictable as make_bytes but with other bytes, so its epoch randomness
//    is its own. The Canary runtime sets the hook to schnorrkel_vrf_randomness: its
//    AuthorVrfRandomness, UnderConstruction and epoch randomness are FRAME's.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/digest.hpp"
#include "primitives/crypto/babe_vrf_transcript.hpp"
#include "primitives/crypto/sr25519_vrf.hpp"
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
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/babe/equivocation.hpp"
#include "runtime/pallets/babe/types.hpp"
#include "runtime/pallets/babe/weights.hpp"
#include "runtime/pallets/session/key_type_id.hpp"
#include "runtime/pallets/session/membership_proof.hpp"
#include "runtime/pallets/timestamp/timestamp.hpp"

namespace canary::rt::pallets::babe {

// FRAME's UNDER_CONSTRUCTION_SEGMENT_LENGTH: VRF outputs are stored in segments of this many.
inline constexpr uint32_t kUnderConstructionSegmentLength = 256;
// SkippedEpochs keeps the last 100.
inline constexpr uint32_t kMaxSkippedEpochs = 100;

// sp_consensus_babe::epoch_index / epoch_start_slot.
constexpr uint64_t epoch_index(Slot slot, Slot genesis_slot, uint64_t epoch_duration) {
  return slot.value >= genesis_slot.value ? (slot.value - genesis_slot.value) / epoch_duration : 0;
}
constexpr Slot epoch_start_slot(uint64_t epoch_index, Slot genesis_slot, uint64_t epoch_duration) {
  // Saturating like FRAME's (the product cannot overflow on a live chain).
  const unsigned __int128 start =
      static_cast<unsigned __int128>(epoch_index) * epoch_duration + genesis_slot.value;
  return Slot{start > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(start)};
}

// FRAME's compute_randomness: BLAKE2b-256(last randomness ‖ epoch index LE ‖ VRF outputs…).
inline Randomness compute_randomness(const Randomness& last, uint64_t epoch,
                                     const std::vector<Randomness>& rho) {
  Bytes s;
  s.reserve(40 + rho.size() * 32);
  s.insert(s.end(), last.begin(), last.end());
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<uint8_t>(epoch >> (8 * i)));
  for (const Randomness& r : rho) s.insert(s.end(), r.begin(), r.end());
  return io::hashing::blake2_256(s);
}

// FRAME's per-block VRF randomness (substrate/frame/babe/src/lib.rs on_finalize):
// Public::make_bytes::<32>(RANDOMNESS_VRF_CONTEXT, make_vrf_transcript(randomness, slot, epoch),
// pre_output), on the portable ristretto255 and Merlin code of primitives/crypto (no host
// function computes it). None where sp-core fails: a public key or pre-output that is not a
// canonical ristretto255 encoding, or a pre-output that is the identity. Like FRAME, it does not
// check the proof (the node verified it before execution). Variable time: all of it is public.
inline std::optional<Randomness> schnorrkel_vrf_randomness(const AuthorityId& public_key,
                                                           const VrfTranscriptData& t,
                                                           const VrfSignature& signature) {
  namespace sr25519 = ::canary::crypto::sr25519;
  const auto inout = sr25519::vrf_attach_input_hash(
      public_key.bytes, ::canary::crypto::babe_vrf_transcript(t.randomness, t.slot, t.epoch),
      signature.pre_output);
  if (!inout) return std::nullopt;
  Randomness out{};
  sr25519::vrf_make_bytes(*inout, as_bytes(kRandomnessVrfContext), out);
  return out;
}

// The fallback for the VRF randomness (see the deviations above).
inline Randomness hashed_vrf_randomness(const AuthorityId& public_key, const VrfTranscriptData& t,
                                        const VrfSignature& signature) {
  Bytes s(kRandomnessVrfContext.begin(), kRandomnessVrfContext.end());
  s.insert(s.end(), public_key.bytes.begin(), public_key.bytes.end());
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<uint8_t>(t.slot >> (8 * i)));
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<uint8_t>(t.epoch >> (8 * i)));
  s.insert(s.end(), t.randomness.begin(), t.randomness.end());
  s.insert(s.end(), signature.pre_output.begin(), signature.pre_output.end());
  return io::hashing::blake2_256(s);
}

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kInvalidEquivocationProof = 0,
  kInvalidKeyOwnershipProof = 1,
  kDuplicateOffenceReport = 2,
  kInvalidConfiguration = 3,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_babe";

  using System = typename T::System;
  using AuthorityVec = WeakBoundedVec<Authority, ConstU32<T::kMaxAuthorities>>;
  using RandomnessSegment = BoundedVec<Randomness, ConstU32<kUnderConstructionSegmentLength>>;
  using SkippedEpochList = BoundedVec<std::tuple<uint64_t, uint32_t>, ConstU32<kMaxSkippedEpochs>>;

  // --- Storage (FRAME's order).
  using EpochIndex =
      StorageValue<Pallet, "EpochIndex", uint64_t, ValueQuery, DocLines<" Current epoch index.">>;
  using Authorities = StorageValue<Pallet, "Authorities", AuthorityVec, ValueQuery,
                                   DocLines<" Current epoch authorities.">>;
  using GenesisSlot =
      StorageValue<Pallet, "GenesisSlot", Slot, ValueQuery,
                   DocLines<" The slot at which the first epoch actually started. This is 0",
                            " until the first block of the chain.">>;
  using CurrentSlot =
      StorageValue<Pallet, "CurrentSlot", Slot, ValueQuery, DocLines<" Current slot number.">>;
  using RandomnessItem =
      StorageValue<Pallet, "Randomness", Randomness, ValueQuery,
                   DocLines<" The epoch randomness for the *current* epoch.", "", " # Security", "",
                            " This MUST NOT be used for gambling, as it can be influenced by a",
                            " malicious validator in the short term.">>;
  using PendingEpochConfigChange = StorageValue<
      Pallet, "PendingEpochConfigChange", NextConfigDescriptor, OptionQuery,
      DocLines<" Pending epoch configuration change that will be applied when the next epoch is "
               "enacted.">>;
  using NextRandomness = StorageValue<Pallet, "NextRandomness", Randomness, ValueQuery,
                                      DocLines<" Next epoch randomness.">>;
  using NextAuthorities = StorageValue<Pallet, "NextAuthorities", AuthorityVec, ValueQuery,
                                       DocLines<" Next epoch authorities.">>;
  using SegmentIndex = StorageValue<
      Pallet, "SegmentIndex", uint32_t, ValueQuery,
      DocLines<" Randomness under construction.", "",
               " We make a trade-off between storage accesses and list length.",
               " We store the under-construction randomness in segments of up to",
               " `UNDER_CONSTRUCTION_SEGMENT_LENGTH`.", "",
               " Once a segment reaches this length, we begin the next one.",
               " We reset all segments and return to `0` at the beginning of every", " epoch.">>;
  using UnderConstruction =
      StorageMap<Pallet, "UnderConstruction", Twox64Concat, uint32_t, RandomnessSegment, ValueQuery,
                 DocLines<" TWOX-NOTE: `SegmentIndex` is an increasing integer, so this is okay.">>;
  // Some(pre-digest or None) once the block is initialized; cleared in on_finalize.
  using Initialized = StorageValue<
      Pallet, "Initialized", std::optional<PreDigest>, OptionQuery,
      DocLines<" Temporary value (cleared at block finalization) which is `Some`",
               " if per-block initialization has already been called for current block.">>;
  using AuthorVrfRandomness = StorageValue<
      Pallet, "AuthorVrfRandomness", std::optional<Randomness>, ValueQuery,
      DocLines<
          " This field should always be populated during block processing unless",
          " secondary plain slots are enabled (which don't contain a VRF output).", "",
          " It is set in `on_finalize`, before it will contain the value from the last block.">>;
  using EpochStart = StorageValue<
      Pallet, "EpochStart", std::tuple<BlockNumber, BlockNumber>, ValueQuery,
      DocLines<
          " The block numbers when the last and current epoch have started, respectively `N-1` and",
          " `N`.">>;
  using Lateness =
      StorageValue<Pallet, "Lateness", BlockNumber, ValueQuery,
                   DocLines<" How late the current block is compared to its parent.", "",
                            " This entry is populated as part of block execution and is cleaned up",
                            " on block finalization. Querying this storage entry outside of block",
                            " execution context should always yield zero.">>;
  using EpochConfig = StorageValue<
      Pallet, "EpochConfig", BabeEpochConfiguration, OptionQuery,
      DocLines<
          " The configuration for the current epoch. Should never be `None` as it is initialized "
          "in",
          " genesis.">>;
  using NextEpochConfig = StorageValue<
      Pallet, "NextEpochConfig", BabeEpochConfiguration, OptionQuery,
      DocLines<" The configuration for the next epoch, `None` if the config will not change",
               " (you can fallback to `EpochConfig` instead in that case).">>;
  using SkippedEpochs = StorageValue<
      Pallet, "SkippedEpochs", SkippedEpochList, ValueQuery,
      DocLines<" A list of the last 100 skipped epochs and the corresponding session index",
               " when the epoch was skipped.">>;

  // --- Errors.
  using Error = babe::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"InvalidEquivocationProof",
       "An equivocation proof provided as part of an equivocation report is invalid."},
      {"InvalidKeyOwnershipProof",
       "A key ownership proof provided as part of an equivocation report is invalid."},
      {"DuplicateOffenceReport",
       "A given equivocation report is valid but already previously reported."},
      {"InvalidConfiguration", "Submitted configuration is invalid."},
  };

  // --- Weights (weights.hpp: the runtime's BabeWeightInfo, else the reference).
  using Weights = WeightInfoOf<T>;
  static Weight report_equivocation_weight(uint32_t validator_count) {
    return Weights::report_equivocation(validator_count);
  }
  static Weight plan_config_change_weight() { return Weights::plan_config_change(); }

  // --- Calls.
  struct report_equivocation {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "report_equivocation";
    static constexpr const char* kDocs =
        "Report authority equivocation/misbehavior. This method will verify\nthe equivocation "
        "proof and validate the given key ownership proof\nagainst the extracted offender. If both "
        "are valid, the offence will\nbe reported.";
    EquivocationProof equivocation_proof;
    session::MembershipProof key_owner_proof;
    static constexpr auto fields() {
      return std::tuple{
          field("equivocation_proof", &report_equivocation::equivocation_proof,
                "Box<EquivocationProof<HeaderFor<T>>>"),
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
        "Report authority equivocation/misbehavior. This method will verify\nthe equivocation "
        "proof and validate the given key ownership proof\nagainst the extracted offender. If both "
        "are valid, the offence will\nbe reported.\nThis extrinsic must be called unsigned and it "
        "is expected that only\nblock authors will call it (validated in `ValidateUnsigned`), as "
        "such\nif the block author is defined it will be defined as the equivocation\nreporter.";
    EquivocationProof equivocation_proof;
    session::MembershipProof key_owner_proof;
    static constexpr auto fields() {
      return std::tuple{
          field("equivocation_proof", &report_equivocation_unsigned::equivocation_proof,
                "Box<EquivocationProof<HeaderFor<T>>>"),
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
  struct plan_config_change {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "plan_config_change";
    static constexpr const char* kDocs =
        "Plan an epoch config change. The epoch config change is recorded and will be enacted "
        "on\nthe next call to `enact_epoch_change`. The config will be activated one epoch "
        "after.\nMultiple calls to this method will replace any existing planned config change "
        "that had\nnot been enacted yet.";
    NextConfigDescriptor config;
    static constexpr auto fields() {
      return std::tuple{field("config", &plan_config_change::config, "NextConfigDescriptor")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {plan_config_change_weight()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const auto& v1 = std::get<NextConfigDescriptor::V1>(config.value);
      // A zero denominator, or primary slots only with c = 0, would leave no one to author.
      const bool valid =
          (std::get<0>(v1.c) != 0 || v1.allowed_slots != AllowedSlots::kPrimarySlots) &&
          std::get<1>(v1.c) != 0;
      if (!valid)
        return with_post_info(unexpected(pallet_error<Pallet>(Error::kInvalidConfiguration)));
      PendingEpochConfigChange::put(config);
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<report_equivocation, report_equivocation_unsigned, plan_config_change>;

  // Only the node's own unsigned reports (framework/equivocation_report.hpp), once their
  // evidence holds up: a key-ownership proof naming an offender not reported for that slot yet.
  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource source, const Call& call) {
    if constexpr (kReports) {
      return validate_local_report<report_equivocation_unsigned>(
          source, call, "BabeEquivocation", check_report,
          [](const report_equivocation_unsigned& report) {
            return std::tuple{report.equivocation_proof.offender,
                              report.equivocation_proof.slot.value};
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

  // --- Hooks.
  static Weight on_initialize(BlockNumber now) {
    initialize(now);
    return Weight::zero();
  }

  static void on_finalize(BlockNumber) {
    // The block's VRF output joins the randomness under construction now: if this block began an
    // epoch, the changeover has happened, so it counts for the right epoch.
    auto initialized = Initialized::take();
    if (initialized && *initialized) {
      const PreDigest& pre_digest = **initialized;
      const AuthorityIndex authority_index = pre_digest.authority_index();
      if constexpr (requires { T::babe_is_disabled(authority_index); }) {
        if (T::babe_is_disabled(authority_index)) {
          io::panic("Validator with index " + std::to_string(authority_index) +
                    " is disabled and should not be attempting to author blocks.");
        }
      }
      if (const VrfSignature* signature = pre_digest.vrf_signature()) {
        std::optional<Randomness> randomness;
        const auto authorities = Authorities::get().items;
        if (authority_index < authorities.size()) {
          const AuthorityId& public_key = std::get<0>(authorities[authority_index]);
          const VrfTranscriptData transcript{RandomnessItem::get(), CurrentSlot::get().value,
                                             EpochIndex::get()};
          randomness = author_vrf_randomness(public_key, transcript, *signature);
        }
        // Only primary slots' outputs feed the epoch randomness.
        if (randomness && pre_digest.is_primary()) deposit_randomness(*randomness);
        AuthorVrfRandomness::put(randomness);
      }
    }
    Lateness::kill();
  }

  // --- Epochs.

  // Runs once per block (on_initialize, or earlier through should_end_session).
  static void initialize(BlockNumber now) {
    if (Initialized::exists()) return;
    std::optional<PreDigest> pre_digest = find_pre_digest(System::Digest::get());
    if (pre_digest) {
      const Slot current_slot = pre_digest->slot();
      // Block #1 starts epoch #0: its slot becomes the genesis slot.
      if (GenesisSlot::get().value == 0) initialize_genesis_epoch(current_slot);
      const uint64_t expected = CurrentSlot::get().value + 1;
      const uint64_t lateness = current_slot.value > expected ? current_slot.value - expected : 0;
      Lateness::put(static_cast<BlockNumber>(lateness));
      CurrentSlot::put(current_slot);
    }
    Initialized::put(pre_digest);
    if constexpr (requires { T::kBabeSameAuthoritiesForever; }) {
      if (T::kBabeSameAuthoritiesForever && should_epoch_change(now)) {
        const AuthorityVec authorities = Authorities::get();
        enact_epoch_change(authorities.items, authorities.items, std::nullopt);
      }
    }
  }

  // Session's ShouldEndSession: the epoch (session) ends once its slots have passed.
  static bool should_end_session(BlockNumber now) {
    // Session may ask from its own on_initialize before ours ran.
    initialize(now);
    return should_epoch_change(now);
  }

  // Block #1 opens epoch #0 whatever its slot; afterwards the epoch ends after EpochDuration slots
  // (at the first block past them, since slots may be empty).
  static bool should_epoch_change(BlockNumber now) {
    if (now == 1) return false;
    const Slot current = CurrentSlot::get();
    const Slot start = current_epoch_start();
    const uint64_t diff = current.value > start.value ? current.value - start.value : 0;
    return diff >= epoch_duration();
  }

  // Best guess of the block of the next epoch change (no slots missed); none if in the past.
  static std::optional<BlockNumber> next_expected_epoch_change(BlockNumber now) {
    const uint64_t next_slot = current_epoch_start().value + epoch_duration();
    const uint64_t current = CurrentSlot::get().value;
    if (next_slot < current) return std::nullopt;
    const uint64_t blocks = next_slot - current;
    const uint64_t target = uint64_t{now} + blocks;
    return target > UINT32_MAX ? UINT32_MAX : static_cast<BlockNumber>(target);
  }

  // Enacts an epoch change (Session calls it on a new session). Announces the epoch after next
  // with NextEpochData, and a pending configuration with NextConfigData.
  static void enact_epoch_change(std::vector<Authority> authorities,
                                 std::vector<Authority> next_authorities,
                                 std::optional<session::SessionIndex> session_index) {
    if (authorities.empty()) {
      io::log(io::LogLevel::kWarn, "runtime::babe", "Ignoring empty epoch change.");
      return;
    }
    // The epoch follows the slot: after an outage of more than an epoch, epochs are skipped, and
    // the session ↔ epoch mapping keeps a note of it for equivocation proofs.
    const uint64_t epoch = epoch_index(CurrentSlot::get(), GenesisSlot::get(), epoch_duration());
    const uint64_t current_epoch = EpochIndex::get();
    if (current_epoch + 1 != epoch && session_index) {
      SkippedEpochs::mutate([&](SkippedEpochList& skipped) {
        if (epoch < *session_index) {
          io::log(io::LogLevel::kWarn, "runtime::babe",
                  "Current epoch index is lower than session index.");
          return;
        }
        if (skipped.items.size() >= kMaxSkippedEpochs) skipped.items.erase(skipped.items.begin());
        skipped.items.emplace_back(epoch, *session_index);
      });
    }
    EpochIndex::put(epoch);
    Authorities::put(bounded(std::move(authorities)));

    // The randomness announced last epoch becomes current; this epoch's VRF outputs make the next.
    RandomnessItem::put(randomness_change_epoch(epoch + 1));
    NextAuthorities::put(bounded(next_authorities));
    EpochStart::mutate([](std::tuple<BlockNumber, BlockNumber>& starts) {
      std::get<0>(starts) = std::get<1>(starts);
      std::get<1>(starts) = System::block_number();
    });

    deposit_consensus(ConsensusLog{ConsensusLog::NextEpochData{
        NextEpochDescriptor{std::move(next_authorities), NextRandomness::get()}}});

    if (auto next_config = NextEpochConfig::get()) EpochConfig::put(*next_config);
    if (auto pending = PendingEpochConfigChange::take()) {
      NextEpochConfig::put(pending->config());
      deposit_consensus(ConsensusLog{ConsensusLog::NextConfigData{*pending}});
    }
  }

  // The session index that was live in `epoch`, accounting for skipped epochs.
  static session::SessionIndex session_index_for_epoch(uint64_t epoch) {
    const auto skipped = SkippedEpochs::get().items;
    size_t lower = 0;
    while (lower < skipped.size() && std::get<0>(skipped[lower]) < epoch) ++lower;
    if (lower < skipped.size() && std::get<0>(skipped[lower]) == epoch) {
      return std::get<1>(skipped[lower]);
    }
    if (lower == 0) return static_cast<session::SessionIndex>(epoch);
    const auto& [skipped_epoch, skipped_session] = skipped[lower - 1];
    const uint64_t offset = skipped_epoch - skipped_session;
    return static_cast<session::SessionIndex>(epoch > offset ? epoch - offset : 0);
  }

  // --- Session handler (OneSessionHandler with the BABE key; weight 1 each).
  static void on_genesis_session(const std::vector<std::pair<AccountId32, AuthorityId>>& keys) {
    initialize_genesis_authorities(weighted(keys));
  }
  static void on_new_session(bool,
                             const std::vector<std::pair<AccountId32, AuthorityId>>& validators,
                             const std::vector<std::pair<AccountId32, AuthorityId>>& queued,
                             session::SessionIndex session_index) {
    auto authorities = weighted(validators);
    auto next = weighted(queued);
    warn_if_too_many(authorities.size());
    warn_if_too_many(next.size());
    enact_epoch_change(std::move(authorities), std::move(next), session_index);
  }
  static void on_disabled(uint32_t index) {
    deposit_consensus(ConsensusLog{ConsensusLog::OnDisabled{index}});
  }

  // --- Timestamp's OnTimestampSet: the block's time must fall in its slot.
  static void on_timestamp_set(uint64_t moment) {
    const uint64_t duration = slot_duration();
    if (duration == 0) io::panic("Babe slot duration cannot be zero.");
    if (CurrentSlot::get().value != moment / duration) {
      io::panic("Timestamp slot must match `CurrentSlot`");
    }
  }

  // --- Genesis: `{"authorities": [[key, weight], …], "epochConfig": {"c": [n, d],
  // "allowed_slots": "PrimaryAndSecondaryVRFSlots"}}` (with session keys, the authorities come
  // from Session's genesis instead).
  // `epochDuration` (slots; absent or null: the runtime's default, which stays out of the state)
  // is Canary's, for test networks with short eras.
  struct GenesisConfig {
    std::vector<Authority> authorities;
    BabeEpochConfiguration epoch_config;
    std::optional<uint64_t> epoch_duration;
    static constexpr auto json_fields() {
      return std::tuple{json_field("authorities", &GenesisConfig::authorities),
                        json_field("epochConfig", &GenesisConfig::epoch_config),
                        json_field("epochDuration", &GenesisConfig::epoch_duration)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (std::get<1>(config.epoch_config.c) == 0) {
      return unexpected(std::string("epochConfig.c: the denominator must not be zero"));
    }
    if (config.epoch_duration) {
      if constexpr (requires {
                      {
                        T::set_epoch_duration(uint64_t{})
                      } -> std::same_as<Result<void, std::string>>;
                    }) {
        if (auto set = T::set_epoch_duration(*config.epoch_duration); !set) return set;
      } else {
        return unexpected(std::string("epochDuration: this runtime's epoch duration is fixed"));
      }
    }
    SegmentIndex::put(0);
    initialize_genesis_authorities(config.authorities);
    EpochConfig::put(config.epoch_config);
    return {};
  }

  // --- Queries and the BabeApi runtime API.
  // Twice Timestamp's minimum period, so that an author can always propose within the majority of
  // its slot (FRAME's comment on pallet_babe::slot_duration).
  static uint64_t slot_duration() { return timestamp::minimum_period<T>() * 2; }
  // EpochDuration: the configuration's constant, or its value from state.
  static uint64_t epoch_duration() {
    if constexpr (requires {
                    { T::epoch_duration() } -> std::same_as<uint64_t>;
                  }) {
      return T::epoch_duration();
    } else {
      return T::kEpochDuration;
    }
  }
  static uint64_t expected_block_time() {
    if constexpr (requires {
                    { T::expected_block_time() } -> std::same_as<uint64_t>;
                  }) {
      return T::expected_block_time();
    } else {
      return T::kExpectedBlockTime;
    }
  }
  static std::vector<Authority> authorities() { return Authorities::get().items; }
  static Randomness randomness() { return RandomnessItem::get(); }
  static Slot current_epoch_start() {
    return epoch_start_slot(EpochIndex::get(), GenesisSlot::get(), epoch_duration());
  }
  // The stored configuration; only absent before genesis is built (Kusama falls back to its
  // genesis configuration in BabeApi_configuration, so do we with `fallback`).
  static BabeEpochConfiguration epoch_config(const BabeEpochConfiguration& fallback = {}) {
    return EpochConfig::get().value_or(fallback);
  }
  static BabeConfiguration configuration(const BabeEpochConfiguration& fallback = {}) {
    const BabeEpochConfiguration config = epoch_config(fallback);
    return {slot_duration(), epoch_duration(), config.c,
            authorities(),   randomness(),     config.allowed_slots};
  }
  static Epoch current_epoch() {
    return {EpochIndex::get(), current_epoch_start(), epoch_duration(),
            authorities(),     randomness(),          epoch_config()};
  }
  static Epoch next_epoch() {
    const uint64_t next = EpochIndex::get() + 1;
    return {next,
            epoch_start_slot(next, GenesisSlot::get(), epoch_duration()),
            epoch_duration(),
            NextAuthorities::get().items,
            NextRandomness::get(),
            NextEpochConfig::get().value_or(epoch_config())};
  }
  // FRAME's FindAuthor<u32>: the authority index of the first BABE pre-digest.
  static std::optional<AuthorityIndex> find_author(const block::Digest& digest) {
    auto pre_digest = find_pre_digest(digest);
    if (!pre_digest) return std::nullopt;
    return pre_digest->authority_index();
  }
  static bool is_member(const AuthorityId& id) {
    for (const Authority& a : Authorities::get().items) {
      if (std::get<0>(a) == id) return true;
    }
    return false;
  }

  // --- Metadata.
  using Storage = std::tuple<EpochIndex, Authorities, GenesisSlot, CurrentSlot, RandomnessItem,
                             PendingEpochConfigChange, NextRandomness, NextAuthorities,
                             SegmentIndex, UnderConstruction, Initialized, AuthorVrfRandomness,
                             EpochStart, Lateness, EpochConfig, NextEpochConfig, SkippedEpochs>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "EpochDuration", epoch_duration(),
                         {" The amount of time, in slots, that each epoch should last.",
                          " NOTE: Currently it is not possible to change the epoch duration after",
                          " the chain has started. Attempting to do so will brick block "
                          "production."}));
    c.push_back(constant(
        r, "ExpectedBlockTime", expected_block_time(),
        {" The expected average block time at which BABE should be creating", " blocks."}));
    c.push_back(constant(r, "MaxAuthorities", uint32_t{T::kMaxAuthorities},
                         {" Max number of authorities allowed"}));
    c.push_back(constant(r, "MaxNominators", uint32_t{T::kMaxNominators},
                         {" The maximum number of nominators for each validator."}));
  }

  // BabeApi_generate_key_ownership_proof: the proof that `authority` holds a BABE key in the
  // current session (Kusama ignores the slot).
  static std::optional<session::MembershipProof> generate_key_ownership_proof(
      Slot /*slot*/, const AuthorityId& authority) {
    if constexpr (kReports) {
      return T::EquivocationReporting::prove_key_ownership(kKeyType, authority.bytes);
    } else {
      return std::nullopt;
    }
  }

  // BabeApi_submit_report_equivocation_unsigned_extrinsic: the report as an unsigned extrinsic to
  // the node's pool; whether the pool took it.
  static bool submit_unsigned_equivocation_report(EquivocationProof proof,
                                                  session::MembershipProof key_owner_proof) {
    if constexpr (kReports) {
      return T::EquivocationReporting::template submit_unsigned<Pallet>(
          report_equivocation_unsigned{std::move(proof), std::move(key_owner_proof)});
    } else {
      return false;
    }
  }

 private:
  static AuthorityVec bounded(std::vector<Authority> authorities) {
    warn_if_too_many(authorities.size());
    return AuthorityVec{std::move(authorities)};
  }
  // FRAME's WeakBoundedVec::force_from keeps an oversized set and logs.
  static void warn_if_too_many(size_t n) {
    if (n > T::kMaxAuthorities) {
      io::log(io::LogLevel::kWarn, "runtime::babe",
              "Warning: The session has more validators than expected. A runtime configuration "
              "adjustment may be needed.");
    }
  }
  static std::vector<Authority> weighted(
      const std::vector<std::pair<AccountId32, AuthorityId>>& keys) {
    std::vector<Authority> out;
    out.reserve(keys.size());
    for (const auto& [account, key] : keys) out.emplace_back(key, BabeAuthorityWeight{1});
    return out;
  }

  static std::optional<Randomness> author_vrf_randomness(const AuthorityId& public_key,
                                                         const VrfTranscriptData& transcript,
                                                         const VrfSignature& signature) {
    if constexpr (requires {
                    {
                      T::babe_vrf_randomness(public_key, transcript, signature)
                    } -> std::same_as<std::optional<Randomness>>;
                  }) {
      // An unusable pre-output (FRAME: make_bytes fails) counts as no randomness at all, as in
      // FRAME: AuthorVrfRandomness is None and nothing is deposited. The node has verified the
      // pre-output, so this does not happen on a valid chain.
      return T::babe_vrf_randomness(public_key, transcript, signature);
    } else {
      return hashed_vrf_randomness(public_key, transcript, signature);
    }
  }

  static void deposit_consensus(const ConsensusLog& log) {
    System::deposit_log(block::DigestConsensus{block::kBabeEngineId, scale::encode(log)});
  }

  static void deposit_randomness(const Randomness& randomness) {
    uint32_t segment_index = SegmentIndex::get();
    RandomnessSegment segment = UnderConstruction::get(segment_index);
    if (segment.items.size() < kUnderConstructionSegmentLength) {
      segment.items.push_back(randomness);
      UnderConstruction::insert(segment_index, segment);
    } else {
      segment_index += 1;
      UnderConstruction::insert(segment_index, RandomnessSegment{{randomness}});
      SegmentIndex::put(segment_index);
    }
  }

  // Returns the randomness of the epoch starting now and computes the one after it. FRAME takes
  // the segments 0 .. SegmentIndex - 1 only: the segment being filled stays in storage and is
  // carried into the next epoch's accumulation. Kept as is, for the same state as FRAME.
  static Randomness randomness_change_epoch(uint64_t next_epoch_index) {
    const Randomness this_randomness = NextRandomness::get();
    const uint32_t segment_index = SegmentIndex::take();
    SegmentIndex::put(0);
    std::vector<Randomness> rho;
    for (uint32_t i = 0; i < segment_index; ++i) {
      auto segment = UnderConstruction::take(i).items;
      rho.insert(rho.end(), segment.begin(), segment.end());
    }
    NextRandomness::put(compute_randomness(this_randomness, next_epoch_index, rho));
    return this_randomness;
  }

  static void initialize_genesis_authorities(const std::vector<Authority>& authorities) {
    if (authorities.empty()) return;
    if (!Authorities::get().items.empty()) io::panic("Authorities are already initialized!");
    if (authorities.size() > T::kMaxAuthorities) {
      io::panic("Initial number of authorities should be lower than T::MaxAuthorities");
    }
    Authorities::put(AuthorityVec{authorities});
    NextAuthorities::put(AuthorityVec{authorities});
  }

  // Block #1: epoch #0 starts at its slot, with the genesis authorities and randomness (nothing
  // has been collected yet), announced as the "next" epoch data.
  static void initialize_genesis_epoch(Slot genesis_slot) {
    GenesisSlot::put(genesis_slot);
    deposit_consensus(ConsensusLog{
        ConsensusLog::NextEpochData{NextEpochDescriptor{authorities(), randomness()}}});
  }

  // --- Equivocation reports (FRAME's EquivocationReportSystem, substrate/frame/babe/src/
  // equivocation.rs).
  static constexpr bool kReports = requires { typename T::EquivocationReporting; };
  static constexpr session::KeyTypeId kKeyType = session::key_type("babe");
  static constexpr auto kCallInvalid = runtime::InvalidTransaction::Kind::kCall;

  // FRAME's check_evidence: the pool's test of an unsigned report.
  static Result<void, runtime::TransactionValidityError> check_evidence(
      const EquivocationProof& proof, const session::MembershipProof& key_owner_proof) {
    using R = typename T::EquivocationReporting;
    using Offence = EquivocationOffence<typename R::Offender>;
    auto offender = R::check_key_owner_proof(kKeyType, proof.offender.bytes, key_owner_proof);
    if (!offender) return unexpected(rt::invalid(runtime::InvalidTransaction::Kind::kBadProof));
    const std::vector<typename R::Offender> offenders{std::move(*offender)};
    if (R::template is_known_offence<Offence>(offenders, proof.slot)) {
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

  // FRAME's process_evidence: the evidence, then the key-ownership proof against the session of
  // the slot's epoch, then the offence to Offences.
  static DispatchResult process_evidence(std::optional<AccountId32> reporter,
                                         const EquivocationProof& proof,
                                         const session::MembershipProof& key_owner_proof) {
    if constexpr (kReports) {
      using R = typename T::EquivocationReporting;
      using Offence = EquivocationOffence<typename R::Offender>;
      if (!reporter) reporter = R::block_author();
      if (!check_equivocation_proof(proof)) {
        return unexpected(pallet_error<Pallet>(Error::kInvalidEquivocationProof));
      }
      const uint64_t epoch = epoch_index(proof.slot, GenesisSlot::get(), epoch_duration());
      if (session_index_for_epoch(epoch) != key_owner_proof.session) {
        return unexpected(pallet_error<Pallet>(Error::kInvalidKeyOwnershipProof));
      }
      auto offender = R::check_key_owner_proof(kKeyType, proof.offender.bytes, key_owner_proof);
      if (!offender) return unexpected(pallet_error<Pallet>(Error::kInvalidKeyOwnershipProof));
      const Offence offence{proof.slot, key_owner_proof.session, key_owner_proof.validator_count,
                            std::move(*offender)};
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
};

}  // namespace canary::rt::pallets::babe
