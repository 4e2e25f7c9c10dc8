// Typed runtime calls: the runtime APIs the node uses (Core, Metadata, BlockBuilder,
// TaggedTransactionQueue, …) as C++ functions with SCALE-typed arguments and results, on one
// instance and one host context. Arguments are encoded as the runtime's `decl_runtime_apis`
// expects them (the concatenation of each argument's encoding); results must decode completely.
//
// The caller owns the instance and the context: it decides what state the call sees (an overlay on
// the parent block's state), and keeps or drops the overlay's changes afterwards. Every call ends
// with HostContext::exit_runtime().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/execution_error.hpp"
#include "executor/host/host_context.hpp"
#include "executor/instance.hpp"
#include "primitives/block/block.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

struct RuntimeApiError {
  enum class Kind : uint8_t {
    kExecution,  // the call failed: trap, panic, host error, missing export…
    kDecode,     // it returned bytes that are not the API's result type
  };
  Kind kind = Kind::kExecution;
  std::string method;
  ExecutionError execution;                                        // kExecution
  scale::DecodeError decode = scale::DecodeError::kNotEnoughData;  // kDecode
  // The runtime's panic message, when it panicked through ext_panic_handler_abort_on_panic.
  std::optional<std::string> panic_message;

  std::string describe() const;
};

// What Core_initialize_block returns from Core v5 on (earlier versions return nothing, which
// means all extrinsics).
enum class ExtrinsicInclusionMode : uint8_t { kAllExtrinsics = 0, kOnlyInherents = 1 };
inline bool scale_is_valid(ExtrinsicInclusionMode mode) {
  return static_cast<uint8_t>(mode) <= 1;
}

class RuntimeApi {
 public:
  // `version` (the runtime's, kept by the caller) selects the argument layout of APIs whose
  // signature changed between versions; without it the newest layout is used.
  RuntimeApi(Instance& instance, host::HostContext& context, CallOptions options = {},
             const runtime::RuntimeVersion* version = nullptr);

  // --- Any method, with encoded arguments and result.
  Result<Bytes, RuntimeApiError> call(std::string_view method, ByteSpan encoded_args);

  template <class R, class... Args>
  Result<R, RuntimeApiError> call_typed(std::string_view method, const Args&... args) {
    scale::Encoder out;
    (scale::encode_to(out, args), ...);
    auto encoded = call(method, std::move(out).take());
    if (!encoded) return unexpected(std::move(encoded).error());
    return decode_result<R>(method, *encoded);
  }

  // --- Core
  Result<runtime::RuntimeVersion, RuntimeApiError> core_version();
  // Executes a whole block (its header without the seal); fails if anything is wrong with it,
  // including its state root.
  Result<void, RuntimeApiError> core_execute_block(const block::Block& block);
  Result<ExtrinsicInclusionMode, RuntimeApiError> core_initialize_block(
      const block::Header& header);

  // --- Metadata
  Result<Bytes, RuntimeApiError> metadata();
  Result<std::optional<Bytes>, RuntimeApiError> metadata_at_version(uint32_t version);
  Result<std::vector<uint32_t>, RuntimeApiError> metadata_versions();

  // --- BlockBuilder
  // Extrinsics are passed as in block::Block: their bytes, without the length prefix that their
  // encoding as an (opaque) extrinsic adds.
  Result<runtime::ApplyExtrinsicResult, RuntimeApiError> apply_extrinsic(ByteSpan extrinsic);
  Result<block::Header, RuntimeApiError> finalize_block();
  Result<std::vector<Bytes>, RuntimeApiError> inherent_extrinsics(
      const runtime::InherentData& data);
  Result<runtime::CheckInherentsResult, RuntimeApiError> check_inherents(
      const block::Block& block, const runtime::InherentData& data);

  // --- TaggedTransactionQueue: v1 takes the extrinsic alone, v2 adds the source, v3 the hash of
  // the block it is checked at.
  Result<runtime::TransactionValidity, RuntimeApiError> validate_transaction(
      runtime::TransactionSource source, ByteSpan extrinsic, const block::BlockHash& at);

 private:
  template <class R>
  static Result<R, RuntimeApiError> decode_result(std::string_view method, ByteSpan bytes) {
    auto value = scale::decode<R>(bytes, bytes.size());
    if (!value) return unexpected(decode_error(method, value.error()));
    return std::move(*value);
  }
  static RuntimeApiError decode_error(std::string_view method, scale::DecodeError error);

  Instance& instance_;
  host::HostContext& context_;
  CallOptions options_;
  const runtime::RuntimeVersion* version_;
};

}  // namespace canary::executor
