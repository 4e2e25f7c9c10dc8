// Serialisation of outgoing JSON-RPC messages. Member order follows jsonrpsee's output
// ({"jsonrpc","result"|"error","id"}) so that captures can be compared with a Substrate node's.
#pragma once

#include <string>

#include "rpc/jsonrpc/error.hpp"

namespace canary::rpc {

std::string success_response(const Json& id, const Json& result);
std::string error_response(const Json& id, const Error& error);
// {"jsonrpc":"2.0","method":<method>,"params":{"subscription":<id>,"result":<result>}}
std::string subscription_notification(const std::string& method, const std::string& subscription,
                                      const Json& result);

// Text of a JSON value; strings that are not valid UTF-8 (a handler's bug) are repaired with
// U+FFFD rather than throwing.
std::string dump_json(const Json& value);

}  // namespace canary::rpc
