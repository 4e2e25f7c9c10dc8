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

struct OpaqueKeyOwnershipProofType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "OpaqueValue"});
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
                   {method<ApplyResult, Executive::Extrinsic>(r, "apply_extrinsic", {"extrinsic"}),
                    method<Header>(r, "finalize_block"),
                    method<std::vector<Executive::Extrinsic>, runtime::InherentData>(
                        r, "inherent_extrinsics", {"inherent"}),
                    method<runtime::CheckInherentsResult, Block, runtime::InherentData>(
                        r, "check_inherents", {"block", "data"})}));
  apis.push_back(api_metadata(
      "TaggedTransactionQueue",
      {" The `TaggedTransactionQueue` api trait for interfering with the transaction queue."},
      {method<Validity, runtime::TransactionSource, Executive::Extrinsic, H256>(
          r, "validate_transaction", {"source", "tx", "block_hash"})}));
  apis.push_back(api_metadata("OffchainWorkerApi", {" The offchain worker api."},
                              {method<std::monostate, Header>(r, "offchain_worker", {"header"})}));
  apis.push_back(api_metadata(
      "AccountNonceApi", {" The API to query account nonce."},
      {method<uint32_t, AccountId32>(r, "account_nonce", {"account"},
                                     {" Get current account nonce of given `AccountId`."})}));
  apis.push_back(
      api_metadata("BabeApi", {" API necessary for block authorship with BABE."},
                   {method<pallets::babe::BabeConfiguration>(r, "configuration"),
                    method<pallets::babe::Slot>(r, "current_epoch_start"),
                    method<pallets::babe::Epoch>(r, "current_epoch"),
                    method<pallets::babe::Epoch>(r, "next_epoch"),
                    method<std::optional<OpaqueKeyOwnershipProofType>, pallets::babe::Slot,
                           pallets::babe::AuthorityId>(r, "generate_key_ownership_proof",
                                                       {"slot", "authority_id"}),
                    method<std::optional<std::monostate>, Bytes, OpaqueKeyOwnershipProofType>(
                        r, "submit_report_equivocation_unsigned_extrinsic",
                        {"equivocation_proof", "key_owner_proof"})}));
  apis.push_back(api_metadata(
      "GrandpaApi", {" APIs for integrating the GRANDPA finality gadget into runtimes."},
      {method<pallets::grandpa::AuthorityList>(r, "grandpa_authorities"),
       method<std::optional<std::monostate>, Bytes, OpaqueKeyOwnershipProofType>(
           r, "submit_report_equivocation_unsigned_extrinsic",
           {"equivocation_proof", "key_owner_proof"}),
       method<std::optional<OpaqueKeyOwnershipProofType>, uint64_t, pallets::grandpa::AuthorityId>(
           r, "generate_key_ownership_proof", {"set_id", "authority_id"}),
       method<uint64_t>(r, "current_set_id")}));
  apis.push_back(api_metadata(
      "SessionKeys", {" Session keys runtime api."},
      {method<Bytes, std::optional<Bytes>>(r, "generate_session_keys", {"seed"}),
       method<std::optional<std::vector<std::tuple<Bytes, pallets::session::KeyTypeId>>>, Bytes>(
           r, "decode_session_keys", {"encoded"})}));
  using TP = Runtime::TransactionPayment;
  apis.push_back(
      api_metadata("TransactionPaymentApi", {},
                   {method<decltype(TP::query_info(std::declval<Executive::Extrinsic>(), 0)),
                           Executive::Extrinsic, uint32_t>(r, "query_info", {"uxt", "len"}),
                    method<decltype(TP::query_fee_details(std::declval<Executive::Extrinsic>(), 0)),
                           Executive::Extrinsic, uint32_t>(r, "query_fee_details", {"uxt", "len"}),
                    method<u128, Weight>(r, "query_weight_to_fee", {"weight"}),
                    method<u128, uint32_t>(r, "query_length_to_fee", {"length"})}));
  apis.push_back(api_metadata(
      "TransactionPaymentCallApi", {},
      {method<decltype(TP::query_info(std::declval<Executive::Extrinsic>(), 0)),
              Runtime::Pallets::Call, uint32_t>(r, "query_call_info", {"call", "len"}),
       method<decltype(TP::query_fee_details(std::declval<Executive::Extrinsic>(), 0)),
              Runtime::Pallets::Call, uint32_t>(r, "query_call_fee_details", {"call", "len"}),
       method<u128, Weight>(r, "query_weight_to_fee", {"weight"}),
       method<u128, uint32_t>(r, "query_length_to_fee", {"length"})}));
  apis.push_back(api_metadata(
      "GenesisBuilder", {" API to interact with `RuntimeGenesisConfig` for the runtime"},
      {method<Result<std::monostate, std::string>, Bytes>(r, "build_state", {"json"}),
       method<std::optional<Bytes>, std::optional<std::string>>(r, "get_preset", {"id"}),
       method<std::vector<std::string>>(r, "preset_names")}));
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
