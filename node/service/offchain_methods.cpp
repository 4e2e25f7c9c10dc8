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
// with Substrate's UnavailableStorageKind. The key in the column for PERSISTENT otherwise.
Result<Bytes, Error> persistent_key(const std::string& kind, const Bytes& key) {
  if (kind == "LOCAL") {
    return unexpected(Error{kOffchainUnavailableStorageKindCode,
                            "This storage kind is not available yet", std::nullopt});
  }
  if (kind != "PERSISTENT") {
    return unexpected(::canary::rpc::invalid_params("unknown variant `" + kind +
                                                    "`, expected `PERSISTENT` or `LOCAL`"));
  }
  Bytes out(kOffchainPersistentPrefix.begin(), kOffchainPersistentPrefix.end());
  out.insert(out.end(), key.begin(), key.end());
  return out;
}

Error database_error(const state::DatabaseError& e) {
  return Error{-32603, e.message(), std::nullopt};
}

}  // namespace

void register_offchain_methods(::canary::rpc::MethodRegistry& registry, blockchain::Chain& chain) {
  state::Database* db = &chain.database();
  rpc::add_method(registry, {"offchain_localStorageSet"}, MethodSafety::kUnsafe,
                  rpc::with_params<std::string, Bytes, Bytes>(
                      {"kind", "key", "value"},
                      [db](const rpc::CallContext&, const std::string& kind, const Bytes& key,
                           Bytes value) -> MethodResult {
                        CANARY_TRY_ASSIGN(Bytes k, persistent_key(kind, key));
                        auto written =
                            db->write_offchain({state::AuxWrite{std::move(k), std::move(value)}});
                        if (!written) return unexpected(database_error(written.error()));
                        return Json(nullptr);
                      }));
  rpc::add_method(
      registry, {"offchain_localStorageGet"}, MethodSafety::kUnsafe,
      rpc::with_params<std::string, Bytes>(
          {"kind", "key"},
          [db](const rpc::CallContext&, const std::string& kind, const Bytes& key) -> MethodResult {
            CANARY_TRY_ASSIGN(const Bytes k, persistent_key(kind, key));
            auto value = db->offchain(k);
            if (!value) return unexpected(database_error(value.error()));
            if (!*value) return Json(nullptr);
            return Json(to_hex(**value));
          }));
  rpc::add_method(
      registry, {"offchain_localStorageClear"}, MethodSafety::kUnsafe,
      rpc::with_params<std::string, Bytes>(
          {"kind", "key"},
          [db](const rpc::CallContext&, const std::string& kind, const Bytes& key) -> MethodResult {
            CANARY_TRY_ASSIGN(Bytes k, persistent_key(kind, key));
            auto written = db->write_offchain({state::AuxWrite{std::move(k), std::nullopt}});
            if (!written) return unexpected(database_error(written.error()));
            return Json(nullptr);
          }));
}

}  // namespace canary::node
