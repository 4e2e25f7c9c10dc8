// The runtime's outer reason enums (RuntimeHoldReason, RuntimeFreezeReason), as construct_runtime!
// aggregates each pallet's `#[pallet::composite_enum]`: one variant per pallet that declares the
// reason, at the pallet's index and under its name, holding the pallet's own reason enum.
//
//   using RuntimeHoldReason = OuterReason<"canary_runtime", "RuntimeHoldReason",
//       PalletReason<6, "Staking", pallets::staking::HoldReason>,
//       PalletReason<32, "Preimage", pallets::preimage::HoldReason>>;
//   RuntimeHoldReason::of<32>(pallets::preimage::HoldReason::kPreimage)
//
// The pallets are named by index and reason type rather than by pallet class, because the outer
// enum is part of the configuration the pallets are instantiated with. kVariantCount is FRAME's
// VariantCount: every pallet variant's own variants together (what Balances' MaxHolds is set from).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

// One pallet's variant: its index and name, and its reason enum with the number of its variants.
template <uint8_t Index, FixedString Name, class Reason, uint32_t Variants = 1>
struct PalletReason {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr uint32_t kVariantCount = Variants;
  using Inner = Reason;
  Reason reason{};
  bool operator==(const PalletReason&) const = default;
  CANARY_SCALE_FIELDS(reason)
};

template <FixedString Crate, FixedString Name, class... Pallets>
struct OuterReason {
  static constexpr uint32_t kVariantCount = (0 + ... + Pallets::kVariantCount);
  std::variant<Pallets...> value;
  bool operator==(const OuterReason&) const = default;

  // The reason `inner` of the pallet at `Index`.
  template <uint8_t Index, class Inner>
  static OuterReason of(Inner inner) {
    static_assert(
        ((Pallets::kScaleIndex == Index && std::is_same_v<typename Pallets::Inner, Inner>) || ...),
        "no pallet reason of that type at that index");
    OuterReason out;
    (
        [&] {
          if constexpr (Pallets::kScaleIndex == Index) out.value = Pallets{inner};
        }(),
        ...);
    return out;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({std::string(Crate.view()), std::string(Name.view())});
    meta::Registry& r = b.registry();
    (b.variant(Pallets::kScaleIndex, std::string(Pallets::kName),
               {meta::field_of<typename Pallets::Inner>(r)}),
     ...);
  }
};

}  // namespace canary::rt
