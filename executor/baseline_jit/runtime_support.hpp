// What the baseline JIT's machine code shares with C++: the per-instance context it reaches
// through a pinned register, and the helper functions it calls for the instructions it does not
// emit natively. Each helper runs the fast interpreter's semantics (fast_interpreter/
// semantics.hpp) for one instruction on the same frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/machine.hpp"

namespace canary::executor::jit {

class Code;

// One per instance; r12 points at it while its code runs. Standard layout: the machine code
// addresses its fields by offsetof.
struct Context {
  uint8_t* mem = nullptr;  // the memory's base (it never moves: pages are mapped once)
  uint64_t mem_size = 0;   // in bytes; reloaded after anything that can grow it
  uint64_t* globals = nullptr;
  const uint64_t* stack_end = nullptr;  // the value stack's end
  uint64_t rsp_limit = 0;     // a function's rsp at or below this: the call depth cap is reached
  uint64_t frames_bytes = 0;  // native stack bytes of (frame capacity + 2) frames
  fast::Machine* machine = nullptr;
  const Code* code = nullptr;
  uint32_t trap = 0;  // set by helpers that return a code address (indirect calls)
  // What the optimizing tier's C functions (optimizing/c_code.hpp) reach: they run with the C
  // calling convention, so they call JIT code through `call_jit` and the host through these
  // pointers (the shared object cannot link against the node).
  uint64_t entry_rbp = 0;          // rbp of the entry trampoline, which a trap returns through
  const void* call_jit = nullptr;  // uint32_t (Context*, uint64_t* fp, const void* entry)
  const void* const* entries = nullptr;  // every defined function's entry (Code::entries)
  uint32_t (*host_call_fn)(Context*, uint32_t, uint64_t*) = nullptr;           // call_host
  uintptr_t (*resolve_fn)(Context*, uint32_t, uint32_t, uint64_t*) = nullptr;  // resolve_indirect
  uint32_t (*memory_grow_fn)(Context*, uint32_t) = nullptr;
  // Code compiled with a profile: per defined function, the fuel its code charged (the
  // instructions it ran), or its entries in a module without fuel metering.
  uint64_t* profile = nullptr;  // memory_grow
};

// fp: the frame; operands: the instruction's operand words. Returns a fast::Trap (0: none).
using Helper = uint32_t (*)(uint64_t* fp, const uint32_t* operands, Context* context);

// The helper that runs `op`, or null for the instructions the JIT always emits natively
// (control flow and calls).
Helper helper_for(fast::Op op);
// Whether the helper of `op` may return a trap.
bool helper_may_trap(fast::Op op);
// Whether `op` may change the memory's size (the JIT reloads its pinned copy).
bool changes_memory(fast::Op op);

// A host import: arguments at slots, result to slots[0]. Returns a fast::Trap.
uint32_t call_host(Context* context, uint32_t import, uint64_t* slots);
// call_indirect: checks the table entry and the signature; calls an import itself. Returns the
// native entry of the defined function to call, 1 when an import was called, or 0 on a trap
// (its kind in context->trap).
uintptr_t resolve_indirect(Context* context, uint32_t type, uint32_t index, uint64_t* slots);
// memory.grow by `delta` pages: the old size in pages, or 0xFFFFFFFF; reloads the context's copy.
uint32_t memory_grow(Context* context, uint32_t delta);

}  // namespace canary::executor::jit
