// polkadot-runtime-parachains' AllowedRelayParentsTracker<Hash, BlockNumber> as ParasShared
// stores it at storage version 1 (shared.rs; shared/migration.rs v0 → v1 added the claim queue):
// the relay parents candidates may be built on, oldest first, each with its state root and the
// claim queue at that block, and the number of the newest. Cleared at every session change;
// holds at most allowed_ancestry_len + 1 entries once Scheduler and ParaInherent feed it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::pallets::para_shared {

using ParaId = uint32_t;
using CoreIndex = uint32_t;

// BTreeSet<CoreIndex>: a sorted sequence on the wire.
struct CoreSet {
  std::vector<CoreIndex> cores;
  bool operator==(const CoreSet&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, cores);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, cores); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"BTreeSet"});
    b.param<CoreIndex>("T");
    b.typed_field<std::vector<CoreIndex>>(std::nullopt);
  }
};

// shared::RelayParentInfo<Hash>.
struct RelayParentInfo {
  H256 relay_parent;
  H256 state_root;
  std::map<ParaId, std::map<uint8_t, CoreSet>> claim_queue;
  bool operator==(const RelayParentInfo&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("relay_parent", &RelayParentInfo::relay_parent, "Hash"),
                      field("state_root", &RelayParentInfo::state_root, "Hash"),
                      field("claim_queue", &RelayParentInfo::claim_queue,
                            "BTreeMap<Id, BTreeMap<u8, BTreeSet<CoreIndex>>>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "shared", "RelayParentInfo"});
    b.param<H256>("Hash");
    add_fields(b, fields());
  }
};

// shared::AllowedRelayParentsTracker<Hash, BlockNumber>. The VecDeque is a sequence on the wire.
struct AllowedRelayParentsTracker {
  std::vector<RelayParentInfo> buffer;
  uint32_t latest_number = 0;
  bool operator==(const AllowedRelayParentsTracker&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("buffer", &AllowedRelayParentsTracker::buffer, "VecDeque<RelayParentInfo<Hash>>"),
        field("latest_number", &AllowedRelayParentsTracker::latest_number, "BlockNumber")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "shared", "AllowedRelayParentsTracker"});
    b.param<H256>("Hash");
    b.param<uint32_t>("BlockNumber");
    add_fields(b, fields());
  }

  // AllowedRelayParentsTracker::update: append the newest relay parent and keep the last
  // max_ancestry_len + 1.
  void update(const H256& relay_parent, const H256& state_root,
              std::map<ParaId, std::map<uint8_t, CoreSet>> claims, uint32_t number,
              uint32_t max_ancestry_len) {
    buffer.push_back(RelayParentInfo{relay_parent, state_root, std::move(claims)});
    latest_number = number;
    const size_t keep = size_t{max_ancestry_len} + 1;
    if (buffer.size() > keep) {
      buffer.erase(buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(buffer.size() - keep));
    }
  }

  // AllowedRelayParentsTracker::hypothetical_earliest_block_number: the number of the oldest
  // relay parent the buffer would hold with the block `now` added (ParachainHost's
  // para_backing_state: min_relay_parent_number). The buffer holds only blocks before `now`, so
  // the subtraction stays at or above zero.
  uint32_t hypothetical_earliest_block_number(uint32_t now, uint32_t max_ancestry_len) const {
    return now - std::min(max_ancestry_len, static_cast<uint32_t>(buffer.size()));
  }

  // AllowedRelayParentsTracker::acquire_info's lookup: the state root and number of an allowed
  // relay parent, if it is one.
  std::optional<std::pair<H256, uint32_t>> acquire_info(const H256& relay_parent) const {
    for (size_t pos = 0; pos < buffer.size(); ++pos) {
      if (buffer[pos].relay_parent == relay_parent) {
        const auto age = static_cast<uint32_t>(buffer.size() - 1 - pos);
        return std::pair{buffer[pos].state_root, latest_number - age};
      }
    }
    return std::nullopt;
  }
};

}  // namespace canary::rt::pallets::para_shared
