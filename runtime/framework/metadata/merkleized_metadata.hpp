// RFC-0078 "Merkleized Metadata": the metadata digest a CheckMetadataHash signer (mode 1) commits
// to. From metadata V15: the types reachable from the extrinsic's parts (address, call, signature,
// each signed extension's explicit and implicit data) are flattened into RFC-0078's type
// information (primitives and Compact folded into the references, empty types into `Void`, each
// enum variant its own leaf), numbered by their order of frame id, sorted by (id, variant index),
// hashed with BLAKE3 and put in a binary merkle tree; the digest is
// `MetadataDigest::V1 { tree root, hash of the extrinsic metadata, spec_version, spec_name,
// base58_prefix, decimals, token_symbol }`, and the metadata hash is BLAKE3 of its encoding.
//
// The layout follows the reference implementations (the `merkleized-metadata` crate, which
// frame-metadata-hash-extension's build uses, and @polkadot-api/merkleize-metadata) where they are
// more precise than the RFC text: variant indices as Compact<u32>, the merkle tree as a complete
// binary tree in an array (leaves in the last n places, node i = BLAKE3(child 2i+1 ‖ 2i+2)),
// MetadataDigest's V1 at index 1, and BLAKE3 (not BLAKE2) throughout.
//
// Used by the pack step (runtime/tools/pack_runtime.cpp) on the metadata the built runtime returns;
// metadata is trusted build input here, but malformed bytes are refused, not a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta::merkleized {

enum class MerkleizeError : uint8_t {
  kUndecodableMetadata,  // not SCALE metadata V15 (magic, version, layout)
  kBadRegistry,          // a type id out of range, or ids not 0, 1, 2, … in order
  kBadCompact,           // Compact<T> of something that is not one unsigned integer
  kBadBitSequence,       // a bit store that is not u8..u64, or an order that is not Lsb0/Msb0
};
std::string_view to_string(MerkleizeError error);

// TypeRef: a primitive inline, or a type of the tree by its id.
struct TypeRef {
  enum Kind : uint8_t {
    kBool = 0,
    kChar,
    kStr,
    kU8,
    kU16,
    kU32,
    kU64,
    kU128,
    kU256,
    kI8,
    kI16,
    kI32,
    kI64,
    kI128,
    kI256,
    kCompactU8,
    kCompactU16,
    kCompactU32,
    kCompactU64,
    kCompactU128,
    kCompactU256,
    kVoid,
    kById,
  };
  Kind kind = kVoid;
  uint32_t id = 0;  // kById only
  bool operator==(const TypeRef&) const = default;
};

struct Field {
  std::optional<std::string> name;
  TypeRef type;
  std::optional<std::string> type_name;
  bool operator==(const Field&) const = default;
};

// TypeDef's variants, in RFC-0078's order (the index is the position).
struct Composite {
  std::vector<Field> fields;
  bool operator==(const Composite&) const = default;
};
struct Enumeration {  // one variant of an enum
  std::string name;
  std::vector<Field> fields;
  uint32_t index = 0;
  bool operator==(const Enumeration&) const = default;
};
struct Sequence {
  TypeRef type;
  bool operator==(const Sequence&) const = default;
};
struct Array {
  uint32_t length = 0;
  TypeRef type;
  bool operator==(const Array&) const = default;
};
struct Tuple {
  std::vector<TypeRef> types;
  bool operator==(const Tuple&) const = default;
};
struct BitSequence {
  uint8_t num_bytes = 1;
  bool least_significant_bit_first = true;
  bool operator==(const BitSequence&) const = default;
};
using TypeDef = std::variant<Composite, Enumeration, Sequence, Array, Tuple, BitSequence>;

// A leaf of the tree.
struct Type {
  std::vector<std::string> path;
  TypeDef def;
  uint32_t type_id = 0;
  bool operator==(const Type&) const = default;
};

struct SignedExtension {
  std::string identifier;
  TypeRef included_in_extrinsic;
  TypeRef included_in_signed_data;
};

struct ExtrinsicInfo {
  uint8_t version = 4;
  TypeRef address;
  TypeRef call;
  TypeRef signature;
  std::vector<SignedExtension> signed_extensions;
};

// The type information of RFC-0078: the leaves in tree order, and the extrinsic metadata.
struct TypeInformation {
  std::vector<Type> types;
  ExtrinsicInfo extrinsic;
};

// What the digest adds to the metadata (RFC-0078 `MetadataDigest::V1`).
struct ExtraInfo {
  uint32_t spec_version = 0;
  std::string spec_name;
  uint16_t base58_prefix = 0;
  uint8_t decimals = 0;
  std::string token_symbol;
};

struct MetadataDigest {
  Hash256 types_tree_root{};
  Hash256 extrinsic_metadata_hash{};
  ExtraInfo extra;
};

// The parts of metadata V15 the digest reads, plus the pallets' constants (for checks such as
// System.SS58Prefix = base58_prefix).
struct PalletConstants {
  std::string name;
  std::vector<PalletConstantMetadata> constants;
};
struct MetadataV15 {
  std::vector<TypeDescription> types;  // index = type id
  ExtrinsicMetadata extrinsic;         // the V15 fields (address/call/signature/extra types)
  std::vector<PalletConstants> pallets;
};

// `RuntimeMetadataPrefixed` bytes ("meta", 15, RuntimeMetadataV15), as Metadata_metadata_at_version
// returns them inside its Option<OpaqueMetadata>.
Result<MetadataV15, MerkleizeError> decode_metadata_v15(ByteSpan prefixed);

Result<TypeInformation, MerkleizeError> type_information(const std::vector<TypeDescription>& types,
                                                         const ExtrinsicMetadata& extrinsic);

Bytes encode(const Type& type);
Bytes encode(const ExtrinsicInfo& extrinsic);
Bytes encode(const MetadataDigest& digest);

// The merkle root over the leaves' BLAKE3 hashes, in the given order; all zeros for none.
Hash256 types_tree_root(const std::vector<Type>& leaves);
Hash256 extrinsic_metadata_hash(const ExtrinsicInfo& extrinsic);
MetadataDigest metadata_digest(const TypeInformation& info, ExtraInfo extra);
// BLAKE3 of the digest's encoding: what CheckMetadataHash adds to the signed data.
Hash256 metadata_hash(const MetadataDigest& digest);

// All of it from the prefixed V15 bytes.
Result<Hash256, MerkleizeError> metadata_hash(ByteSpan prefixed_v15, const ExtraInfo& extra);

}  // namespace canary::rt::meta::merkleized
