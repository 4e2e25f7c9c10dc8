// sp-runtime's block types in metadata (for the runtime API descriptions): the header with a u32
// number and BLAKE2b, opaque extrinsics, the block, and the results the block builder and the
// pool use.
#pragma once

#include "primitives/block/block.hpp"
#include "primitives/block/header.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt {

// sp_runtime::OpaqueExtrinsic, for metadata: an extrinsic as bytes.
struct OpaqueExtrinsicType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "OpaqueExtrinsic"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};

}  // namespace canary::rt

namespace canary::rt::meta {

template <>
struct TypeInfo<block::Header> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "generic", "header", "Header"});
    b.param<uint32_t>("Number");
    b.typed_field<H256>("parent_hash", "Hash::Output");
    b.typed_field<CompactOf<uint32_t>>("number", "Number");
    b.typed_field<H256>("state_root", "Hash::Output");
    b.typed_field<H256>("extrinsics_root", "Hash::Output");
    b.typed_field<block::Digest>("digest", "Digest");
  }
};

template <>
struct TypeInfo<block::Block> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "generic", "block", "Block"});
    b.param<block::Header>("Header");
    b.param<OpaqueExtrinsicType>("Extrinsic");
    b.typed_field<block::Header>("header", "Header");
    b.typed_field<SequenceOf<OpaqueExtrinsicType>>("extrinsics", "Vec<Extrinsic>");
  }
};

template <>
struct TypeInfo<runtime::TransactionSource> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "transaction_validity", "TransactionSource"});
    b.variant(0, "InBlock").variant(1, "Local").variant(2, "External");
  }
};

template <>
struct TypeInfo<runtime::InvalidTransaction> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "transaction_validity", "InvalidTransaction"});
    const char* names[] = {"Call",
                           "Payment",
                           "Future",
                           "Stale",
                           "BadProof",
                           "AncientBirthBlock",
                           "ExhaustsResources",
                           "Custom",
                           "BadMandatory",
                           "MandatoryValidation",
                           "BadSigner",
                           "IndeterminateImplicit",
                           "UnknownOrigin"};
    for (uint8_t i = 0; i < static_cast<uint8_t>(std::size(names)); ++i) {
      if (i == 7) {
        b.variant(i, names[i], {field_of<uint8_t>(b.registry(), std::nullopt, "u8")});
      } else {
        b.variant(i, names[i]);
      }
    }
  }
};

template <>
struct TypeInfo<runtime::UnknownTransaction> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "transaction_validity", "UnknownTransaction"});
    b.variant(0, "CannotLookup").variant(1, "NoUnsignedValidator");
    b.variant(2, "Custom", {field_of<uint8_t>(b.registry(), std::nullopt, "u8")});
  }
};

template <>
struct TypeInfo<runtime::TransactionValidityError> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "transaction_validity", "TransactionValidityError"});
    b.variant(
        0, "Invalid",
        {field_of<runtime::InvalidTransaction>(b.registry(), std::nullopt, "InvalidTransaction")});
    b.variant(
        1, "Unknown",
        {field_of<runtime::UnknownTransaction>(b.registry(), std::nullopt, "UnknownTransaction")});
  }
};

template <>
struct TypeInfo<runtime::ValidTransaction> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "transaction_validity", "ValidTransaction"});
    b.typed_field<uint64_t>("priority", "TransactionPriority");
    b.typed_field<std::vector<Bytes>>("requires", "Vec<TransactionTag>");
    b.typed_field<std::vector<Bytes>>("provides", "Vec<TransactionTag>");
    b.typed_field<uint64_t>("longevity", "TransactionLongevity");
    b.typed_field<bool>("propagate", "bool");
  }
};

template <>
struct TypeInfo<runtime::CheckInherentsResult> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_inherents", "CheckInherentsResult"});
    b.typed_field<bool>("okay", "bool");
    b.typed_field<bool>("fatal_error", "bool");
    b.typed_field<runtime::InherentData>("errors", "InherentData");
  }
};

template <>
struct TypeInfo<runtime::InherentData> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_inherents", "InherentData"});
    b.typed_field<BTreeMapOf<ByteArray<8>, Bytes>>("data", "BTreeMap<InherentIdentifier, Vec<u8>>");
  }
};

}  // namespace canary::rt::meta
