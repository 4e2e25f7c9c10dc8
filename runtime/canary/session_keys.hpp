// The Canary runtime's session keys, in Kusama's order (what `author_rotateKeys` returns and
// `Session.set_keys` takes): GRANDPA (ed25519), BABE, parachain validator, parachain assignment,
// authority discovery (sr25519), BEEFY (ecdsa). The BEEFY key is carried before its pallet
// exists, so that the key format does not change when it arrives.
#pragma once

#include <array>

#include "runtime/framework/described.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/authority_discovery/authority_id.hpp"
#include "runtime/pallets/babe/types.hpp"
#include "runtime/pallets/grandpa/grandpa.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/session/session.hpp"
#include "runtime/pallets/session_info/types.hpp"

namespace canary::rt::canary_runtime {

// An app-specific public key: its bytes, under the path clients know it by.
template <size_t N, FixedString Path1, FixedString Path2, FixedString Path3, FixedString Inner>
struct AppPublic {
  ByteArray<N> bytes{};
  bool operator==(const AppPublic&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({std::string(Path1.view()), std::string(Path2.view()), std::string(Path3.view())});
    b.typed_field<ByteArray<N>>(std::nullopt, std::string(Inner.view()));
  }
};

// The parachain and discovery keys are their pallets' own types (Kusama's metadata paths).
using ValidatorId = pallets::para_shared::ValidatorId;
using AssignmentId = pallets::session_info::AssignmentId;
using AuthorityDiscoveryId = pallets::authority_discovery::AuthorityId;
using BeefyId = AppPublic<33, "sp_consensus_beefy", "ecdsa_crypto", "Public", "ecdsa::Public">;

struct SessionKeys {
  pallets::grandpa::AuthorityId grandpa;
  pallets::babe::AuthorityId babe;
  ValidatorId para_validator;
  AssignmentId para_assignment;
  AuthorityDiscoveryId authority_discovery;
  BeefyId beefy;
  bool operator==(const SessionKeys&) const = default;

  static constexpr std::array<pallets::session::KeyTypeId, 6> kKeyTypeIds = {
      pallets::session::key_type("gran"), pallets::session::key_type("babe"),
      pallets::session::key_type("para"), pallets::session::key_type("asgn"),
      pallets::session::key_type("audi"), pallets::session::key_type("beef")};
  static constexpr auto fields() {
    return std::tuple{
        field("grandpa", &SessionKeys::grandpa, "<Grandpa as BoundToRuntimeAppPublic>::Public"),
        field("babe", &SessionKeys::babe, "<Babe as BoundToRuntimeAppPublic>::Public"),
        field("para_validator", &SessionKeys::para_validator,
              "<Initializer as BoundToRuntimeAppPublic>::Public"),
        field("para_assignment", &SessionKeys::para_assignment,
              "<ParaSessionInfo as BoundToRuntimeAppPublic>::Public"),
        field("authority_discovery", &SessionKeys::authority_discovery,
              "<AuthorityDiscovery as BoundToRuntimeAppPublic>::Public"),
        field("beefy", &SessionKeys::beefy, "<Beefy as BoundToRuntimeAppPublic>::Public")};
  }
  CANARY_DESCRIBED()
  // The genesis JSON (session.keys[i][2]): every key is required, 0x hex (or SS58 for the 32-byte
  // ones); written as hex.
  static constexpr auto json_fields() {
    return std::tuple{json_required_field("grandpa", &SessionKeys::grandpa),
                      json_required_field("babe", &SessionKeys::babe),
                      json_required_field("para_validator", &SessionKeys::para_validator),
                      json_required_field("para_assignment", &SessionKeys::para_assignment),
                      json_required_field("authority_discovery", &SessionKeys::authority_discovery),
                      json_required_field("beefy", &SessionKeys::beefy)};
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"canary_runtime", "SessionKeys"});
    add_fields(b, fields());
  }
};

}  // namespace canary::rt::canary_runtime
