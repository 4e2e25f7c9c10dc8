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

// Functions compiled elsewhere (the optimizing tier's C, optimizing/c_code.hpp): for each defined
// function, its code with the signature uint32_t (Context*, uint64_t* fp), or null to translate it
// here; `keep_alive` owns that code (a loaded shared object).
struct NativeFunctions {
  std::vector<const void*> entries;
  std::shared_ptr<const void> keep_alive;
};

class Code {
 public:
  // Translates `module`; fails with kUnsupportedFeature off x86-64 and kInternal on a bug. The
  // functions `natives` provides become thunks into their code.
  static Result<std::unique_ptr<Code>, ExecutionError> compile(
      std::shared_ptr<const fast::CompiledModule> module, NativeFunctions natives = {},
      bool profile = false);
  ~Code();
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;

  const fast::CompiledModule& module() const { return *module_; }
  size_t code_size() const { return size_; }
  const void* function_entry(uint32_t defined_index) const { return entries_[defined_index]; }
  // Every defined function's entry, and the trampoline C code calls them through
  // (Context::call_jit, Context::entries).
  const void* const* entries() const { return entries_.data(); }
  const void* call_jit() const { return base_ + call_jit_offset_; }
  // Compiled with a profile: the counters the code adds to (Context::profile), and a snapshot of
  // them (instances running meanwhile may add more). Null and empty otherwise.
  uint64_t* profile_counters() const { return profile_.get(); }
  std::vector<uint64_t> profile() const;
  // Whether some functions run native code of their own (their frames are larger than the JIT's).
  bool has_natives() const { return natives_ > 0; }
  // Runs defined function `defined_index` with its frame at `fp` on the current (native) stack;
  // returns a fast::Trap.
  uint32_t enter(Context* context, uint64_t* fp, uint32_t defined_index) const;

 private:
  Code() = default;

  std::shared_ptr<const fast::CompiledModule> module_;
  uint8_t* base_ = nullptr;  // mapped read + execute
  size_t mapped_ = 0;
  size_t size_ = 0;
  std::vector<const void*> entries_;
  size_t call_jit_offset_ = 0;
  size_t natives_ = 0;
  std::shared_ptr<const void> keep_alive_;
  std::unique_ptr<uint64_t[]> profile_;
};

}  // namespace canary::executor::jit
