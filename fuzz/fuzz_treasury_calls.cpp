// The Treasury pallet (runtime/pallets/treasury) on arbitrary calls: the bytes
// are decoded as a Treasury call, as an extrinsic's call would be (spend carries the XCM types of
// runtime/framework/xcm: VersionedLocatableAsset and VersionedLocation), and whatever decodes is
// dispatched as Root, as a signed account, as Treasurer and as SmallTipper on Kusama's
// configuration with the native paymaster, on a state with a funded pot, a queued local spend and
// a pending asset spend; then a spend period runs. Nothing may crash or panic, what decodes
// re-encodes to the same bytes, and the pallet's try-state holds afterwards. The same bytes are
// decoded as a bare VersionedLocation and VersionedLocatableAsset, which must round-trip too.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/origins/origins.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/pallets/treasury/assets.hpp"
#include "runtime/pallets/treasury/paymaster.hpp"
#include "runtime/pallets/treasury/treasury.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace {

using namespace canary;
using namespace canary::rt;
namespace treasury = pallets::treasury;
namespace origins = pallets::origins;
using traits::tokens::Balance;

struct FuzzRuntime : rt::testing::TestRuntimeBase {
  using AccountData = pallets::balances::AccountData;
  using System = pallets::system::Pallet<FuzzRuntime, PalletAt<0, "System">>;
  using Balances = pallets::balances::Pallet<FuzzRuntime, PalletAt<4, "Balances">>;
  using Treasury = treasury::Pallet<FuzzRuntime, PalletAt<18, "Treasury">>;
  using Origins = origins::Pallet<FuzzRuntime, PalletAt<43, "Origins">>;
  using Pallets = Composition<"fuzz_runtime", System, Balances, Treasury, Origins>;
  using RuntimeHoldReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using Currency = Balances;
  using TreasuryRejectOrigin = EitherOfDiverse<EnsureRoot, origins::Treasurer<Origins>>;
  using TreasurySpendOrigin =
      EitherOf<EnsureRootWithSuccess<~Balance{0}>, origins::Spender<Origins>>;
  using TreasuryPaymaster =
      treasury::NativePaymaster<Balances, treasury::PotAccountOf<FuzzRuntime>>;
  using TreasuryBalanceConverter = treasury::NativeBalanceConverter;
  static constexpr std::string_view kTreasuryPalletId = "py/trsry";
  static constexpr BlockNumber kTreasurySpendPeriod = 4;
  static constexpr BlockNumber kTreasuryPayoutPeriod = 10;
  static constexpr uint32_t kTreasuryMaxApprovals = 4;
  static constexpr treasury::Permill kTreasuryBurn = treasury::Permill::from_percent(10);
};
using Treasury = FuzzRuntime::Treasury;
using System = FuzzRuntime::System;

void set_up() {
  (void)FuzzRuntime::Balances::build_genesis(
      {{{rt::testing::account(1), 1'000'000}, {Treasury::account_id(), 500'000}}});
  (void)Treasury::build_genesis({});
  System::initialize(3, H256{}, {});
  const treasury::AssetKind ksm = treasury::AssetKind::of(
      xcm::Location<4>::here(), xcm::AssetId<4>::concrete(xcm::Location<4>::here()));
  const treasury::Beneficiary to = treasury::Beneficiary::of(
      xcm::Location<4>{0, {{{xcm::Junction<4>::AccountId32{std::nullopt, {}}}}}});
  (void)Treasury::spend_local{1'000, MultiAddress::id(rt::testing::account(2))}.dispatch(
      Origin::root());
  (void)Treasury::spend{ksm, 2'000, to, std::nullopt}.dispatch(Origin::root());
}

template <class T>
void round_trip(ByteSpan data) {
  if (auto value = scale::decode<T>(data)) {
    const Bytes again = scale::encode(*value);
    if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan data(bytes, size);
  round_trip<xcm::VersionedLocation>(data);
  round_trip<xcm::VersionedLocatableAsset>(data);
  rt::testing::TestExternalities state;
  state.execute_with([&] {
    set_up();
    if (auto call = scale::decode<Treasury::Call>(data)) {
      const Bytes again = scale::encode(*call);
      if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
        __builtin_trap();
      }
      for (const Origin& origin : {Origin::root(), Origin::signed_by(rt::testing::account(1)),
                                   FuzzRuntime::Origins::origin(origins::Origin::kTreasurer),
                                   FuzzRuntime::Origins::origin(origins::Origin::kSmallTipper)}) {
        const auto dispatched =
            std::visit([&](const auto& c) { return c.dispatch(origin); }, *call);
        (void)dispatched;
      }
    }
    System::initialize(4, H256{}, {});
    (void)Treasury::on_initialize(4);
    if (!Treasury::try_state(4)) __builtin_trap();
  });
  return 0;
}
