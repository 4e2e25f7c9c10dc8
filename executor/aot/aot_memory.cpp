#include "executor/aot/aot_memory.hpp"

#include <sys/mman.h>

#include <cerrno>

namespace canary::executor::aot {

namespace {

size_t mapped_bytes(const wasm_rt_memory_t& memory) {
  return static_cast<size_t>(uint64_t{memory.max_pages} * kWasmPageSize);
}

}  // namespace

Result<void, int> AotMemory::map(wasm_rt_memory_t& memory, uint32_t pages) {
  memory = {};
  memory.max_pages = pages;
  if (pages > 0) {
    void* data = ::mmap(nullptr, uint64_t{pages} * kWasmPageSize, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (data == MAP_FAILED) return unexpected(errno);
    memory.data = static_cast<uint8_t*>(data);
  }
  memory.pages = pages;
  // Wraps to 0 for 65536 pages; the generated bounds checks use the page count instead
  // (wasm2c_output.hpp).
  memory.size = static_cast<uint32_t>(uint64_t{pages} * kWasmPageSize);
  return {};
}

AotMemory::~AotMemory() {
  if (memory_.data != nullptr) ::munmap(memory_.data, mapped_bytes(memory_));
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
