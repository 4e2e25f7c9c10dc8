// frame_support::traits::schedule (v3) as C++20 concepts: ScheduleAnon and ScheduleNamed, a
// scheduler that dispatches a call (Bounded<RuntimeCall>, preimages.hpp) with an origin at a
// block, once or periodically, and lets it be cancelled, moved or looked up by the address it
// returns (anonymous) or by a 32-byte name (named).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/preimages.hpp"

namespace canary::rt::traits::schedule {

// frame_support::traits::schedule::DispatchTime: at block `n`, or `n` blocks after the current.
struct DispatchTime {
  enum class Kind : uint8_t { kAt = 0, kAfter = 1 };
  Kind kind = Kind::kAt;
  BlockNumber n = 0;
  static DispatchTime at(BlockNumber block) { return {Kind::kAt, block}; }
  static DispatchTime after(BlockNumber blocks) { return {Kind::kAfter, blocks}; }
  bool operator==(const DispatchTime&) const = default;
};
// schedule::Period (every `first` blocks, `second` times) and schedule::Priority (0 highest;
// HARD_DEADLINE = 63 and better must run in their block).
using Period = std::pair<BlockNumber, uint32_t>;
using Priority = uint8_t;
inline constexpr Priority kHardDeadline = 63;
// v3::TaskName.
using TaskName = ByteArray<32>;

// frame_support::traits::schedule::v3::Anon<BlockNumber, Call, Origin>: S::Address names what
// was scheduled. PalletsOrigin is the origin the call runs with (Origin, or the runtime's
// OriginCaller where it must be stored typed).
template <class S, class Call, class PalletsOrigin = Origin>
concept ScheduleAnon = requires(DispatchTime when, std::optional<Period> period, Priority priority,
                                const PalletsOrigin& origin, preimages::Bounded<Call> call,
                                const typename S::Address& address) {
  {
    S::schedule(when, period, priority, origin, std::move(call))
  } -> std::same_as<Result<typename S::Address, DispatchError>>;
  { S::cancel(address) } -> std::same_as<DispatchResult>;
  { S::reschedule(address, when) } -> std::same_as<Result<typename S::Address, DispatchError>>;
  { S::next_dispatch_time(address) } -> std::same_as<Result<BlockNumber, DispatchError>>;
};

// frame_support::traits::schedule::v3::Named<BlockNumber, Call, Origin>: the same by TaskName.
template <class S, class Call, class PalletsOrigin = Origin>
concept ScheduleNamed =
    requires(const TaskName& id, DispatchTime when, std::optional<Period> period, Priority priority,
             const PalletsOrigin& origin, preimages::Bounded<Call> call) {
      typename S::Address;
      {
        S::schedule_named(id, when, period, priority, origin, std::move(call))
      } -> std::same_as<Result<typename S::Address, DispatchError>>;
      { S::cancel_named(id) } -> std::same_as<DispatchResult>;
      { S::reschedule_named(id, when) } -> std::same_as<Result<typename S::Address, DispatchError>>;
      { S::next_dispatch_time(id) } -> std::same_as<Result<BlockNumber, DispatchError>>;
    };

}  // namespace canary::rt::traits::schedule
