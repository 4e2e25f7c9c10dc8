// The optimizing tier's translation: functions of the fast interpreter's code (fast_interpreter/
// code.hpp) as C, for the system C compiler to optimize. Each function becomes
//
//   uint32_t f<index>(void* context, uint64_t* fp)
//
// with the baseline JIT's calling convention (baseline_jit/baseline_jit_code.hpp): its arguments
// in the frame's first slots, its result written back to slot 0, the JIT's Context (runtime_
// support.hpp) as the context, and a fast::Trap as the return value (0: none). So a C function and
// a JIT function can call each other, and the tier can compile only the functions that matter (the
// hot ones) while the JIT keeps the rest.
//
// Inside a function every slot is a C local, so the compiler allocates registers across the whole
// function; the frame in memory is only written where another function reads it (a call's
// arguments, the result). The memory's base and size, the fuel and the stack-height counters are
// locals too (stores into the memory cannot alias them), written back before anything that leaves
// the function (calls, host calls, returns, traps) and read again after.
//
// The generated file exports `canary_c_abi` (kCCodeAbiVersion), `canary_c_function_count` and,
// in two parallel arrays, `canary_c_function_index` (defined function indices) and
// `canary_c_function_entry` (their code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "executor/execution_error.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::optimizing {

// Bumped whenever the generated code or its contract with the JIT changes.
inline constexpr uint32_t kCCodeAbiVersion = 2;

// C for the defined functions `functions` (indices among module.functions, ascending, no
// duplicates), in files of about equal size to be compiled in parallel and linked into one object
// (the tables are in the first): at least `min_parts`, and more where a part would exceed
// `max_part_bytes` (a compiler's memory grows with its file). Fails with kInternal on code it
// cannot read (a bug).
Result<std::vector<std::string>, ExecutionError> emit_c(const fast::CompiledModule& module,
                                                        std::span<const uint32_t> functions,
                                                        size_t min_parts = 1,
                                                        size_t max_part_bytes = SIZE_MAX);

}  // namespace canary::executor::optimizing
