// What the network tests build connections and hosts from: a node identity from one byte, and
// deterministic bytes where a connection asks for randomness (Noise ephemeral keys, ping
// payloads), so that runs repeat exactly.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "network/libp2p/connection_config.hpp"
#include "primitives/crypto/ed25519.hpp"

namespace canary::network::testing {

inline crypto::ed25519::Keypair identity(uint8_t tag) {
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  return crypto::ed25519::keypair_from_seed(seed);
}

inline RandomSource counter_random(uint8_t tag) {
  auto state = std::make_shared<uint32_t>(tag * 7919u + 1);
  return [state](std::span<uint8_t> out) {
    for (uint8_t& b : out) {
      *state = *state * 1103515245u + 12345u;
      b = static_cast<uint8_t>(*state >> 16);
    }
  };
}

}  // namespace canary::network::testing
