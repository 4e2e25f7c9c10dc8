#include "executor/runtime_api/runtime_api.hpp"

namespace canary::executor {

std::string RuntimeApiError::describe() const {
  std::string text = method + ": ";
  if (kind == Kind::kDecode) {
    return text + "the result does not decode (" + scale::to_string(decode) + ")";
  }
  if (panic_message) return text + "runtime panicked: " + *panic_message;
  return text + execution.describe();
}

RuntimeApi::RuntimeApi(Instance& instance, host::HostContext& context, CallOptions options,
                       const runtime::RuntimeVersion* version)
    : instance_(instance), context_(context), options_(options), version_(version) {
  options_.host_context = &context_;
}

Result<Bytes, RuntimeApiError> RuntimeApi::call(std::string_view method, ByteSpan encoded_args) {
  context_.panic_message.reset();
  auto result = instance_.call(method, encoded_args, options_);
  context_.exit_runtime();
  if (!result) {
    RuntimeApiError error;
    error.kind = RuntimeApiError::Kind::kExecution;
    error.method = std::string(method);
    error.execution = std::move(result).error();
    error.panic_message = context_.panic_message;
    return unexpected(std::move(error));
  }
  return std::move(*result);
}

RuntimeApiError RuntimeApi::decode_error(std::string_view method, scale::DecodeError error) {
  RuntimeApiError out;
  out.kind = RuntimeApiError::Kind::kDecode;
  out.method = std::string(method);
  out.decode = error;
  return out;
}

Result<runtime::RuntimeVersion, RuntimeApiError> RuntimeApi::core_version() {
  CANARY_TRY_ASSIGN(auto encoded, call("Core_version", {}));
  auto version = runtime::decode_runtime_version(encoded);
  if (!version) return unexpected(decode_error("Core_version", version.error()));
  return std::move(*version);
}

Result<void, RuntimeApiError> RuntimeApi::core_execute_block(const block::Block& block) {
  CANARY_TRY(call_typed<std::monostate>("Core_execute_block", block));
  return {};
}

Result<ExtrinsicInclusionMode, RuntimeApiError> RuntimeApi::core_initialize_block(
    const block::Header& header) {
  CANARY_TRY_ASSIGN(auto encoded, call("Core_initialize_block", scale::encode(header)));
  if (encoded.empty()) return ExtrinsicInclusionMode::kAllExtrinsics;  // Core < 5
  return decode_result<ExtrinsicInclusionMode>("Core_initialize_block", encoded);
}

Result<Bytes, RuntimeApiError> RuntimeApi::metadata() {
  return call_typed<Bytes>("Metadata_metadata");
}

Result<std::optional<Bytes>, RuntimeApiError> RuntimeApi::metadata_at_version(uint32_t version) {
  return call_typed<std::optional<Bytes>>("Metadata_metadata_at_version", version);
}

Result<std::vector<uint32_t>, RuntimeApiError> RuntimeApi::metadata_versions() {
  return call_typed<std::vector<uint32_t>>("Metadata_metadata_versions");
}

Result<runtime::ApplyExtrinsicResult, RuntimeApiError> RuntimeApi::apply_extrinsic(
    ByteSpan extrinsic) {
  return call_typed<runtime::ApplyExtrinsicResult>("BlockBuilder_apply_extrinsic",
                                                   Bytes(extrinsic.begin(), extrinsic.end()));
}

Result<block::Header, RuntimeApiError> RuntimeApi::finalize_block() {
  return call_typed<block::Header>("BlockBuilder_finalize_block");
}

Result<std::vector<Bytes>, RuntimeApiError> RuntimeApi::inherent_extrinsics(
    const runtime::InherentData& data) {
  return call_typed<std::vector<Bytes>>("BlockBuilder_inherent_extrinsics", data);
}

Result<runtime::CheckInherentsResult, RuntimeApiError> RuntimeApi::check_inherents(
    const block::Block& block, const runtime::InherentData& data) {
  return call_typed<runtime::CheckInherentsResult>("BlockBuilder_check_inherents", block, data);
}

Result<runtime::TransactionValidity, RuntimeApiError> RuntimeApi::validate_transaction(
    runtime::TransactionSource source, ByteSpan extrinsic, const block::BlockHash& at) {
  constexpr std::string_view kMethod = "TaggedTransactionQueue_validate_transaction";
  static const runtime::ApiId kApi = runtime::api_id("TaggedTransactionQueue");
  const uint32_t api_version =
      version_ != nullptr ? version_->api_version(kApi).value_or(3) : uint32_t{3};
  const Bytes tx(extrinsic.begin(), extrinsic.end());
  if (api_version <= 1) return call_typed<runtime::TransactionValidity>(kMethod, tx);
  if (api_version == 2) return call_typed<runtime::TransactionValidity>(kMethod, source, tx);
  return call_typed<runtime::TransactionValidity>(kMethod, source, tx, at);
}

}  // namespace canary::executor
