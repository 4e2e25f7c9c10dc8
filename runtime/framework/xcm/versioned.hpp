// The versioned wrappers Treasury's `spend` takes (Kusama FR-1.7.1: AssetKind =
// VersionedLocatableAsset, Beneficiary = VersionedLocation):
//   xcm::VersionedLocation                                    V3(MultiLocation) = 3 | V4 = 4 | V5 =
//   5 polkadot_runtime_common::impls::VersionedLocatableAsset   V3 {location, asset_id} = 3 | V4 |
//   V5
// (polkadot-sdk polkadot/xcm/src/lib.rs, polkadot/runtime/common/src/impls.rs; staging-xcm 18 has
// no V2 any more, so indices 0-2 do not decode). Each version keeps its own types, as FRAME's do;
// `visit` hands the inner value to a generic callable for checks that read alike in every
// version.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/xcm/location.hpp"

namespace canary::rt::xcm {

// xcm::VersionedLocation.
struct VersionedLocation {
  template <uint8_t V>
  struct At {
    static constexpr uint8_t kScaleIndex = V;
    Location<V> location;
    bool operator==(const At&) const = default;
    CANARY_SCALE_FIELDS(location)
  };
  std::variant<At<3>, At<4>, At<5>> value;
  bool operator==(const VersionedLocation&) const = default;

  template <uint8_t V>
  static VersionedLocation of(Location<V> location) {
    return {At<V>{std::move(location)}};
  }
  // f(const Location<V>&) for the version held.
  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit([&](const auto& at) -> decltype(auto) { return f(at.location); }, value);
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"xcm", "VersionedLocation"});
    meta::Registry& r = b.registry();
    b.variant(3, "V3", {meta::field_of<Location<3>>(r, std::nullopt, "v3::MultiLocation")});
    b.variant(4, "V4", {meta::field_of<Location<4>>(r, std::nullopt, "v4::Location")});
    b.variant(5, "V5", {meta::field_of<Location<5>>(r, std::nullopt, "v5::Location")});
  }
};

// polkadot_runtime_common::impls::VersionedLocatableAsset: an asset id and the location (the
// chain) that holds it.
struct VersionedLocatableAsset {
  template <uint8_t V>
  struct At {
    static constexpr uint8_t kScaleIndex = V;
    Location<V> location;
    AssetId<V> asset_id;
    bool operator==(const At&) const = default;
    CANARY_SCALE_FIELDS(location, asset_id)
  };
  std::variant<At<3>, At<4>, At<5>> value;
  bool operator==(const VersionedLocatableAsset&) const = default;

  template <uint8_t V>
  static VersionedLocatableAsset of(Location<V> location, AssetId<V> asset_id) {
    return {At<V>{std::move(location), std::move(asset_id)}};
  }
  // f(const Location<V>& location, const AssetId<V>& asset_id) for the version held.
  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit([&](const auto& at) -> decltype(auto) { return f(at.location, at.asset_id); },
                      value);
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_common", "impls", "VersionedLocatableAsset"});
    meta::Registry& r = b.registry();
    b.variant(3, "V3",
              {meta::field_of<Location<3>>(r, "location", "xcm::v3::Location"),
               meta::field_of<AssetId<3>>(r, "asset_id", "xcm::v3::AssetId")});
    b.variant(4, "V4",
              {meta::field_of<Location<4>>(r, "location", "xcm::v4::Location"),
               meta::field_of<AssetId<4>>(r, "asset_id", "xcm::v4::AssetId")});
    b.variant(5, "V5",
              {meta::field_of<Location<5>>(r, "location", "xcm::v5::Location"),
               meta::field_of<AssetId<5>>(r, "asset_id", "xcm::v5::AssetId")});
  }
};

}  // namespace canary::rt::xcm
