// The runtime API entry points of the Canary runtime. The APIs are declared in apis.hpp; here are
// the functions they name that are not a pallet's or the executive's, the blob's exports and the
// native table. The wasm32 blob exports each entry point under its name (pointer, length in; the
// result as a packed pointer-length i64, the buffer allocated on the host's allocator, the
// instance is reset after the call); natively, runtime_api() finds the same functions by name
// (api.hpp). Inputs that do not decode end the call with a panic message, as sp-api does
// (framework/runtime_api/method.hpp).
#include "runtime/canary/api.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "runtime/canary/apis.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/runtime_api/api_list.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/storage.hpp"

#if defined(__wasm32__)
extern "C" void* canary_wasm_alloc(size_t size);
#endif

namespace canary::rt::canary_runtime {

namespace api {

system::VersionConstant core_version() {
  return {Runtime::version()};
}

ExtrinsicInclusionMode initialize_block(const block::Header& header) {
  Executive::initialize_block(header);
  return ExtrinsicInclusionMode::kAllExtrinsics;
}

OpaqueMetadata metadata() {
  return {*canary_runtime::metadata_at_version(14)};
}

std::optional<OpaqueMetadata> metadata_at_version(uint32_t version) {
  auto encoded = canary_runtime::metadata_at_version(version);
  if (!encoded) return std::nullopt;
  return OpaqueMetadata{std::move(*encoded)};
}

// The argument is the extrinsic's encoding itself (an opaque extrinsic is its own bytes).
runtime::ApplyExtrinsicResult apply_extrinsic(Remainder<Executive::Extrinsic> extrinsic) {
  return Executive::apply_extrinsic(extrinsic.bytes);
}

std::vector<Executive::Extrinsic> inherent_extrinsics(const runtime::InherentData& data) {
  std::vector<Executive::Extrinsic> out;
  for (auto& call : Runtime::Pallets::create_inherents(data)) {
    out.push_back(Executive::Extrinsic{std::nullopt, std::move(call)});
  }
  return out;
}

// The extrinsic is taken in its encoded form from the input.
runtime::TransactionValidity validate_transaction(runtime::TransactionSource source,
                                                  Encoded<Executive::Extrinsic> tx,
                                                  const H256& block_hash) {
  return Executive::validate_transaction(source, tx.bytes, block_hash);
}

// Undecodable arguments: the transaction cannot be this runtime's.
runtime::TransactionValidity undecodable_transaction() {
  return unexpected(runtime::TransactionValidityError(
      runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0}));
}

pallets::babe::BabeConfiguration babe_configuration() {
  return Runtime::Babe::configuration();
}

// Equivocation reporting needs session history (a later issue): no proofs yet.
// Key-ownership proofs are SCALE MembershipProofs behind the opaque wrapper (Kusama's
// Historical::prove(...).encode()); an undecodable one submits nothing.
namespace {

OpaqueKeyOwnershipProof opaque(const pallets::session::MembershipProof& proof) {
  return OpaqueKeyOwnershipProof{scale::encode(proof)};
}

std::optional<pallets::session::MembershipProof> membership_proof(
    const OpaqueKeyOwnershipProof& proof) {
  auto decoded = scale::decode<pallets::session::MembershipProof>(proof.bytes);
  if (!decoded) return std::nullopt;
  return std::move(*decoded);
}

std::optional<std::monostate> submitted(bool accepted) {
  if (!accepted) return std::nullopt;
  return std::monostate{};
}

}  // namespace

std::optional<OpaqueKeyOwnershipProof> babe_key_ownership_proof(
    pallets::babe::Slot slot, const pallets::babe::AuthorityId& authority_id) {
  auto proof = Runtime::Babe::generate_key_ownership_proof(slot, authority_id);
  if (!proof) return std::nullopt;
  return opaque(*proof);
}

std::optional<OpaqueKeyOwnershipProof> grandpa_key_ownership_proof(
    uint64_t set_id, const pallets::grandpa::AuthorityId& authority_id) {
  auto proof = Runtime::Grandpa::generate_key_ownership_proof(set_id, authority_id);
  if (!proof) return std::nullopt;
  return opaque(*proof);
}

std::optional<std::monostate> babe_submit_report_equivocation(
    const pallets::babe::EquivocationProof& equivocation_proof,
    const OpaqueKeyOwnershipProof& key_owner_proof) {
  auto proof = membership_proof(key_owner_proof);
  if (!proof) return std::nullopt;
  return submitted(
      Runtime::Babe::submit_unsigned_equivocation_report(equivocation_proof, std::move(*proof)));
}

std::optional<std::monostate> grandpa_submit_report_equivocation(
    const pallets::grandpa::EquivocationProof& equivocation_proof,
    const OpaqueKeyOwnershipProof& key_owner_proof) {
  auto proof = membership_proof(key_owner_proof);
  if (!proof) return std::nullopt;
  return submitted(
      Runtime::Grandpa::submit_unsigned_equivocation_report(equivocation_proof, std::move(*proof)));
}

// New keys in the node's keystore, in SessionKeys' order.
Bytes generate_session_keys(const std::optional<Bytes>& seed) {
  const auto type_of = [](size_t i) { return SessionKeys::kKeyTypeIds[i].id; };
  SessionKeys keys;
  keys.grandpa.bytes = rt::io::crypto::ed25519_generate(type_of(0), seed);
  keys.babe.bytes = rt::io::crypto::sr25519_generate(type_of(1), seed);
  keys.para_validator.bytes = rt::io::crypto::sr25519_generate(type_of(2), seed);
  keys.para_assignment.bytes = rt::io::crypto::sr25519_generate(type_of(3), seed);
  keys.authority_discovery.bytes = rt::io::crypto::sr25519_generate(type_of(4), seed);
  keys.beefy.bytes = rt::io::crypto::ecdsa_generate(type_of(5), seed);
  return scale::encode(keys);
}

std::optional<KeyTypeIds> decode_session_keys(const Bytes& encoded) {
  auto keys = scale::decode<SessionKeys>(encoded);
  if (!keys) return std::nullopt;
  KeyTypeIds out;
  const auto add = [&](ByteSpan key, size_t i) {
    out.emplace_back(Bytes(key.begin(), key.end()), SessionKeys::kKeyTypeIds[i]);
  };
  add(keys->grandpa.bytes, 0);
  add(keys->babe.bytes, 1);
  add(keys->para_validator.bytes, 2);
  add(keys->para_assignment.bytes, 3);
  add(keys->authority_discovery.bytes, 4);
  add(keys->beefy.bytes, 5);
  return out;
}

// The JSON genesis configuration and the presets.
Result<std::monostate, std::string> build_state(const Bytes& json) {
  auto config =
      rt::json::parse(std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  if (!config) {
    return unexpected("invalid JSON at byte " + std::to_string(config.error().offset) + ": " +
                      config.error().message);
  }
  auto built = build_genesis_state(*config);
  if (!built) return unexpected(built.error());
  return std::monostate{};
}

std::optional<Bytes> get_preset(const std::optional<runtime_api::PresetId>& id) {
  std::optional<std::string_view> name;
  if (id) name = id->view();
  auto config = preset(name);
  if (!config) return std::nullopt;
  const std::string text = rt::json::write(*config);
  return Bytes(text.begin(), text.end());
}

std::vector<std::string> preset_names() {
  return canary_runtime::preset_names();
}

}  // namespace api

namespace {

// Every entry point once more, by the literal name the blob exports it under (wasm32's
// export_name takes nothing else); checked against the declarations below.
// NOLINTBEGIN(readability-identifier-naming)
#define CANARY_RUNTIME_EXPORTS(X)                             \
  X(Core_version)                                             \
  X(Core_execute_block)                                       \
  X(Core_initialize_block)                                    \
  X(Metadata_metadata)                                        \
  X(Metadata_metadata_at_version)                             \
  X(Metadata_metadata_versions)                               \
  X(BlockBuilder_apply_extrinsic)                             \
  X(BlockBuilder_finalize_block)                              \
  X(BlockBuilder_inherent_extrinsics)                         \
  X(BlockBuilder_check_inherents)                             \
  X(TaggedTransactionQueue_validate_transaction)              \
  X(OffchainWorkerApi_offchain_worker)                        \
  X(AccountNonceApi_account_nonce)                            \
  X(BabeApi_configuration)                                    \
  X(BabeApi_current_epoch_start)                              \
  X(BabeApi_current_epoch)                                    \
  X(BabeApi_next_epoch)                                       \
  X(BabeApi_generate_key_ownership_proof)                     \
  X(BabeApi_submit_report_equivocation_unsigned_extrinsic)    \
  X(GrandpaApi_grandpa_authorities)                           \
  X(GrandpaApi_current_set_id)                                \
  X(GrandpaApi_generate_key_ownership_proof)                  \
  X(GrandpaApi_submit_report_equivocation_unsigned_extrinsic) \
  X(SessionKeys_generate_session_keys)                        \
  X(SessionKeys_decode_session_keys)                          \
  X(TransactionPaymentApi_query_info)                         \
  X(TransactionPaymentApi_query_fee_details)                  \
  X(TransactionPaymentApi_query_weight_to_fee)                \
  X(TransactionPaymentApi_query_length_to_fee)                \
  X(TransactionPaymentCallApi_query_call_info)                \
  X(TransactionPaymentCallApi_query_call_fee_details)         \
  X(TransactionPaymentCallApi_query_weight_to_fee)            \
  X(TransactionPaymentCallApi_query_length_to_fee)            \
  X(StakingApi_nominations_quota)                             \
  X(StakingApi_eras_stakers_page_count)                       \
  X(StakingApi_pending_rewards)                               \
  X(GenesisBuilder_build_state)                               \
  X(GenesisBuilder_get_preset)                                \
  X(GenesisBuilder_preset_names)                              \
  X(ParachainHost_validators)                                 \
  X(ParachainHost_validator_groups)                           \
  X(ParachainHost_availability_cores)                         \
  X(ParachainHost_persisted_validation_data)                  \
  X(ParachainHost_assumed_validation_data)                    \
  X(ParachainHost_check_validation_outputs)                   \
  X(ParachainHost_session_index_for_child)                    \
  X(ParachainHost_validation_code)                            \
  X(ParachainHost_candidate_pending_availability)             \
  X(ParachainHost_candidate_events)                           \
  X(ParachainHost_dmq_contents)                               \
  X(ParachainHost_inbound_hrmp_channels_contents)             \
  X(ParachainHost_validation_code_by_hash)                    \
  X(ParachainHost_on_chain_votes)                             \
  X(ParachainHost_session_info)                               \
  X(ParachainHost_submit_pvf_check_statement)                 \
  X(ParachainHost_pvfs_require_precheck)                      \
  X(ParachainHost_validation_code_hash)                       \
  X(ParachainHost_disputes)                                   \
  X(ParachainHost_session_executor_params)                    \
  X(ParachainHost_unapplied_slashes)                          \
  X(ParachainHost_key_ownership_proof)                        \
  X(ParachainHost_submit_report_dispute_lost)                 \
  X(ParachainHost_minimum_backing_votes)                      \
  X(ParachainHost_para_backing_state)                         \
  X(ParachainHost_async_backing_params)                       \
  X(ParachainHost_disabled_validators)                        \
  X(ParachainHost_node_features)                              \
  X(ParachainHost_approval_voting_params)                     \
  X(ParachainHost_claim_queue)                                \
  X(ParachainHost_candidates_pending_availability)            \
  X(AuthorityDiscoveryApi_authorities)
// NOLINTEND(readability-identifier-naming)

#define CANARY_EXPORT_NAME(name) std::string_view(#name),
constexpr std::string_view kExportNames[] = {CANARY_RUNTIME_EXPORTS(CANARY_EXPORT_NAME)};
#undef CANARY_EXPORT_NAME
static_assert(runtime_api::exports_match<Apis>(kExportNames),
              "CANARY_RUNTIME_EXPORTS must name every method of apis.hpp's Apis exactly once");

}  // namespace

#if defined(__wasm32__)

namespace {

uint64_t to_host(ByteSpan out) {
  void* buffer = canary_wasm_alloc(out.size());
  if (!out.empty()) std::memcpy(buffer, out.data(), out.size());
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(buffer)) |
         (static_cast<uint64_t>(out.size()) << 32);
}

ByteSpan from_host(uint32_t ptr, uint32_t len) {
  return {reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(ptr)), len};
}

}  // namespace

#define CANARY_EXPORT(name)                                                                        \
  extern "C"                                                                                       \
      __attribute__((export_name(#name))) uint64_t canary_api_##name(uint32_t ptr, uint32_t len) { \
    constexpr runtime_api::EntryPoint kEntry = runtime_api::find_entry_point<Apis>(#name);         \
    const Bytes out = kEntry(from_host(ptr, len));                                                 \
    canary::rt::io::storage::flush_writes();                                                       \
    return to_host(out);                                                                           \
  }
CANARY_RUNTIME_EXPORTS(CANARY_EXPORT)
#undef CANARY_EXPORT

#else

RuntimeApiFunction runtime_api(std::string_view name) {
  return runtime_api::find_entry_point<Apis>(name);
}

#endif

}  // namespace canary::rt::canary_runtime
