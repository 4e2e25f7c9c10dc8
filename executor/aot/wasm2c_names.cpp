#include "executor/aot/wasm2c_names.hpp"

namespace canary::executor::aot {

std::string wasm2c_mangle(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (byte >= 'a' && byte <= 'z') ||
                       (byte >= 'A' && byte <= 'Z' && byte != 'Z') ||
                       (byte >= '0' && byte <= '9') || byte == '_';
    if (plain) {
      out += c;
    } else {
      out += 'Z';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string wasm2c_symbol(std::string_view module, std::string_view name) {
  return "Z_" + wasm2c_mangle(module) + "Z_" + wasm2c_mangle(name);
}

std::string wasm2c_module_type() {
  return wasm2c_module_function("instance_t");
}

std::string wasm2c_module_function(std::string_view suffix) {
  return "Z_" + wasm2c_mangle(kWasm2cModuleName) + "_" + std::string(suffix);
}

}  // namespace canary::executor::aot
