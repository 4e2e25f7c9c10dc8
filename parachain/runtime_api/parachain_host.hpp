// A typed client of the relay chain's ParachainHost runtime API (polkadot-sdk
// `polkadot/primitives/src/runtime_api.rs`; parachain-facts §2.4): one method per call the node's
// backing, availability, provisioner, approval and collator code makes, each encoding its
// arguments as `decl_runtime_apis` does (their encodings one after the other) and decoding the
// answer completely (a byte left over is an error, as executor/runtime_api's decode_result).
//
// Sans-IO: the client does not run the runtime. It is given a RuntimeCall, which calls an
// exported runtime function by name at the block the node chose (the node adapts its
// runtime-call-at-a-block machinery to it); the parachain layer does not depend on node/.
//
// Methods newer than the runtime's ParachainHost version (the RuntimeVersion's entry for
// kParachainHostApiId, when the client is told it) are refused as kUnsupported without a call, so
// that the caller can apply polkadot-sdk's fallbacks (e.g. LEGACY_MIN_BACKING_VOTES,
// VALIDATION_CODE_BOMB_LIMIT, no node features).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "parachain/runtime_api/host_types.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// blake2_64("ParachainHost"), the API's id in a RuntimeVersion's `apis`.
inline constexpr runtime::ApiId kParachainHostApiId = runtime::api_id("ParachainHost");
static_assert(kParachainHostApiId ==
              runtime::ApiId{0xaf, 0x2c, 0x02, 0x97, 0xa2, 0x3e, 0x6d, 0x3d});

// Calls the runtime function `method` (e.g. "ParachainHost_validators") with SCALE-encoded
// arguments and returns its SCALE-encoded answer, or why the call failed (trap, panic, missing
// export, unknown block…).
using RuntimeCall =
    std::function<Result<Bytes, std::string>(std::string_view method, ByteSpan encoded_args)>;

struct ParachainHostError {
  enum class Kind : uint8_t {
    kUnsupported,  // the runtime's ParachainHost is older than the method: not called
    kCall,         // the call failed
    kDecode,       // the answer is not the method's result type (or has bytes left over)
  };
  Kind kind = Kind::kCall;
  std::string method;      // the exported name, "ParachainHost_…"
  std::string call_error;  // kCall
  scale::DecodeError decode = scale::DecodeError::kNotEnoughData;  // kDecode
  uint32_t required_version = 0;                                   // kUnsupported
  uint32_t api_version = 0;                                        // kUnsupported

  std::string describe() const;
};
const char* to_string(ParachainHostError::Kind kind);

template <class T>
using HostAnswer = Result<T, ParachainHostError>;

class ParachainHost {
 public:
  // `api_version`: the runtime's ParachainHost version; unknown, every method is tried.
  explicit ParachainHost(RuntimeCall call, std::optional<uint32_t> api_version = std::nullopt);

  std::optional<uint32_t> api_version() const { return api_version_; }
  // Whether a method of ParachainHost version `since` may be called (true when unknown).
  bool supports(uint32_t since) const { return !api_version_ || *api_version_ >= since; }

  // --- Version 1.
  HostAnswer<std::vector<ValidatorId>> validators() const;
  HostAnswer<ValidatorGroups> validator_groups() const;
  HostAnswer<std::vector<CoreState>> availability_cores() const;
  HostAnswer<std::optional<PersistedValidationData>> persisted_validation_data(
      ParaId para, OccupiedCoreAssumption assumption) const;
  // The validation data whose hash is the expected one, with the para's code hash.
  HostAnswer<std::optional<std::pair<PersistedValidationData, ValidationCodeHash>>>
  assumed_validation_data(ParaId para, const Hash256& expected_validation_data_hash) const;
  HostAnswer<bool> check_validation_outputs(ParaId para, const CandidateCommitments& outputs) const;
  HostAnswer<SessionIndex> session_index_for_child() const;
  HostAnswer<std::optional<ValidationCode>> validation_code(
      ParaId para, OccupiedCoreAssumption assumption) const;
  HostAnswer<std::optional<CommittedCandidateReceipt>> candidate_pending_availability(
      ParaId para) const;
  HostAnswer<std::vector<CandidateEvent>> candidate_events() const;
  HostAnswer<std::optional<ValidationCode>> validation_code_by_hash(
      const ValidationCodeHash& hash) const;
  // --- Version 2.
  HostAnswer<std::optional<SessionInfo>> session_info(SessionIndex index) const;
  HostAnswer<std::vector<ValidationCodeHash>> pvfs_require_precheck() const;
  HostAnswer<std::optional<ValidationCodeHash>> validation_code_hash(
      ParaId para, OccupiedCoreAssumption assumption) const;
  // --- Version 3 and 4.
  HostAnswer<std::vector<OnChainDispute>> disputes() const;
  HostAnswer<std::optional<ExecutorParams>> session_executor_params(SessionIndex index) const;
  // --- Version 6 to 10.
  HostAnswer<uint32_t> minimum_backing_votes() const;
  HostAnswer<std::optional<BackingState>> para_backing_state(ParaId para) const;
  HostAnswer<AsyncBackingParams> async_backing_params() const;
  HostAnswer<std::vector<ValidatorIndex>> disabled_validators() const;
  HostAnswer<NodeFeatures> node_features() const;
  HostAnswer<ApprovalVotingParams> approval_voting_params() const;
  // --- Version 11 to 14.
  HostAnswer<ClaimQueue> claim_queue() const;
  HostAnswer<std::vector<CommittedCandidateReceipt>> candidates_pending_availability(
      ParaId para) const;
  HostAnswer<uint32_t> validation_code_bomb_limit() const;
  HostAnswer<std::optional<Constraints>> backing_constraints(ParaId para) const;
  HostAnswer<uint32_t> scheduling_lookahead() const;
  HostAnswer<std::vector<ParaId>> para_ids() const;

 private:
  template <class R, class... Args>
  HostAnswer<R> call(std::string_view method, uint32_t since, const Args&... args) const;

  RuntimeCall call_;
  std::optional<uint32_t> api_version_;
};

}  // namespace canary::parachain
