// The Canary runtime's parachain host APIs: ParachainHost at version 11 (every method of versions
// 1 to 11, in polkadot-primitives' runtime_api.rs order, with its inputs' names and docs as
// Kusama's metadata lists them) and AuthorityDiscoveryApi 1. The answers follow polkadot-sdk
// stable2506's runtime_api_impl/v11.rs (polkadot-runtime-parachains 21.0.1, what Kusama forwards
// to), over the parachain pallets Canary composes. Where the pallet behind a method does not exist
// yet the answer is the one an empty pallet would give (parachain_host_api.cpp says which):
//   Dmp, Hrmp, MessageQueue   no downward or HRMP messages, an empty upward queue;
//   ParasDisputes             no disputes;
//   ParasSlashing             no unapplied slashes, dispute-lost reports refused.
// The functions are in parachain_host_api.cpp; apis.hpp lists both APIs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/canary/runtime.hpp"
#include "runtime/framework/runtime_api/method.hpp"
#include "runtime/pallets/para_configuration/para_disputes.hpp"
#include "runtime/pallets/para_configuration/para_messages.hpp"
#include "runtime/pallets/para_inclusion/api_types.hpp"
#include "runtime/pallets/para_inclusion/async_backing.hpp"
#include "runtime/pallets/para_inherent/types.hpp"

namespace canary::rt::canary_runtime {

namespace api {

namespace parachain_host {

using pallets::para_configuration::ApprovalVotingParams;
using pallets::para_configuration::AsyncBackingParams;
using pallets::para_configuration::NodeFeatures;
using pallets::para_inclusion::CandidateEvent;
using pallets::para_inclusion::CoreState;
using pallets::para_inclusion::OccupiedCoreAssumption;
using pallets::para_inclusion::async_backing::BackingState;
using pallets::para_primitives::CandidateCommitments;
using pallets::para_primitives::CandidateHash;
using pallets::para_primitives::CoreIndex;
using pallets::para_primitives::DisputeState;
using pallets::para_primitives::GroupRotationInfo;
using pallets::para_primitives::InboundDownwardMessage;
using pallets::para_primitives::InboundHrmpMessage;
using pallets::para_primitives::ParaId;
using pallets::para_primitives::PersistedValidationData;
using pallets::para_primitives::PvfCheckStatement;
using pallets::para_primitives::SessionIndex;
using pallets::para_primitives::ValidationCode;
using pallets::para_primitives::ValidationCodeHash;
using pallets::para_primitives::ValidatorIndex;
using pallets::para_primitives::ValidatorSignature;
using pallets::para_primitives::slashing::DisputeProof;
using pallets::para_primitives::slashing::OpaqueKeyOwnershipProof;
using pallets::para_primitives::slashing::PendingSlashes;
using ValidatorId = pallets::para_shared::ValidatorId;

std::vector<ValidatorId> validators();
std::tuple<std::vector<std::vector<ValidatorIndex>>, GroupRotationInfo> validator_groups();
std::vector<CoreState> availability_cores();
std::optional<PersistedValidationData> persisted_validation_data(ParaId para_id,
                                                                 OccupiedCoreAssumption assumption);
std::optional<std::tuple<PersistedValidationData, ValidationCodeHash>> assumed_validation_data(
    ParaId para_id, const H256& expected_persisted_validation_data_hash);
bool check_validation_outputs(ParaId para_id, const CandidateCommitments& outputs);
std::optional<ValidationCode> validation_code(ParaId para_id, OccupiedCoreAssumption assumption);
std::vector<CandidateEvent> candidate_events();
std::vector<InboundDownwardMessage> dmq_contents(ParaId recipient);
std::map<ParaId, std::vector<InboundHrmpMessage>> inbound_hrmp_channels_contents(ParaId recipient);
std::optional<ValidationCode> validation_code_by_hash(const ValidationCodeHash& hash);
std::optional<pallets::para_inherent::ScrapedOnChainVotes> on_chain_votes();
void submit_pvf_check_statement(const PvfCheckStatement& stmt, const ValidatorSignature& signature);
std::optional<ValidationCodeHash> validation_code_hash(ParaId para_id,
                                                       OccupiedCoreAssumption assumption);
std::vector<std::tuple<SessionIndex, CandidateHash, DisputeState>> disputes();
std::vector<std::tuple<SessionIndex, CandidateHash, PendingSlashes>> unapplied_slashes();
std::optional<OpaqueKeyOwnershipProof> key_ownership_proof(const ValidatorId& validator_id);
std::optional<std::monostate> submit_report_dispute_lost(
    const DisputeProof& dispute_proof, const OpaqueKeyOwnershipProof& key_ownership_proof);
uint32_t minimum_backing_votes();
std::optional<BackingState> para_backing_state(ParaId para_id);
AsyncBackingParams async_backing_params();
std::vector<ValidatorIndex> disabled_validators();
NodeFeatures node_features();
ApprovalVotingParams approval_voting_params();

}  // namespace parachain_host

// AuthorityDiscoveryApi_authorities: Kusama's relevant_authority_ids.
std::vector<pallets::authority_discovery::AuthorityId> authority_discovery_authorities();

}  // namespace api

using runtime_api::DocLines;
using runtime_api::InputNames;
using runtime_api::Method;

struct ParachainHostApi {
  static constexpr std::string_view kName = "ParachainHost";
  static constexpr uint32_t kVersion = 11;
  using Docs = DocLines<" The API for querying the state of parachains on-chain.">;

