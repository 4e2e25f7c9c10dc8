// What the ParachainHost runtime API (runtime/canary/parachain_host_api.hpp) tells the node about
// the availability cores and the candidates, read from ParaInclusion's and ParaScheduler's state:
// OccupiedCoreAssumption, CollatorId, ScheduledCore, OccupiedCore, CoreState and CandidateEvent.
// SCALE byte for byte as polkadot-sdk stable2506 (polkadot/primitives/src/v8/mod.rs,
// vstaging/mod.rs); metadata paths, parameters and field type names as Kusama's metadata (spec
// 1_009_002) has them: OccupiedCore, CoreState and CandidateEvent in
// `polkadot_primitives::vstaging`, the others in `polkadot_primitives::v8`. None of them is stored:
// the runtime builds them per call.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_inclusion {

using para_primitives::CandidateDescriptorV2;
using para_primitives::CandidateHash;
using para_primitives::CandidateReceiptV2;
using para_primitives::CoreIndex;
using para_primitives::GroupIndex;
using para_primitives::HeadData;
using para_primitives::ParaId;

// v8::OccupiedCoreAssumption: what a caller asking for a para's validation data or code assumes
// of the candidate pending availability on its core, if there is one.
enum class OccupiedCoreAssumption : uint8_t {
  kIncluded = 0,  // it became available and was enacted
  kTimedOut = 1,  // it timed out and was dropped
  kFree = 2,      // there is none (an answer only if that is so)
};
inline bool scale_is_valid(OccupiedCoreAssumption assumption) {
  return static_cast<uint8_t>(assumption) <= 2;
}
inline void canary_type_info(meta::TypeBuilder& b, const OccupiedCoreAssumption* /*unused*/) {
  b.path({"polkadot_primitives", "v8", "OccupiedCoreAssumption"});
  b.variant(0, "Included").variant(1, "TimedOut").variant(2, "Free");
}

// v8::CollatorId (collator_app::Public): a collator's sr25519 key.
struct CollatorId {
  ByteArray<32> bytes{};
  auto operator<=>(const CollatorId&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "collator_app", "Public"});
    b.typed_field<ByteArray<32>>(std::nullopt, "sr25519::Public");
  }
};

// v8::ScheduledCore: the para a core serves next. v11's availability_cores names no collator
// (always None): any collator of the para may build for the core.
struct ScheduledCore {
  ParaId para_id;
  std::optional<CollatorId> collator;
  bool operator==(const ScheduledCore&) const = default;
  CANARY_SCALE_FIELDS(para_id, collator)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "ScheduledCore"});
    b.field("para_id", &ScheduledCore::para_id, "Id");
    b.field("collator", &ScheduledCore::collator, "Option<CollatorId>");
  }
};

// vstaging::OccupiedCore<H256, u32>: a core with a candidate pending availability.
struct OccupiedCore {
  // The para the core serves once the candidate is available, and once it timed out (the same
  // claim: the claim queue does not tell the two apart).
  std::optional<ScheduledCore> next_up_on_available;
  // The block the candidate was backed in, and the block it times out at.
  uint32_t occupied_since = 0;
  uint32_t time_out_at = 0;
  std::optional<ScheduledCore> next_up_on_time_out;
  // One bit per active validator: whether it holds its chunk.
  scale::BitVec availability;
  GroupIndex group_responsible;
  CandidateHash candidate_hash;
  CandidateDescriptorV2 candidate_descriptor;
  bool operator==(const OccupiedCore&) const = default;
  CANARY_SCALE_FIELDS(next_up_on_available, occupied_since, time_out_at, next_up_on_time_out,
                      availability, group_responsible, candidate_hash, candidate_descriptor)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "OccupiedCore"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    b.field("next_up_on_available", &OccupiedCore::next_up_on_available, "Option<ScheduledCore>");
    b.field("occupied_since", &OccupiedCore::occupied_since, "N");
    b.field("time_out_at", &OccupiedCore::time_out_at, "N");
    b.field("next_up_on_time_out", &OccupiedCore::next_up_on_time_out, "Option<ScheduledCore>");
    b.field("availability", &OccupiedCore::availability, "BitVec<u8, bitvec::order::Lsb0>");
    b.field("group_responsible", &OccupiedCore::group_responsible, "GroupIndex");
    b.field("candidate_hash", &OccupiedCore::candidate_hash, "CandidateHash");
    b.field("candidate_descriptor", &OccupiedCore::candidate_descriptor,
            "CandidateDescriptorV2<H>");
  }
};

