// The Canary runtime's block time. BABE's slot duration is twice Timestamp's MinimumPeriod (FRAME's
// pallet_babe::slot_duration), and the minimum period is a value in state that the genesis config
// may set (`"timestamp": {"minimumPeriod": <ms>}`), so that a dev chain can run faster than
// Kusama's 6 s slots: the node reads the slot duration from BabeApi_configuration, and clients
// read the metadata constants (Timestamp.MinimumPeriod, Babe.ExpectedBlockTime), which the runtime
// builds at call time from the same value.
//
// The value lives where FRAME keeps a storage-backed configuration constant
// (`parameter_types! { pub storage MinimumPeriod: u64 = 3000; }`): the SCALE u64 under
// twox_128(":MinimumPeriod:"), the default when absent. So a genesis without the field writes
// nothing, and the chains built before it keep their genesis state; and the pallets' metadata stays
// FRAME's (parameter storage is not a pallet storage item).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"

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
struct MinimumPeriodParameter {
  static Bytes key() {
    constexpr std::string_view kKey = ":MinimumPeriod:";
    const Hash128 hash =
        io::hashing::twox_128(ByteSpan(reinterpret_cast<const uint8_t*>(kKey.data()), kKey.size()));
    return Bytes(hash.begin(), hash.end());
  }
  static uint64_t get() {
    const auto raw = io::storage::get(key());
    if (!raw) return kDefaultMinimumPeriod;
    const auto value = scale::decode<uint64_t>(*raw);
    if (!value) {
      // FRAME's `unhashed::get` logs and falls back to the default; only genesis writes it.
      io::log(io::LogLevel::kError, "runtime::timestamp", "Corrupted state at :MinimumPeriod:");
      return kDefaultMinimumPeriod;
    }
    return *value;
  }
  static void set(uint64_t value) { io::storage::set(key(), scale::encode(value)); }
};

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

}  // namespace canary::rt::canary_runtime
