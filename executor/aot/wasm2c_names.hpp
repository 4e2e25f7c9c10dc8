// The C names wasm2c 1.0.32 gives to a module's imports and exports, so that the generated glue can
// define the imports and call the exports. Checked against wasm2c's own header in the tests.
#pragma once

#include <string>
#include <string_view>

namespace canary::executor::aot {

// The module name Canary passes to wasm2c (-n).
inline constexpr std::string_view kWasm2cModuleName = "canary";

// Bytes other than [A-Za-z0-9_] and 'Z' itself become "Z" and two upper-case hex digits.
std::string wasm2c_mangle(std::string_view name);

// Z_<module>Z_<name>: an import's function (or memory accessor), or an export's function.
std::string wasm2c_symbol(std::string_view module, std::string_view name);

// The instance type of our module: Z_canary_instance_t; its functions Z_canary_<suffix>.
std::string wasm2c_module_type();
std::string wasm2c_module_function(std::string_view suffix);

}  // namespace canary::executor::aot
