// The linear memory of an ahead-of-time instance: a private anonymous mapping of exactly the
// instance's pages (min = max, see instance_memory_pages), described to the generated code by the
// wasm_rt_memory_t it reaches through the env.memory import. Pages are committed when touched, and
// zero_fill hands them back between calls.
#pragma once

#include <cstdint>

#include "executor/aot/runtime/canary_aot.h"
#include "executor/linear_memory.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

class AotMemory final : public LinearMemory {
 public:
  // Maps `pages` pages into `memory` (which must outlive this object); errno on failure.
  static Result<void, int> map(wasm_rt_memory_t& memory, uint32_t pages);
  explicit AotMemory(wasm_rt_memory_t& memory) : memory_(memory) {}
  ~AotMemory() override;
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
};

}  // namespace canary::executor::aot
