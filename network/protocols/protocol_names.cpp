#include "network/protocols/protocol_names.hpp"

#include "primitives/util/hex.hpp"

namespace canary::network {

namespace {

// "/<genesis hex>[/<fork id>]<suffix>": polkadot-sdk formats the hash with
// array_bytes::bytes2hex("", hash), i.e. lower case without a prefix.
std::string genesis_name(const std::string& prefix, std::string_view suffix) {
  std::string out = prefix;
  out.append(suffix);
  return out;
}

std::string legacy_name(std::string_view protocol_id, std::string_view suffix) {
  std::string out = "/";
  out.append(protocol_id);
  out.append(suffix);
  return out;
}

}  // namespace

ProtocolNames protocol_names(const block::BlockHash& genesis_hash, std::string_view protocol_id,
                             std::optional<std::string_view> fork_id) {
  std::string prefix = "/" + to_hex(genesis_hash, /*with_prefix=*/false);
  if (fork_id) {
    prefix += "/";
    prefix.append(*fork_id);
  }
  auto both = [&](std::string_view suffix) {
    return ProtocolName{genesis_name(prefix, suffix), legacy_name(protocol_id, suffix)};
  };
  ProtocolNames names;
  names.block_announces = both("/block-announces/1");
  names.sync = both("/sync/2");
  names.state = both("/state/2");
  names.light = both("/light/2");
  names.warp_sync = both("/sync/warp");
  names.transactions = both("/transactions/1");
  // GRANDPA's fallback never depended on the protocol id (grandpa_protocol_name::LEGACY_NAMES).
  names.grandpa = ProtocolName{genesis_name(prefix, "/grandpa/1"), "/paritytech/grandpa/1"};
  names.kademlia = both("/kad");
  return names;
}

}  // namespace canary::network
