// The linear memory of an ahead-of-time instance: a MemoryMapping of exactly the instance's pages
// (min = max, see instance_memory_pages), described to the generated code by the wasm_rt_memory_t
// it reaches through the env.memory import. Pages are committed when touched, and zero_fill hands
// them back between calls.
#pragma once

#include <cstdint>

#include "executor/aot/runtime/canary_aot.h"
#include "executor/linear_memory.hpp"
#include "executor/memory_mapping.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

class AotMemory final : public LinearMemory {
 public:
  // `memory` (which must outlive this object) describes the mapping once map() made it.
  explicit AotMemory(wasm_rt_memory_t& memory) : memory_(memory) {}
  // Maps `pages` pages; errno on failure.
  Result<void, int> map(uint32_t pages);
  AotMemory(const AotMemory&) = delete;
  AotMemory& operator=(const AotMemory&) = delete;

  uint32_t pages() const override { return memory_.pages; }
  std::optional<uint32_t> max_pages() const override { return memory_.max_pages; }
  bool grow(uint32_t delta) override;
  MutableByteSpan bytes() const override {
    return {memory_.data, static_cast<size_t>(uint64_t{memory_.pages} * kWasmPageSize)};
  }

 private:
  wasm_rt_memory_t& memory_;
  MemoryMapping mapping_;
};

}  // namespace canary::executor::aot
