// The functions of the ParachainHost and AuthorityDiscoveryApi runtime APIs that are not a
// pallet's own (parachain_host_api.hpp declares both APIs). Each answers as polkadot-sdk
// stable2506's runtime_api_impl/v11.rs does over the same storage. Where Kusama asks a pallet
// Canary does not have yet (Dmp, Hrmp, MessageQueue, ParasDisputes, ParasSlashing), the answer is
// what that pallet would give with nothing in its storage, and the function says so.
#include "runtime/canary/parachain_host_api.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/submit_transaction.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt::canary_runtime::api {

namespace parachain_host {

namespace {

using pallets::para_inclusion::OccupiedCore;
using pallets::para_inclusion::ScheduledCore;
using pallets::para_inclusion::async_backing::CandidatePendingAvailability;
using pallets::para_inclusion::async_backing::Constraints;
using pallets::para_inclusion::async_backing::InboundHrmpLimitations;
using pallets::para_primitives::GroupIndex;

// The target v11.rs logs under.
constexpr std::string_view kLogTarget = "runtime::polkadot-api::v2";

// The block the API is called at and its state root: the relay parent of a candidate built on
// it now (v11's current_relay_parent).
std::pair<uint32_t, H256> current_relay_parent() {
  const rt::io::StateVersion version = Runtime::version().state_version() == 1
                                           ? rt::io::StateVersion::kV1
                                           : rt::io::StateVersion::kV0;
  return {Runtime::System::block_number(), H256{rt::io::storage::root(version)}};
}

// util::make_persisted_validation_data: none for a para without a head (not registered).
std::optional<PersistedValidationData> make_persisted_validation_data(
    ParaId para_id, uint32_t relay_parent_number, const H256& relay_parent_storage_root) {
  auto parent_head = Runtime::Paras::Heads::get(para_id);
  if (!parent_head) return std::nullopt;
  return PersistedValidationData{std::move(*parent_head), relay_parent_number,
                                 relay_parent_storage_root,
                                 Runtime::Configuration::ActiveConfig::get().max_pov_size};
}

bool has_candidates_pending_availability(ParaId para_id) {
  return !Runtime::ParaInclusion::candidates_pending_availability(para_id).empty();
}

// with_assumption: Included enacts the para's pending candidates first (the API's changes are
// discarded with the call), TimedOut reads the state as it is (timing out only drops them), Free
// answers only for a para with nothing pending.
template <class Build>
auto with_assumption(ParaId para_id, OccupiedCoreAssumption assumption, Build build)
    -> decltype(build()) {
  switch (assumption) {
    case OccupiedCoreAssumption::kIncluded:
      Runtime::ParaInclusion::force_enact(para_id);
      return build();
    case OccupiedCoreAssumption::kTimedOut:
      return build();
    case OccupiedCoreAssumption::kFree:
      if (has_candidates_pending_availability(para_id)) return std::nullopt;
      return build();
  }
  return std::nullopt;
}

// The claim a core serves next, as availability_cores reports it (no collator named).
std::optional<ScheduledCore> next_up_on_available(CoreIndex core) {
  const std::optional<ParaId> para = Runtime::ParaScheduler::next_up_on_available(core);
  if (!para) return std::nullopt;
  return ScheduledCore{*para, std::nullopt};
}

}  // namespace

std::vector<ValidatorId> validators() {
  return Runtime::ParasShared::ActiveValidatorKeys::get();
}

// The groups with the rotation as of the next block, the one a candidate backed now goes into
// (the same `now` availability_cores uses for the group responsible).
std::tuple<std::vector<std::vector<ValidatorIndex>>, GroupRotationInfo> validator_groups() {
  const uint32_t now = Runtime::System::block_number() + 1;
  return {Runtime::ParaScheduler::ValidatorGroups::get(),
          Runtime::ParaScheduler::group_rotation_info(now)};
}

// Every core of the session: occupied by a candidate pending availability, else scheduled for the
// para at the front of its claim queue, else free.
std::vector<CoreState> availability_cores() {
  const auto time_out_for = Runtime::ParaScheduler::availability_timeout_predicate();
  const auto claim_queue = Runtime::ParaScheduler::get_claim_queue();
  // A core holds one candidate at a time (ParaInclusion's try_state); were there two, the later
  // one is reported, as collecting into a BTreeMap keeps it.
  std::map<CoreIndex, pallets::para_inclusion::CandidatePendingAvailability> occupied;
  for (auto& [core, candidate] : Runtime::ParaInclusion::get_occupied_cores()) {
    occupied.insert_or_assign(core, std::move(candidate));
  }
  const size_t n_cores = Runtime::ParaScheduler::num_availability_cores();
  std::vector<CoreState> cores;
  cores.reserve(n_cores);
  for (size_t i = 0; i < n_cores; ++i) {
    const CoreIndex core{static_cast<uint32_t>(i)};
    if (const auto it = occupied.find(core); it != occupied.end()) {
      const auto& pending = it->second;
      // The group that backed it: the one on its core at its relay parent's child, the block
      // number the backing subsystem asks validator_groups about.
      auto group = Runtime::ParaScheduler::group_assigned_to_core(pending.core,
                                                                  pending.relay_parent_number + 1);
      if (!group) {
        rt::io::log(rt::io::LogLevel::kWarn, kLogTarget,
                    "Could not determine the group responsible for core extracted from list of "
                    "cores for some prior block in same session");
      }
      OccupiedCore state{next_up_on_available(core),
                         pending.backed_in_number,
                         time_out_for(pending.backed_in_number).live_until,
                         next_up_on_available(core),
                         pending.availability_votes,
                         group.value_or(GroupIndex{0}),
                         pending.hash,
                         pending.descriptor};
      cores.push_back(CoreState{CoreState::Occupied{std::move(state)}});
      continue;
    }
    const auto queue = claim_queue.find(core);
    if (queue != claim_queue.end() && !queue->second.empty()) {
      const ScheduledCore scheduled{queue->second.front().para_id(), std::nullopt};
      cores.push_back(CoreState{CoreState::Scheduled{scheduled}});
    } else {
      cores.push_back(CoreState{CoreState::Free{}});
    }
  }
  return cores;
}

std::optional<PersistedValidationData> persisted_validation_data(
    ParaId para_id, OccupiedCoreAssumption assumption) {
  // The state root is taken before an Included assumption enacts anything.
  const auto [number, storage_root] = current_relay_parent();
  return with_assumption(para_id, assumption, [&] {
    return make_persisted_validation_data(para_id, number, storage_root);
  });
}

// The validation data whose hash is the expected one: as the state is, else (if the para has
// candidates pending availability) with them enacted; with the para's current code hash.
std::optional<std::tuple<PersistedValidationData, ValidationCodeHash>> assumed_validation_data(
    ParaId para_id, const H256& expected_persisted_validation_data_hash) {
  const auto [number, storage_root] = current_relay_parent();
  const auto matching_validation_data = [&]() -> std::optional<PersistedValidationData> {
    auto data = make_persisted_validation_data(para_id, number, storage_root);
    if (!data || data->hash() != expected_persisted_validation_data_hash) return std::nullopt;
    return data;
  };
  auto data = matching_validation_data();
  if (!data && has_candidates_pending_availability(para_id)) {
    Runtime::ParaInclusion::force_enact(para_id);
    data = matching_validation_data();
  }
  if (!data) return std::nullopt;
  auto code_hash = Runtime::Paras::CurrentCodeHash::get(para_id);
  if (!code_hash) return std::nullopt;
  return std::tuple{std::move(*data), *code_hash};
}

// The acceptance checks a candidate built on this block would face (inclusion's
// check_validation_outputs_for_runtime_api: the relay parent is this block).
bool check_validation_outputs(ParaId para_id, const CandidateCommitments& outputs) {
  const uint32_t relay_parent_number = Runtime::System::block_number();
  if (!Runtime::ParaInclusion::check_validation_outputs(para_id, relay_parent_number, outputs)) {
    rt::io::log(
        rt::io::LogLevel::kDebug, "runtime::inclusion",
        "Validation outputs checking for parachain `" + std::to_string(para_id.value) + "` failed");
    return false;
  }
  return true;
}

std::optional<ValidationCode> validation_code(ParaId para_id, OccupiedCoreAssumption assumption) {
  return with_assumption(para_id, assumption,
                         [&] { return Runtime::Paras::current_code(para_id); });
}

// ParaInclusion's CandidateBacked, CandidateIncluded and CandidateTimedOut events of this block,
// in order (its UpwardMessagesReceived is no candidate event). Nothing initializes a block before
// the call, so these are the events of the block whose state this is.
std::vector<CandidateEvent> candidate_events() {
  using InclusionEvent = Runtime::ParaInclusion::Event;
  using Backed = Runtime::ParaInclusion::CandidateBacked;
  using Included = Runtime::ParaInclusion::CandidateIncluded;
  using TimedOut = Runtime::ParaInclusion::CandidateTimedOut;
  std::vector<CandidateEvent> out;
  for (auto& record : Runtime::System::EventsOf<>::get()) {
    auto* pallet_event = std::get_if<PalletEvent<Runtime::ParaInclusion>>(&record.event.value);
    if (pallet_event == nullptr) continue;
    InclusionEvent& event = pallet_event->event;
    if (auto* backed = std::get_if<Backed>(&event)) {
      out.push_back(CandidateEvent{CandidateEvent::CandidateBacked{
          backed->receipt, std::move(backed->head_data), backed->core, backed->group}});
    } else if (auto* included = std::get_if<Included>(&event)) {
      out.push_back(CandidateEvent{CandidateEvent::CandidateIncluded{
          included->receipt, std::move(included->head_data), included->core, included->group}});
    } else if (auto* timed_out = std::get_if<TimedOut>(&event)) {
      out.push_back(CandidateEvent{CandidateEvent::CandidateTimedOut{
          timed_out->receipt, std::move(timed_out->head_data), timed_out->core}});
    }
  }
  return out;
}

// Dmp does not exist yet: no downward message queue, so none waits for any para.
std::vector<InboundDownwardMessage> dmq_contents(ParaId /*recipient*/) {
  return {};
}

// Hrmp does not exist yet: no channels, so no entry at all (Hrmp lists every inbound channel,
// empty ones too).
std::map<ParaId, std::vector<InboundHrmpMessage>> inbound_hrmp_channels_contents(
    ParaId /*recipient*/) {
  return {};
}

std::optional<ValidationCode> validation_code_by_hash(const ValidationCodeHash& hash) {
  return Runtime::Paras::CodeByHash::get(hash);
}

std::optional<pallets::para_inherent::ScrapedOnChainVotes> on_chain_votes() {
  return Runtime::ParaInherent::OnChainVotes::get();
}

// Paras' submit_pvf_check_statement: the vote as an unsigned include_pvf_check_statement into the
// node's pool, which validates it as a block would; a refusal is only logged.
void submit_pvf_check_statement(const PvfCheckStatement& stmt,
                                const ValidatorSignature& signature) {
  const bool submitted = submit_unsigned_transaction<Runtime, Runtime::Paras>(
      Runtime::Paras::include_pvf_check_statement{stmt, signature});
  if (!submitted) {
    rt::io::log(rt::io::LogLevel::kError, "runtime::paras", "Error submitting pvf check statement");
  }
}

std::optional<ValidationCodeHash> validation_code_hash(ParaId para_id,
                                                       OccupiedCoreAssumption assumption) {
  return with_assumption(para_id, assumption,
                         [&] { return Runtime::Paras::CurrentCodeHash::get(para_id); });
}

// ParasDisputes does not exist yet: no dispute is ever recorded on chain.
std::vector<std::tuple<SessionIndex, CandidateHash, DisputeState>> disputes() {
  return {};
}

// ParasSlashing does not exist yet: no lost dispute leaves a slash to apply.
std::vector<std::tuple<SessionIndex, CandidateHash, PendingSlashes>> unapplied_slashes() {
  return {};
}

// Kusama's Historical::prove((PARACHAIN_KEY_TYPE_ID, validator_id)), encoded: the `para` key's
// membership in the current session, for a dispute-lost report.
std::optional<OpaqueKeyOwnershipProof> key_ownership_proof(const ValidatorId& validator_id) {
  auto proof = Runtime::Historical::prove(pallets::session::key_type("para"), validator_id.bytes);
  if (!proof) return std::nullopt;
  return OpaqueKeyOwnershipProof{scale::encode(*proof)};
}

// ParasSlashing does not exist yet: there is nothing to report a lost dispute to, so no report
// is submitted (None, as a refused one).
std::optional<std::monostate> submit_report_dispute_lost(
    const DisputeProof& /*dispute_proof*/, const OpaqueKeyOwnershipProof& /*key_ownership_proof*/) {
  return std::nullopt;
}

uint32_t minimum_backing_votes() {
  return Runtime::Configuration::ActiveConfig::get().minimum_backing_votes;
}

// v11's backing_state: the constraints a new candidate of the para must meet and its candidates
// pending availability; none for a para without a head or code. No messaging pallet exists yet:
// the upward queue is empty (its whole configured room is left), no downward message waits, no
// inbound watermark but the relay parent's own is possible (Hrmp would list its digests' blocks)
// and there is no outbound channel.
std::optional<BackingState> para_backing_state(ParaId para_id) {
  const auto config = Runtime::Configuration::ActiveConfig::get();
  const uint32_t now = Runtime::System::block_number();
  // ParasShared is at storage version 1 from genesis: no v0 tracker to read.
  const uint32_t min_relay_parent_number =
      Runtime::ParasShared::AllowedRelayParents::get().hypothetical_earliest_block_number(
          now, config.async_backing_params.allowed_ancestry_len);

  auto required_parent = Runtime::Paras::Heads::get(para_id);
  if (!required_parent) return std::nullopt;
  const auto validation_code_hash = Runtime::Paras::CurrentCodeHash::get(para_id);
  if (!validation_code_hash) return std::nullopt;

  std::optional<std::pair<uint32_t, ValidationCodeHash>> future_validation_code;
  if (const auto expected_at = Runtime::Paras::FutureCodeUpgrades::get(para_id)) {
    if (const auto future_hash = Runtime::Paras::FutureCodeHash::get(para_id)) {
      future_validation_code = std::pair{*expected_at, *future_hash};
    }
  }

  Constraints constraints;
  constraints.min_relay_parent_number = min_relay_parent_number;
  constraints.max_pov_size = config.max_pov_size;
  constraints.max_code_size = config.max_code_size;
  constraints.ump_remaining = config.max_upward_queue_count;
  constraints.ump_remaining_bytes = config.max_upward_queue_size;
  constraints.max_ump_num_per_candidate = config.max_upward_message_num_per_candidate;
  constraints.dmp_remaining_messages = {};
  constraints.hrmp_inbound = InboundHrmpLimitations{};
  constraints.hrmp_channels_out = {};
  constraints.max_hrmp_num_per_candidate = config.hrmp_max_message_num_per_candidate;
  constraints.required_parent = std::move(*required_parent);
  constraints.validation_code_hash = *validation_code_hash;
  constraints.upgrade_restriction = Runtime::Paras::UpgradeRestrictionSignal::get(para_id);
  constraints.future_validation_code = future_validation_code;

  BackingState state;
  for (auto& candidate : Runtime::ParaInclusion::PendingAvailability::get(para_id).value_or(
           Runtime::ParaInclusion::Pending{})) {
    // The session's max_pov_size: it does not change within a session, and the chain is
    // forgotten at each new one.
    state.pending_availability.push_back(CandidatePendingAvailability{
        candidate.hash, candidate.descriptor, std::move(candidate.commitments),
        candidate.relay_parent_number, constraints.max_pov_size});
  }
  state.constraints = std::move(constraints);
  return state;
}

AsyncBackingParams async_backing_params() {
  return Runtime::Configuration::ActiveConfig::get().async_backing_params;
}

// ParasShared's disabled_validators: Session's disabled validators that are parachain validators,
// by their index in the active set (the SDK warns it may be off at a session boundary).
std::vector<ValidatorIndex> disabled_validators() {
  std::vector<ValidatorIndex> out;
  for (const uint32_t index : Runtime::ParasShared::disabled_validators()) {
    out.push_back(ValidatorIndex{index});
  }
  return out;
}

NodeFeatures node_features() {
  return Runtime::Configuration::ActiveConfig::get().node_features;
}

ApprovalVotingParams approval_voting_params() {
  return Runtime::Configuration::ActiveConfig::get().approval_voting_params;
}

}  // namespace parachain_host

// Kusama's relevant_authority_ids: the discovery keys of the current and the next validator set
// (all of them, not only the parachain validators) and, to stay reachable for disputes, those of
// the parachain validators of each stored past session, sorted and without duplicates.
std::vector<pallets::authority_discovery::AuthorityId> authority_discovery_authorities() {
  const uint32_t current_session = Runtime::ParasShared::session_index();
  std::vector<pallets::authority_discovery::AuthorityId> keys =
      Runtime::AuthorityDiscovery::current_authorities();
  const auto next = Runtime::AuthorityDiscovery::next_authorities();
  keys.insert(keys.end(), next.begin(), next.end());
  for (uint32_t session = Runtime::ParaSessionInfo::EarliestStoredSession::get();
       session < current_session; ++session) {
    if (const auto info = Runtime::ParaSessionInfo::Sessions::get(session)) {
      keys.insert(keys.end(), info->discovery_keys.begin(), info->discovery_keys.end());
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace canary::rt::canary_runtime::api
