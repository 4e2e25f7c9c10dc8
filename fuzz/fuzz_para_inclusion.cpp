// ParaInclusion (runtime/pallets/para_inclusion, not yet composed) on arbitrary paras inherent
// data: the bytes are decoded as the inherent's first two fields (the signed availability
// bitfields and the backed candidates, polkadot-primitives' SCALE), and whatever decodes is fed
// to the pallet as ParaInherent will feed it on a chain with one parachain, five active
// validators on two cores and an allowed relay parent: bitfields sanitized and counted, candidates
// checked and backed, timeouts and disputes freed, a session change. Nothing may crash or panic,
// what decodes re-encodes to an encoding of the same value, and the pallet's try-state holds
// afterwards.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/assigner_coretime/assigner_coretime.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/coretime/coretime.hpp"
#include "runtime/pallets/initializer/initializer.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_inclusion/para_inclusion.hpp"
#include "runtime/pallets/para_scheduler/para_scheduler.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/paras/paras.hpp"
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
  using ParaScheduler = pallets::para_scheduler::Pallet<FuzzRuntime, PalletAt<55, "ParaScheduler">>;
  using Paras = pallets::paras::Pallet<FuzzRuntime, PalletAt<56, "Paras">>;
  using Initializer = pallets::initializer::Pallet<FuzzRuntime, PalletAt<57, "Initializer">>;
  using CoretimeAssignmentProvider =
      pallets::assigner_coretime::Pallet<FuzzRuntime, PalletAt<65, "CoretimeAssignmentProvider">>;
  using Coretime = pallets::coretime::Pallet<FuzzRuntime, PalletAt<74, "Coretime">>;
  using Pallets =
      Composition<"fuzz_runtime", System, Balances, Configuration, ParasShared, ParaInclusion,
                  ParaScheduler, Paras, Initializer, CoretimeAssignmentProvider, Coretime>;
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
using Inclusion = FuzzRuntime::ParaInclusion;
// Balances' and Paras' settings, which nothing here reaches.
static_assert(FuzzRuntime::kExistentialDeposit > 0 &&
              FuzzRuntime::kParasCooldownRemovalMultiplier > 0);

// The inherent's bitfields and backed candidates (polkadot_primitives::InherentData's first two
// fields).
struct Input {
  std::vector<prim::UncheckedSignedAvailabilityBitfield> bitfields;
  std::vector<prim::BackedCandidate> backed;
  bool operator==(const Input&) const = default;
  CANARY_SCALE_FIELDS(bitfields, backed)
};

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
  FuzzRuntime::System::initialize(1, H256{}, {});
  H256 relay_parent;
  relay_parent.bytes.fill(0xa1);
  FuzzRuntime::ParasShared::add_allowed_relay_parent(relay_parent, H256{}, {}, 1, 2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan data(bytes, size);
  auto input = scale::decode<Input>(data);
  if (!input) return 0;
  // What decodes re-encodes to bytes that decode to the same value. (Not always to the same
  // bytes: scale::BitVec clears the bits past its length in the last byte, where Rust's bitvec
  // keeps whatever the input had.)
  const Bytes again = scale::encode(*input);
  const auto back = scale::decode<Input>(again);
  fuzz::check(back.has_value() && *back == *input);
  rt::testing::TestExternalities state;
  state.execute_with([&] {
    set_up();
    const auto validators = FuzzRuntime::ParasShared::ActiveValidatorKeys::get();
    // The candidates first (so that the bitfields find cores occupied), each on the core its
    // injected index names, one per core (ParaInherent never occupies a core twice).
    Inclusion::BackedWithCores candidates;
    std::set<prim::CoreIndex> used;
    for (const auto& b : input->backed) {
      const auto core = b.validator_indices_and_core_index().second.value_or(prim::CoreIndex{0});
      if (!used.insert(core).second) continue;
      candidates[b.candidate.descriptor.para_id].emplace_back(b, core);
    }
    (void)Inclusion::process_candidates(FuzzRuntime::ParasShared::AllowedRelayParents::get(),
                                        candidates);
    const auto cores = FuzzRuntime::ParaScheduler::num_availability_cores();
    const auto checked = Inclusion::sanitize_bitfields(input->bitfields, scale::BitVec(cores),
                                                       cores, H256{}, 0, validators);
    (void)Inclusion::update_pending_availability_and_get_freed_cores(validators.size(), checked);
    std::set<prim::CandidateHash> disputed;
    for (const auto& b : input->backed) disputed.insert(b.hash());
    FuzzRuntime::System::initialize(10, H256{}, {});
    (void)Inclusion::free_timedout();
    (void)Inclusion::free_disputed(disputed);
    fuzz::check(Inclusion::try_state(10).has_value());
    using Keys = std::vector<std::pair<AccountId32, pallets::para_shared::ValidatorId>>;
    FuzzRuntime::Initializer::on_new_session(false, Keys{}, Keys{}, 1);
    FuzzRuntime::Pallets::on_finalize(10);
  });
  return 0;
}
