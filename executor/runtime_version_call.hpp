// The version of a runtime blob as sc-executor's `read_runtime_version` finds it: the embedded
// `runtime_version`/`runtime_apis` custom sections when present, otherwise a `Core_version` call
// on the interpreter with the host API over an empty state (old runtimes, e.g. Kusama's genesis).
#pragma once

#include <optional>
#include <string>

#include "executor/host/runtime_version_reader.hpp"
#include "executor/instance.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

struct RuntimeVersionError {
  std::string message;
};

// `code` is `:code` as stored (zstd-compressed or not).
Result<runtime::RuntimeVersion, RuntimeVersionError> runtime_version_of_code(ByteSpan code);

// Calls `Core_version` of a Wasm blob on a fresh interpreter instance: the fallback of
// ext_misc_runtime_version_version_1 for blobs without an embedded version.
class InterpreterCoreVersionCaller final : public host::CoreVersionCaller {
 public:
  std::optional<Bytes> call_core_version(ByteSpan wasm) override;
};

// The same call, with its error: the encoded RuntimeVersion `Core_version` returns.
Result<Bytes, RuntimeVersionError> call_core_version(ByteSpan wasm);
// On an instance the caller has (of any engine), over an empty state.
Result<Bytes, RuntimeVersionError> call_core_version(Instance& instance);

}  // namespace canary::executor
