// sp_authority_discovery::AuthorityId (app::Public): the sr25519 `audi` key a validator signs its
// addresses with in the DHT, and the key other validators look it up by.
#pragma once

#include <compare>
#include <optional>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::authority_discovery {

struct AuthorityId {
  ByteArray<32> bytes{};
  auto operator<=>(const AuthorityId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_authority_discovery", "app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};

}  // namespace canary::rt::pallets::authority_discovery
