// The wall clock as the node's protocols read it: unix milliseconds (BABE slots, timestamps,
// GRANDPA's and the pool's timers).
#pragma once

#include <chrono>
#include <cstdint>

namespace canary::node {

inline uint64_t unix_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace canary::node
