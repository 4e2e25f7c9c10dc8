// The runtime API entry points of the Canary runtime: each takes the SCALE-encoded arguments and
// returns the SCALE-encoded result. The wasm32 blob exports each of them under its name (pointer,
// length in; the result as a packed pointer-length i64, the buffer allocated on the host's
// allocator, the instance is reset after the call); natively, runtime_api() finds the same
// functions by name (api.hpp). Inputs that do not decode end the call with a panic message, as
// sp-api does.
#include "runtime/canary/api.hpp"

#include <cstdint>
#include <cstring>
#include <utility>

#include "primitives/block/block.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"

#if defined(__wasm32__)
extern "C" void* canary_wasm_alloc(size_t size);
#endif

namespace canary::rt::canary_runtime {

namespace {

// `max_length` bounds the element counts of collections (scale::Decoder's guard against length
// bombs); a byte vector can be as long as the input that holds it.
template <class T>
T decode_input(ByteSpan input, const char* api,
               size_t max_length = scale::Decoder::kDefaultMaxLength) {
  scale::Decoder in(input, max_length);
  T value{};
  scale::decode_from(in, value);
  if (!in.ok()) {
    io::panic(std::string("Bad input data provided to ") + api + ": " +
              scale::to_string(in.error()));
  }
  return value;
}

template <class T>
Bytes encode_output(const T& value) {
  return scale::encode(value);
}

}  // namespace

namespace api {

// Each entry point: the SCALE-encoded arguments in, the SCALE-encoded result out.
#define CANARY_API(name) Bytes name([[maybe_unused]] ByteSpan input)

// The entry points carry the names the host calls them by (`Core_version`: the runtime API's
// trait name and method), not the house naming.
// NOLINTBEGIN(readability-identifier-naming)

CANARY_API(Core_version) {
  return runtime::encode(Runtime::version());
}

CANARY_API(Core_execute_block) {
  const auto block = decode_input<block::Block>(input, "execute_block");
  Executive::execute_block(block);
  return {};
}

CANARY_API(Core_initialize_block) {
  const auto header = decode_input<block::Header>(input, "initialize_block");
  Executive::initialize_block(header);
  return encode_output(uint8_t{0});  // ExtrinsicInclusionMode::AllExtrinsics
}

CANARY_API(Metadata_metadata) {
  return encode_output(*metadata_at_version(14));
}

CANARY_API(Metadata_metadata_at_version) {
  const auto version = decode_input<uint32_t>(input, "metadata_at_version");
  return encode_output(metadata_at_version(version));
}

CANARY_API(Metadata_metadata_versions) {
  return encode_output(rt::meta::supported_metadata_versions());
}

CANARY_API(BlockBuilder_apply_extrinsic) {
  // The argument is the extrinsic's encoding itself (an opaque extrinsic is its own bytes).
  return encode_output(Executive::apply_extrinsic(input));
}

CANARY_API(BlockBuilder_finalize_block) {
  return encode_output(Executive::finalize_block());
}

CANARY_API(BlockBuilder_inherent_extrinsics) {
  const auto data = decode_input<runtime::InherentData>(input, "inherent_extrinsics");
  return encode_output(Executive::inherent_extrinsics(data));
}

CANARY_API(BlockBuilder_check_inherents) {
  const auto args =
      decode_input<std::tuple<block::Block, runtime::InherentData>>(input, "check_inherents");
  return encode_output(Executive::check_inherents(std::get<0>(args), std::get<1>(args)));
}

CANARY_API(TaggedTransactionQueue_validate_transaction) {
  // (source, extrinsic, block hash): the extrinsic is taken in its encoded form from the input.
  scale::Decoder in(input);
  const auto source = scale::decode_next<runtime::TransactionSource>(in);
  const size_t start = input.size() - in.remaining();
  (void)scale::decode_next<Bytes>(in);  // skip the extrinsic
  const size_t end = input.size() - in.remaining();
  const auto block_hash = scale::decode_next<rt::H256>(in);
  if (!in.ok() || in.remaining() != 0) {
    // Undecodable arguments: the transaction cannot be this runtime's.
    return encode_output(runtime::TransactionValidity(unexpected(runtime::TransactionValidityError(
        runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0}))));
  }
  return encode_output(
      Executive::validate_transaction(source, input.subspan(start, end - start), block_hash));
}

CANARY_API(OffchainWorkerApi_offchain_worker) {
  Executive::offchain_worker(decode_input<block::Header>(input, "offchain_worker"));
  return {};
}

CANARY_API(AccountNonceApi_account_nonce) {
  const auto account = decode_input<rt::AccountId32>(input, "account_nonce");
  return encode_output(Runtime::System::account_nonce(account));
}

// --- BabeApi (v2).
CANARY_API(BabeApi_configuration) {
  return encode_output(Runtime::Babe::configuration());
}
CANARY_API(BabeApi_current_epoch_start) {
  return encode_output(Runtime::Babe::current_epoch_start());
}
CANARY_API(BabeApi_current_epoch) {
  return encode_output(Runtime::Babe::current_epoch());
}
CANARY_API(BabeApi_next_epoch) {
  return encode_output(Runtime::Babe::next_epoch());
}
// Equivocation reporting needs session history (a later issue): no proofs yet.
CANARY_API(BabeApi_generate_key_ownership_proof) {
  return encode_output(std::optional<Bytes>());
}
CANARY_API(BabeApi_submit_report_equivocation_unsigned_extrinsic) {
  return encode_output(std::optional<std::monostate>());
}

// --- GrandpaApi (v3).
CANARY_API(GrandpaApi_grandpa_authorities) {
  return encode_output(Runtime::Grandpa::grandpa_authorities());
}
CANARY_API(GrandpaApi_current_set_id) {
  return encode_output(Runtime::Grandpa::current_set_id());
}
CANARY_API(GrandpaApi_generate_key_ownership_proof) {
  return encode_output(std::optional<Bytes>());
}
CANARY_API(GrandpaApi_submit_report_equivocation_unsigned_extrinsic) {
  return encode_output(std::optional<std::monostate>());
}

// --- SessionKeys (v1): new keys in the node's keystore, in SessionKeys' order.
CANARY_API(SessionKeys_generate_session_keys) {
  const auto seed = decode_input<std::optional<Bytes>>(input, "generate_session_keys");
  const auto type_of = [](size_t i) { return SessionKeys::kKeyTypeIds[i].id; };
  SessionKeys keys;
  keys.grandpa.bytes = rt::io::crypto::ed25519_generate(type_of(0), seed);
  keys.babe.bytes = rt::io::crypto::sr25519_generate(type_of(1), seed);
  keys.para_validator.bytes = rt::io::crypto::sr25519_generate(type_of(2), seed);
  keys.para_assignment.bytes = rt::io::crypto::sr25519_generate(type_of(3), seed);
  keys.authority_discovery.bytes = rt::io::crypto::sr25519_generate(type_of(4), seed);
  keys.beefy.bytes = rt::io::crypto::ecdsa_generate(type_of(5), seed);
  return encode_output(scale::encode(keys));
}
CANARY_API(SessionKeys_decode_session_keys) {
  const auto encoded = decode_input<Bytes>(input, "decode_session_keys");
  auto keys = scale::decode<SessionKeys>(encoded);
  using Decoded = std::vector<std::tuple<Bytes, ByteArray<4>>>;
  if (!keys) return encode_output(std::optional<Decoded>());
  Decoded out;
  const auto add = [&](ByteSpan key, size_t i) {
    out.emplace_back(Bytes(key.begin(), key.end()), SessionKeys::kKeyTypeIds[i].id);
  };
  add(keys->grandpa.bytes, 0);
  add(keys->babe.bytes, 1);
  add(keys->para_validator.bytes, 2);
  add(keys->para_assignment.bytes, 3);
  add(keys->authority_discovery.bytes, 4);
  add(keys->beefy.bytes, 5);
  return encode_output(std::optional<Decoded>(std::move(out)));
}

// --- TransactionPaymentApi (v4) and TransactionPaymentCallApi (v3).
CANARY_API(TransactionPaymentApi_query_info) {
  const auto [xt, length] =
      decode_input<std::tuple<Executive::Extrinsic, uint32_t>>(input, "query_info");
  return encode_output(Runtime::TransactionPayment::query_info(xt, length));
}
CANARY_API(TransactionPaymentApi_query_fee_details) {
  const auto [xt, length] =
      decode_input<std::tuple<Executive::Extrinsic, uint32_t>>(input, "query_fee_details");
  return encode_output(Runtime::TransactionPayment::query_fee_details(xt, length));
}
CANARY_API(TransactionPaymentApi_query_weight_to_fee) {
  const auto weight = decode_input<rt::Weight>(input, "query_weight_to_fee");
  return encode_output(Runtime::TransactionPayment::query_weight_to_fee(weight));
}
CANARY_API(TransactionPaymentApi_query_length_to_fee) {
  const auto length = decode_input<uint32_t>(input, "query_length_to_fee");
  return encode_output(Runtime::TransactionPayment::query_length_to_fee(length));
}
CANARY_API(TransactionPaymentCallApi_query_call_info) {
  const auto [call, length] =
      decode_input<std::tuple<Runtime::Pallets::Call, uint32_t>>(input, "query_call_info");
  return encode_output(Runtime::TransactionPayment::query_call_info(call, length));
}
CANARY_API(TransactionPaymentCallApi_query_call_fee_details) {
  const auto [call, length] =
      decode_input<std::tuple<Runtime::Pallets::Call, uint32_t>>(input, "query_call_fee_details");
  return encode_output(Runtime::TransactionPayment::query_call_fee_details(call, length));
}
CANARY_API(TransactionPaymentCallApi_query_weight_to_fee) {
  const auto weight = decode_input<rt::Weight>(input, "query_weight_to_fee");
  return encode_output(Runtime::TransactionPayment::query_weight_to_fee(weight));
}
CANARY_API(TransactionPaymentCallApi_query_length_to_fee) {
  const auto length = decode_input<uint32_t>(input, "query_length_to_fee");
  return encode_output(Runtime::TransactionPayment::query_length_to_fee(length));
}

// --- GenesisBuilder (v1): the JSON genesis configuration and the presets.
CANARY_API(GenesisBuilder_build_state) {
  // A genesis config of hundreds of thousands of accounts is more than 16 MiB of JSON.
  const auto text = decode_input<Bytes>(input, "build_state", input.size());
  auto config =
      rt::json::parse(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
  if (!config) {
    return encode_output(Result<void, std::string>(
        unexpected("invalid JSON at byte " + std::to_string(config.error().offset) + ": " +
                   config.error().message)));
  }
  return encode_output(build_genesis_state(*config));
}
CANARY_API(GenesisBuilder_get_preset) {
  const auto id = decode_input<std::optional<Bytes>>(input, "get_preset");
  std::optional<std::string_view> name;
  if (id) name = std::string_view(reinterpret_cast<const char*>(id->data()), id->size());
  auto config = preset(name);
  if (!config) return encode_output(std::optional<Bytes>());
  const std::string text = rt::json::write(*config);
  return encode_output(std::optional<Bytes>(Bytes(text.begin(), text.end())));
}
CANARY_API(GenesisBuilder_preset_names) {
  std::vector<Bytes> names;
  for (const std::string& name : preset_names()) names.emplace_back(name.begin(), name.end());
  return encode_output(names);
}

// Every entry point, once (a new one is added here too): the blob's exports and the native table
// are both made from this list.
#define CANARY_RUNTIME_APIS(X)                                \
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
  X(GenesisBuilder_build_state)                               \
  X(GenesisBuilder_get_preset)                                \
  X(GenesisBuilder_preset_names)

// NOLINTEND(readability-identifier-naming)

}  // namespace api

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
    const Bytes out = api::name(from_host(ptr, len));                                              \
    canary::rt::io::storage::flush_writes();                                                       \
    return to_host(out);                                                                           \
  }
CANARY_RUNTIME_APIS(CANARY_EXPORT)
#undef CANARY_EXPORT

#else

RuntimeApiFunction runtime_api(std::string_view name) {
#define CANARY_ENTRY(name) std::pair<std::string_view, RuntimeApiFunction>{#name, &api::name},
  static constexpr std::pair<std::string_view, RuntimeApiFunction> kEntries[] = {
      CANARY_RUNTIME_APIS(CANARY_ENTRY)};
#undef CANARY_ENTRY
  for (const auto& [entry_name, function] : kEntries) {
    if (entry_name == name) return function;
  }
  return nullptr;
}

#endif

}  // namespace canary::rt::canary_runtime
