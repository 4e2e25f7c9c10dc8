#include "runtime/canary/metadata.hpp"

#include "runtime/canary/runtime.hpp"
#include "runtime/framework/metadata/api_metadata.hpp"
#include "runtime/framework/types/block_types.hpp"

namespace canary::rt::canary_runtime {

namespace {

using meta::api_metadata;
using meta::method;

// Core_initialize_block's answer (Core v5).
struct ExtrinsicInclusionModeType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "ExtrinsicInclusionMode"});
    b.variant(0, "AllExtrinsics").variant(1, "OnlyInherents");
  }
};

struct OpaqueMetadataType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "OpaqueMetadata"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};

using ApplyResult = Result<Result<void, DispatchError>, runtime::TransactionValidityError>;
using Validity = Result<runtime::ValidTransaction, runtime::TransactionValidityError>;

std::vector<meta::RuntimeApiMetadata> runtime_apis(meta::Registry& r) {
  using block::Block;
  using block::Header;
  std::vector<meta::RuntimeApiMetadata> apis;
  apis.push_back(api_metadata(
      "Core", {" The `Core` runtime api that every Substrate runtime needs to implement."},
      {method<system::VersionConstant>(r, "version", {}, {" Returns the version of the runtime."}),
       method<std::monostate, Block>(r, "execute_block", {"block"}, {" Execute the given block."}),
       method<ExtrinsicInclusionModeType, Header>(
           r, "initialize_block", {"header"},
           {" Initialize a block with the given header and return the runtime executive mode."})}));
  apis.push_back(api_metadata(
      "Metadata", {" The `Metadata` api trait that returns metadata for the runtime."},
      {method<OpaqueMetadataType>(r, "metadata", {}, {" Returns the metadata of a runtime."}),
       method<std::optional<OpaqueMetadataType>, uint32_t>(
           r, "metadata_at_version", {"version"}, {" Returns the metadata at a given version."}),
       method<std::vector<uint32_t>>(r, "metadata_versions", {},
                                     {" Returns the supported metadata versions."})}));
  apis.push_back(
      api_metadata("BlockBuilder",
                   {" The `BlockBuilder` api trait that provides the required functionality for "
                    "building a block."},
                   {method<ApplyResult, OpaqueExtrinsicType>(r, "apply_extrinsic", {"extrinsic"}),
                    method<Header>(r, "finalize_block"),
                    method<std::vector<OpaqueExtrinsicType>, runtime::InherentData>(
                        r, "inherent_extrinsics", {"inherent"}),
                    method<runtime::CheckInherentsResult, Block, runtime::InherentData>(
                        r, "check_inherents", {"block", "data"})}));
  apis.push_back(api_metadata(
      "TaggedTransactionQueue",
      {" The `TaggedTransactionQueue` api trait for interfering with the transaction queue."},
      {method<Validity, runtime::TransactionSource, OpaqueExtrinsicType, H256>(
          r, "validate_transaction", {"source", "tx", "block_hash"})}));
  apis.push_back(api_metadata("OffchainWorkerApi", {" The offchain worker api."},
                              {method<std::monostate, Header>(r, "offchain_worker", {"header"})}));
  apis.push_back(api_metadata(
      "AccountNonceApi", {" The API to query account nonce."},
      {method<uint32_t, AccountId32>(r, "account_nonce", {"account"},
                                     {" Get current account nonce of given `AccountId`."})}));
  return apis;
}

}  // namespace

meta::RuntimeMetadata build_metadata() {
  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  meta::Registry& r = metadata.registry;
  metadata.extrinsic.version = kExtrinsicFormatVersion;
  metadata.extrinsic.extrinsic_type = r.id<Executive::Extrinsic>();
  metadata.extrinsic.address_type = r.id<MultiAddress>();
  metadata.extrinsic.call_type = r.id<Runtime::Pallets::Call>();
  metadata.extrinsic.signature_type = r.id<MultiSignature>();
  metadata.extrinsic.extra_type = r.id<Runtime::SignedExtra>();
  metadata.extrinsic.signed_extensions = Executive::Ext::metadata(r);
  metadata.apis = runtime_apis(r);
  return metadata;
}

std::optional<Bytes> metadata_at_version(uint32_t version) {
  if (version == 14) return meta::encode_v14(build_metadata());
  if (version == 15) return meta::encode_v15(build_metadata());
  return std::nullopt;
}

}  // namespace canary::rt::canary_runtime
