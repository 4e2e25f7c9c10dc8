// libsodium picks its fastest ChaCha20 (SSSE3/AVX2) and SHA-256 only after sodium_init(); before
// that it runs the reference code. sodium_init() is idempotent and thread-safe, and the static
// makes it run once. Internal to the noise_*.cpp files.
#pragma once

#include <sodium.h>

namespace canary::network::noise_detail {

inline void ensure_sodium_initialised() {
  [[maybe_unused]] static const bool kInitialised = sodium_init() >= 0;
}

}  // namespace canary::network::noise_detail
