// The fast interpreter's execution loop: runs the code of code.hpp on one instance's state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "executor/fast_interpreter/code.hpp"
#include "executor/linear_memory.hpp"

namespace canary::executor::fast {

enum class Trap : uint8_t {
  kNone,
  kUnreachable,
  kMemoryOutOfBounds,
  kIntegerDivideByZero,
  kIntegerOverflow,
  kInvalidConversion,
  kIndirectCall,
  kStackExhausted,  // the machine's own cap (the deterministic limit normally comes first)
  kHost,            // a host function failed; the instance recorded why
};

struct Frame {
  const uint32_t* return_pc;
  uint64_t* fp;
  uint32_t stack_cost;  // taken off the stack-height global at the return (CallCounted)
};

// Serves import `index`: arguments in slots[0..params), the result (if any) written to slots[0].
// False traps the call (kHost).
using HostCallHook = bool (*)(void* instance, uint32_t index, uint64_t* slots);

struct Machine {
  const CompiledModule* module = nullptr;
  uint64_t* globals = nullptr;
  LinearMemory* memory = nullptr;  // fixed size: memory.grow can only add zero pages
  uint64_t* stack_begin = nullptr;
  uint64_t* stack_end = nullptr;
  Frame* frames = nullptr;
  uint32_t frame_capacity = 0;
  HostCallHook host = nullptr;
  void* host_instance = nullptr;
};

// The handler addresses, indexed by Op, for the compiler.
const void* const* handler_table();

// The instruction whose handler address fills the kHandlerWords words at `words`, if it is one:
// how the baseline JIT, the C emitter and the disassembler read compiled code back.
std::optional<Op> op_at(const uint32_t* words);

// Runs function `function` (any index, imports included) with its arguments in
// machine.stack_begin[0..params); its result, if any, is left in stack_begin[0].
Trap run(Machine& machine, uint32_t function);

// One instruction per line, for debugging and tests.
std::string disassemble(const CompiledModule& module);

}  // namespace canary::executor::fast
