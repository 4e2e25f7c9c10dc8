// The base of a test runtime's configuration (FRAME's `frame_system::config_preludes::
// TestDefaultConfig`): what frame_system needs, with the values pallet tests use, so that a test
// runtime names only its pallets and what it changes:
//
//   struct TestRuntime : testing::TestRuntimeBase {
//     using System = pallets::system::Pallet<TestRuntime, PalletAt<0, "System">>;
//     using Template = pallets::template_pallet::Pallet<TestRuntime, PalletAt<1, "Template">>;
//     using Pallets = Composition<"test_runtime", System, Template>;
//     static constexpr uint32_t kMaxValue = 100;   // the pallet's own configuration
//   };
//
// A member declared in the derived runtime hides the base's (C++ name lookup), which is how a
// test overrides a default: `using AccountData = balances::AccountData;`, its own
// `block_weights()`, a different `kSs58Prefix`. Host builds only.
#pragma once

#include <cstdint>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/pallets/system/system.hpp"

namespace canary::rt::testing {

// The account data of a runtime without Balances (FRAME's `()`): nothing, encoded as nothing.
struct NoAccountData {
  CANARY_SCALE_FIELDS()
  bool operator==(const NoAccountData&) const = default;
  static void type_info(meta::TypeBuilder& b) { b.path({"test", "NoData"}).composite(); }
};

struct TestRuntimeBase {
  using AccountData = NoAccountData;

  static constexpr uint32_t kBlockHashCount = 250;
  // Substrate's generic prefix.
  static constexpr uint16_t kSs58Prefix = 42;
  static constexpr uint32_t kMaxConsumers = 16;
  // RocksDB's weights (frame_support::weights::constants::RocksDbWeight).
  static constexpr pallets::system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};

  // spec_name "test", version 1, the Core API: what CheckSpecVersion and friends read.
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion kVersion = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.impl_name = "canary-test";
      out.spec_version = 1;
      out.transaction_version = 1;
      out.apis = {{runtime::kCoreApiId, 5}};
      out.system_version = 1;
      return out;
    }();
    return kVersion;
  }
  // 2 s of computation per block, 75 % of it for normal extrinsics (as Kusama divides it).
  static pallets::system::BlockWeights block_weights() {
    return pallets::system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(5'000'000'000, 0), Weight::from_parts(100'000'000, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX), 75, 1);
  }
  static pallets::system::BlockLength block_length() {
    return pallets::system::BlockLength::max_with_normal_ratio(5 * 1024 * 1024, 75);
  }
};

// The account whose 32 bytes are all `fill`: distinct, readable accounts for tests.
inline AccountId32 account(uint8_t fill) {
  AccountId32 out;
  out.bytes.fill(fill);
  return out;
}

}  // namespace canary::rt::testing
