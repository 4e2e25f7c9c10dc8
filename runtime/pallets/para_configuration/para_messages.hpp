// The inbound messages of a para as the ParachainHost runtime API hands them to collators:
// polkadot_core_primitives' InboundDownwardMessage (the Dmp pallet's queue) and InboundHrmpMessage
// (the Hrmp pallet's channels). SCALE and metadata paths as Kusama's metadata (spec 1_009_002;
// polkadot-sdk stable2506 polkadot/core-primitives/src/lib.rs). Neither pallet exists in Canary
// yet: the API answers with no messages.
#pragma once

#include <cstdint>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::para_primitives {

// polkadot_core_primitives::InboundDownwardMessage<u32>: a relay chain message to a para, with the
// block it was sent in.
struct InboundDownwardMessage {
  uint32_t sent_at = 0;
  Bytes msg;
  bool operator==(const InboundDownwardMessage&) const = default;
  CANARY_SCALE_FIELDS(sent_at, msg)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_core_primitives", "InboundDownwardMessage"});
    b.param<uint32_t>("BlockNumber");
    b.field("sent_at", &InboundDownwardMessage::sent_at, "BlockNumber");
    b.field("msg", &InboundDownwardMessage::msg, "DownwardMessage");
  }
};

// polkadot_core_primitives::InboundHrmpMessage<u32>: a message from another para's channel, with
// the block it was sent in.
struct InboundHrmpMessage {
  uint32_t sent_at = 0;
  Bytes data;
  bool operator==(const InboundHrmpMessage&) const = default;
  CANARY_SCALE_FIELDS(sent_at, data)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_core_primitives", "InboundHrmpMessage"});
    b.param<uint32_t>("BlockNumber");
    b.field("sent_at", &InboundHrmpMessage::sent_at, "BlockNumber");
    b.field("data", &InboundHrmpMessage::data, "alloc::vec::Vec<u8>");
  }
};

}  // namespace canary::rt::pallets::para_primitives
