// Kusama's Staking constants (polkadot-fellows/runtimes v1.7.1, relay/kusama), for a runtime's
// configuration to inherit: the Canary runtime, the pallet's compile check and its tests state
// them once, here. A configuration that needs another value (a test without deferral) declares
// its own member, which hides this one.
#pragma once

#include <cstdint>

namespace canary::rt::pallets::staking {

struct KusamaConstants {
  static constexpr uint32_t kHistoryDepth = 84;
  // A function, not a constant: a chain's genesis may set it (the Canary runtime's
  // --sessions-per-era); the metadata's SessionsPerEra constant reads it.
  static uint32_t sessions_per_era() { return 6; }
  static constexpr uint32_t kBondingDuration = 28;
  static constexpr uint32_t kSlashDeferDuration = 27;
  static constexpr uint32_t kMaxExposurePageSize = 512;
  static constexpr uint32_t kMaxValidatorSet = 2000;
  static constexpr uint32_t kMaxUnlockingChunks = 32;
  static constexpr uint32_t kMaxNominations = 24;
  static constexpr uint32_t kMaxControllersInDeprecationBatch = 5169;
};

}  // namespace canary::rt::pallets::staking
