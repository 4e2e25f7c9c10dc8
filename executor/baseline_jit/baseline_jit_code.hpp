// The baseline JIT's machine code for one module: the fast interpreter's code (code.hpp)
// translated instruction by instruction into x86-64, in one pass and without register
// allocation. Every instruction reads and writes the same frame slots as the interpreter's, so
// fuel, the stack limit, traps, calls and memory behave identically by construction.
//
// Pinned registers while the code runs (all callee-saved in the System V ABI, so that helper
// and host calls keep them):
//   rbx  the frame (fp): slot i is [rbx + 8i]; a callee's frame starts at the caller's base
//   r12  the instance's Context (runtime_support.hpp)
//   r13  the memory's base      r14  the memory's size (reloaded after calls and memory.grow)
//   r15  the globals
//   rbp  the entry's stack pointer: a trap restores it and returns through the entry
// A function's body runs with rsp 16-byte aligned (8 bytes of padding under its return
// address), so helpers are called without adjustment and the call depth is (entry - rsp) / 16.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "executor/baseline_jit/runtime_support.hpp"
#include "executor/execution_error.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::jit {

class Code {
 public:
  // Translates `module`; fails with kUnsupportedFeature off x86-64 and kInternal on a bug.
  static Result<std::unique_ptr<Code>, ExecutionError> compile(
      std::shared_ptr<const fast::CompiledModule> module);
  ~Code();
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;

  const fast::CompiledModule& module() const { return *module_; }
  size_t code_size() const { return size_; }
  const void* function_entry(uint32_t defined_index) const {
    return base_ + function_offsets_[defined_index];
  }
  // Runs defined function `defined_index` with its frame at `fp` on the current (native) stack;
  // returns a fast::Trap.
  uint32_t enter(Context* context, uint64_t* fp, uint32_t defined_index) const;

 private:
  Code() = default;

  std::shared_ptr<const fast::CompiledModule> module_;
  uint8_t* base_ = nullptr;  // mapped read + execute
  size_t mapped_ = 0;
  size_t size_ = 0;
  std::vector<uint32_t> function_offsets_;
};

}  // namespace canary::executor::jit