// vstaging::CoreState<H256, u32>: Occupied(OccupiedCore) 0, Scheduled(ScheduledCore) 1, Free 2.
struct CoreState {
  struct Occupied {
    static constexpr uint8_t kScaleIndex = 0;
    OccupiedCore core;
    bool operator==(const Occupied&) const = default;
    CANARY_SCALE_FIELDS(core)
  };
  struct Scheduled {
    static constexpr uint8_t kScaleIndex = 1;
    ScheduledCore core;
    bool operator==(const Scheduled&) const = default;
    CANARY_SCALE_FIELDS(core)
  };
  struct Free {
    static constexpr uint8_t kScaleIndex = 2;
    bool operator==(const Free&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<Occupied, Scheduled, Free> value;
  bool operator==(const CoreState&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "CoreState"});
    b.param<H256>("H");
    b.param<uint32_t>("N");
    meta::Registry& r = b.registry();
    b.variant(0, "Occupied", {meta::field_of<OccupiedCore>(r, {}, "OccupiedCore<H, N>")});
    b.variant(1, "Scheduled", {meta::field_of<ScheduledCore>(r, {}, "ScheduledCore")});
    b.variant(2, "Free");
  }
};

// vstaging::CandidateEvent<H256>: ParaInclusion's CandidateBacked 0, CandidateIncluded 1 and
// CandidateTimedOut 2 events of a block, as the node reads them (the receipt, the candidate's head
// data, its core and, but for a timeout, its backing group).
struct CandidateEvent {
  template <uint8_t kIndex>
  struct WithGroup {
    static constexpr uint8_t kScaleIndex = kIndex;
    CandidateReceiptV2 receipt;
    HeadData head_data;
    CoreIndex core;
    GroupIndex group;
    bool operator==(const WithGroup&) const = default;
    CANARY_SCALE_FIELDS(receipt, head_data, core, group)
  };
  using CandidateBacked = WithGroup<0>;
  using CandidateIncluded = WithGroup<1>;
  struct CandidateTimedOut {
    static constexpr uint8_t kScaleIndex = 2;
    CandidateReceiptV2 receipt;
    HeadData head_data;
    CoreIndex core;
    bool operator==(const CandidateTimedOut&) const = default;
    CANARY_SCALE_FIELDS(receipt, head_data, core)
  };
  std::variant<CandidateBacked, CandidateIncluded, CandidateTimedOut> value;
  bool operator==(const CandidateEvent&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "CandidateEvent"});
    b.param<H256>("H");
    meta::Registry& r = b.registry();
    const auto receipt = [&] {
      return meta::field_of<CandidateReceiptV2>(r, {}, "CandidateReceiptV2<H>");
    };
    const auto head = [&] { return meta::field_of<HeadData>(r, {}, "HeadData"); };
    const auto core = [&] { return meta::field_of<CoreIndex>(r, {}, "CoreIndex"); };
    const auto group = [&] { return meta::field_of<GroupIndex>(r, {}, "GroupIndex"); };
    b.variant(0, "CandidateBacked", {receipt(), head(), core(), group()});
    b.variant(1, "CandidateIncluded", {receipt(), head(), core(), group()});
    b.variant(2, "CandidateTimedOut", {receipt(), head(), core()});
  }
};

}  // namespace canary::rt::pallets::para_inclusion
