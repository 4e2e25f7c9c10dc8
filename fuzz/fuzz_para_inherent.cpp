// ParaInherent (runtime/pallets/para_inherent, not yet composed) on arbitrary paras inherent data:
// the bytes are decoded as `enter`'s data (polkadot_primitives::InherentData), and a block on a
// chain with one parachain, five active validators on two cores and V2 receipts allowed runs with
// it as its parent header says: create_inherent filters it in a trial run, enter is dispatched
// with the data as given (it may fail; its changes are dropped) and then with what
// create_inherent made (it must succeed: what the filter keeps, enter accepts), then the block's
// hooks. Nothing may crash or panic, what
// decodes re-encodes to an encoding of the same value, and ParaInclusion's try-state holds.
// (The runtime duplicates tests/unit/runtime/parachain_host_test_runtime.hpp's, which needs
// gtest, and fuzz_para_inclusion.cpp's.)
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_inherent/para_inherent.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
#include "runtime/pallets/session_info/session_info.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace {

using namespace canary;
using namespace canary::rt;
namespace prim = pallets::para_primitives;

struct NoRandomness {
  static H256 random(ByteSpan) { return H256{}; }
};

struct FuzzRuntime : rt::testing::TestRuntimeBase {
  using AccountData = pallets::balances::AccountData;
  using System = pallets::system::Pallet<FuzzRuntime, PalletAt<0, "System">>;
  using Balances = pallets::balances::Pallet<FuzzRuntime, PalletAt<4, "Balances">>;
  using Configuration =
      pallets::para_configuration::Pallet<FuzzRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = pallets::para_shared::Pallet<FuzzRuntime, PalletAt<52, "ParasShared">>;
  using ParaInclusion = pallets::para_inclusion::Pallet<FuzzRuntime, PalletAt<53, "ParaInclusion">>;
  using ParaInherent = pallets::para_inherent::Pallet<FuzzRuntime, PalletAt<54, "ParaInherent">>;
  using ParaScheduler = pallets::para_scheduler::Pallet<FuzzRuntime, PalletAt<55, "ParaScheduler">>;
  using Paras = pallets::paras::Pallet<FuzzRuntime, PalletAt<56, "Paras">>;
  using Initializer = pallets::initializer::Pallet<FuzzRuntime, PalletAt<57, "Initializer">>;
  using ParaSessionInfo =
      pallets::session_info::Pallet<FuzzRuntime, PalletAt<61, "ParaSessionInfo">>;
  using CoretimeAssignmentProvider =
      pallets::assigner_coretime::Pallet<FuzzRuntime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = pallets::coretime::Pallet<FuzzRuntime, PalletAt<74, "Coretime">>;
  using Pallets = Composition<"fuzz_runtime", System, Balances, Configuration, ParasShared,
                              ParaInclusion, ParaInherent, ParaScheduler, Paras, Initializer,
                              ParaSessionInfo, CoretimeAssignmentProvider, Coretime>;
  using RuntimeHoldReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = pallets::balances::NoReasons<"fuzz_runtime", "RuntimeFreezeReason">;
  static constexpr traits::tokens::Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using ParasFungible = Balances;
  static constexpr traits::tokens::Balance kParasCooldownRemovalMultiplier = 3;
  static DispatchResult paras_assign_coretime(prim::ParaId id) {
    return CoretimeAssignmentProvider::assign_coretime(id);
  }
  using SchedulerAssignmentProvider = CoretimeAssignmentProvider;
  using ParachainsRandomness = NoRandomness;
};
using Inherent = FuzzRuntime::ParaInherent;
static_assert(FuzzRuntime::kExistentialDeposit > 0 &&
              FuzzRuntime::kParasCooldownRemovalMultiplier > 0);

constexpr prim::ParaId kPara{2000};

void set_up() {
  FuzzRuntime::System::initialize(0, H256{}, {});
  pallets::para_configuration::HostConfiguration cfg;
  cfg.scheduler_params.lookahead = 3;
  cfg.scheduler_params.group_rotation_frequency = 10;
  cfg.scheduler_params.paras_availability_period = 5;
  cfg.scheduler_params.max_validators_per_core = 2;
  cfg.max_head_data_size = 1024;
  cfg.minimum_backing_votes = 1;
  cfg.async_backing_params.allowed_ancestry_len = 2;
  cfg.node_features = pallets::para_configuration::NodeFeatures(scale::BitVec(8));
  cfg.node_features.set(1, true);
  cfg.node_features.set(3, true);
  FuzzRuntime::Configuration::force_set_active_config(cfg);
  pallets::paras::GenesisConfig genesis;
  genesis.paras.emplace_back(
      kPara, pallets::paras::ParaGenesisArgs{prim::HeadData{{1, 2, 3}},
                                             prim::ValidationCode{{1, 2, 3, 4, 5, 6, 7, 8, 9}},
                                             pallets::paras::ParaKind::kParachain});
  (void)FuzzRuntime::Paras::build_genesis(genesis);
  std::vector<std::pair<AccountId32, pallets::para_shared::ValidatorId>> keys(5);
  for (size_t i = 0; i < keys.size(); ++i) {
    keys[i].first.bytes.fill(static_cast<uint8_t>(i + 1));
    keys[i].second.bytes.fill(static_cast<uint8_t>(i + 1));
  }
  FuzzRuntime::Initializer::on_genesis_session(keys);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan data(bytes, size);
  auto input = scale::decode<pallets::para_inherent::ParaInherentData>(data);
  if (!input) return 0;
  // What decodes re-encodes to bytes that decode to the same value (scale::BitVec clears the
  // bits past its length, so not always to the same bytes).
  const Bytes again = scale::encode(*input);
  const auto back = scale::decode<pallets::para_inherent::ParaInherentData>(again);
  fuzz::check(back.has_value() && *back == *input);
  rt::testing::TestExternalities state;
  state.execute_with([&] {
    set_up();
    // The block after the data's parent header (its number kept small: the scheduler's
    // rotation arithmetic is not what this target explores).
    const BlockNumber n = 1 + input->parent_header.number % 64;
    FuzzRuntime::System::initialize(n, H256{block::hash_of(input->parent_header)}, {});
    FuzzRuntime::Pallets::on_initialize(n);
    runtime::InherentData inherent_data;
    inherent_data[pallets::para_inherent::kInherentIdentifier] = again;
    const auto created = Inherent::create_inherent(inherent_data);

    // The data as given, its changes dropped whatever the outcome.
    io::storage::start_transaction();
    (void)FuzzRuntime::Pallets::Call::of<Inherent>(Inherent::enter{*input})
        .dispatch(Origin::none());
    io::storage::rollback_transaction();
    // What create_inherent made.
    if (created) {
      io::storage::start_transaction();
      const auto r = FuzzRuntime::Pallets::Call::of<Inherent>(*created).dispatch(Origin::none());
      if (r) {
        io::storage::commit_transaction();
      } else {
        io::storage::rollback_transaction();
      }
      fuzz::check(r.has_value());
    }
    if (!Inherent::Included::exists()) Inherent::Included::put(std::tuple<>{});
    fuzz::check(FuzzRuntime::ParaInclusion::try_state(n).has_value());
    FuzzRuntime::Pallets::on_finalize(n);
  });
  return 0;
}
