// A distinct PeerId per number, for the parachain network tests.
#pragma once

#include <cstdint>

#include "network/libp2p/peer_id.hpp"
#include "primitives/crypto/ed25519.hpp"

namespace canary::parachain::testing {

inline network::PeerId peer(uint8_t i) {
  ByteArray<32> seed{};
  seed[0] = i;
  return network::PeerId::from_ed25519(crypto::ed25519::keypair_from_seed(seed).public_key);
}

}  // namespace canary::parachain::testing
