// `/<genesis>/grandpa/1` framing (sc-consensus-grandpa communication/mod.rs, gossip.rs): the
// handshake is the roles byte (roles.hpp: the protocol declares no handshake of its own), every
// notification one SCALE GossipMessage (Vote, Commit, Neighbor, CatchUpRequest, CatchUp), whose
// types and capped decoder live in consensus/grandpa/gossip_message.hpp; this adds the protocol's
// size limit and the network's error type.
#pragma once

#include <cstddef>

#include "consensus/grandpa/gossip_message.hpp"
#include "network/protocols/protocol_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// grandpa_peers_set_config: max_notification_size.
inline constexpr size_t kMaxGrandpaNotificationSize = 1024 * 1024;

Bytes encode_grandpa_notification(const consensus::grandpa::GossipMessage& message);
Result<consensus::grandpa::GossipMessage, ProtocolError> decode_grandpa_notification(
    ByteSpan bytes);

}  // namespace canary::network
