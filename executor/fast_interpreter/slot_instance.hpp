// What every engine on the fast interpreter's code (code.hpp) shares: an instance's memory (its
// pages mapped once), globals, value stack, host-call glue and the classification of traps from
// the instrumentation's globals. The fast interpreter (machine.hpp) and the baseline JIT
// (baseline_jit/) differ only in how they run a function: `run_code`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "executor/engine.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/memory_mapping.hpp"

namespace canary::executor::fast {

// The instance's memory: its maximum pages mapped once (so its base never moves), of which the
// first `pages` are in use; a static heap's maximum is its size.
class SlotMemory final : public LinearMemory {
 public:
  Result<void, int> map(MemoryRange range);
  // Back to the pages it was mapped with (a dynamic heap's reset; the caller zeroed them).
  void shrink_to_initial() { pages_ = initial_pages_; }

  uint32_t pages() const override { return pages_; }
  std::optional<uint32_t> max_pages() const override { return max_pages_; }
  bool grow(uint32_t delta) override;
  MutableByteSpan bytes() const override {
    return {mapping_.data(), size_t{pages_} * kWasmPageSize};
  }

 private:
  MemoryMapping mapping_;
  uint32_t pages_ = 0;
  uint32_t initial_pages_ = 0;
  uint32_t max_pages_ = 0;
};

// Frames per unit of the stack limit, as the wabt engine reserves them: every counted call costs
// at least 2 units and may add a thunk frame; the cap is a safety net that traps as stack
// exhaustion (the deterministic limit normally comes first).
uint32_t frame_capacity(uint32_t stack_limit);

class SlotInstance : public Instance {
 public:
  // `interpreter_frames`: allocate the interpreter's frame array (Machine::frames).
  SlotInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports,
               std::shared_ptr<const CompiledModule> code, bool interpreter_frames);

  Result<void, ExecutionError> init(MemoryRange memory, std::optional<uint64_t> start_fuel);

  LinearMemory& memory() override { return memory_; }
  std::optional<uint32_t> heap_base() override;

 protected:
  // Runs `function` (any index, imports included) with its arguments in machine().stack_begin;
  // its result, if any, is left in stack_begin[0].
  virtual Trap run_code(uint32_t function) = 0;

  Machine& machine() { return machine_; }
  const CompiledModule& code() const { return *code_; }

  Result<std::optional<WasmValue>, ExecutionError> execute(std::string_view export_name,
                                                           std::span<const WasmValue> args,
                                                           std::optional<uint64_t> fuel) override;
  Result<void, ExecutionError> restore_globals_and_start(std::optional<uint64_t> fuel) override;

 private:
  static bool host_call(void* self, uint32_t index, uint64_t* slots);
  bool on_host_call(uint32_t index, uint64_t* slots);
  Result<std::optional<WasmValue>, ExecutionError> run(uint32_t function,
                                                       std::span<const WasmValue> args,
                                                       std::optional<ValueType> result);
  ExecutionError classify_trap(Trap trap);
  void reset_instrumentation(std::optional<uint64_t> fuel);
  Result<void, ExecutionError> run_start(std::optional<uint64_t> fuel);

  std::shared_ptr<const CompiledModule> code_;
  bool interpreter_frames_;
  SlotMemory memory_;
  std::vector<uint64_t> globals_;
  MemoryMapping value_stack_;
  std::unique_ptr<Frame[]> frames_;
  Machine machine_;
  std::optional<ExecutionError> host_error_;
};

}  // namespace canary::executor::fast
