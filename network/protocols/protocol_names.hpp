// The names the Substrate protocols are negotiated under (multistream-select), as polkadot-sdk
// builds them: a name derived from the genesis hash (lower-case hex, no 0x), optionally followed by
// the chain spec's fork id, and one legacy fallback derived from the chain spec's `protocolId`
// (GRANDPA's fallback is the fixed "/paritytech/grandpa/1"). A dialer proposes the main name first
// and then the fallback; a listener accepts both. References: sc-network-sync
// block_request_handler.rs, state_request_handler.rs, warp_request_handler.rs, engine.rs
// (block announces), sc-network-light light_client_requests.rs, sc-network-transactions lib.rs,
// sc-consensus-grandpa communication/mod.rs (grandpa_protocol_name), sc-network discovery.rs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "primitives/block/header.hpp"

namespace canary::network {

struct ProtocolName {
  std::string name;      // e.g. "/b0a8d493…dafe/block-announces/1"
  std::string fallback;  // e.g. "/ksmcc3/block-announces/1"

  bool operator==(const ProtocolName&) const = default;
};

struct ProtocolNames {
  ProtocolName block_announces;  // notifications, handshake BlockAnnouncesHandshake
  ProtocolName sync;             // request-response, BlockRequest / BlockResponse
  ProtocolName state;            // request-response, StateRequest / StateResponse
  ProtocolName light;            // request-response, light client proofs
  ProtocolName warp_sync;        // request-response, block hash / WarpSyncProof
  ProtocolName transactions;     // notifications, handshake Roles
  ProtocolName grandpa;          // notifications, handshake Roles
  ProtocolName kademlia;         // the chain's Kademlia DHT

  bool operator==(const ProtocolNames&) const = default;
};

// `protocol_id` is the chain spec's "protocolId" (Kusama: "ksmcc3"); `fork_id` its "forkId".
ProtocolNames protocol_names(const block::BlockHash& genesis_hash, std::string_view protocol_id,
                             std::optional<std::string_view> fork_id = std::nullopt);

}  // namespace canary::network
