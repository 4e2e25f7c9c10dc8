#include "executor/aot/aot_memory.hpp"

namespace canary::executor::aot {

Result<void, int> AotMemory::map(uint32_t pages) {
  CANARY_TRY(mapping_.map(static_cast<size_t>(uint64_t{pages} * kWasmPageSize)));
  memory_ = {};
  memory_.max_pages = pages;
  memory_.data = mapping_.data();
  memory_.pages = pages;
  // Wraps to 0 for 65536 pages; the generated bounds checks use the page count instead
  // (wasm2c_output.hpp).
  memory_.size = static_cast<uint32_t>(uint64_t{pages} * kWasmPageSize);
  return {};
}

bool AotMemory::grow(uint32_t delta) {
  // The same rule as the runtime's memory.grow (canary_aot_rt.c): only within the mapping.
  const uint64_t wanted = uint64_t{memory_.pages} + delta;
  if (wanted > memory_.max_pages) return false;
  memory_.pages = static_cast<uint32_t>(wanted);
  memory_.size = static_cast<uint32_t>(wanted * kWasmPageSize);
  return true;
}

}  // namespace canary::executor::aot
