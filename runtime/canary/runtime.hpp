// The Canary relay runtime: its configuration (types, constants, limits) and its pallets, at
// Kusama's indices. This header is compiled natively (pallet scenario tests) and into the wasm32
// blob (api.cpp adds the runtime API entry points).
#pragma once

#include <cstdint>
#include <optional>
#include <tuple>

#include "primitives/runtime/runtime_version.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::canary_runtime {

namespace system = pallets::system;

// KSM has 12 decimals; the unit names follow Kusama's constants.
using Balance = u128;
inline constexpr Balance kUnits = 1'000'000'000'000;
inline constexpr Balance kQuid = kUnits / 30;
inline constexpr Balance kCents = kQuid / 100;
inline constexpr Balance kMillicents = kCents / 1'000;
inline constexpr Balance kExistentialDeposit = kCents;  // 333,333,333 planck

// Block and extrinsic base weights, and the block limits (polkadot-runtime-common's values).
inline constexpr Weight kBlockExecutionWeight = Weight::from_parts(14'278'073'000, 0);
inline constexpr Weight kExtrinsicBaseWeight = Weight::from_parts(124'706'000, 0);
inline constexpr Weight kMaximumBlockWeight =
    Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX);
inline constexpr uint64_t kNormalDispatchRatioPercent = 75;
inline constexpr uint64_t kAverageOnInitializeRatioPercent = 1;
inline constexpr uint32_t kMaxBlockLength = 5 * 1024 * 1024;

// The balances pallet's account data (placeholder until the Balances pallet lands: Kusama's
// layout, so that the storage format is final).
struct AccountData {
  Balance free = 0;
  Balance reserved = 0;
  Balance frozen = 0;
  u128 flags = u128{1} << 127;  // ExtraFlags: the new-logic bit
  bool operator==(const AccountData&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("free", &AccountData::free, "Balance"),
                      field("reserved", &AccountData::reserved, "Balance"),
                      field("frozen", &AccountData::frozen, "Balance"),
                      field("flags", &AccountData::flags, "ExtraFlags")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_balances", "types", "AccountData"});
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

struct Runtime {
  using AccountData = canary_runtime::AccountData;

  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Pallets = Composition<"canary_runtime", System>;

  using SignedExtra =
      std::tuple<system::CheckNonZeroSender<Runtime>, system::CheckSpecVersion<Runtime>,
                 system::CheckTxVersion<Runtime>, system::CheckGenesis<Runtime>,
                 system::CheckMortality<Runtime>, system::CheckNonce<Runtime>,
                 system::CheckWeight<Runtime>, CheckMetadataHash<Runtime>>;

  static constexpr uint32_t kBlockHashCount = 4096;
  static constexpr uint16_t kSs58Prefix = 2;
  static constexpr uint32_t kMaxConsumers = 16;
  static constexpr system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};

  static const runtime::RuntimeVersion& version();
  static system::BlockWeights block_weights();
  static system::BlockLength block_length();
  // The RFC-0078 metadata digest patched into the blob at build time; none natively.
  static std::optional<Hash256> metadata_hash();
};

using Executive = rt::Executive<Runtime>;

}  // namespace canary::rt::canary_runtime
