// XCM's junctions, the parts of a location, in the three versions Kusama's relay runtime accepts
// in call arguments (staging-xcm 18 as FR-1.7.1 builds it: polkadot-sdk polkadot/xcm/src/v3/
// junction.rs, v4/junction.rs, v5/junction.rs). The three encode alike: v4 changed only the type
// paths, v5 also dropped NetworkId's Westend, Rococo and Wococo (indices 4-6 decode as invalid
// there). BodyId and BodyPart are v3's in every version (v4 and v5 re-export them), as Kusama's
// metadata (spec 1_009_002) describes them.
//
// Only what Treasury's calls carry (runtime/pallets/treasury): no conversion between versions,
// no reanchoring. Nothing here allocates more than the fixed-size fields, so decoding bytes from
// outside is bounded by construction.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::xcm {

// The type paths of a version's junction types: v3 under `xcm::v3`, v4 and v5 under
// `staging_xcm::vN` (the crate's `xcm` renames itself in metadata for the versions it defines
// natively).
inline std::vector<std::string> type_path(uint8_t version, const char* module, const char* name) {
  const std::string v = "v" + std::to_string(version);
  if (version == 3) return {"xcm", v, module, name};
  return {"staging_xcm", v, module, name};
}

// xcm::v3::junction::BodyId: a body of a plurality.
struct BodyId {
  template <uint8_t kIndex>
  struct Unit {
    static constexpr uint8_t kScaleIndex = kIndex;
    bool operator==(const Unit&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Moniker {
    static constexpr uint8_t kScaleIndex = 1;
    ByteArray<4> name{};
    bool operator==(const Moniker&) const = default;
    CANARY_SCALE_FIELDS(name)
  };
  struct Index {
    static constexpr uint8_t kScaleIndex = 2;
    uint32_t index = 0;
    bool operator==(const Index&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(index))
  };
  std::variant<Unit<0>, Moniker, Index, Unit<3>, Unit<4>, Unit<5>, Unit<6>, Unit<7>, Unit<8>,
               Unit<9>>
      value;
  bool operator==(const BodyId&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"xcm", "v3", "junction", "BodyId"});
    meta::Registry& r = b.registry();
    b.variant(0, "Unit");
    b.variant(1, "Moniker", {meta::field_of<ByteArray<4>>(r, std::nullopt, "[u8; 4]")});
    b.variant(2, "Index", {meta::field_of<meta::CompactOf<uint32_t>>(r, std::nullopt, "u32")});
    const char* names[] = {"Executive", "Technical",      "Legislative", "Judicial",
                           "Defense",   "Administration", "Treasury"};
    for (uint8_t i = 0; i < 7; ++i) b.variant(static_cast<uint8_t>(3 + i), names[i]);
  }
};

// xcm::v3::junction::BodyPart: which part of a body (all compact u32 fields).
struct BodyPart {
  struct Voice {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Voice&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Members {
    static constexpr uint8_t kScaleIndex = 1;
    uint32_t count = 0;
    bool operator==(const Members&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(count))
  };
  // Fraction, AtLeastProportion and MoreThanProportion: {nom, denom}.
  template <uint8_t kIndex>
  struct Ratio {
    static constexpr uint8_t kScaleIndex = kIndex;
    uint32_t nom = 0;
    uint32_t denom = 0;
    bool operator==(const Ratio&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(nom), ::canary::scale::compact(denom))
  };
  std::variant<Voice, Members, Ratio<2>, Ratio<3>, Ratio<4>> value;
  bool operator==(const BodyPart&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"xcm", "v3", "junction", "BodyPart"});
    meta::Registry& r = b.registry();
    b.variant(0, "Voice");
    b.variant(1, "Members", {meta::field_of<meta::CompactOf<uint32_t>>(r, "count", "u32")});
    const char* names[] = {"Fraction", "AtLeastProportion", "MoreThanProportion"};
    for (uint8_t i = 0; i < 3; ++i) {
      b.variant(static_cast<uint8_t>(2 + i), names[i],
                {meta::field_of<meta::CompactOf<uint32_t>>(r, "nom", "u32"),
                 meta::field_of<meta::CompactOf<uint32_t>>(r, "denom", "u32")});
    }
  }
};

// NetworkId of version V (3, 4 or 5): a global consensus system.
template <uint8_t V>
struct NetworkId {
  static_assert(V >= 3 && V <= 5, "XCM versions 3 to 5");
  struct ByGenesis {
    static constexpr uint8_t kScaleIndex = 0;
    ByteArray<32> genesis{};
    bool operator==(const ByGenesis&) const = default;
    CANARY_SCALE_FIELDS(genesis)
  };
  struct ByFork {
    static constexpr uint8_t kScaleIndex = 1;
    uint64_t block_number = 0;
    ByteArray<32> block_hash{};
    bool operator==(const ByFork&) const = default;
    CANARY_SCALE_FIELDS(block_number, block_hash)
  };
  template <uint8_t kIndex>
  struct Named {
    static constexpr uint8_t kScaleIndex = kIndex;
    bool operator==(const Named&) const = default;
    CANARY_SCALE_FIELDS()
  };
  using Polkadot = Named<2>;
  using Kusama = Named<3>;
  struct Ethereum {
    static constexpr uint8_t kScaleIndex = 7;
    uint64_t chain_id = 0;
    bool operator==(const Ethereum&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(chain_id))
  };
  // v5 dropped Westend, Rococo and Wococo (4-6); the other indices stayed.
  using Variant = std::conditional_t<
      V == 5,
      std::variant<ByGenesis, ByFork, Polkadot, Kusama, Ethereum, Named<8>, Named<9>, Named<10>>,
      std::variant<ByGenesis, ByFork, Polkadot, Kusama, Named<4>, Named<5>, Named<6>, Ethereum,
                   Named<8>, Named<9>, Named<10>>>;
  Variant value;
  bool operator==(const NetworkId&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path(type_path(V, "junction", "NetworkId"));
    meta::Registry& r = b.registry();
    b.variant(0, "ByGenesis", {meta::field_of<ByteArray<32>>(r, std::nullopt, "[u8; 32]")});
    b.variant(1, "ByFork",
              {meta::field_of<uint64_t>(r, "block_number", "u64"),
               meta::field_of<ByteArray<32>>(r, "block_hash", "[u8; 32]")});
    b.variant(2, "Polkadot");
    b.variant(3, "Kusama");
    if constexpr (V != 5) {
      b.variant(4, "Westend");
      b.variant(5, "Rococo");
      b.variant(6, "Wococo");
    }
    b.variant(7, "Ethereum", {meta::field_of<meta::CompactOf<uint64_t>>(r, "chain_id", "u64")});
    b.variant(8, "BitcoinCore");
    b.variant(9, "BitcoinCash");
    b.variant(10, "PolkadotBulletin");
  }
};

