#include "parachain/runtime_api/parachain_host.hpp"

#include <utility>

#include "primitives/scale/scale.hpp"

namespace canary::parachain {

const char* to_string(ParachainHostError::Kind kind) {
  switch (kind) {
    case ParachainHostError::Kind::kUnsupported:
      return "not supported by the runtime";
    case ParachainHostError::Kind::kCall:
      return "the call failed";
    case ParachainHostError::Kind::kDecode:
      return "the answer does not decode";
  }
  return "unknown";
}

std::string ParachainHostError::describe() const {
  std::string text = method + ": ";
  switch (kind) {
    case Kind::kUnsupported:
      return text + "needs ParachainHost version " + std::to_string(required_version) +
             ", the runtime has " + std::to_string(api_version);
    case Kind::kCall:
      return text + "the call failed: " + call_error;
    case Kind::kDecode:
      return text + "the answer does not decode (" + scale::to_string(decode) + ")";
  }
  return text + to_string(kind);
}

ParachainHost::ParachainHost(RuntimeCall call, std::optional<uint32_t> api_version)
    : call_(std::move(call)), api_version_(api_version) {}

template <class R, class... Args>
HostAnswer<R> ParachainHost::call(std::string_view method, uint32_t since,
                                  const Args&... args) const {
  ParachainHostError error;
  error.method = std::string(method);
  if (!supports(since)) {
    error.kind = ParachainHostError::Kind::kUnsupported;
    error.required_version = since;
    error.api_version = *api_version_;
    return unexpected(std::move(error));
  }
  scale::Encoder out;
  (scale::encode_to(out, args), ...);
  const Bytes encoded_args = std::move(out).take();
  auto answer = call_ ? call_(method, encoded_args)
                      : Result<Bytes, std::string>(unexpected(std::string("no runtime caller")));
  if (!answer) {
    error.kind = ParachainHostError::Kind::kCall;
    error.call_error = answer.error();
    return unexpected(std::move(error));
  }
  // No length prefix can claim more elements than the answer has bytes.
  auto value = scale::decode<R>(*answer, answer->size());
  if (!value) {
    error.kind = ParachainHostError::Kind::kDecode;
    error.decode = value.error();
    return unexpected(std::move(error));
  }
  return std::move(*value);
}

HostAnswer<std::vector<ValidatorId>> ParachainHost::validators() const {
  return call<std::vector<ValidatorId>>("ParachainHost_validators", 1);
}

HostAnswer<ValidatorGroups> ParachainHost::validator_groups() const {
  return call<ValidatorGroups>("ParachainHost_validator_groups", 1);
}

HostAnswer<std::vector<CoreState>> ParachainHost::availability_cores() const {
  return call<std::vector<CoreState>>("ParachainHost_availability_cores", 1);
}

HostAnswer<std::optional<PersistedValidationData>> ParachainHost::persisted_validation_data(
    ParaId para, OccupiedCoreAssumption assumption) const {
  return call<std::optional<PersistedValidationData>>("ParachainHost_persisted_validation_data", 1,
                                                      para, assumption);
}

HostAnswer<std::optional<std::pair<PersistedValidationData, ValidationCodeHash>>>
ParachainHost::assumed_validation_data(ParaId para,
                                       const Hash256& expected_validation_data_hash) const {
  return call<std::optional<std::pair<PersistedValidationData, ValidationCodeHash>>>(
      "ParachainHost_assumed_validation_data", 1, para, expected_validation_data_hash);
}

HostAnswer<bool> ParachainHost::check_validation_outputs(
    ParaId para, const CandidateCommitments& outputs) const {
  return call<bool>("ParachainHost_check_validation_outputs", 1, para, outputs);
}

HostAnswer<SessionIndex> ParachainHost::session_index_for_child() const {
  return call<SessionIndex>("ParachainHost_session_index_for_child", 1);
}

HostAnswer<std::optional<ValidationCode>> ParachainHost::validation_code(
    ParaId para, OccupiedCoreAssumption assumption) const {
  return call<std::optional<ValidationCode>>("ParachainHost_validation_code", 1, para, assumption);
}

HostAnswer<std::optional<CommittedCandidateReceipt>> ParachainHost::candidate_pending_availability(
    ParaId para) const {
  return call<std::optional<CommittedCandidateReceipt>>(
      "ParachainHost_candidate_pending_availability", 1, para);
}

HostAnswer<std::vector<CandidateEvent>> ParachainHost::candidate_events() const {
  return call<std::vector<CandidateEvent>>("ParachainHost_candidate_events", 1);
}

HostAnswer<std::optional<ValidationCode>> ParachainHost::validation_code_by_hash(
    const ValidationCodeHash& hash) const {
  return call<std::optional<ValidationCode>>("ParachainHost_validation_code_by_hash", 1, hash);
}

HostAnswer<std::optional<SessionInfo>> ParachainHost::session_info(SessionIndex index) const {
  return call<std::optional<SessionInfo>>("ParachainHost_session_info", 2, index);
}

HostAnswer<std::vector<ValidationCodeHash>> ParachainHost::pvfs_require_precheck() const {
  return call<std::vector<ValidationCodeHash>>("ParachainHost_pvfs_require_precheck", 2);
}

HostAnswer<std::optional<ValidationCodeHash>> ParachainHost::validation_code_hash(
    ParaId para, OccupiedCoreAssumption assumption) const {
  return call<std::optional<ValidationCodeHash>>("ParachainHost_validation_code_hash", 2, para,
                                                 assumption);
}

HostAnswer<std::vector<OnChainDispute>> ParachainHost::disputes() const {
  return call<std::vector<OnChainDispute>>("ParachainHost_disputes", 3);
}

HostAnswer<std::optional<ExecutorParams>> ParachainHost::session_executor_params(
    SessionIndex index) const {
  return call<std::optional<ExecutorParams>>("ParachainHost_session_executor_params", 4, index);
}

HostAnswer<uint32_t> ParachainHost::minimum_backing_votes() const {
  return call<uint32_t>("ParachainHost_minimum_backing_votes", 6);
}

HostAnswer<std::optional<BackingState>> ParachainHost::para_backing_state(ParaId para) const {
  return call<std::optional<BackingState>>("ParachainHost_para_backing_state", 7, para);
}

HostAnswer<AsyncBackingParams> ParachainHost::async_backing_params() const {
  return call<AsyncBackingParams>("ParachainHost_async_backing_params", 7);
}

HostAnswer<std::vector<ValidatorIndex>> ParachainHost::disabled_validators() const {
  return call<std::vector<ValidatorIndex>>("ParachainHost_disabled_validators", 8);
}

HostAnswer<NodeFeatures> ParachainHost::node_features() const {
  return call<NodeFeatures>("ParachainHost_node_features", 9);
}

HostAnswer<ApprovalVotingParams> ParachainHost::approval_voting_params() const {
  return call<ApprovalVotingParams>("ParachainHost_approval_voting_params", 10);
}

HostAnswer<ClaimQueue> ParachainHost::claim_queue() const {
  return call<ClaimQueue>("ParachainHost_claim_queue", 11);
}

HostAnswer<std::vector<CommittedCandidateReceipt>> ParachainHost::candidates_pending_availability(
    ParaId para) const {
  return call<std::vector<CommittedCandidateReceipt>>(
      "ParachainHost_candidates_pending_availability", 11, para);
}

HostAnswer<uint32_t> ParachainHost::validation_code_bomb_limit() const {
  return call<uint32_t>("ParachainHost_validation_code_bomb_limit", 12);
}

HostAnswer<std::optional<Constraints>> ParachainHost::backing_constraints(ParaId para) const {
  return call<std::optional<Constraints>>("ParachainHost_backing_constraints", 13, para);
}

HostAnswer<uint32_t> ParachainHost::scheduling_lookahead() const {
  return call<uint32_t>("ParachainHost_scheduling_lookahead", 13);
}

HostAnswer<std::vector<ParaId>> ParachainHost::para_ids() const {
  return call<std::vector<ParaId>>("ParachainHost_para_ids", 14);
}

}  // namespace canary::parachain
