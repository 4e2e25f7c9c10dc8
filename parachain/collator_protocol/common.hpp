// What both sides of the collator protocol (polkadot-sdk
// `polkadot/node/network/collator-protocol/src/{validator_side,collator_side}/mod.rs`) hand their
// adapter besides their own outputs: messages to send on the collation peer set, reputation
// changes with polkadot-sdk's names and values, and disconnections. Neither side encodes bytes or
// keeps a clock: the adapter wraps a message in CollationProtocol and sends it through
// CollationPeerSet::send, passes reports to the peer store, and feeds both sides the time.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

#include "network/libp2p/peer_id.hpp"
#include "network/peerset/peer_store.hpp"
#include "parachain/protocol/collation_protocol.hpp"

namespace canary::parachain::collator_protocol {

using TimePoint = std::chrono::steady_clock::time_point;
// Identifies a request-response exchange between a side and its adapter: the validator side
// numbers its collation fetches, the collator side is given the adapter's number for each
// incoming request.
using RequestId = uint64_t;

// ---- reputation (polkadot-node-network-protocol `UnifiedReputationChange`) ---------------------
// CostMinor = -100_000, CostMajor = -300_000, Malicious = i32::MIN, BenefitMinor = 10_000
// (`reputation.rs` cost_or_benefit); the reasons are polkadot-sdk's strings.

inline constexpr int32_t kCostMinor = -100'000;
inline constexpr int32_t kCostMajor = -300'000;
inline constexpr int32_t kMalicious = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kBenefitMinor = 10'000;

// Both sides: COST_UNEXPECTED_MESSAGE.
inline constexpr network::ReputationChange kCostUnexpectedMessage{kCostMinor,
                                                                  "An unexpected message"};
// validator_side/mod.rs.
inline constexpr network::ReputationChange kCostCorruptedMessage{kCostMinor, "Message was corrupt"};
inline constexpr network::ReputationChange kCostNetworkError{kCostMinor, "Some network error"};
inline constexpr network::ReputationChange kCostInvalidSignature{
    kMalicious, "Invalid network message signature"};
inline constexpr network::ReputationChange kCostReportBad{
    kMalicious, "A collator was reported by another subsystem"};
inline constexpr network::ReputationChange kCostWrongPara{
    kMalicious, "A collator provided a collation for the wrong para"};
inline constexpr network::ReputationChange kCostUnneededCollator{kCostMinor,
                                                                 "An unneeded collator connected"};
inline constexpr network::ReputationChange kBenefitNotifyGood{
    kBenefitMinor, "A collator was noted good by another subsystem"};
// collator_side/mod.rs. kCostInvalidRequest is the adapter's to charge: a request that does not
// decode never reaches the collator side.
inline constexpr network::ReputationChange kCostInvalidRequest{kCostMajor,
                                                               "Peer sent unparsable request"};
inline constexpr network::ReputationChange kCostApparentFlood{
    kCostMinor, "Message received when previous one was still being processed"};

// ---- outputs both sides produce
// ------------------------------------------------------------------

// A notification for one peer of the collation peer set (the adapter wraps it in
// CollationProtocol{CollatorProtocol{message}}).
struct SendMessage {
  network::PeerId peer;
  protocol::CollatorProtocolMessage message;
};

struct Report {
  network::PeerId peer;
  network::ReputationChange change;
};

// Close the collation peer set's substream with the peer (NetworkBridgeTxMessage::DisconnectPeers
// on PeerSet::Collation).
struct Disconnect {
  network::PeerId peer;
};

}  // namespace canary::parachain::collator_protocol
