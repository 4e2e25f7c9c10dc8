// The Paras pallet (runtime/pallets/paras, not yet composed) on arbitrary calls: the bytes are
// decoded as a Paras call, as an extrinsic's call would be, and whatever decodes is validated as
// an unsigned transaction and dispatched (as Root, unsigned and signed) on a state with two paras,
// a running PVF vote and five active validators, then a block's hooks and a session change run.
// Nothing may crash or panic, what decodes re-encodes to the same bytes, and the pallet's
// try-state holds afterwards (the vote list and map agree, every current code is stored).
// Genesis JSON for the pallet ("paras": [[id, {…}]]) is fed the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace {

using namespace canary;
using namespace canary::rt;
namespace paras = pallets::paras;
namespace prim = pallets::para_primitives;

struct FuzzRuntime : rt::testing::TestRuntimeBase {
  using AccountData = pallets::balances::AccountData;
  using System = pallets::system::Pallet<FuzzRuntime, PalletAt<0, "System">>;
  using Balances = pallets::balances::Pallet<FuzzRuntime, PalletAt<4, "Balances">>;
  using Configuration =
      pallets::para_configuration::Pallet<FuzzRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = pallets::para_shared::Pallet<FuzzRuntime, PalletAt<52, "ParasShared">>;
  using Paras = paras::Pallet<FuzzRuntime, PalletAt<56, "Paras">>;
  using Pallets = Composition<"fuzz_runtime", System, Balances, Configuration, ParasShared, Paras>;
  using RuntimeHoldReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeFreezeReason">;
  static constexpr traits::tokens::Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using ParasFungible = Balances;
  static constexpr traits::tokens::Balance kParasCooldownRemovalMultiplier = 3;
};
using Paras = FuzzRuntime::Paras;
using System = FuzzRuntime::System;

void set_up() {
  const prim::ValidationCode code{{1, 2, 3, 4, 5, 6, 7, 8, 9}};
  (void)Paras::build_genesis(
      {{{prim::ParaId{1}, {prim::HeadData{{1}}, code, paras::ParaKind::kParachain}},
        {prim::ParaId{2}, {prim::HeadData{{2}}, code, paras::ParaKind::kParathread}}}});
  (void)FuzzRuntime::Balances::build_genesis({{{rt::testing::account(1), 1'000'000}}});
  std::vector<pallets::para_shared::ValidatorId> validators(5);
  for (size_t i = 0; i < validators.size(); ++i) validators[i].bytes.fill(static_cast<uint8_t>(i));
  FuzzRuntime::ParasShared::ActiveValidatorKeys::put(validators);
  FuzzRuntime::ParasShared::CurrentSessionIndex::put(1);
  System::initialize(3, H256{}, {});
  Paras::schedule_code_upgrade(prim::ParaId{1}, prim::ValidationCode{{9, 8, 7, 6, 5, 4, 3, 2, 1}},
                               2, FuzzRuntime::Configuration::ActiveConfig::get(),
                               paras::UpgradeStrategy::kSetGoAheadSignal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan data(bytes, size);
  rt::testing::TestExternalities state;
  state.execute_with([&] {
    set_up();
    if (auto call = scale::decode<Paras::Call>(data)) {
      const Bytes again = scale::encode(*call);
      if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
        __builtin_trap();
      }
      (void)Paras::validate_unsigned(runtime::TransactionSource::kExternal, *call);
      for (const Origin& origin :
           {Origin::root(), Origin::none(), Origin::signed_by(rt::testing::account(1))}) {
        const auto dispatched =
            std::visit([&](const auto& c) { return c.dispatch(origin); }, *call);
        (void)dispatched;
      }
      Paras::initializer_finalize(3);
      (void)Paras::initializer_on_new_session(2, FuzzRuntime::Configuration::ActiveConfig::get(),
                                              5);
      System::initialize(4, H256{}, {});
      (void)Paras::initializer_initialize(4);
      if (!Paras::try_state(4)) __builtin_trap();
    }
  });
  if (auto json = json::parse(std::string_view(reinterpret_cast<const char*>(bytes), size))) {
    paras::GenesisConfig genesis;
    if (json_decode(*json, genesis)) {
      rt::testing::TestExternalities fresh;
      fresh.execute_with([&] { (void)Paras::build_genesis(genesis); });
    }
  }
  return 0;
}
