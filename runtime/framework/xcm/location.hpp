// XCM locations and asset ids in versions 3 to 5 (polkadot-sdk polkadot/xcm/src/v3/
// {junctions,multilocation,multiasset}.rs, v4/{junctions,location,asset}.rs, v5 likewise;
// staging-xcm 18 as Kusama FR-1.7.1 builds it). A location is `parents` (u8) and an interior of
// up to eight junctions: Here (0) or X1..X8 (the count as the variant index, then the junctions).
// v3 describes X_n as n fields, v4 and v5 as one `[Junction; n]` field (Rust's Arc<[Junction; n]>):
// the bytes are the same. An asset id is v3's Concrete(MultiLocation) | Abstract([u8; 32]) and
// v4's and v5's newtype of a Location. Type paths and field type names as Kusama's metadata
// (spec 1_009_002).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/xcm/junction.hpp"

namespace canary::rt::xcm {

// MAX_ITEMS_IN_JUNCTIONS: X8 is the longest interior.
inline constexpr size_t kMaxJunctions = 8;

// Junctions of version V: the interior of a location, at most kMaxJunctions.
template <uint8_t V>
struct Junctions {
  std::vector<Junction<V>> items;
  bool operator==(const Junctions&) const = default;

  static Junctions here() { return {}; }

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(items.size()));
    for (const Junction<V>& j : items) scale::encode_to(out, j);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t count = in.read_byte();
    if (in.ok() && count > kMaxJunctions) in.fail(scale::DecodeError::kInvalidVariantIndex);
    if (!in.ok()) return;
    items.assign(count, Junction<V>{});
    for (Junction<V>& j : items) {
      scale::decode_from(in, j);
      if (!in.ok()) return;
    }
  }

  static void type_info(meta::TypeBuilder& b) {
    b.path(type_path(V, "junctions", "Junctions"));
    b.variant(0, "Here");
    add_variants(b, std::make_index_sequence<kMaxJunctions>{});
  }

 private:
  template <size_t... I>
  static void add_variants(meta::TypeBuilder& b, std::index_sequence<I...>) {
    (add_variant<I + 1>(b), ...);
  }
  template <size_t N>
  static void add_variant(meta::TypeBuilder& b) {
    meta::Registry& r = b.registry();
    const std::string name = "X" + std::to_string(N);
    if constexpr (V == 3) {
      std::vector<meta::Field> fields;
      fields.reserve(N);
      for (size_t i = 0; i < N; ++i) {
        fields.push_back(meta::field_of<Junction<V>>(r, std::nullopt, "Junction"));
      }
      b.variant(static_cast<uint8_t>(N), name, std::move(fields));
    } else {
      b.variant(static_cast<uint8_t>(N), name,
                {meta::field_of<std::array<Junction<V>, N>>(
                    r, std::nullopt, "Arc<[Junction; " + std::to_string(N) + "]>")});
    }
  }
};

// Location of version V (v3's MultiLocation): `parents` steps up, then the interior.
template <uint8_t V>
struct Location {
  uint8_t parents = 0;
  Junctions<V> interior;
  bool operator==(const Location&) const = default;

  static Location here() { return {}; }
  bool is_here() const { return parents == 0 && interior.items.empty(); }
  CANARY_SCALE_FIELDS(parents, interior)

  static void type_info(meta::TypeBuilder& b) {
    if constexpr (V == 3) {
      b.path({"staging_xcm", "v3", "multilocation", "MultiLocation"});
    } else {
      b.path({"staging_xcm", "v" + std::to_string(V), "location", "Location"});
    }
    b.typed_field<uint8_t>("parents", "u8");
    b.typed_field<Junctions<V>>("interior", "Junctions");
  }
};

// AssetId of version V: v3's Concrete(location) | Abstract(32 bytes); v4 and v5 keep only the
// location (AssetId(Location)), so `abstract_id` is always empty there.
template <uint8_t V>
struct AssetId {
  Location<V> location;
  std::optional<ByteArray<32>> abstract_id;  // v3's Abstract; Concrete when empty
  bool operator==(const AssetId&) const = default;

  static AssetId concrete(Location<V> l) { return {std::move(l), std::nullopt}; }

  template <class Sink>
  void scale_encode(Sink& out) const {
    if constexpr (V == 3) {
      if (abstract_id) {
        out.put_byte(1);
        scale::encode_to(out, *abstract_id);
        return;
      }
      out.put_byte(0);
    }
    scale::encode_to(out, location);
  }
  void scale_decode(scale::Decoder& in) {
    if constexpr (V == 3) {
      const uint8_t index = in.read_byte();
      if (in.ok() && index > 1) in.fail(scale::DecodeError::kInvalidVariantIndex);
      if (!in.ok()) return;
      if (index == 1) {
        abstract_id.emplace();
        scale::decode_from(in, *abstract_id);
        return;
      }
    }
    scale::decode_from(in, location);
  }
  static void type_info(meta::TypeBuilder& b) {
    if constexpr (V == 3) {
      b.path({"xcm", "v3", "multiasset", "AssetId"});
      meta::Registry& r = b.registry();
      b.variant(0, "Concrete", {meta::field_of<Location<V>>(r, std::nullopt, "MultiLocation")});
      b.variant(1, "Abstract", {meta::field_of<ByteArray<32>>(r, std::nullopt, "[u8; 32]")});
    } else {
      b.path({"staging_xcm", "v" + std::to_string(V), "asset", "AssetId"});
      b.typed_field<Location<V>>(std::nullopt, "Location");
    }
  }
};

}  // namespace canary::rt::xcm
