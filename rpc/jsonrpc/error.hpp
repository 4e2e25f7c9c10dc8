// JSON-RPC error objects with the codes and messages of jsonrpsee (types/src/error.rs), which is
// what Substrate's server answers with; clients such as polkadot.js match on these codes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace canary::rpc {

using Json = nlohmann::json;

// JSON-RPC 2.0 codes (jsonrpc.org/specification#error_object).
inline constexpr int kParseErrorCode = -32700;
inline constexpr int kInvalidRequestCode = -32600;
inline constexpr int kMethodNotFoundCode = -32601;
inline constexpr int kInvalidParamsCode = -32602;
inline constexpr int kInternalErrorCode = -32603;
// jsonrpsee's implementation-defined server errors.
inline constexpr int kCallExecutionFailedCode = -32000;
inline constexpr int kTooManySubscriptionsCode = -32006;
inline constexpr int kOversizedRequestCode = -32007;
inline constexpr int kOversizedResponseCode = -32008;
inline constexpr int kServerIsBusyCode = -32009;
inline constexpr int kTooBigBatchRequestCode = -32010;
inline constexpr int kTooBigBatchResponseCode = -32011;

// The error member of a response. Application errors (any code) pass through unchanged.
struct Error {
  int code = kInternalErrorCode;
  std::string message;
  std::optional<Json> data;

  bool operator==(const Error&) const = default;
};

Error parse_error();
Error invalid_request();
Error method_not_found();
Error invalid_params(std::string detail = {});
Error internal_error(std::string detail = {});
// Substrate's DenyUnsafe answer (substrate/client/rpc-api/src/policy.rs): the code is jsonrpsee's
// MethodNotFound, but the message tells the caller why.
Error unsafe_method_denied();
Error too_many_subscriptions();
// The size errors carry "Exceeded max limit of <n>" as data, like jsonrpsee.
Error oversized_request(std::size_t limit);
Error oversized_response(std::size_t limit);
Error too_big_batch(std::size_t limit);
Error too_big_batch_response(std::size_t limit);

// {"code":..,"message":..[,"data":..]}
Json to_json(const Error& error);

}  // namespace canary::rpc
