// ext_misc_runtime_version_version_1: the version of a runtime blob the runtime hands over (e.g. a
// code upgrade's new `:code`), as sc-executor's `ReadRuntimeVersion` reads it: decompress, take the
// embedded `runtime_version` / `runtime_apis` sections if present (re-encoded in the current
// layout), else instantiate the blob and call `Core_version`, whose output is returned as is. Any
// failure is "no version" (None), never a trap.
#pragma once

#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::executor::host {

// The fallback: runs `Core_version` of `wasm` (decompressed already) on an instance with an empty
// state and missing imports stubbed (sc-executor `uncached_call` with
// allow_missing_host_functions). The executor that owns the engines provides it.
class CoreVersionCaller {
 public:
  virtual ~CoreVersionCaller() = default;
  virtual std::optional<Bytes> call_core_version(ByteSpan wasm) = 0;
};

// The SCALE-encoded RuntimeVersion of `code` (`:code` bytes, zstd-compressed or not); none when the
// blob does not decompress, has malformed sections, or has no embedded version and `fallback` is
// null or fails.
std::optional<Bytes> read_runtime_version(ByteSpan code, CoreVersionCaller* fallback);

}  // namespace canary::executor::host
