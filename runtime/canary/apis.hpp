// The runtime APIs of the Canary runtime, each declared once (framework/runtime_api/): name,
// version, docs and methods, each method the C++ function that implements it with its inputs'
// names. From `Apis` come RuntimeVersion's `apis` (runtime.cpp), metadata V15's runtime_apis
// (metadata.cpp), the entry points natively by name and the blob's exports (api.cpp), and the
// decoding of the arguments and encoding of the results. The functions that are not a pallet's or
// the executive's own are in api.cpp; the parachain host's APIs (ParachainHost,
// AuthorityDiscoveryApi) are declared with theirs in parachain_host_api.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/block/block.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "runtime/canary/parachain_host_api.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/runtime_api/api_list.hpp"
#include "runtime/framework/runtime_api/method.hpp"
#include "runtime/framework/runtime_api/types.hpp"

namespace canary::rt::canary_runtime {

namespace api {

using runtime_api::Encoded;
using runtime_api::ExtrinsicInclusionMode;
using runtime_api::OpaqueKeyOwnershipProof;
using runtime_api::OpaqueMetadata;
using runtime_api::Remainder;
using KeyTypeIds = std::vector<std::tuple<Bytes, pallets::session::KeyTypeId>>;

system::VersionConstant core_version();
ExtrinsicInclusionMode initialize_block(const block::Header& header);
OpaqueMetadata metadata();
std::optional<OpaqueMetadata> metadata_at_version(uint32_t version);
runtime::ApplyExtrinsicResult apply_extrinsic(Remainder<Executive::Extrinsic> extrinsic);
std::vector<Executive::Extrinsic> inherent_extrinsics(const runtime::InherentData& data);
runtime::TransactionValidity validate_transaction(runtime::TransactionSource source,
                                                  Encoded<Executive::Extrinsic> tx,
                                                  const H256& block_hash);
runtime::TransactionValidity undecodable_transaction();
pallets::babe::BabeConfiguration babe_configuration();
std::optional<OpaqueKeyOwnershipProof> babe_key_ownership_proof(
    pallets::babe::Slot slot, const pallets::babe::AuthorityId& authority_id);
std::optional<OpaqueKeyOwnershipProof> grandpa_key_ownership_proof(
    uint64_t set_id, const pallets::grandpa::AuthorityId& authority_id);
std::optional<std::monostate> babe_submit_report_equivocation(
    const pallets::babe::EquivocationProof& equivocation_proof,
    const OpaqueKeyOwnershipProof& key_owner_proof);
std::optional<std::monostate> grandpa_submit_report_equivocation(
    const pallets::grandpa::EquivocationProof& equivocation_proof,
    const OpaqueKeyOwnershipProof& key_owner_proof);
Bytes generate_session_keys(const std::optional<Bytes>& seed);
std::optional<KeyTypeIds> decode_session_keys(const Bytes& encoded);
Result<std::monostate, std::string> build_state(const Bytes& json);
std::optional<Bytes> get_preset(const std::optional<runtime_api::PresetId>& id);
std::vector<std::string> preset_names();

}  // namespace api

using runtime_api::DocLines;
using runtime_api::InputNames;
using runtime_api::Method;

struct CoreApi {
  static constexpr std::string_view kName = "Core";
  static constexpr uint32_t kVersion = 5;
  using Docs = DocLines<" The `Core` runtime api that every Substrate runtime needs to implement.">;
  using Methods = std::tuple<
      Method<"version", &api::core_version, InputNames<>,
             DocLines<" Returns the version of the runtime.">>,
      Method<"execute_block", &Executive::execute_block, InputNames<"block">,
             DocLines<" Execute the given block.">>,
      Method<"initialize_block", &api::initialize_block, InputNames<"header">,
             DocLines<" Initialize a block with the given header and return the runtime executive "
                      "mode.">>>;
};

struct MetadataApi {
  static constexpr std::string_view kName = "Metadata";
  static constexpr uint32_t kVersion = 2;
  using Docs = DocLines<" The `Metadata` api trait that returns metadata for the runtime.">;
  using Methods =
      std::tuple<Method<"metadata", &api::metadata, InputNames<>,
                        DocLines<" Returns the metadata of a runtime.">>,
                 Method<"metadata_at_version", &api::metadata_at_version, InputNames<"version">,
                        DocLines<" Returns the metadata at a given version.">>,
                 Method<"metadata_versions", &meta::supported_metadata_versions, InputNames<>,
                        DocLines<" Returns the supported metadata versions.">>>;
};

struct BlockBuilderApi {
  static constexpr std::string_view kName = "BlockBuilder";
  static constexpr uint32_t kVersion = 6;
  using Docs = DocLines<
      " The `BlockBuilder` api trait that provides the required functionality "
      "for building a block.">;
  using Methods = std::tuple<
      Method<"apply_extrinsic", &api::apply_extrinsic, InputNames<"extrinsic">>,
      Method<"finalize_block", &Executive::finalize_block>,
      Method<"inherent_extrinsics", &api::inherent_extrinsics, InputNames<"inherent">>,
      Method<"check_inherents", &Executive::check_inherents, InputNames<"block", "data">>>;
};

struct TaggedTransactionQueueApi {
  static constexpr std::string_view kName = "TaggedTransactionQueue";
  static constexpr uint32_t kVersion = 3;
  using Docs = DocLines<
      " The `TaggedTransactionQueue` api trait for interfering with the transaction queue.">;
  // Arguments that do not decode make the transaction not this runtime's, not a panic.
  using Methods = std::tuple<Method<"validate_transaction", &api::validate_transaction,
                                    InputNames<"source", "tx", "block_hash">, DocLines<>,
                                    runtime_api::OnBadInput<&api::undecodable_transaction>>>;
};

struct OffchainWorkerApi {
  static constexpr std::string_view kName = "OffchainWorkerApi";
  static constexpr uint32_t kVersion = 2;
  using Docs = DocLines<" The offchain worker api.">;
  using Methods =
      std::tuple<Method<"offchain_worker", &Executive::offchain_worker, InputNames<"header">>>;
};

struct AccountNonceApi {
  static constexpr std::string_view kName = "AccountNonceApi";
  static constexpr uint32_t kVersion = 1;
  using Docs = DocLines<" The API to query account nonce.">;
  using Methods =
      std::tuple<Method<"account_nonce", &Runtime::System::account_nonce, InputNames<"account">,
                        DocLines<" Get current account nonce of given `AccountId`.">>>;
};

// Equivocation reporting needs session history (a later issue): no proofs yet, in either API.
struct BabeApi {
  static constexpr std::string_view kName = "BabeApi";
  static constexpr uint32_t kVersion = 2;
  using Docs = DocLines<" API necessary for block authorship with BABE.">;
  using Methods = std::tuple<
      Method<"configuration", &api::babe_configuration>,
      Method<"current_epoch_start", &Runtime::Babe::current_epoch_start>,
      Method<"current_epoch", &Runtime::Babe::current_epoch>,
      Method<"next_epoch", &Runtime::Babe::next_epoch>,
      Method<"generate_key_ownership_proof", &api::babe_key_ownership_proof,
             InputNames<"slot", "authority_id">>,
      Method<"submit_report_equivocation_unsigned_extrinsic", &api::babe_submit_report_equivocation,
             InputNames<"equivocation_proof", "key_owner_proof">>>;
};

struct GrandpaApi {
  static constexpr std::string_view kName = "GrandpaApi";
  static constexpr uint32_t kVersion = 3;
  using Docs = DocLines<" APIs for integrating the GRANDPA finality gadget into runtimes.">;
  using Methods =
      std::tuple<Method<"grandpa_authorities", &Runtime::Grandpa::grandpa_authorities>,
                 Method<"submit_report_equivocation_unsigned_extrinsic",
                        &api::grandpa_submit_report_equivocation,
                        InputNames<"equivocation_proof", "key_owner_proof">>,
                 Method<"generate_key_ownership_proof", &api::grandpa_key_ownership_proof,
                        InputNames<"set_id", "authority_id">>,
                 Method<"current_set_id", &Runtime::Grandpa::current_set_id>>;
};

struct SessionKeysApi {
  static constexpr std::string_view kName = "SessionKeys";
  static constexpr uint32_t kVersion = 1;
  using Docs = DocLines<" Session keys runtime api.">;
  using Methods =
      std::tuple<Method<"generate_session_keys", &api::generate_session_keys, InputNames<"seed">>,
                 Method<"decode_session_keys", &api::decode_session_keys, InputNames<"encoded">>>;
};

struct TransactionPaymentApi {
  using TP = Runtime::TransactionPayment;
  static constexpr std::string_view kName = "TransactionPaymentApi";
  static constexpr uint32_t kVersion = 4;
  using Docs = DocLines<>;
  using Methods = std::tuple<
      Method<"query_info", &TP::query_info<Executive::Extrinsic>, InputNames<"uxt", "len">>,
      Method<"query_fee_details", &TP::query_fee_details<Executive::Extrinsic>,
             InputNames<"uxt", "len">>,
      Method<"query_weight_to_fee", &TP::query_weight_to_fee, InputNames<"weight">>,
      Method<"query_length_to_fee", &TP::query_length_to_fee, InputNames<"length">>>;
};

struct TransactionPaymentCallApi {
  using TP = Runtime::TransactionPayment;
  static constexpr std::string_view kName = "TransactionPaymentCallApi";
  static constexpr uint32_t kVersion = 3;
  using Docs = DocLines<>;
  using Methods = std::tuple<
      Method<"query_call_info", &TP::query_call_info<Runtime::Pallets::Call>,
             InputNames<"call", "len">>,
      Method<"query_call_fee_details", &TP::query_call_fee_details<Runtime::Pallets::Call>,
             InputNames<"call", "len">>,
      Method<"query_weight_to_fee", &TP::query_weight_to_fee, InputNames<"weight">>,
      Method<"query_length_to_fee", &TP::query_length_to_fee, InputNames<"length">>>;
};

// pallet-staking-runtime-api's StakingApi (v1 as Kusama FR-1.7.1 implements it).
struct StakingApi {
  using Staking = Runtime::Staking;
  static constexpr std::string_view kName = "StakingApi";
  static constexpr uint32_t kVersion = 1;
  using Docs = DocLines<>;
  using Methods = std::tuple<
      Method<"nominations_quota", &Staking::nominations_quota, InputNames<"balance">,
             DocLines<" Returns the nominations quota for a nominator with a given balance.">>,
      Method<"eras_stakers_page_count", &Staking::eras_stakers_page_count,
             InputNames<"era", "account">,
             DocLines<" Returns the page count of exposures for a validator `account` in a given "
                      "era.">>,
      Method<"pending_rewards", &Staking::pending_rewards, InputNames<"era", "account">,
             DocLines<" Returns true if validator `account` has pages to be claimed for the given "
                      "era.">>>;
};

struct GenesisBuilderApi {
  static constexpr std::string_view kName = "GenesisBuilder";
  static constexpr uint32_t kVersion = 2;
  using Docs = DocLines<" API to interact with `RuntimeGenesisConfig` for the runtime">;
  // A genesis config of hundreds of thousands of accounts is more than 16 MiB of JSON.
  using Methods = std::tuple<Method<"build_state", &api::build_state, InputNames<"json">,
                                    DocLines<>, runtime_api::MaxLengthOfInput>,
                             Method<"get_preset", &api::get_preset, InputNames<"id">>,
                             Method<"preset_names", &api::preset_names>>;
};

// The APIs in metadata order.
using Apis = std::tuple<CoreApi, MetadataApi, BlockBuilderApi, TaggedTransactionQueueApi,
                        OffchainWorkerApi, AccountNonceApi, BabeApi, GrandpaApi, SessionKeysApi,
                        TransactionPaymentApi, TransactionPaymentCallApi, StakingApi,
                        GenesisBuilderApi, ParachainHostApi, AuthorityDiscoveryApi>;

// The same APIs in the order RuntimeVersion has always listed them: Core_version's answer (and so
// the blob's `runtime_apis` section) stays as it was; the order means nothing to a reader of
// either, which look APIs up by id.
using VersionOrder =
    std::tuple<CoreApi, MetadataApi, BlockBuilderApi, TaggedTransactionQueueApi, OffchainWorkerApi,
               GrandpaApi, BabeApi, SessionKeysApi, AccountNonceApi, TransactionPaymentApi,
               TransactionPaymentCallApi, GenesisBuilderApi, StakingApi, ParachainHostApi,
               AuthorityDiscoveryApi>;
static_assert(runtime_api::same_apis<Apis, VersionOrder>());

}  // namespace canary::rt::canary_runtime
