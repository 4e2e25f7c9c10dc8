// Small hand-built metadata V15 for the RFC-0078 merkleization: registries with every shape the
// flattening handles (enums declared out of index order, Compact of integers, of a wrapper and of
// `()`, empty structs and enums, tuples, arrays, sequences, bit sequences in both orders, Option),
// unreachable types the pruning drops, no leaves at all and a single leaf. Each carries the
// System constants wallets read (Version, SS58Prefix), so that @polkadot-api/merkleize-metadata
// takes them too: merkleized_metadata_test.cpp checks the structure, and the interop helper hands
// the same bytes to tests/interop/metadata_hash.test.mjs, which compares the digests with the npm
// package's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/merkleized_metadata.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta::samples {

// sp_version::RuntimeVersion, as far as wallets read it.
struct Version {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_version", "RuntimeVersion"});
    b.typed_field<std::string>("spec_name", "RuntimeString");
    b.typed_field<uint32_t>("spec_version", "u32");
  }
};

struct AccountId {
  static void type_info(TypeBuilder& b) {
    b.path({"sp_core", "crypto", "AccountId32"});
    b.typed_field<std::array<uint8_t, 32>>(std::nullopt, "[u8; 32]");
  }
};
struct Nothing {  // a unit struct: `Void`
  static void type_info(TypeBuilder& b) { b.path({"sample", "Nothing"}).composite(); }
};
struct Never {  // an enum without variants: `Void`
  static void type_info(TypeBuilder& b) {
    b.path({"sample", "Never"});
    b.definition(VariantDef{});
  }
};
struct Address {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"sp_runtime", "multiaddress", "MultiAddress"});
    b.variant(0, "Id", {field_of<AccountId>(r, std::nullopt, "AccountId")});
    b.variant(1, "Index", {field_of<CompactOf<std::monostate>>(r, std::nullopt, "AccountIndex")});
    b.variant(2, "Raw", {field_of<std::vector<uint8_t>>(r, std::nullopt, "Vec<u8>")});
    b.variant(3, "Address32", {field_of<std::array<uint8_t, 32>>(r)});
  }
};
struct Signature {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"sp_runtime", "MultiSignature"});
    b.variant(1, "Sr25519", {field_of<std::array<uint8_t, 64>>(r)});
    b.variant(0, "Ed25519", {field_of<std::array<uint8_t, 64>>(r)});
    b.variant(2, "Ecdsa", {field_of<std::array<uint8_t, 65>>(r)});
  }
};
struct Perbill {  // Compact<Perbill> is a compact u32
  static void type_info(TypeBuilder& b) {
    b.path({"sp_arithmetic", "per_things", "Perbill"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};
struct Msb0 {
  static void type_info(TypeBuilder& b) { b.path({"bitvec", "order", "Msb0"}).composite(); }
};
struct MsbBits {
  static void type_info(TypeBuilder& b) {
    b.definition(BitSequenceDef{b.type_of<uint32_t>(), b.type_of<Msb0>()});
  }
};
struct SystemCall {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"frame_system", "pallet", "Call"});
    b.variant(3, "set_flags",
              {field_of<scale::BitVec>(r, "lsb", "BitVec<u8, Lsb0>"),
               field_of<MsbBits>(r, "msb", "BitVec<u32, Msb0>")});
    b.variant(0, "remark", {field_of<std::vector<uint8_t>>(r, "remark", "Vec<u8>")});
    b.variant(1, "noop");
  }
};
struct BalancesCall {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"pallet_balances", "pallet", "Call"});
    b.variant(9, "force",
              {field_of<std::tuple<uint8_t, int64_t, bool>>(r, "who"),
               field_of<CompactOf<Perbill>>(r, "ratio", "Perbill"), field_of<Nothing>(r, "nothing"),
               field_of<Never>(r, "never"), field_of<std::tuple<>>(r, "unit")});
    b.variant(3, "transfer",
              {field_of<Address>(r, "dest", "AccountIdLookupOf<T>"),
               field_of<scale::Compact<u128>>(r, "value", "T::Balance")});
    b.variant(4, "transfer_all",
              {field_of<Address>(r, "dest"), field_of<std::optional<uint32_t>>(r, "keep_alive"),
               field_of<std::vector<std::pair<uint16_t, std::string>>>(r, "labels")});
  }
};
struct Call {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"sample_runtime", "RuntimeCall"});
    b.variant(4, "Balances", {field_of<BalancesCall>(r)});
    b.variant(0, "System", {field_of<SystemCall>(r)});
  }
};
struct Era {
  static void type_info(TypeBuilder& b) {
    Registry& r = b.registry();
    b.path({"sp_runtime", "generic", "era", "Era"});
    b.variant(0, "Immortal");
    b.variant(1, "Mortal1", {field_of<uint8_t>(r)});
  }
};
struct H256 {
  static void type_info(TypeBuilder& b) {
    b.path({"primitive_types", "H256"});
    b.typed_field<std::array<uint8_t, 32>>(std::nullopt, "[u8; 32]");
  }
};
struct Mode {
  static void type_info(TypeBuilder& b) {
    b.path({"frame_metadata_hash_extension", "Mode"});
    b.variant(0, "Disabled").variant(1, "Enabled");
  }
};
struct Unreachable {  // e.g. a storage value: not part of any extrinsic
  static void type_info(TypeBuilder& b) {
    b.path({"sample", "Unreachable"});
    b.typed_field<std::vector<uint64_t>>("values");
  }
};
struct OneVariant {
  static void type_info(TypeBuilder& b) {
    b.path({"sample", "OneVariant"});
    b.variant(7, "only", {field_of<uint32_t>(b.registry(), "x")});
  }
};

