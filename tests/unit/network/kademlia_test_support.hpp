// What the Kademlia tests share: PeerIds and addresses made from numbers.
#pragma once

#include <cstdint>
#include <string>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network::testing {

// A PeerId per number: the identity multihash of an ed25519 envelope around 32 hashed bytes
// (what a real ed25519 PeerId looks like, without deriving keys).
inline PeerId test_peer(uint32_t i) {
  Bytes bytes = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
  const Bytes seed = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8),
                      static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 24)};
  const Hash256 h = hash::sha2_256(seed);
  bytes.insert(bytes.end(), h.begin(), h.end());
  return PeerId::from_bytes(bytes).value();
}

inline Multiaddr addr(const std::string& text) {
  return Multiaddr::from_string(text).value();
}

// A distinct dialable-looking address per number.
inline Multiaddr addr_of(uint32_t i) {
  return addr("/dns4/node" + std::to_string(i) + ".example/tcp/30333");
}

}  // namespace canary::network::testing