// Junction of version V: one step of a location's interior.
template <uint8_t V>
struct Junction {
  using Network = std::optional<NetworkId<V>>;
  struct Parachain {
    static constexpr uint8_t kScaleIndex = 0;
    uint32_t id = 0;
    bool operator==(const Parachain&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(id))
  };
  struct AccountId32 {
    static constexpr uint8_t kScaleIndex = 1;
    Network network;
    ByteArray<32> id{};
    bool operator==(const AccountId32&) const = default;
    CANARY_SCALE_FIELDS(network, id)
  };
  struct AccountIndex64 {
    static constexpr uint8_t kScaleIndex = 2;
    Network network;
    uint64_t index = 0;
    bool operator==(const AccountIndex64&) const = default;
    CANARY_SCALE_FIELDS(network, ::canary::scale::compact(index))
  };
  struct AccountKey20 {
    static constexpr uint8_t kScaleIndex = 3;
    Network network;
    ByteArray<20> key{};
    bool operator==(const AccountKey20&) const = default;
    CANARY_SCALE_FIELDS(network, key)
  };
  struct PalletInstance {
    static constexpr uint8_t kScaleIndex = 4;
    uint8_t index = 0;
    bool operator==(const PalletInstance&) const = default;
    CANARY_SCALE_FIELDS(index)
  };
  struct GeneralIndex {
    static constexpr uint8_t kScaleIndex = 5;
    u128 index = 0;
    bool operator==(const GeneralIndex&) const = default;
    CANARY_SCALE_FIELDS(::canary::scale::compact(index))
  };
  // The key's first `length` bytes count; XCM does not check the length when decoding.
  struct GeneralKey {
    static constexpr uint8_t kScaleIndex = 6;
    uint8_t length = 0;
    ByteArray<32> data{};
    bool operator==(const GeneralKey&) const = default;
    CANARY_SCALE_FIELDS(length, data)
  };
  struct OnlyChild {
    static constexpr uint8_t kScaleIndex = 7;
    bool operator==(const OnlyChild&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Plurality {
    static constexpr uint8_t kScaleIndex = 8;
    BodyId id;
    BodyPart part;
    bool operator==(const Plurality&) const = default;
    CANARY_SCALE_FIELDS(id, part)
  };
  struct GlobalConsensus {
    static constexpr uint8_t kScaleIndex = 9;
    NetworkId<V> network;
    bool operator==(const GlobalConsensus&) const = default;
    CANARY_SCALE_FIELDS(network)
  };
  std::variant<Parachain, AccountId32, AccountIndex64, AccountKey20, PalletInstance, GeneralIndex,
               GeneralKey, OnlyChild, Plurality, GlobalConsensus>
      value;
  bool operator==(const Junction&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path(type_path(V, "junction", "Junction"));
    meta::Registry& r = b.registry();
    b.variant(0, "Parachain", {meta::field_of<meta::CompactOf<uint32_t>>(r, std::nullopt, "u32")});
    b.variant(1, "AccountId32",
              {meta::field_of<Network>(r, "network", "Option<NetworkId>"),
               meta::field_of<ByteArray<32>>(r, "id", "[u8; 32]")});
    b.variant(2, "AccountIndex64",
              {meta::field_of<Network>(r, "network", "Option<NetworkId>"),
               meta::field_of<meta::CompactOf<uint64_t>>(r, "index", "u64")});
    b.variant(3, "AccountKey20",
              {meta::field_of<Network>(r, "network", "Option<NetworkId>"),
               meta::field_of<ByteArray<20>>(r, "key", "[u8; 20]")});
    b.variant(4, "PalletInstance", {meta::field_of<uint8_t>(r, std::nullopt, "u8")});
    b.variant(5, "GeneralIndex", {meta::field_of<meta::CompactOf<u128>>(r, std::nullopt, "u128")});
    b.variant(6, "GeneralKey",
              {meta::field_of<uint8_t>(r, "length", "u8"),
               meta::field_of<ByteArray<32>>(r, "data", "[u8; 32]")});
    b.variant(7, "OnlyChild");
    b.variant(8, "Plurality",
              {meta::field_of<BodyId>(r, "id", "BodyId"),
               meta::field_of<BodyPart>(r, "part", "BodyPart")});
    b.variant(9, "GlobalConsensus", {meta::field_of<NetworkId<V>>(r, std::nullopt, "NetworkId")});
  }
};

}  // namespace canary::rt::xcm
