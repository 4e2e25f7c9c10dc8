// The C that joins wasm2c's translation of a module to Canary (runtime/canary_aot.h): import
// trampolines that hand every host call to the instance's call_host, one entry per exported
// function taking its arguments as 64-bit patterns, accessors of the exported globals, and the
// canary_aot_module_v1 table. It #includes the main file of wasm2c's output, whose static
// functions (init_globals) it needs.
#pragma once

#include <string>
#include <string_view>

#include "executor/aot/aot_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

// `code` is the instrumented module wasm2c translated; `main_file` the C file to include.
Result<std::string, AotError> generate_glue(ByteSpan code, std::string_view main_file);

}  // namespace canary::executor::aot
