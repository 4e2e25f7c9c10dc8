// polkadot-runtime-parachains' `inclusion` pallet (ParaInclusion, Kusama index 53): the
// candidates pending availability, one chain per para (`V1`), what the paras inherent feeds it
// (signed availability bitfields, backed candidates) and what comes of it: a candidate whose
// chunks a supermajority of the active validators hold is enacted (code upgrade scheduled, the
// para's head noted, CandidateIncluded), one that waits too long times out (CandidateTimedOut).
// Semantics: polkadot-sdk stable2506 polkadot/runtime/parachains/src/inclusion/mod.rs
// (polkadot-runtime-parachains 21.0.1, what polkadot-fellows/runtimes v1.7.1's Kusama uses;
// relay parents, not master's scheduling parents) and paras_inherent/mod.rs' sanitize_bitfields;
// the implementers' guide roadmap/implementers-guide/src/runtime/inclusion.md. Storage, events
// and errors as Kusama's metadata (spec 1_009_002) lists them (README.md).
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration, ParasShared, Paras, ParaScheduler = …;   the other parachain pallets
// No calls (Kusama's metadata declares an empty Call enum). ParaInherent (not yet written) calls
// sanitize_bitfields, update_pending_availability_and_get_freed_cores, free_timedout,
// free_disputed and process_candidates; the Initializer the initializer_* hooks. Not yet
// composed in the Canary runtime.
//
// Messaging is stubbed until Dmp, Hrmp and MessageQueue exist: a candidate must process no
// downward messages, send no upward messages (UMP signals after the separator are allowed) and
// no horizontal ones, and set its HRMP watermark to its relay parent's number. Validators are
// not yet rewarded for backing or availability (RewardValidators).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/initializer/session_change.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_inclusion/types.hpp"
#include "runtime/pallets/para_shared/allowed_relay_parents.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/types.hpp"

namespace canary::rt::pallets::para_inclusion {

using para_primitives::AvailabilityBitfield;
using para_primitives::BackedCandidate;
using para_primitives::HeadData;
using para_primitives::ParaId;
using para_primitives::SigningContext;
using para_primitives::UncheckedSignedAvailabilityBitfield;
using para_primitives::ValidatorIndex;
using para_primitives::ValidityAttestation;
using para_shared::ValidatorId;
using BlockNumberT = uint32_t;

// Kusama's inclusion::Error (17 variants; master adds DisallowedSchedulingParent at 6).
enum class Error : uint8_t {
  kValidatorIndexOutOfBounds = 0,
  kUnscheduledCandidate = 1,
  kHeadDataTooLarge = 2,
  kPrematureCodeUpgrade = 3,
  kNewCodeTooLarge = 4,
  kDisallowedRelayParent = 5,
  kInvalidAssignment = 6,
  kInvalidGroupIndex = 7,
  kInsufficientBacking = 8,
  kInvalidBacking = 9,
  kValidationDataHashMismatch = 10,
  kIncorrectDownwardMessageHandling = 11,
  kInvalidUpwardMessages = 12,
  kHrmpWatermarkMishandling = 13,
  kInvalidOutboundHrmp = 14,
  kInvalidValidationCodeHash = 15,
  kParaHeadMismatch = 16,
};

// Why sanitize_bitfields dropped a bitfield (paras_inherent logs it and goes on).
enum class BitfieldCheck : uint8_t {
  kOk,
  kWrongLength,           // not one bit per availability core
  kDisputed,              // a bit for a core freed by a concluded dispute
  kUnorderedOrDuplicate,  // validator index not above the previous bitfield's
  kValidatorOutOfBounds,  // no such active validator
  kBadSignature,
};

// effective_minimum_backing_votes: a group smaller than the configured minimum needs all its
// members.
constexpr size_t effective_minimum_backing_votes(size_t group_len, uint32_t configured) {
  return std::min(group_len, static_cast<size_t>(configured));
}

// skip_ump_signals: the upward messages proper end at the first empty message (the separator
// before UMP signals, parachain-facts.md §1.4).
inline size_t upward_message_count(const para_primitives::UpwardMessages& messages) {
  size_t n = 0;
  for (const Bytes& m : messages) {
    if (m.empty()) break;
    ++n;
  }
  return n;
}

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  // Kusama's metadata names the enums polkadot_runtime_parachains::inclusion::pallet::Event/Error.
  static constexpr std::string_view kModule = "inclusion";
  static constexpr const char* kDocs = "The inclusion pallet: candidates pending availability.";
  // inclusion/migration.rs: v1 keeps a chain of candidates per para under the `V1` prefix.
  static constexpr uint16_t kStorageVersion = 1;
  static constexpr const char* kLogTarget = "runtime::inclusion";

