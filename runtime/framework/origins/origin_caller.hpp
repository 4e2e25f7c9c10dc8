// The runtime's OriginCaller (construct_runtime's outer origin enum), generated from its pallets:
//
//   enum OriginCaller {
//     system(frame_system::RawOrigin<AccountId>)  at System's pallet index,
//     <Pallet>(<pallet>::Origin)                   at the index of each pallet with PalletOrigin,
//     Void(sp_core::Void)                          at its position: 1 + the number of those pallets
//   }
//
// It is what calls carry when they name an origin (Utility.dispatch_as, later Scheduler agendas
// and referenda), with FRAME's encoding and metadata. Its value is an Origin (origin.hpp): decoding
// checks a pallet origin against the pallet's type and keeps its encoding. Void has no values, so
// no input decodes to it; FRAME lists it (and so this) so the enum is never empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/origins/origin.hpp"

namespace canary::rt {

// frame_system::RawOrigin<AccountId> in metadata (scale-info names it from frame-support, where
// the type is declared).
struct RawOriginType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "dispatch", "RawOrigin"});
    b.param<AccountId32>("AccountId");
    b.variant(0, "Root");
    b.variant(1, "Signed", {meta::field_of<AccountId32>(b.registry(), std::nullopt, "AccountId")});
    b.variant(2, "None");
  }
};

// sp_core::Void: an enum without variants.
struct VoidType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "Void"});
    b.docs("The void type - it cannot exist.");
    b.definition(meta::VariantDef{});
  }
};

// The type name FRAME's metadata gives a pallet origin's field: `P::kOriginTypeName` when the
// pallet sets it (e.g. "pallet_collective::Origin<Runtime, pallet_collective::Instance1>"),
// otherwise "<crate>::Origin".
template <class P>
std::string pallet_origin_type_name() {
  if constexpr (requires { P::kOriginTypeName; }) {
    return std::string(P::kOriginTypeName);
  } else {
    return std::string(P::kCrate) + "::Origin";
  }
}

template <FixedString Crate, class... Pallets>
struct OriginCallerOf {
  Origin origin = Origin::root();

  // construct_runtime requires the system pallet under the name System.
  static constexpr uint8_t system_index() {
    uint8_t index = 0;
    ((Pallets::kName == std::string_view("System") ? (index = Pallets::kIndex, 0) : 0), ...);
    return index;
  }
  static constexpr size_t kPalletOrigins = (size_t{HasPalletOrigin<Pallets>} + ... + 0);
  static constexpr uint8_t kSystemIndex = system_index();
  // Void has no codec index of its own, so SCALE gives it its position in the enum.
  static constexpr uint8_t kVoidIndex = static_cast<uint8_t>(1 + kPalletOrigins);

  static_assert(((Pallets::kName == std::string_view("System")) + ... + 0) == 1,
                "a runtime has exactly one pallet named System");
  static_assert(((HasPalletOrigin<Pallets> && Pallets::kIndex == kSystemIndex) + ... + 0) == 0,
                "a pallet origin's variant index collides with System's (OriginCaller::system)");
  static_assert(((HasPalletOrigin<Pallets> && Pallets::kIndex == kVoidIndex) + ... + 0) == 0,
                "a pallet origin's variant index collides with OriginCaller::Void's position "
                "(1 + the number of pallet origins), as it would in FRAME's codec");

  template <class Sink>
  void scale_encode(Sink& out) const {
    if (origin.kind == Origin::Kind::kPallet) {
      out.put_byte(origin.pallet_index);
      out.put_bytes(origin.pallet_origin_encoded);
      return;
    }
    out.put_byte(kSystemIndex);
    out.put_byte(static_cast<uint8_t>(origin.kind));
    if (origin.kind == Origin::Kind::kSigned) scale::encode_to(out, origin.who);
  }

  void scale_decode(scale::Decoder& in) {
    const uint8_t index = in.read_byte();
    if (!in.ok()) return;
    if (index == kSystemIndex) {
      const uint8_t kind = in.read_byte();
      if (in.ok() && kind > static_cast<uint8_t>(Origin::Kind::kNone)) {
        in.fail(scale::DecodeError::kInvalidVariantIndex);
      }
      if (!in.ok()) return;
      origin = Origin{static_cast<Origin::Kind>(kind), {}, 0, {}, {}};
      if (origin.kind == Origin::Kind::kSigned) scale::decode_from(in, origin.who);
      return;
    }
    bool found = false;
    (
        [&] {
          if constexpr (HasPalletOrigin<Pallets>) {
            if (found || index != Pallets::kIndex) return;
            found = true;
            typename Pallets::PalletOrigin value{};
            scale::decode_from(in, value);
            if (in.ok()) origin = Origin::of_pallet<Pallets>(value);
          }
        }(),
        ...);
    // Void (no values) and unknown indices.
    if (!found) in.fail(scale::DecodeError::kInvalidVariantIndex);
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path({std::string(Crate.view()), "OriginCaller"});
    b.variant(kSystemIndex, "system",
              {meta::field_of<RawOriginType>(b.registry(), std::nullopt,
                                             "frame_system::Origin<Runtime>")});
    (
        [&] {
          if constexpr (HasPalletOrigin<Pallets>) {
            b.variant(Pallets::kIndex, std::string(Pallets::kName),
                      {meta::field_of<typename Pallets::PalletOrigin>(
                          b.registry(), std::nullopt, pallet_origin_type_name<Pallets>())});
          }
        }(),
        ...);
    b.variant(
        kVoidIndex, "Void",
        {meta::field_of<VoidType>(
            b.registry(), std::nullopt,
            "self::sp_api_hidden_includes_construct_runtime::hidden_include::__private::Void")});
  }
};

}  // namespace canary::rt
