// Multiaddresses and PeerIds from peers (identify, Kademlia) and from configuration: arbitrary
// input is parsed as a binary multiaddr, as a text multiaddr and as PeerId text and bytes. Never a
// crash; whatever is accepted round-trips: a binary form keeps its exact bytes and has a text form
// that parses back to it; a text form's canonical text and bytes parse back to the same address;
// PeerIds re-encode to the exact input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.hpp"
#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"

namespace {

using canary::Bytes;
using canary::ByteSpan;
using canary::network::Multiaddr;
using canary::network::PeerId;

using canary::fuzz::check;

// The accessors on an accepted address agree with its components.
void exercise(const Multiaddr& address) {
  const auto components = address.components();
  const auto rebuilt = Multiaddr::from_components(components);
  check(rebuilt && *rebuilt == address);
  const auto peer = address.peer_id();
  const Multiaddr bare = address.without_p2p();
  check(peer.has_value() == (bare != address));
  if (peer) {
    // (with, not with_p2p: the bare address may itself end with another /p2p.)
    const auto again = bare.with({canary::network::MultiaddrProtocol::kP2p, peer->bytes()});
    check(again && *again == address);
  }
  if (const auto endpoint = address.tcp_endpoint()) check(!endpoint->host.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteSpan bytes(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (const auto address = Multiaddr::from_bytes(bytes)) {
    check(address->bytes() == Bytes(bytes.begin(), bytes.end()));
    const auto reparsed = Multiaddr::from_string(address->to_string());
    check(reparsed && *reparsed == *address);
    exercise(*address);
  }

  if (const auto address = Multiaddr::from_string(text)) {
    const std::string canonical = address->to_string();
    const auto reparsed = Multiaddr::from_string(canonical);
    check(reparsed && *reparsed == *address && reparsed->to_string() == canonical);
    const auto decoded = Multiaddr::from_bytes(address->bytes());
    check(decoded && *decoded == *address);
    exercise(*address);
  }

  if (const auto peer = PeerId::from_bytes(bytes)) {
    check(peer->bytes() == Bytes(bytes.begin(), bytes.end()));
    const auto again = PeerId::from_base58(peer->to_base58());
    check(again && *again == *peer);
  }
  if (const auto peer = PeerId::from_base58(text)) check(peer->to_base58() == text);
  return 0;
}