  using Pending = std::vector<CandidatePendingAvailability>;
  using PendingAvailability = StorageMap<
      Pallet, "V1", Twox64Concat, ParaId, Pending, OptionQuery,
      DocLines<" Candidates pending availability by `ParaId`. They form a chain starting from the "
               "latest",
               " included head of the para.",
               " Use a different prefix post-migration to v1, since the v0 `PendingAvailability` "
               "storage",
               " would otherwise have the exact same prefix which could cause undefined behaviour "
               "when doing",
               " the migration.">>;
  using Storage = std::tuple<PendingAvailability>;

  // --- Errors.
  using Error = para_inclusion::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"ValidatorIndexOutOfBounds", "Validator index out of bounds."},
      {"UnscheduledCandidate", "Candidate submitted but para not scheduled."},
      {"HeadDataTooLarge", "Head data exceeds the configured maximum."},
      {"PrematureCodeUpgrade", "Code upgrade prematurely."},
      {"NewCodeTooLarge", "Output code is too large"},
      {"DisallowedRelayParent",
       "The candidate's relay-parent was not allowed. Either it was\nnot recent enough or it "
       "didn't advance based on the last parachain block."},
      {"InvalidAssignment",
       "Failed to compute group index for the core: either it's out of bounds\nor the relay "
       "parent doesn't belong to the current session."},
      {"InvalidGroupIndex", "Invalid group index in core assignment."},
      {"InsufficientBacking", "Insufficient (non-majority) backing."},
      {"InvalidBacking", "Invalid (bad signature, unknown validator, etc.) backing."},
      {"ValidationDataHashMismatch", "The validation data hash does not match expected."},
      {"IncorrectDownwardMessageHandling",
       "The downward message queue is not processed correctly."},
      {"InvalidUpwardMessages",
       "At least one upward message sent does not pass the acceptance criteria."},
      {"HrmpWatermarkMishandling",
       "The candidate didn't follow the rules of HRMP watermark advancement."},
      {"InvalidOutboundHrmp", "The HRMP messages sent by the candidate is not valid."},
      {"InvalidValidationCodeHash", "The validation code hash of the candidate is not valid."},
      {"ParaHeadMismatch",
       "The `para_head` hash in the candidate descriptor doesn't match the hash of the actual\n"
       "para head in the commitments."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events (tuple variants, as FRAME's).
  template <uint8_t kIdx, FixedString kEventName, FixedString kEventDocs>
  struct CandidateEvent {
    static constexpr uint8_t kScaleIndex = kIdx;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    CandidateReceiptV2 receipt;
    HeadData head_data;
    CoreIndex core;
    GroupIndex group;
    bool operator==(const CandidateEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&CandidateEvent::receipt, "CandidateReceipt<T::Hash>"),
                        unnamed_field(&CandidateEvent::head_data, "HeadData"),
                        unnamed_field(&CandidateEvent::core, "CoreIndex"),
                        unnamed_field(&CandidateEvent::group, "GroupIndex")};
    }
    CANARY_DESCRIBED()
  };
  using CandidateBacked =
      CandidateEvent<0, "CandidateBacked", "A candidate was backed. `[candidate, head_data]`">;
  using CandidateIncluded =
      CandidateEvent<1, "CandidateIncluded", "A candidate was included. `[candidate, head_data]`">;
  struct CandidateTimedOut {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "CandidateTimedOut";
    static constexpr const char* kDocs = "A candidate timed out. `[candidate, head_data]`";
    CandidateReceiptV2 receipt;
    HeadData head_data;
    CoreIndex core;
    bool operator==(const CandidateTimedOut&) const = default;
    static constexpr auto fields() {
      return std::tuple{unnamed_field(&CandidateTimedOut::receipt, "CandidateReceipt<T::Hash>"),
                        unnamed_field(&CandidateTimedOut::head_data, "HeadData"),
                        unnamed_field(&CandidateTimedOut::core, "CoreIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct UpwardMessagesReceived {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "UpwardMessagesReceived";
    static constexpr const char* kDocs =
        "Some upward messages have been received and will be processed.";
    ParaId from;
    uint32_t count = 0;
    bool operator==(const UpwardMessagesReceived&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("from", &UpwardMessagesReceived::from, "ParaId"),
                        field("count", &UpwardMessagesReceived::count, "u32")};
    }
    CANARY_DESCRIBED()
  };
  using Event =
      std::variant<CandidateBacked, CandidateIncluded, CandidateTimedOut, UpwardMessagesReceived>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- The Initializer's hooks.
  static Weight initializer_initialize(BlockNumberT /*now*/) { return Weight::zero(); }
  static void initializer_finalize() {}
  // A new session forgets every candidate pending availability (their backing groups and
  // availability votes were the old session's). The outgoing paras' UMP queues would be swept
  // here once MessageQueue exists.
  static void initializer_on_new_session(const initializer::SessionChangeNotification& /*n*/,
                                         const std::vector<ParaId>& /*outgoing*/) {
    PendingAvailability::clear();
  }

  // --- Bitfields (paras_inherent::sanitize_bitfields, stable2506): one bit per availability
  // core, strictly increasing validator indices, a known validator, a good signature over the
  // bitfield with SigningContext{session, parent_hash}. A bitfield that fails is dropped (the
  // inherent goes on); an unordered or duplicate one does not move the bar, one with a bad
  // signature does (FRAME sets last_index after the signature check whatever its outcome).
  // `disputed` has a bit per core freed by a concluded dispute (none until ParasDisputes).
  static BitfieldCheck check_bitfield(const UncheckedSignedAvailabilityBitfield& b,
                                      size_t expected_bits, const scale::BitVec& disputed,
                                      std::optional<ValidatorIndex> last_index,
                                      const SigningContext& ctx,
                                      const std::vector<ValidatorId>& validators) {
    if (b.payload.bits.size() != expected_bits) return BitfieldCheck::kWrongLength;
    for (size_t i = 0; i < expected_bits; ++i) {
      if (b.payload.bits.get(i) && disputed.get(i)) return BitfieldCheck::kDisputed;
    }
    if (last_index && !(*last_index < b.validator_index)) {
      return BitfieldCheck::kUnorderedOrDuplicate;
    }
    if (b.validator_index.value >= validators.size()) return BitfieldCheck::kValidatorOutOfBounds;
    if (!b.check_signature(ctx, validators[b.validator_index.value].bytes)) {
      return BitfieldCheck::kBadSignature;
    }
    return BitfieldCheck::kOk;
  }

  static std::vector<UncheckedSignedAvailabilityBitfield> sanitize_bitfields(
      const std::vector<UncheckedSignedAvailabilityBitfield>& unchecked,
      const scale::BitVec& disputed, size_t expected_bits, const H256& parent_hash,
      uint32_t session_index, const std::vector<ValidatorId>& validators,
      std::vector<BitfieldCheck>* outcomes = nullptr) {
    const SigningContext ctx{session_index, parent_hash};
    std::vector<UncheckedSignedAvailabilityBitfield> accepted;
    std::optional<ValidatorIndex> last_index;
    for (const auto& b : unchecked) {
      const BitfieldCheck check =
          check_bitfield(b, expected_bits, disputed, last_index, ctx, validators);
      if (outcomes != nullptr) outcomes->push_back(check);
      if (check == BitfieldCheck::kOk) accepted.push_back(b);
      if (check == BitfieldCheck::kOk || check == BitfieldCheck::kBadSignature) {
        last_index = b.validator_index;
      }
      if (check == BitfieldCheck::kBadSignature) {
        io::log(io::LogLevel::kWarn, kLogTarget, "Invalid bitfield signature");
      }
    }
    return accepted;
  }

  // --- Availability (update_pending_availability_and_get_freed_cores): each sanitized
  // bitfield's set bits vote for the candidates occupying those cores; a candidate with
  // supermajority_threshold(validators) votes is enacted once every candidate before it in its
  // para's chain is (a candidate available before its predecessors keeps its votes and waits).
  // Returns the freed cores with their candidates, para by para in storage order.
  static std::pair<Weight, std::vector<std::pair<CoreIndex, CandidateHash>>>
  update_pending_availability_and_get_freed_cores(
      size_t n_validators, const std::vector<UncheckedSignedAvailabilityBitfield>& bitfields) {
    const size_t threshold = para_primitives::supermajority_threshold(n_validators);
    std::map<CoreIndex, std::set<ValidatorIndex>> votes_per_core;
    for (const auto& b : bitfields) {
      for (size_t bit = 0; bit < b.payload.bits.size(); ++bit) {
        if (b.payload.bits.get(bit)) {
          votes_per_core[CoreIndex{static_cast<uint32_t>(bit)}].insert(b.validator_index);
        }
      }
    }
    std::vector<std::pair<CoreIndex, CandidateHash>> freed;
    Weight weight = Weight::zero();
    for (const auto& [para, unused] : PendingAvailability::entries()) {
      (void)unused;
      std::vector<CandidatePendingAvailability> enacted;
      PendingAvailability::mutate(para, [&](std::optional<Pending>& candidates) {
        if (!candidates) return;
        std::optional<size_t> last_enacted;
        for (size_t i = 0; i < candidates->size(); ++i) {
          CandidatePendingAvailability& c = (*candidates)[i];
          if (auto it = votes_per_core.find(c.core); it != votes_per_core.end()) {
            for (const ValidatorIndex v : it->second) c.availability_votes.set(v.value, true);
            votes_per_core.erase(it);
          }
          if (c.availability_votes.count_ones() >= threshold) {
            const bool can_enact = i == 0 ? !last_enacted.has_value()
                                          : (last_enacted.has_value() && *last_enacted == i - 1);
            if (can_enact) last_enacted = i;
          }
        }
        if (last_enacted) {
          const auto end = candidates->begin() + static_cast<std::ptrdiff_t>(*last_enacted + 1);
          enacted.assign(std::make_move_iterator(candidates->begin()),
                         std::make_move_iterator(end));
          candidates->erase(candidates->begin(), end);
        }
      });
      for (CandidatePendingAvailability& c : enacted) {
        freed.emplace_back(c.core, c.hash);
        weight = weight.saturating_add(enact_candidate(std::move(c)));
      }
    }
    // FRAME sets the proof size to zero: the bitfields' size is accounted for by the inherent.
    return {Weight::from_parts(weight.ref_time, 0), std::move(freed)};
  }

  // enact_candidate: the new code scheduled (the para asked for it: a GoAhead signal follows),
  // CandidateIncluded, and the para's head noted in the context of its relay parent. (Rewards,
  // DMQ pruning, UMP enqueueing and HRMP are the stubs of the header.)
  static Weight enact_candidate(CandidatePendingAvailability c) {
    const ParaId para = c.descriptor.para_id;
    if (c.commitments.new_validation_code) {
      T::Paras::schedule_code_upgrade(
          para, *c.commitments.new_validation_code, T::System::block_number(),
          T::Configuration::ActiveConfig::get(), paras::UpgradeStrategy::kSetGoAheadSignal);
    }
    deposit_event(CandidateIncluded{c.receipt(), c.commitments.head_data, c.core, c.backing_group});
    T::Paras::note_new_head(para, c.commitments.head_data, c.relay_parent_number);
    return Weight::zero();
  }

  // force_enact: every candidate of the para enacted as though available (runtime APIs that
  // discard their changes use it).
  static void force_enact(ParaId para) {
    Pending candidates = PendingAvailability::take(para).value_or(Pending{});
    for (CandidatePendingAvailability& c : candidates) enact_candidate(std::move(c));
  }

  // --- Timeouts and disputes: a failed candidate frees its core and those of its descendants
  // in the para's chain.
  static std::vector<CoreIndex> free_timedout() {
    const auto predicate = T::ParaScheduler::availability_timeout_predicate();
    std::vector<CoreIndex> cores;
    for (CandidatePendingAvailability& c : free_failed_cores(
             [&](const auto& pending) { return predicate(pending.backed_in_number).timed_out; })) {
      cores.push_back(c.core);
      deposit_event(CandidateTimedOut{c.receipt(), c.commitments.head_data, c.core});
    }
    return cores;
  }
  static std::vector<std::pair<CoreIndex, CandidateHash>> free_disputed(
      const std::set<CandidateHash>& disputed) {
    std::vector<std::pair<CoreIndex, CandidateHash>> out;
    for (const CandidatePendingAvailability& c :
         free_failed_cores([&](const auto& pending) { return disputed.contains(pending.hash); })) {
      out.emplace_back(c.core, c.hash);
    }
    return out;
  }

  // --- Backing (process_candidates, stable2506): for each para in order, its candidates in
  // chain order, each checked (verify_backed_candidate, check_backing_votes) against the para's
  // latest head (the last pending candidate's, else Paras' head), pushed pending availability,
  // CandidateBacked. The first failure fails the whole call (ParaInherent sanitizes first).
  // Returns each receipt with its backers and their attestations.
  using BackedWithCores = std::map<ParaId, std::vector<std::pair<BackedCandidate, CoreIndex>>>;
  using Backers = std::vector<std::pair<ValidatorIndex, ValidityAttestation>>;
  static Result<std::vector<std::pair<CandidateReceiptV2, Backers>>, DispatchError>
  process_candidates(const para_shared::AllowedRelayParentsTracker& allowed_relay_parents,
                     const BackedWithCores& candidates) {
    std::vector<std::pair<CandidateReceiptV2, Backers>> out;
    if (candidates.empty()) return out;
    const BlockNumberT now = T::System::block_number();
    const std::vector<ValidatorId> validators = T::ParasShared::ActiveValidatorKeys::get();
    for (const auto& [para, para_candidates] : candidates) {
      std::optional<HeadData> latest_head = para_latest_head_data(para);
      if (!latest_head) {
        io::log(io::LogLevel::kError, kLogTarget, "Latest included head data is None");
        continue;
      }
      for (const auto& [candidate, core] : para_candidates) {
        const CandidateHash hash = candidate.hash();
        auto relay_parent_number =
            verify_backed_candidate(allowed_relay_parents, candidate.candidate, *latest_head);
        if (!relay_parent_number) return unexpected(error(relay_parent_number.error()));
        // A candidate built on relay parent N is backed by the group on the core at N + 1.
        const auto group = T::ParaScheduler::group_assigned_to_core(core, *relay_parent_number + 1);
        if (!group) return unexpected(error(Error::kInvalidAssignment));
        const auto group_vals = T::ParaScheduler::group_validators(*group);
        if (!group_vals) return unexpected(error(Error::kInvalidGroupIndex));
        auto backing = check_backing_votes(candidate, validators, *group_vals);
        if (!backing) return unexpected(error(backing.error()));
        *latest_head = candidate.candidate.commitments.head_data;
        out.emplace_back(candidate.receipt(), std::move(backing->second));

        CandidatePendingAvailability pending{core,
                                             hash,
                                             candidate.candidate.descriptor,
                                             candidate.candidate.commitments,
                                             scale::BitVec(validators.size()),
                                             std::move(backing->first),
                                             *relay_parent_number,
                                             now,
                                             *group};
        PendingAvailability::mutate(para, [&](std::optional<Pending>& v) {
          if (!v) v = Pending{};
          v->push_back(std::move(pending));
        });
        deposit_event(CandidateBacked{candidate.receipt(),
                                      candidate.candidate.commitments.head_data, core, *group});
      }
    }
    return out;
  }

  // verify_backed_candidate: an allowed relay parent, the PVD hash recomputed from the parent
  // head, the para's current code, the descriptor's para_head, then the outputs' acceptance.
  // Returns the relay parent's number.
  static Result<BlockNumberT, Error> verify_backed_candidate(
      const para_shared::AllowedRelayParentsTracker& allowed_relay_parents,
      const CommittedCandidateReceiptV2& receipt, const HeadData& parent_head) {
    const auto& d = receipt.descriptor;
    const auto info = allowed_relay_parents.acquire_info(d.relay_parent);
    if (!info) return unexpected(Error::kDisallowedRelayParent);
    const auto [state_root, relay_parent_number] = *info;
    const auto config = T::Configuration::ActiveConfig::get();
    const para_primitives::PersistedValidationData pvd{parent_head, relay_parent_number, state_root,
                                                       config.max_pov_size};
    if (pvd.hash() != d.persisted_validation_data_hash) {
      return unexpected(Error::kValidationDataHashMismatch);
    }
    const auto code_hash = T::Paras::CurrentCodeHash::get(d.para_id);
    if (!code_hash) return unexpected(Error::kUnscheduledCandidate);
    if (*code_hash != d.validation_code_hash) return unexpected(Error::kInvalidValidationCodeHash);
    if (H256{receipt.commitments.head_data.hash()} != d.para_head) {
      return unexpected(Error::kParaHeadMismatch);
    }
    CANARY_TRY(check_validation_outputs(d.para_id, relay_parent_number, receipt.commitments));
    return relay_parent_number;
  }

  // check_validation_outputs: head and code sizes, a code upgrade only when allowed, and the
  // messaging stubs (header).
  static Result<void, Error> check_validation_outputs(ParaId para, BlockNumberT relay_parent_number,
                                                      const CandidateCommitments& c) {
    const auto config = T::Configuration::ActiveConfig::get();
    if (c.head_data.bytes.size() > config.max_head_data_size) {
      return unexpected(Error::kHeadDataTooLarge);
    }
    if (c.new_validation_code) {
      if (!T::Paras::can_upgrade_validation_code(para)) {
        return unexpected(Error::kPrematureCodeUpgrade);
      }
      if (c.new_validation_code->bytes.size() > config.max_code_size) {
        return unexpected(Error::kNewCodeTooLarge);
      }
    }
    // Stub of Dmp::check_processed_downward_messages: every downward queue is empty.
    if (c.processed_downward_messages != 0) {
      return unexpected(Error::kIncorrectDownwardMessageHandling);
    }
    // Stub of check_upward_messages: no MessageQueue takes them yet.
    if (upward_message_count(c.upward_messages) != 0) {
      return unexpected(Error::kInvalidUpwardMessages);
    }
    // Stub of Hrmp::check_hrmp_watermark: with no inbound channel the only watermark allowed
    // is the relay parent's number.
    if (c.hrmp_watermark != relay_parent_number) {
      return unexpected(Error::kHrmpWatermarkMishandling);
    }
    // Stub of Hrmp::check_outbound_hrmp: no channels.
    if (!c.horizontal_messages.empty()) return unexpected(Error::kInvalidOutboundHrmp);
    return {};
  }

  // check_backing_votes with polkadot-primitives' check_candidate_backing: the validator
  // indices (core index bits removed) have exactly one bit per group member, no more votes than
  // members, every vote a good signature of the member its bit names over the compact
  // statement with SigningContext{current session, relay parent}; at least
  // effective_minimum_backing_votes of them. Returns the backers as a bit per active validator,
  // and each backer's attestation.
  static Result<std::pair<scale::BitVec, Backers>, Error> check_backing_votes(
      const BackedCandidate& backed, const std::vector<ValidatorId>& validators,
      const std::vector<ValidatorIndex>& group) {
    const uint32_t minimum = T::Configuration::ActiveConfig::get().minimum_backing_votes;
    const SigningContext ctx{T::ParasShared::CurrentSessionIndex::get(),
                             backed.candidate.descriptor.relay_parent};
    const CandidateHash hash = backed.hash();
    const auto [indices, core] = backed.validator_indices_and_core_index();
    (void)core;
    if (indices.size() != group.size()) return unexpected(Error::kInvalidBacking);
    if (backed.validity_votes.size() > group.size()) return unexpected(Error::kInvalidBacking);
    scale::BitVec backers(validators.size());
    Backers attestations;
    size_t vote = 0;
    for (size_t i = 0; i < indices.size() && vote < backed.validity_votes.size(); ++i) {
      if (!indices.get(i)) continue;
      const ValidityAttestation& a = backed.validity_votes[vote++];
      const ValidatorIndex v = group[i];
      if (v.value >= validators.size()) return unexpected(Error::kInvalidBacking);
      const Bytes payload =
          para_primitives::backing_statement_payload(a.statement_kind(), hash, ctx);
      if (!io::crypto::sr25519_verify(a.signature.bytes, payload, validators[v.value].bytes)) {
        return unexpected(Error::kInvalidBacking);
      }
      backers.set(v.value, true);
      attestations.emplace_back(v, a);
    }
    if (vote != backed.validity_votes.size()) return unexpected(Error::kInvalidBacking);
    if (vote < effective_minimum_backing_votes(group.size(), minimum)) {
      return unexpected(Error::kInsufficientBacking);
    }
    return std::pair{std::move(backers), std::move(attestations)};
  }

  // --- Queries (runtime APIs and ParaInherent).
  static std::optional<HeadData> para_latest_head_data(ParaId para) {
    if (auto pending = PendingAvailability::get(para); pending && !pending->empty()) {
      return pending->back().commitments.head_data;
    }
    return T::Paras::Heads::get(para);
  }
  static std::optional<BlockNumberT> para_most_recent_context(ParaId para) {
    if (auto pending = PendingAvailability::get(para); pending && !pending->empty()) {
      return pending->back().relay_parent_number;
    }
    return T::Paras::MostRecentContext::get(para);
  }
  static std::vector<std::pair<CoreIndex, CandidatePendingAvailability>> get_occupied_cores() {
    std::vector<std::pair<CoreIndex, CandidatePendingAvailability>> out;
    for (auto& [para, candidates] : PendingAvailability::entries()) {
      for (auto& c : candidates) out.emplace_back(c.core, std::move(c));
    }
    return out;
  }
  static std::optional<CommittedCandidateReceiptV2> first_candidate_pending_availability(
      ParaId para) {
    const auto pending = PendingAvailability::get(para);
    if (!pending || pending->empty()) return std::nullopt;
    return pending->front().committed_receipt();
  }
  static std::vector<CommittedCandidateReceiptV2> candidates_pending_availability(ParaId para) {
    std::vector<CommittedCandidateReceiptV2> out;
    for (const auto& c : PendingAvailability::get(para).value_or(Pending{})) {
      out.push_back(c.committed_receipt());
    }
    return out;
  }

  // --- Try-state: no two candidates occupy the same core. (A para's emptied chain stays in
  // storage as an empty sequence, as FRAME's mutate of Some(VecDeque) leaves it.)
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    std::set<CoreIndex> cores;
    for (const auto& [para, candidates] : PendingAvailability::entries()) {
      for (const auto& c : candidates) {
        if (!cores.insert(c.core).second) {
          return unexpected("ParaInclusion: core " + std::to_string(c.core.value) +
                            " occupied twice");
        }
      }
    }
    return {};
  }

 private:
  // free_failed_cores: in each para's chain the first candidate the predicate fails and all
  // after it are removed and returned (chains are in dependency order).
  template <class Pred>
  static std::vector<CandidatePendingAvailability> free_failed_cores(Pred pred) {
    std::vector<std::pair<ParaId, size_t>> earliest;
    for (const auto& [para, candidates] : PendingAvailability::entries()) {
      for (size_t i = 0; i < candidates.size(); ++i) {
        if (pred(candidates[i])) {
          earliest.emplace_back(para, i);
          break;
        }
      }
    }
    std::sort(earliest.begin(), earliest.end());
    std::vector<CandidatePendingAvailability> freed;
    for (const auto& [para, index] : earliest) {
      PendingAvailability::mutate(para, [&](std::optional<Pending>& v) {
        if (!v) return;
        const auto from = v->begin() + static_cast<std::ptrdiff_t>(index);
        freed.insert(freed.end(), std::make_move_iterator(from), std::make_move_iterator(v->end()));
        v->erase(from, v->end());
      });
    }
    return freed;
  }
};

}  // namespace canary::rt::pallets::para_inclusion
