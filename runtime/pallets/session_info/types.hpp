// polkadot_primitives::SessionInfo (frozen v8 layout, what ParaSessionInfo's `Sessions` map holds
// and the `session_info` runtime API returns) in Kusama's field order (spec 1_009_002 metadata):
// active_validator_indices, random_seed, dispute_period, validators, discovery_keys,
// assignment_keys, validator_groups, n_cores, zeroth_delay_tranche_width,
// relay_vrf_modulo_samples, n_delay_tranches, no_show_slots, needed_approvals
// (polkadot-sdk stable2506 polkadot/primitives/src/v8/mod.rs; parachain-facts.md §1.12).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/authority_discovery/authority_id.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"

namespace canary::rt::pallets::session_info {

using para_primitives::ValidatorIndex;
using para_shared::ValidatorId;

// polkadot_primitives::AssignmentId (assignment_app::Public): the sr25519 `asgn` key.
struct AssignmentId {
  ByteArray<32> bytes{};
  auto operator<=>(const AssignmentId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "assignment_app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};

// sp_authority_discovery::AuthorityId: the `audi` key (AuthorityDiscovery's).
using AuthorityDiscoveryId = authority_discovery::AuthorityId;

// polkadot_primitives::IndexedVec<K, V>: a Vec<V> indexed by K (transparent on the wire).
template <class K, class V>
struct IndexedVec {
  std::vector<V> items;
  bool operator==(const IndexedVec&) const = default;
  CANARY_SCALE_FIELDS(items)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "IndexedVec"});
    b.param<K>("K");
    b.param<V>("V");
    b.typed_field<std::vector<V>>(std::nullopt, "Vec<V>");
  }
};

struct SessionInfo {
  std::vector<ValidatorIndex> active_validator_indices;
  std::array<uint8_t, 32> random_seed{};
  uint32_t dispute_period = 0;
  IndexedVec<ValidatorIndex, ValidatorId> validators;
  std::vector<AuthorityDiscoveryId> discovery_keys;
  std::vector<AssignmentId> assignment_keys;
  IndexedVec<para_primitives::GroupIndex, std::vector<ValidatorIndex>> validator_groups;
  uint32_t n_cores = 0;
  uint32_t zeroth_delay_tranche_width = 0;
  uint32_t relay_vrf_modulo_samples = 0;
  uint32_t n_delay_tranches = 0;
  uint32_t no_show_slots = 0;
  uint32_t needed_approvals = 0;
  bool operator==(const SessionInfo&) const = default;
  CANARY_SCALE_FIELDS(active_validator_indices, random_seed, dispute_period, validators,
                      discovery_keys, assignment_keys, validator_groups, n_cores,
                      zeroth_delay_tranche_width, relay_vrf_modulo_samples, n_delay_tranches,
                      no_show_slots, needed_approvals)
  static void type_info(meta::TypeBuilder& b) {
    using S = SessionInfo;
    b.path({"polkadot_primitives", "v8", "SessionInfo"});
    b.field("active_validator_indices", &S::active_validator_indices, "Vec<ValidatorIndex>");
    b.field("random_seed", &S::random_seed, "[u8; 32]");
    b.field("dispute_period", &S::dispute_period, "SessionIndex");
    b.field("validators", &S::validators, "IndexedVec<ValidatorIndex, ValidatorId>");
    b.field("discovery_keys", &S::discovery_keys, "Vec<AuthorityDiscoveryId>");
    b.field("assignment_keys", &S::assignment_keys, "Vec<AssignmentId>");
    b.field("validator_groups", &S::validator_groups,
            "IndexedVec<GroupIndex, Vec<ValidatorIndex>>");
    b.field("n_cores", &S::n_cores, "u32");
    b.field("zeroth_delay_tranche_width", &S::zeroth_delay_tranche_width, "u32");
    b.field("relay_vrf_modulo_samples", &S::relay_vrf_modulo_samples, "u32");
    b.field("n_delay_tranches", &S::n_delay_tranches, "u32");
    b.field("no_show_slots", &S::no_show_slots, "u32");
    b.field("needed_approvals", &S::needed_approvals, "u32");
  }
};

}  // namespace canary::rt::pallets::session_info
