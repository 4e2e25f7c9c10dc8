#include "node/service/offchain_methods.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "node/rpc/registration.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

using rpc::Error;
using rpc::Json;
using rpc::MethodResult;
using rpc::MethodSafety;

// sp-core offchain StorageKind as serde reads it: "PERSISTENT" or "LOCAL"; LOCAL is answered
// with Substrate's UnavailableStorageKind.
Result<void, Error> check_persistent(const std::string& kind) {
  if (kind == "LOCAL") {
    return unexpected(Error{kOffchainUnavailableStorageKindCode,
                            "This storage kind is not available yet", std::nullopt});
  }
  if (kind != "PERSISTENT") {
    return unexpected(::canary::rpc::invalid_params("unknown variant `" + kind +
                                                    "`, expected `PERSISTENT` or `LOCAL`"));
  }
  return {};
}

Error database_error(const state::DatabaseError& e) {
  return Error{-32603, e.message(), std::nullopt};
}

}  // namespace

void register_offchain_methods(::canary::rpc::MethodRegistry& registry, blockchain::Chain& chain) {
  register_offchain_methods(
      registry, std::make_shared<blockchain::DatabaseOffchainStorage>(chain.database()));
}

void register_offchain_methods(::canary::rpc::MethodRegistry& registry,
                               const std::shared_ptr<blockchain::DatabaseOffchainStorage>& db) {
  rpc::add_method(registry, {"offchain_localStorageSet"}, MethodSafety::kUnsafe,
                  rpc::with_params<std::string, Bytes, Bytes>(
                      {"kind", "key", "value"},
                      [db](const rpc::CallContext&, const std::string& kind, const Bytes& key,
                           Bytes value) -> MethodResult {
                        CANARY_TRY(check_persistent(kind));
                        auto written = db->write(key, ByteSpan(value));
                        if (!written) return unexpected(database_error(written.error()));
                        return Json(nullptr);
                      }));
  rpc::add_method(
      registry, {"offchain_localStorageGet"}, MethodSafety::kUnsafe,
      rpc::with_params<std::string, Bytes>(
          {"kind", "key"},
          [db](const rpc::CallContext&, const std::string& kind, const Bytes& key) -> MethodResult {
            CANARY_TRY(check_persistent(kind));
            auto value = db->read(key);
            if (!value) return unexpected(database_error(value.error()));
            if (!*value) return Json(nullptr);
            return Json(to_hex(**value));
          }));
  rpc::add_method(
      registry, {"offchain_localStorageClear"}, MethodSafety::kUnsafe,
      rpc::with_params<std::string, Bytes>(
          {"kind", "key"},
          [db](const rpc::CallContext&, const std::string& kind, const Bytes& key) -> MethodResult {
            CANARY_TRY(check_persistent(kind));
            auto written = db->write(key, std::nullopt);
            if (!written) return unexpected(database_error(written.error()));
            return Json(nullptr);
          }));
}

}  // namespace canary::node
