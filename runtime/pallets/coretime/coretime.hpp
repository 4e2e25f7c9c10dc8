// A first part of polkadot-runtime-parachains' `coretime` pallet (Coretime, Kusama index 74): the
// relay chain's end of the Coretime chain's broker. Written here: request_core_count (call 1: the
// number of cores, from the next-but-one session) and assign_core (call 4: a core's assignments
// from a block on, which CoretimeAssignmentProvider stores), event CoreAssigned and the three
// errors, with Kusama's indices (metadata of spec 1009002). Semantics: polkadot-sdk stable2506
// polkadot/runtime/parachains/src/coretime/mod.rs (Kusama v1.7.1).
//
// Not written (they need the on-demand pallet and XCM): request_revenue_at (call 2),
// credit_account (call 3), event RevenueInfoRequested (0), the broker notifications sent over XCM
// and the constants BrokerId / BrokerPotLocation. FRAME lets the broker parachain (BrokerId 1005,
// through ParachainsOrigin) or Root call; without ParachainsOrigin only Root can (NotBroker is
// what a parachain other than the broker would get).
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration = …;                 request_core_count schedules num_cores
//   using CoretimeAssignmentProvider = …;    assign_core stores the schedule there
// The Canary runtime composes it at index 74 (README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/pallets/assigner_coretime/types.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::coretime {

using assigner_coretime::Assignments;
using para_primitives::CoreIndex;
using BlockNumberT = uint32_t;

enum class Error : uint8_t {
  kNotBroker = 0,
  kRequestedFutureRevenue = 1,
  kAssetTransferFailed = 2
};

// Kusama's benchmark (polkadot-fellows/runtimes relay/kusama/src/weights/
// runtime_parachains_coretime.rs, the stored version read; VERIFY against v1.7.1's).
template <class T>
struct KusamaWeights {
  static Weight request_core_count() {
    return Weight::from_parts(15'120'000, 1'636).saturating_add(T::kDbWeight.reads_writes(3, 1));
  }
  static Weight assign_core(uint32_t s) {
    return Weight::from_parts(17'832'153, 3'545)
        .saturating_add(Weight::from_parts(17'216, 0).saturating_mul(s))
        .saturating_add(T::kDbWeight.reads_writes(1, 2));
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "coretime";
  static constexpr const char* kDocs = "The relay chain's end of the Coretime chain's broker.";

  using Storage = std::tuple<>;
  using Weights = KusamaWeights<T>;

  using Error = coretime::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotBroker", "The paraid making the call is not the coretime brokerage system parachain."},
      {"RequestedFutureRevenue",
       "Requested revenue information `when` parameter was in the future from the current\n"
       "block height."},
      {"AssetTransferFailed", "Failed to transfer assets to the coretime chain"},
  };

  // --- Events.
  struct CoreAssigned {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "CoreAssigned";
    static constexpr const char* kDocs = "A core has received a new assignment from the broker.";
    CoreIndex core;
    bool operator==(const CoreAssigned&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("core", &CoreAssigned::core, "CoreIndex")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<CoreAssigned>;
  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct request_core_count {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "request_core_count";
    static constexpr const char* kDocs =
        "Request the configuration to be updated with the specified number of cores. Warning:\n"
        "Since this only schedules a configuration update, it takes two sessions to come into\n"
        "effect.\n\n- `origin`: Root or the Coretime Chain\n- `count`: total number of cores";
    uint16_t count = 0;
    static constexpr auto fields() {
      return std::tuple{field("count", &request_core_count::count, "u16")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::request_core_count()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      // configuration::set_coretime_cores_unchecked: a scheduled change like any setter's.
      const uint32_t n = count;
      return with_post_info(T::Configuration::schedule_config_update(
          [n](auto& config) { config.scheduler_params.num_cores = n; }));
    }
  };

  struct assign_core {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "assign_core";
    static constexpr const char* kDocs =
        "Receive instructions from the `ExternalBrokerOrigin`, detailing how a specific core is\n"
        "to be used.\n\nParameters:\n-`origin`: The `ExternalBrokerOrigin`, assumed to be the "
        "coretime chain.\n-`core`: The core that should be scheduled.\n-`begin`: The starting "
        "blockheight of the instruction.\n-`assignment`: How the blockspace should be utilised.\n"
        "-`end_hint`: An optional hint as to when this particular set of instructions will end.";
    uint16_t core = 0;
    BlockNumberT begin = 0;
    Assignments assignment;
    std::optional<BlockNumberT> end_hint;
    static constexpr auto fields() {
      return std::tuple{
          field("core", &assign_core::core, "BrokerCoreIndex"),
          field("begin", &assign_core::begin, "BlockNumberFor<T>"),
          field("assignment", &assign_core::assignment, "Vec<(CoreAssignment, PartsOf57600)>"),
          field("end_hint", &assign_core::end_hint, "Option<BlockNumberFor<T>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::assign_core(static_cast<uint32_t>(assignment.size()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const CoreIndex c{core};
      if (auto stored = T::CoretimeAssignmentProvider::assign_core(c, begin, assignment, end_hint);
          !stored) {
        return with_post_info(stored);
      }
      deposit_event(CoreAssigned{c});
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<request_core_count, assign_core>;
};

}  // namespace canary::rt::pallets::coretime
