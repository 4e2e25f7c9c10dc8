// Adapts the C file wasm2c 1.0.32 writes before it is compiled:
//  - bounds checks against the page count: wasm_rt_memory_t's byte size is a uint32_t, which
//    wraps to 0 for a full 4 GiB memory (65536 pages, which the interpreter allows);
//  - the helpers of loads and stores always inlined, even into the largest functions;
//  - a split into several files for a parallel compile: the functions are distributed by size,
//    the shared preamble (macros and inline helpers) is repeated in every part, and the module's
//    functions and its function-type table lose `static` (they stay hidden in the shared object).
// Anything not shaped as expected is kUnexpectedWasm2cOutput (the Debian package pins the
// version, and it is part of the cache key).
#pragma once

#include <string>
#include <vector>

#include "executor/aot/aot_error.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

// Below this much C per part, a split costs more (every part parses the preamble) than it saves.
inline constexpr size_t kMinPartBytes = 256 * 1024;

// Part 0 holds everything but the functions moved to the other parts; fewer parts than asked for
// come back for small modules.
Result<std::vector<std::string>, AotError> adapt_wasm2c_output(
    const std::string& c_source, uint32_t parts, size_t min_part_bytes = kMinPartBytes);

}  // namespace canary::executor::aot
