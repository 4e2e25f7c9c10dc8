// pallet_timestamp: the block's time (ms since the Unix epoch), set once per block by the
// `timstap0` inherent. Other pallets read it with get(); BABE checks it against the slot through
// the on_timestamp_set hook. Reference: polkadot-sdk substrate/frame/timestamp/src/lib.rs and
// substrate/primitives/timestamp/src/lib.rs (the inherent and its error encoding).
//
// The runtime's configuration T provides FRAME's `type MinimumPeriod: Get<Moment>` as one of:
//   kMinimumPeriod (uint64_t ms; Kusama: SLOT_DURATION / 2 = 3000), a fixed value, or
//   minimum_period() -> uint64_t, a value the runtime reads (the Canary runtime: from state, set at
//     genesis, runtime/canary/block_time.hpp); every check and the metadata constant use it
//   optional set_minimum_period(uint64_t) -> Result<void, std::string>: the genesis field
//     `minimumPeriod` (Canary's own, absent from FRAME): checks and stores the value the runtime's
//     minimum_period() reads; without it, the field is refused
//   optional on_timestamp_set(uint64_t now)   (Kusama: Babe's check of the slot)
//   optional TimestampWeightInfo (weights.hpp: the benchmarked weight of `set`)
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/timestamp/weights.hpp"

namespace canary::rt::pallets::timestamp {

// sp-timestamp: the inherent's data is the SCALE u64 of the author's clock in ms.
inline constexpr runtime::InherentIdentifier kInherentIdentifier = runtime::kTimestampInherent;
// pallet_timestamp check_inherent: a block more than 30 s ahead of our clock is rejected.
inline constexpr uint64_t kMaxTimestampDriftMillis = 30'000;

// sp_timestamp::InherentError, SCALE-encoded as its variant index; both are fatal.
enum class InherentErrorKind : uint8_t { kTooEarly = 0, kTooFarInFuture = 1 };

inline InherentError inherent_error(InherentErrorKind kind) {
  return InherentError{Bytes{static_cast<uint8_t>(kind)}, true};
}

// The inherent data's timestamp; none if absent or not a u64.
inline std::optional<uint64_t> inherent_timestamp(const runtime::InherentData& data) {
  auto it = data.find(kInherentIdentifier);
  if (it == data.end()) return std::nullopt;
  auto value = scale::decode<uint64_t>(it->second);
  if (!value) return std::nullopt;
  return *value;
}

// T's MinimumPeriod (see above). BABE reads it too: its slot is twice this.
template <class T>
uint64_t minimum_period() {
  if constexpr (requires {
                  { T::minimum_period() } -> std::same_as<uint64_t>;
                }) {
    return T::minimum_period();
  } else {
    return T::kMinimumPeriod;
  }
}

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_timestamp";
  static constexpr runtime::InherentIdentifier kInherentIdentifier = timestamp::kInherentIdentifier;

  // --- Storage.
  using Now = StorageValue<Pallet, "Now", uint64_t, ValueQuery,
                           DocLines<" The current time for the current block.">>;
  using DidUpdate = StorageValue<
      Pallet, "DidUpdate", bool, ValueQuery,
      DocLines<
          " Whether the timestamp has been updated in this block.", "",
          " This value is updated to `true` upon successful submission of a timestamp by a node.",
          " It is then checked at the end of each block execution in the `on_finalize` hook.">>;

  // What `set` costs (weights.hpp: the runtime's TimestampWeightInfo, else the reference).
  using Weights = WeightInfoOf<T>;
  static Weight set_weight() { return Weights::set(); }

