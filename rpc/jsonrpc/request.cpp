#include "rpc/jsonrpc/request.hpp"

#include <utility>

#include "primitives/util/json_nesting.hpp"

namespace canary::rpc {
namespace {

// JSON-RPC 2.0 allows a string, a number or null; fractional numbers are refused (the spec says
// they SHOULD NOT be used, and jsonrpsee only accepts integers).
bool is_valid_id(const Json& id) {
  return id.is_null() || id.is_string() || id.is_number_integer();
}

}  // namespace

Result<Request, InvalidCall> parse_call(Json&& value) {
  if (!value.is_object()) return unexpected(InvalidCall{Json(nullptr), invalid_request()});
  Request request;
  Json id(nullptr);
  if (auto it = value.find("id"); it != value.end()) {
    if (!is_valid_id(*it)) return unexpected(InvalidCall{Json(nullptr), invalid_request()});
    id = std::move(*it);
    request.id = id;
  }
  auto version = value.find("jsonrpc");
  if (version == value.end() || !version->is_string() ||
      version->get_ref<const std::string&>() != "2.0") {
    return unexpected(InvalidCall{std::move(id), invalid_request()});
  }
  auto method = value.find("method");
  if (method == value.end() || !method->is_string()) {
    return unexpected(InvalidCall{std::move(id), invalid_request()});
  }
  request.method = std::move(method->get_ref<std::string&>());
  if (auto params = value.find("params"); params != value.end()) {
    // The spec requires a structured value; null is read as "no params", as jsonrpsee does.
    if (!params->is_array() && !params->is_object() && !params->is_null()) {
      return unexpected(
          InvalidCall{std::move(id), invalid_params("params must be an array or an object")});
    }
    request.params = std::move(*params);
  }
  return request;
}

Result<Message, Error> parse_message(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_request_size) {
    return unexpected(oversized_request(limits.max_request_size));
  }
  // jsonrpsee reads a message as a call only when it starts with '{' and as a batch only when it
  // starts with '['; anything else (other JSON values included) is a parse error.
  const size_t first = text.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos || (text[first] != '{' && text[first] != '[')) {
    return unexpected(parse_error());
  }
  if (json_nesting_exceeds(text)) return unexpected(parse_error());
  Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return unexpected(parse_error());

  Message message;
  if (!value.is_array()) {
    message.calls.push_back(parse_call(std::move(value)));
    return message;
  }
  message.batch = true;
  if (value.empty()) return unexpected(invalid_request());
  if (limits.max_batch_len && value.size() > *limits.max_batch_len) {
    return unexpected(too_big_batch(*limits.max_batch_len));
  }
  message.calls.reserve(value.size());
  for (Json& element : value) message.calls.push_back(parse_call(std::move(element)));
  return message;
}

}  // namespace canary::rpc
