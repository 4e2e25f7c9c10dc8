#include "rpc/jsonrpc/response.hpp"

namespace canary::rpc {

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Built by concatenation because nlohmann's object type sorts its keys, which would put "id"
// before "jsonrpc".
std::string success_response(const Json& id, const Json& result) {
  return R"({"jsonrpc":"2.0","result":)" + dump_json(result) + R"(,"id":)" + dump_json(id) + "}";
}

std::string error_response(const Json& id, const Error& error) {
  std::string out = R"({"jsonrpc":"2.0","error":{"code":)" + std::to_string(error.code) +
                    R"(,"message":)" + dump_json(Json(error.message));
  if (error.data) out += R"(,"data":)" + dump_json(*error.data);
  return out + R"(},"id":)" + dump_json(id) + "}";
}

std::string subscription_notification(const std::string& method, const std::string& subscription,
                                      const Json& result) {
  return R"({"jsonrpc":"2.0","method":)" + dump_json(Json(method)) +
         R"(,"params":{"subscription":)" + dump_json(Json(subscription)) + R"(,"result":)" +
         dump_json(result) + "}}";
}

}  // namespace canary::rpc