inline merkleized::ExtraInfo sample_extra() {
  return {7, "sample", 42, 10, "UNIT"};
}

// The metadata around a registry: the System pallet's Version and SS58Prefix constants, the
// extrinsic parts and the extensions (identifier, explicit type, implicit type).
struct Extension {
  std::string identifier;
  TypeId type;
  TypeId implicit;
};
inline Bytes build_metadata(RuntimeMetadata& metadata, TypeId address, TypeId call,
                            TypeId signature, const std::vector<Extension>& extensions) {
  Registry& r = metadata.registry;
  const merkleized::ExtraInfo extra = sample_extra();
  scale::Encoder version;
  scale::encode_to(version, extra.spec_name);
  scale::encode_to(version, extra.spec_version);
  PalletMetadata system;
  system.name = "System";
  system.index = 0;
  system.constants.push_back({"Version", r.id<Version>(), std::move(version).take(), {}});
  system.constants.push_back(
      {"SS58Prefix", r.id<uint16_t>(), scale::encode(extra.base58_prefix), {}});
  metadata.pallets.push_back(std::move(system));
  metadata.extrinsic.version = 4;
  metadata.extrinsic.address_type = address;
  metadata.extrinsic.call_type = call;
  metadata.extrinsic.signature_type = signature;
  metadata.extrinsic.extra_type = r.id<std::tuple<>>();
  for (const Extension& e : extensions) {
    metadata.extrinsic.signed_extensions.push_back({e.identifier, e.type, e.implicit});
  }
  metadata.runtime_type = r.id<std::tuple<>>();
  metadata.outer_enums = {call, call, call};
  return encode_v15(metadata);
}

// Kusama-like extrinsic parts with every shape; `unreachable` registers types no extrinsic uses
// first, so that every reachable frame id moves (the digest must not).
inline Bytes mixed(bool unreachable) {
  RuntimeMetadata metadata;
  Registry& r = metadata.registry;
  if (unreachable) {
    r.id<Unreachable>();
    r.id<std::optional<Unreachable>>();
  }
  const TypeId unit = r.id<std::tuple<>>();
  const std::vector<Extension> extensions = {
      {"CheckNonZeroSender", r.id<Nothing>(), unit},
      {"CheckMortality", r.id<Era>(), r.id<H256>()},
      {"CheckNonce", r.id<scale::Compact<uint32_t>>(), unit},
      {"CheckGenesis", unit, r.id<H256>()},
      {"CheckMetadataHash", r.id<Mode>(), r.id<std::optional<std::array<uint8_t, 32>>>()},
  };
  const TypeId signature = r.id<Signature>();
  const TypeId call = r.id<Call>();
  const TypeId address = r.id<Address>();
  if (unreachable) r.id<std::vector<Unreachable>>();
  return build_metadata(metadata, address, call, signature, extensions);
}

// Only primitives and empty types in the extrinsic: no leaves, the all-zero root.
inline Bytes no_leaves() {
  RuntimeMetadata metadata;
  Registry& r = metadata.registry;
  return build_metadata(metadata, r.id<uint32_t>(), r.id<Never>(), r.id<Nothing>(),
                        {{"CheckNonce", r.id<scale::Compact<uint64_t>>(), r.id<std::tuple<>>()}});
}

// One enum of one variant: one leaf, the root is its hash.
inline Bytes one_leaf() {
  RuntimeMetadata metadata;
  Registry& r = metadata.registry;
  return build_metadata(metadata, r.id<uint8_t>(), r.id<OneVariant>(), r.id<uint64_t>(), {});
}

struct Sample {
  std::string name;
  Bytes metadata;
};
inline std::vector<Sample> all() {
  return {{"mixed", mixed(false)},
          {"mixed with unreachable types", mixed(true)},
          {"no leaves", no_leaves()},
          {"one leaf", one_leaf()}};
}

}  // namespace canary::rt::meta::samples