  // --- Calls.
  struct set {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "set";
    static constexpr const char* kDocs =
        "Set the current time.\n\nThis call should be invoked exactly once per block. It will "
        "panic at the finalization\nphase, if this call hasn't been invoked by that time.\n\nThe "
        "dispatch origin for this call must be _None_.";
    uint64_t now = 0;
    static constexpr auto fields() {
      return std::tuple{compact_field("now", &set::now, "T::Moment")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {set_weight(), DispatchClass::kMandatory}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto none = ensure_none(origin); !none) return with_post_info(none);
      // FRAME asserts both conditions (the block is invalid). An error from a Mandatory call
      // invalidates the block just the same (the executive reports BadMandatory), without ending
      // the runtime call from inside a pallet.
      if (DidUpdate::exists()) {
        io::log(io::LogLevel::kError, "runtime::timestamp",
                "Timestamp must be updated only once in the block");
        return with_post_info(unexpected(dispatch_error(DispatchError::Kind::kOther)));
      }
      const uint64_t prev = Now::get();
      if (prev != 0 && now < prev + minimum_period()) {
        io::log(io::LogLevel::kError, "runtime::timestamp",
                "Timestamp must increment by at least <MinimumPeriod> between sequential blocks");
        return with_post_info(unexpected(dispatch_error(DispatchError::Kind::kOther)));
      }
      put_now(now);
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<set>;

  // --- Hooks.
  static Weight on_initialize(BlockNumber) {
    // FRAME charges on_finalize's weight here (one read and one write of DidUpdate).
    return Weight::from_parts(5'000'000, 0);
  }
  static void on_finalize(BlockNumber) {
    const bool updated = DidUpdate::take();
    if (!updated) io::panic("Timestamp must be updated once in the block");
  }

  // --- Inherent.
  static bool is_inherent(const Call& call) { return std::holds_alternative<set>(call); }

  // max(the author's clock, the previous block's time + MinimumPeriod).
  static std::optional<Call> create_inherent(const runtime::InherentData& data) {
    const auto ts = inherent_data_or_panic(data);
    return Call{set{std::max(ts, Now::get() + minimum_period())}};
  }

  static Result<void, InherentError> check_inherent(const Call& call,
                                                    const runtime::InherentData& data) {
    const set* s = std::get_if<set>(&call);
    if (s == nullptr) return {};
    const uint64_t ts = inherent_data_or_panic(data);
    const uint64_t minimum = Now::get() + minimum_period();
    if (s->now > ts + kMaxTimestampDriftMillis) {
      return unexpected(inherent_error(InherentErrorKind::kTooFarInFuture));
    }
    if (s->now < minimum) return unexpected(inherent_error(InherentErrorKind::kTooEarly));
    return {};
  }

  // FRAME's default (pallet_timestamp does not override it): check_inherents does not demand the
  // inherent; a block without it fails in on_finalize instead.
  static std::optional<InherentError> is_inherent_required(const runtime::InherentData&) {
    return std::nullopt;
  }

  // --- Interface for other pallets.

  // The current block's time once set, the parent's before.
  static uint64_t get() { return Now::get(); }

  // The minimum period in effect (T's, see above).
  static uint64_t minimum_period() { return timestamp::minimum_period<T>(); }

  // Sets the time directly (tests and genesis tooling; FRAME's set_timestamp).
  static void set_timestamp(uint64_t now) { put_now(now); }

  // --- Genesis: `{"minimumPeriod": <ms>}`, absent or null = the runtime's default, which stays
  // out of the state (T::set_minimum_period is not called).
  struct GenesisConfig {
    std::optional<uint64_t> minimum_period;
    static constexpr auto json_fields() {
      return std::tuple{json_field("minimumPeriod", &GenesisConfig::minimum_period)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (!config.minimum_period) return {};
    if constexpr (requires {
                    {
                      T::set_minimum_period(uint64_t{})
                    } -> std::same_as<Result<void, std::string>>;
                  }) {
      return T::set_minimum_period(*config.minimum_period);
    } else {
      return unexpected(std::string("minimumPeriod: this runtime's minimum period is fixed"));
    }
  }

  // --- Metadata.
  using Storage = std::tuple<Now, DidUpdate>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(
        r, "MinimumPeriod", minimum_period(),
        {" The minimum period between blocks.", "",
         " Be aware that this is different to the *expected* period that the block production",
         " apparatus provides. Your chosen consensus system will generally work with this to",
         " determine a sensible block time. For example, in the Aura pallet it will be double this",
         " period on default settings."}));
  }

 private:
  static void put_now(uint64_t now) {
    Now::put(now);
    DidUpdate::put(true);
    if constexpr (requires { T::on_timestamp_set(now); }) T::on_timestamp_set(now);
  }

  // FRAME expects the node to provide the data ("Timestamp inherent data must be provided"): a
  // node that does not is broken, not an input to handle.
  static uint64_t inherent_data_or_panic(const runtime::InherentData& data) {
    auto ts = inherent_timestamp(data);
    if (!ts) {
      io::panic(data.contains(timestamp::kInherentIdentifier)
                    ? "Timestamp inherent data not correctly encoded"
                    : "Timestamp inherent data must be provided");
    }
    return *ts;
  }
};

}  // namespace canary::rt::pallets::timestamp
