// The runtime API entry points of the Canary runtime blob (wasm32 only): each export takes the
// SCALE-encoded arguments (pointer, length) and returns the SCALE-encoded result as a packed
// pointer-length i64, the buffer allocated on the host's allocator (the instance is reset after
// the call). Inputs that do not decode end the call with a panic message, as sp-api does.
#include <cstdint>
#include <cstring>

#include "primitives/block/block.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/io/logging.hpp"

extern "C" void* canary_wasm_alloc(size_t size);

namespace canary::rt::canary_runtime {

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

template <class T>
T decode_input(ByteSpan input, const char* api) {
  scale::Decoder in(input);
  T value{};
  scale::decode_from(in, value);
  if (!in.ok()) {
    io::panic(std::string("Bad input data provided to ") + api + ": " +
              scale::to_string(in.error()));
  }
  return value;
}

template <class T>
uint64_t encode_output(const T& value) {
  return to_host(scale::encode(value));
}

}  // namespace

}  // namespace canary::rt::canary_runtime

using namespace canary;
using namespace canary::rt::canary_runtime;

#define CANARY_API(name) extern "C" __attribute__((export_name(#name))) uint64_t name

CANARY_API(Core_version)(uint32_t, uint32_t) {
  return to_host(runtime::encode(Runtime::version()));
}

CANARY_API(Core_execute_block)(uint32_t ptr, uint32_t len) {
  const auto block = decode_input<block::Block>(from_host(ptr, len), "execute_block");
  Executive::execute_block(block);
  return to_host({});
}

CANARY_API(Core_initialize_block)(uint32_t ptr, uint32_t len) {
  const auto header = decode_input<block::Header>(from_host(ptr, len), "initialize_block");
  Executive::initialize_block(header);
  return encode_output(uint8_t{0});  // ExtrinsicInclusionMode::AllExtrinsics
}

CANARY_API(Metadata_metadata)(uint32_t, uint32_t) {
  return encode_output(*metadata_at_version(14));
}

CANARY_API(Metadata_metadata_at_version)(uint32_t ptr, uint32_t len) {
  const auto version = decode_input<uint32_t>(from_host(ptr, len), "metadata_at_version");
  return encode_output(metadata_at_version(version));
}

CANARY_API(Metadata_metadata_versions)(uint32_t, uint32_t) {
  return encode_output(rt::meta::supported_metadata_versions());
}

CANARY_API(BlockBuilder_apply_extrinsic)(uint32_t ptr, uint32_t len) {
  // The argument is the extrinsic's encoding itself (an opaque extrinsic is its own bytes).
  return encode_output(Executive::apply_extrinsic(from_host(ptr, len)));
}

CANARY_API(BlockBuilder_finalize_block)(uint32_t, uint32_t) {
  return encode_output(Executive::finalize_block());
}

CANARY_API(BlockBuilder_inherent_extrinsics)(uint32_t ptr, uint32_t len) {
  const auto data = decode_input<runtime::InherentData>(from_host(ptr, len), "inherent_extrinsics");
  return encode_output(Executive::inherent_extrinsics(data));
}

CANARY_API(BlockBuilder_check_inherents)(uint32_t ptr, uint32_t len) {
  const auto args = decode_input<std::tuple<block::Block, runtime::InherentData>>(
      from_host(ptr, len), "check_inherents");
  return encode_output(Executive::check_inherents(std::get<0>(args), std::get<1>(args)));
}

CANARY_API(TaggedTransactionQueue_validate_transaction)(uint32_t ptr, uint32_t len) {
  // (source, extrinsic, block hash): the extrinsic is taken in its encoded form from the input.
  const ByteSpan input = from_host(ptr, len);
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

CANARY_API(OffchainWorkerApi_offchain_worker)(uint32_t ptr, uint32_t len) {
  (void)decode_input<block::Header>(from_host(ptr, len), "offchain_worker");
  return to_host({});
}

CANARY_API(AccountNonceApi_account_nonce)(uint32_t ptr, uint32_t len) {
  const auto account = decode_input<rt::AccountId32>(from_host(ptr, len), "account_nonce");
  return encode_output(Runtime::System::account_nonce(account));
}
