// Compiles pallet_treasury wherever the runtime framework is compiled (natively and for wasm32)
// while no runtime composes it yet: every member of the pallet, instantiated for a minimal runtime
// with Kusama's Treasury configuration (FR-1.7.1 lib.rs: Balances, Root or Treasurer to reject,
// TreasurySpender = Root with u128::MAX or the Spender origins, 6-day spend periods, 90-day
// payouts, 100 approvals, "py/trsry"), with Canary's native paymaster and converter in place of
// PayOverXcm and AssetRate. Nothing here is linked into a runtime: no function of this file is
// referenced. Remove it once the Canary runtime composes Treasury.
#include <cstdint>
#include <string_view>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/treasury/assets.hpp"
#include "runtime/pallets/treasury/paymaster.hpp"
#include "runtime/pallets/treasury/treasury.hpp"

namespace canary::rt::pallets::treasury::compile_check {

struct Runtime {
  using AccountData = balances::AccountData;
  using System = system::Pallet<Runtime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<Runtime, PalletAt<4, "Balances">>;
  using Treasury = treasury::Pallet<Runtime, PalletAt<18, "Treasury">>;
  using Origins = origins::Pallet<Runtime, PalletAt<43, "Origins">>;
  using Pallets = Composition<"compile_check", System, Balances, Treasury, Origins>;

  static constexpr uint32_t kBlockHashCount = 4096;
  static constexpr uint16_t kSs58Prefix = 2;
  static constexpr uint32_t kMaxConsumers = 16;
  static constexpr system::RuntimeDbWeight kDbWeight{25'000'000, 100'000'000};
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion kVersion{};
    return kVersion;
  }
  static system::BlockWeights block_weights() {
    return system::BlockWeights::with_sensible_defaults(
        Weight::from_parts(5'000'000'000, 0), Weight::from_parts(100'000'000, 0),
        Weight::from_parts(2 * kWeightRefTimePerSecond, UINT64_MAX), 75, 1);
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(5 * 1024 * 1024, 75);
  }

  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxHolds = 0;
  static constexpr uint32_t kMaxFreezes = 0;
  using RuntimeHoldReason = balances::NoReasons<"compile_check", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"compile_check", "RuntimeFreezeReason">;
  using Currency = Balances;

  // Kusama's Treasury (FR-1.7.1 lib.rs, governance/mod.rs).
  static constexpr uint32_t kDays = 14'400;
  using TreasuryRejectOrigin = EitherOfDiverse<EnsureRoot, origins::Treasurer<Origins>>;
  using TreasurySpendOrigin =
      EitherOf<EnsureRootWithSuccess<~Balance{0}>, origins::Spender<Origins>>;
  using TreasuryPaymaster = NativePaymaster<Balances, PotAccountOf<Runtime>>;
  using TreasuryBalanceConverter = NativeBalanceConverter;
  static constexpr std::string_view kTreasuryPalletId = "py/trsry";
  static constexpr BlockNumber kTreasurySpendPeriod = 6 * kDays;
  static constexpr BlockNumber kTreasuryPayoutPeriod = 90 * kDays;
  static constexpr uint32_t kTreasuryMaxApprovals = 100;
  static constexpr Permill kTreasuryBurn = Permill::zero();
};

}  // namespace canary::rt::pallets::treasury::compile_check

namespace canary::rt::pallets::treasury {
template struct Pallet<compile_check::Runtime, PalletAt<18, "Treasury">>;
}  // namespace canary::rt::pallets::treasury

namespace canary::rt::pallets::treasury::compile_check {

// What the composition derives from the pallets: their calls' dispatch and metadata, the hooks.
DispatchResultWithPostInfo dispatch(const Runtime::Pallets::Call& call, const Origin& origin) {
  return call.dispatch(origin);
}
void add_metadata(meta::RuntimeMetadata& metadata) {
  Runtime::Pallets::add_metadata(metadata);
}
Weight on_initialize(BlockNumber n) {
  return Runtime::Treasury::on_initialize(n);
}
void on_unbalanced(Balance amount) {
  Runtime::Treasury::on_unbalanced(amount);
}

}  // namespace canary::rt::pallets::treasury::compile_check
