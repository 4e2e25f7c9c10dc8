// Runtime code as it comes from the chain or a file: maybe zstd-wrapped, then custom sections and
// the embedded version. Any input gives a value or a typed error, within the 50 MiB bomb limit.
#include <cstddef>
#include <cstdint>

#include "executor/runtime_blob.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  canary::ByteSpan code(bytes, size);
  auto wasm = canary::executor::uncompress_code(code);
  if (!wasm) return 0;
  if (wasm->size() > canary::executor::kCodeBombLimit) __builtin_trap();
  auto version = canary::executor::read_embedded_version(*wasm);
  (void)version;
  return 0;
}
