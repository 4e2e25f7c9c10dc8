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

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/origins/origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/preimages.hpp"

namespace canary::rt::traits::schedule {

// frame_support::traits::schedule::DispatchTime: at block `n`, or `n` blocks after the current.
// SCALE: 0 At(u32) | 1 After(u32), as it travels in Referenda's submit and ReferendumStatus.
struct DispatchTime {
  enum class Kind : uint8_t { kAt = 0, kAfter = 1 };
  Kind kind = Kind::kAt;
  BlockNumber n = 0;
  static DispatchTime at(BlockNumber block) { return {Kind::kAt, block}; }
  static DispatchTime after(BlockNumber blocks) { return {Kind::kAfter, blocks}; }
  bool operator==(const DispatchTime&) const = default;

  // DispatchTime::evaluate: the block it names, counting After from `since` (saturating).
  BlockNumber evaluate(BlockNumber since) const {
    if (kind == Kind::kAt) return n;
    return since > UINT32_MAX - n ? UINT32_MAX : since + n;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    scale::encode_to(out, n);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t index = in.read_byte();
    if (in.ok() && index > static_cast<uint8_t>(Kind::kAfter)) {
      in.fail(scale::DecodeError::kInvalidVariantIndex);
    }
    if (!in.ok()) return;
    kind = static_cast<Kind>(index);
    scale::decode_from(in, n);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "traits", "schedule", "DispatchTime"});
    b.param<BlockNumber>("BlockNumber");
    meta::Registry& r = b.registry();
    b.variant(0, "At", {meta::field_of<BlockNumber>(r, std::nullopt, "BlockNumber")});
    b.variant(1, "After", {meta::field_of<BlockNumber>(r, std::nullopt, "BlockNumber")});
  }
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