  // A pallet's function that answers a method as it stands is named directly; the others are in
  // api::parachain_host.
  using Methods = std::tuple<
      Method<"validators", &api::parachain_host::validators, InputNames<>,
             DocLines<" Get the current validators.">>,
      Method<"validator_groups", &api::parachain_host::validator_groups, InputNames<>,
             DocLines<" Returns the validator groups and rotation info localized based on"
                      " the hypothetical child",
                      "  of a block whose state  this is invoked on. Note that `now` in the"
                      " `GroupRotationInfo`",
                      " should be the successor of the number of the block.">>,
      Method<"availability_cores", &api::parachain_host::availability_cores, InputNames<>,
             DocLines<" Yields information on all availability cores as relevant to the"
                      " child block.",
                      " Cores are either free or occupied. Free cores can have paras"
                      " assigned to them.">>,
      Method<"persisted_validation_data", &api::parachain_host::persisted_validation_data,
             InputNames<"para_id", "assumption">,
             DocLines<" Yields the persisted validation data for the given `ParaId` along"
                      " with an assumption that",
                      " should be used if the para currently occupies a core.", "",
                      " Returns `None` if either the para is not registered or the"
                      " assumption is `Freed`",
                      " and the para already occupies a core.">>,
      Method<"assumed_validation_data", &api::parachain_host::assumed_validation_data,
             InputNames<"para_id", "expected_persisted_validation_data_hash">,
             DocLines<" Returns the persisted validation data for the given `ParaId` along"
                      " with the corresponding",
                      " validation code hash. Instead of accepting assumption about the"
                      " para, matches the validation",
                      " data hash against an expected one and yields `None` if they're not"
                      " equal.">>,
      Method<"check_validation_outputs", &api::parachain_host::check_validation_outputs,
             InputNames<"para_id", "outputs">,
             DocLines<" Checks if the given validation outputs pass the acceptance criteria.">>,
      Method<"session_index_for_child", &Runtime::ParasShared::session_index, InputNames<>,
             DocLines<" Returns the session index expected at a child of the block.", "",
                      " This can be used to instantiate a `SigningContext`.">>,
      Method<"validation_code", &api::parachain_host::validation_code,
             InputNames<"para_id", "assumption">,
             DocLines<" Fetch the validation code used by a para, making the given"
                      " `OccupiedCoreAssumption`.",
                      "",
                      " Returns `None` if either the para is not registered or the"
                      " assumption is `Freed`",
                      " and the para already occupies a core.">>,
      Method<"candidate_pending_availability",
             &Runtime::ParaInclusion::first_candidate_pending_availability, InputNames<"para_id">,
             DocLines<" Get the receipt of a candidate pending availability. This returns"
                      " `Some` for any paras",
                      " assigned to occupied cores in `availability_cores` and `None`"
                      " otherwise.">>,
      Method<"candidate_events", &api::parachain_host::candidate_events, InputNames<>,
             DocLines<" Get a vector of events concerning candidates that occurred within a"
                      " block.">>,
      Method<"dmq_contents", &api::parachain_host::dmq_contents, InputNames<"recipient">,
             DocLines<" Get all the pending inbound messages in the downward message queue"
                      " for a para.">>,
      Method<"inbound_hrmp_channels_contents", &api::parachain_host::inbound_hrmp_channels_contents,
             InputNames<"recipient">,
             DocLines<" Get the contents of all channels addressed to the given recipient."
                      " Channels that have no",
                      " messages in them are also included.">>,
      Method<"validation_code_by_hash", &api::parachain_host::validation_code_by_hash,
             InputNames<"hash">, DocLines<" Get the validation code from its hash.">>,
      Method<"on_chain_votes", &api::parachain_host::on_chain_votes, InputNames<>,
             DocLines<" Scrape dispute relevant from on-chain, backing votes and resolved"
                      " disputes.">>,
      Method<"session_info", &Runtime::ParaSessionInfo::session_info, InputNames<"index">,
             DocLines<" Get the session info for the given session, if stored.", "",
                      " NOTE: This function is only available since parachain host version 2.">>,
      Method<"submit_pvf_check_statement", &api::parachain_host::submit_pvf_check_statement,
             InputNames<"stmt", "signature">,
             DocLines<" Submits a PVF pre-checking statement into the transaction pool.", "",
                      " NOTE: This function is only available since parachain host version 2.">>,
      Method<
          "pvfs_require_precheck", &Runtime::Paras::pvfs_require_precheck, InputNames<>,
          DocLines<" Returns code hashes of PVFs that require pre-checking by validators"
                   " in the active set.",
                   "", " NOTE: This function is only available since parachain host version 2.">>,
      Method<
          "validation_code_hash", &api::parachain_host::validation_code_hash,
          InputNames<"para_id", "assumption">,
          DocLines<" Fetch the hash of the validation code used by a para, making the"
                   " given `OccupiedCoreAssumption`.",
                   "", " NOTE: This function is only available since parachain host version 2.">>,
      Method<"disputes", &api::parachain_host::disputes, InputNames<>,
             DocLines<" Returns all onchain disputes.">>,
      Method<"session_executor_params", &Runtime::ParaSessionInfo::session_executor_params,
             InputNames<"session_index">,
             DocLines<" Returns execution parameters for the session.">>,
      Method<"unapplied_slashes", &api::parachain_host::unapplied_slashes, InputNames<>,
             DocLines<" Returns a list of validators that lost a past session dispute and"
                      " need to be slashed.",
                      " NOTE: This function is only available since parachain host version 5.">>,
      Method<"key_ownership_proof", &api::parachain_host::key_ownership_proof,
             InputNames<"validator_id">,
             DocLines<" Returns a merkle proof of a validator session key.",
                      " NOTE: This function is only available since parachain host version 5.">>,
      Method<"submit_report_dispute_lost", &api::parachain_host::submit_report_dispute_lost,
             InputNames<"dispute_proof", "key_ownership_proof">,
             DocLines<" Submit an unsigned extrinsic to slash validators who lost a dispute"
                      " about",
                      " a candidate of a past session.",
                      " NOTE: This function is only available since parachain host version 5.">>,
      Method<"minimum_backing_votes", &api::parachain_host::minimum_backing_votes, InputNames<>,
             DocLines<" Get the minimum number of backing votes for a parachain candidate.",
                      " This is a staging method! Do not use on production runtimes!">>,
      // runtime_api.rs declares the parameter `_`; sp-api names such inputs by position.
      Method<"para_backing_state", &api::parachain_host::para_backing_state,
             InputNames<"__runtime_api_generated_name_0__">,
             DocLines<" Returns the state of parachain backing for a given para.">>,
      Method<"async_backing_params", &api::parachain_host::async_backing_params, InputNames<>,
             DocLines<" Returns candidate's acceptance limitations for asynchronous backing"
                      " for a relay parent.">>,
      Method<"disabled_validators", &api::parachain_host::disabled_validators, InputNames<>,
             DocLines<" Returns a list of all disabled validators at the given block.">>,
      Method<"node_features", &api::parachain_host::node_features, InputNames<>,
             DocLines<" Get node features.",
                      " This is a staging method! Do not use on production runtimes!">>,
      Method<"approval_voting_params", &api::parachain_host::approval_voting_params, InputNames<>,
             DocLines<" Approval voting configuration parameters">>,
      Method<"claim_queue", &Runtime::ParaScheduler::claim_queue, InputNames<>,
             DocLines<" Claim queue">>,
      Method<"candidates_pending_availability",
             &Runtime::ParaInclusion::candidates_pending_availability, InputNames<"para_id">,
             DocLines<" Elastic scaling support">>>;
};

struct AuthorityDiscoveryApi {
  static constexpr std::string_view kName = "AuthorityDiscoveryApi";
  static constexpr uint32_t kVersion = 1;
  using Docs = DocLines<
      " The authority discovery api.", "",
      " This api is used by the `client/authority-discovery` module to retrieve identifiers",
      " of the current and next authority set.">;
  using Methods = std::tuple<
      Method<"authorities", &api::authority_discovery_authorities, InputNames<>,
             DocLines<" Retrieve authority identifiers of the current and next authority set.">>>;
};

}  // namespace canary::rt::canary_runtime
