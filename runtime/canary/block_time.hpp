// The Canary runtime's block time, epoch duration and era length. BABE's slot duration is twice
// Timestamp's MinimumPeriod (FRAME's pallet_babe::slot_duration), and the minimum period is a value
// in state that the genesis config may set (`"timestamp": {"minimumPeriod": <ms>}`), so that a dev
// chain can run faster than Kusama's 6 s slots: the node reads the slot duration from
// BabeApi_configuration, and clients read the metadata constants (Timestamp.MinimumPeriod,
// Babe.ExpectedBlockTime), which the runtime builds at call time from the same value.
//
// The value lives where FRAME keeps a storage-backed configuration constant
// (`parameter_types! { pub storage MinimumPeriod: u64 = 3000; }`): the SCALE u64 under
// twox_128(":MinimumPeriod:"), the default when absent. So a genesis without the field writes
// nothing, and the chains built before it keep their genesis state; and the pallets' metadata stays
// FRAME's (parameter storage is not a pallet storage item).
#pragma once

#include <cstdint>
#include <string>

#include "primitives/util/result.hpp"
#include "runtime/framework/storage_parameter.hpp"

namespace canary::rt::canary_runtime {

// Kusama's: 6 s slots (SLOT_DURATION / 2).
inline constexpr uint64_t kDefaultMinimumPeriod = 3'000;
// A 500 ms slot is the shortest the genesis may ask for: below it, building, gossiping and
// importing a block no longer fit in a slot even on a one-node dev chain.
inline constexpr uint64_t kMinMinimumPeriod = 250;
// A one-hour slot the longest: keeps slot × duration and `now + minimum period` far from u64
// overflow, in the runtime and in the node's slot clock.
inline constexpr uint64_t kMaxMinimumPeriod = 1'800'000;

// The minimum period, as FRAME's storage parameter type.
using MinimumPeriodParameter = StorageParameter<"MinimumPeriod", uint64_t, kDefaultMinimumPeriod>;

// The genesis check of a minimum period, in the genesis config's terms (the path under the
// `timestamp` section).
inline Result<void, std::string> check_minimum_period(uint64_t value) {
  if (value < kMinMinimumPeriod) {
    return unexpected("minimumPeriod: " + std::to_string(value) + " ms is below the shortest, " +
                      std::to_string(kMinMinimumPeriod) +
                      " ms (BABE's slot is twice the minimum period and must be at least " +
                      std::to_string(2 * kMinMinimumPeriod) + " ms)");
  }
  if (value > kMaxMinimumPeriod) {
    return unexpected("minimumPeriod: " + std::to_string(value) + " ms is above the longest, " +
                      std::to_string(kMaxMinimumPeriod) + " ms (a one-hour BABE slot)");
  }
  return {};
}

// BABE's epoch (and so the session) in slots: Kusama's 600, an hour of 6 s slots. A test network
// may ask for shorter ones in its genesis (`"babe": {"epochDuration": <slots>}`), under the same
// rules as the block time: a storage parameter read where FRAME reads the constant, so that the
// metadata constant Babe.EpochDuration, BabeApi_configuration (what the node's BABE follows) and
// the session rotation all see one value. Never changed after genesis: BABE's epochs are counted
// from the genesis slot with it.
inline constexpr uint64_t kDefaultEpochDuration = 600;
// Two slots the shortest (an epoch announces the next one in its first block), a week of 6 s slots
// the longest (slot arithmetic stays far from overflow).
inline constexpr uint64_t kMinEpochDuration = 2;
inline constexpr uint64_t kMaxEpochDuration = 100'800;

using EpochDurationParameter = StorageParameter<"EpochDuration", uint64_t, kDefaultEpochDuration>;

inline Result<void, std::string> check_epoch_duration(uint64_t slots) {
  if (slots < kMinEpochDuration || slots > kMaxEpochDuration) {
    return unexpected("epochDuration: " + std::to_string(slots) + " slots is outside " +
                      std::to_string(kMinEpochDuration) + " to " +
                      std::to_string(kMaxEpochDuration));
  }
  return {};
}

// Sessions in a staking era: Kusama's 6 (6 hours). A test network may ask for fewer (`"staking":
// {"sessionsPerEra": <sessions>}`), under the same rules: a storage parameter read where FRAME
// reads the constant (the era rotation, the election prediction and the metadata constant
// Staking.SessionsPerEra). One session at least; at most a year of Kusama's sessions.
inline constexpr uint32_t kDefaultSessionsPerEra = 6;
inline constexpr uint32_t kMinSessionsPerEra = 1;
inline constexpr uint32_t kMaxSessionsPerEra = 8'760;

using SessionsPerEraParameter =
    StorageParameter<"SessionsPerEra", uint32_t, kDefaultSessionsPerEra>;

inline Result<void, std::string> check_sessions_per_era(uint32_t sessions) {
  if (sessions < kMinSessionsPerEra || sessions > kMaxSessionsPerEra) {
    return unexpected("sessionsPerEra: " + std::to_string(sessions) + " sessions is outside " +
                      std::to_string(kMinSessionsPerEra) + " to " +
                      std::to_string(kMaxSessionsPerEra));
  }
  return {};
}

}  // namespace canary::rt::canary_runtime
