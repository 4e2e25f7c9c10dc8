#include "rpc/jsonrpc/error.hpp"

#include <utility>

namespace canary::rpc {
namespace {

Error with_detail(int code, const char* message, std::string detail) {
  Error e{code, message, std::nullopt};
  if (!detail.empty()) e.data = Json(std::move(detail));
  return e;
}

Json limit_data(std::size_t limit) {
  return Json("Exceeded max limit of " + std::to_string(limit));
}

}  // namespace

Error parse_error() {
  return {kParseErrorCode, "Parse error", std::nullopt};
}
Error invalid_request() {
  return {kInvalidRequestCode, "Invalid request", std::nullopt};
}
Error method_not_found() {
  return {kMethodNotFoundCode, "Method not found", std::nullopt};
}
Error invalid_params(std::string detail) {
  return with_detail(kInvalidParamsCode, "Invalid params", std::move(detail));
}
Error internal_error(std::string detail) {
  return with_detail(kInternalErrorCode, "Internal error", std::move(detail));
}
Error unsafe_method_denied() {
  return {kMethodNotFoundCode, "RPC call is unsafe to be called externally", std::nullopt};
}
Error too_many_subscriptions() {
  return {kTooManySubscriptionsCode, "Too many subscriptions on the connection", std::nullopt};
}
Error oversized_request(std::size_t limit) {
  return {kOversizedRequestCode, "Request is too big", limit_data(limit)};
}
Error oversized_response(std::size_t limit) {
  return {kOversizedResponseCode, "Response is too big", limit_data(limit)};
}
Error too_big_batch(std::size_t limit) {
  return {kTooBigBatchRequestCode, "The batch request was too large", limit_data(limit)};
}

Error too_big_batch_response(std::size_t limit) {
  return {kTooBigBatchResponseCode, "The batch response was too large", limit_data(limit)};
}

Json to_json(const Error& error) {
  Json out = Json::object();
  out["code"] = error.code;
  out["message"] = error.message;
  if (error.data) out["data"] = *error.data;
  return out;
}

}  // namespace canary::rpc
