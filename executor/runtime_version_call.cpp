#include "executor/runtime_version_call.hpp"

#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::executor {

Result<Bytes, RuntimeVersionError> call_core_version(ByteSpan wasm) {
  auto module = InterpreterEngine().compile(wasm);
  if (!module) return unexpected(RuntimeVersionError{module.error().describe()});
  const HostFunctionTable host = host::host_api();
  InstanceConfig config;
  // sc-executor reads versions with missing imports allowed: a runtime may import functions this
  // host lacks and still answer Core_version.
  config.stub_missing_imports = true;
  auto instance = (*module)->instantiate(host, config);
  if (!instance) return unexpected(RuntimeVersionError{instance.error().describe()});
  return call_core_version(**instance);
}

Result<Bytes, RuntimeVersionError> call_core_version(Instance& instance) {
  // Core_version reads no storage, but a runtime may touch it: give it an empty state.
  state::MemoryNodeStore store;
  state::TrieBackend backend(state::empty_trie_root(state::TrieHasher::kBlake2b256), store);
  state::OverlayedChanges overlay(backend);
  host::HostContext context;
  context.storage = &overlay;
  CallOptions options;
  options.host_context = &context;
  auto encoded = instance.call("Core_version", {}, options);
  context.exit_runtime();
  if (!encoded) return unexpected(RuntimeVersionError{encoded.error().describe()});
  return std::move(*encoded);
}

std::optional<Bytes> InterpreterCoreVersionCaller::call_core_version(ByteSpan wasm) {
  auto encoded = executor::call_core_version(wasm);
  if (!encoded) return std::nullopt;
  return std::move(*encoded);
}

Result<runtime::RuntimeVersion, RuntimeVersionError> runtime_version_of_code(ByteSpan code) {
  auto wasm = uncompress_code(code);
  if (!wasm) return unexpected(RuntimeVersionError{to_string(wasm.error())});
  auto embedded = read_embedded_version(*wasm);
  if (!embedded) return unexpected(RuntimeVersionError{to_string(embedded.error())});
  if (embedded->has_value()) return std::move(**embedded);
  CANARY_TRY_ASSIGN(auto encoded, call_core_version(*wasm));
  auto version = runtime::decode_runtime_version(encoded);
  if (!version) {
    return unexpected(RuntimeVersionError{std::string("Core_version returned an undecodable "
                                                      "RuntimeVersion: ") +
                                          scale::to_string(version.error())});
  }
  return std::move(*version);
}

}  // namespace canary::executor
