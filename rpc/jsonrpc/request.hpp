// Parsing of incoming JSON-RPC 2.0 messages (jsonrpc.org/specification): a single call or a batch,
// each call either valid or an error to answer with. No exception escapes: nlohmann's parser runs
// in its non-throwing mode and every member is type-checked before it is read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::rpc {

// A well-formed call. `id` is absent for a notification (which gets no response); when present it
// is null, a string or an integer and is echoed back unchanged.
struct Request {
  std::string method;
  Json params;  // null (absent), an array (by position) or an object (by name)
  std::optional<Json> id;

  bool is_notification() const { return !id.has_value(); }
};

// A call that failed validation: answered with `error` under `id` (null when it had no usable id).
struct InvalidCall {
  Json id;
  Error error;
};

struct Message {
  bool batch = false;
  std::vector<Result<Request, InvalidCall>> calls;
};

struct ParseLimits {
  std::size_t max_request_size = 15 * 1024 * 1024;
  std::optional<std::size_t> max_batch_len;  // none: unlimited, Substrate's default
};

// The whole message fails (one error response with a null id) on oversized input, invalid JSON,
// JSON that does not start with '{' or '[' (jsonrpsee's parse error), an empty batch or a batch
// longer than the limit; otherwise each call is judged on its own.
Result<Message, Error> parse_message(std::string_view text, const ParseLimits& limits);

// Parses one call object (an element of a batch, or the whole message).
Result<Request, InvalidCall> parse_call(Json&& value);

}  // namespace canary::rpc
