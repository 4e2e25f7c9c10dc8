#include "parachain/protocol/protocol_names.hpp"

#include "primitives/util/hex.hpp"

namespace canary::parachain::protocol {

ParachainProtocolNames parachain_protocol_names(const Hash256& genesis_hash,
                                                std::optional<std::string_view> fork_id) {
  // peer_set.rs generate_name / ReqProtocolNames::generate_name: hex::encode, lower case.
  std::string prefix = "/" + to_hex(genesis_hash, /*with_prefix=*/false);
  if (fork_id) {
    prefix += "/";
    prefix.append(*fork_id);
  }
  auto named = [&prefix](std::string_view suffix, std::string_view legacy = {}) {
    std::string name = prefix;
    name.append(suffix);
    return network::ProtocolName{std::move(name), std::string(legacy)};
  };
  ParachainProtocolNames names;
  // Validation: v3 only, "no longer supports protocol versions 1 and 2" (get_fallback_names).
  names.validation = named("/validation/3");
  names.collation = named("/collation/2", "/polkadot/collation/1");
  names.chunk_v1 = named("/req_chunk/1", "/polkadot/req_chunk/1");
  // Protocols "introduced after legacy names became legacy" have none (get_legacy_name).
  names.chunk_v2 = named("/req_chunk/2");
  names.collation_fetching_v1 = named("/req_collation/1", "/polkadot/req_collation/1");
  names.collation_fetching_v2 = named("/req_collation/2");
  names.pov_fetching = named("/req_pov/1", "/polkadot/req_pov/1");
  names.available_data_fetching = named("/req_available_data/1", "/polkadot/req_available_data/1");
  names.statement_fetching = named("/req_statement/1", "/polkadot/req_statement/1");
  names.dispute_sending = named("/send_dispute/1", "/polkadot/send_dispute/1");
  names.attested_candidate = named("/req_attested_candidate/2");
  return names;
}

}  // namespace canary::parachain::protocol
