#include "executor/wasm_value.hpp"

namespace canary::executor {

const char* to_string(ValueType type) {
  switch (type) {
    case ValueType::kI32:
      return "i32";
    case ValueType::kI64:
      return "i64";
    case ValueType::kF32:
      return "f32";
    case ValueType::kF64:
      return "f64";
  }
  return "?";
}

std::string to_string(const Signature& signature) {
  std::string out = "(";
  for (size_t i = 0; i < signature.params.size(); ++i) {
    if (i != 0) out += ", ";
    out += to_string(signature.params[i]);
  }
  out += ") -> ";
  out += signature.result ? to_string(*signature.result) : "()";
  return out;
}

}  // namespace canary::executor
