#include "node/rpc/substrate_errors.hpp"

#include <optional>
#include <utility>

#include "primitives/util/hex.hpp"

namespace canary::node::rpc {

std::string unknown_block_text(const Hash256& block) {
  // sc-client-db `header_metadata`: UnknownBlock(format!("Header was not found in the
  // database: {:?}", hash)); H256's Debug is the full 0x-prefixed hex.
  return "UnknownBlock: Header was not found in the database: " + to_hex(block);
}

std::string client_error_text(const blockchain::BlockchainError& error, const Hash256& block) {
  using Kind = blockchain::BlockchainError::Kind;
  switch (error.kind) {
    case Kind::kUnknownBlock:
      return unknown_block_text(block);
    case Kind::kStateUnavailable:
      // sc-client-db `state_at` when the state-db no longer pins the block.
      return "UnknownBlock: State already discarded for " + to_hex(block);
    case Kind::kRuntime:
      // sp-blockchain Error::Execution / RuntimeApiError carry the executor's text.
      return "Execution failed: " + error.detail;
    case Kind::kDatabase:
      return "Backend error: " + error.detail;
    case Kind::kAlreadyKnown:
    case Kind::kBadBlock:
    case Kind::kConsensus:
      break;
  }
  return error.message();
}

Error state_client_error(const std::string& text) {
  return Error{kStateClientCode, "Client error: " + text, std::nullopt};
}

Error state_invalid_count(uint32_t value, uint32_t max) {
  return Error{kStateInvalidCountCode,
               "count exceeds maximum value. value: " + std::to_string(value) +
                   ", max: " + std::to_string(max),
               std::nullopt};
}

Error state_invalid_block_range(const std::string& from, const std::string& to,
                                const std::string& details) {
  // "Cannot resolve a block range ['{:?}' ... '{:?}]. {}" over String fields: Debug quotes them.
  return Error{kStateInvalidBlockRangeCode,
               "Cannot resolve a block range ['\"" + from + "\"' ... '\"" + to + "\"]. " + details,
               std::nullopt};
}

Error chain_client_error(const std::string& text) {
  return Error{kChainClientCode, "Client error: " + text, std::nullopt};
}

Error chain_other_error(std::string text) {
  return Error{kChainOtherCode, std::move(text), std::nullopt};
}

Error frame_error(int code, std::string description, std::string cause) {
  return Error{code, std::move(description), Json(std::move(cause))};
}

Error chain_head_reached_limits() {
  return Error{kReachedLimitsCode, "Maximum number of chainHead_follow has been reached",
               std::nullopt};
}

Error chain_head_invalid_block() {
  return Error{kInvalidBlockCode, "Invalid block hash", std::nullopt};
}

Error chain_head_invalid_runtime_call() {
  return Error{kInvalidRuntimeCallCode,
               "The `chainHead_follow` subscription was started with `withRuntime` set to `false`",
               std::nullopt};
}

Error chain_head_invalid_continue() {
  return Error{kInvalidContinueCode,
               "Wait for continue event was not generated for the subscription", std::nullopt};
}

Error chain_head_duplicate_hashes() {
  return Error{kInvalidDuplicateHashesCode,
               "Received duplicate hashes for the `chainHead_unpin` method", std::nullopt};
}

Error spec_v2_invalid_param(std::string_view what) {
  return Error{::canary::rpc::kInvalidParamsCode, "Invalid parameter: " + std::string(what),
               std::nullopt};
}

Error spec_v2_internal(std::string_view what) {
  return Error{::canary::rpc::kInternalErrorCode, "Internal error: " + std::string(what),
               std::nullopt};
}

}  // namespace canary::node::rpc
