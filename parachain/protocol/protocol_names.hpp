// The names the parachain protocols are negotiated under (polkadot-sdk
// `polkadot/node/network/protocol/src/peer_set.rs` PeerSetProtocolNames and
// `request_response/mod.rs` ReqProtocolNames; parachain-facts §3.1–3.2): "/" + the genesis hash in
// lower-case hex without 0x, then "/" + the fork id if the chain spec has one, then the suffix.
// Some protocols keep a fixed legacy name as fallback; the newer ones have none (an empty
// `fallback`).
//   notifications: /validation/3 (no fallback), /collation/2 (fallback /polkadot/collation/1,
//                  which speaks collation v1)
//   requests:      /req_chunk/1 (/polkadot/req_chunk/1), /req_chunk/2, /req_collation/1
//                  (/polkadot/req_collation/1), /req_collation/2, /req_pov/1 (/polkadot/req_pov/1),
//                  /req_available_data/1 (/polkadot/req_available_data/1), /req_statement/1
//                  (/polkadot/req_statement/1), /send_dispute/1 (/polkadot/send_dispute/1),
//                  /req_attested_candidate/2
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "network/protocols/protocol_names.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain::protocol {

struct ParachainProtocolNames {
  network::ProtocolName validation;
  network::ProtocolName collation;
  network::ProtocolName chunk_v1;
  network::ProtocolName chunk_v2;
  network::ProtocolName collation_fetching_v1;
  network::ProtocolName collation_fetching_v2;
  network::ProtocolName pov_fetching;
  network::ProtocolName available_data_fetching;
  network::ProtocolName statement_fetching;
  network::ProtocolName dispute_sending;
  network::ProtocolName attested_candidate;

  bool operator==(const ParachainProtocolNames&) const = default;
};

ParachainProtocolNames parachain_protocol_names(
    const Hash256& genesis_hash, std::optional<std::string_view> fork_id = std::nullopt);

}  // namespace canary::parachain::protocol
