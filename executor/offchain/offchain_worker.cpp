#include "executor/offchain/offchain_worker.hpp"

#include <sodium.h>

#include <chrono>
#include <thread>

namespace canary::executor::offchain {

Timestamp BasicOffchainWorker::timestamp() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<Timestamp>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

void BasicOffchainWorker::sleep_until(Timestamp deadline) {
  const Timestamp now = timestamp();
  if (deadline > now) std::this_thread::sleep_for(std::chrono::milliseconds(deadline - now));
}

Hash256 BasicOffchainWorker::random_seed() {
  Hash256 seed{};
  // libsodium falls back to the kernel's getrandom; sodium_init only fails without any source,
  // and randombytes_buf then aborts rather than return predictable bytes.
  if (sodium_init() >= 0) randombytes_buf(seed.data(), seed.size());
  return seed;
}

}  // namespace canary::executor::offchain
