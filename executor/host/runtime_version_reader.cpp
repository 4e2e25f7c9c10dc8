#include "executor/host/runtime_version_reader.hpp"

#include "executor/runtime_blob.hpp"
#include "primitives/runtime/runtime_version.hpp"

namespace canary::executor::host {

std::optional<Bytes> read_runtime_version(ByteSpan code, CoreVersionCaller* fallback) {
  auto wasm = uncompress_code(code);
  if (!wasm) return std::nullopt;
  auto embedded = read_embedded_version(*wasm);
  if (!embedded) return std::nullopt;
  if (*embedded) return runtime::encode(**embedded);
  if (fallback == nullptr) return std::nullopt;
  return fallback->call_core_version(*wasm);
}

}  // namespace canary::executor::host
