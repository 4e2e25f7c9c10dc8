// Wasm values and function signatures as the host sees them (MVP: i32/i64/f32/f64, at most one
// result). Floats travel as their bit patterns so that NaN payloads cross the boundary unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace canary::executor {

enum class ValueType : uint8_t { kI32, kI64, kF32, kF64 };

const char* to_string(ValueType type);

struct WasmValue {
  ValueType type = ValueType::kI32;
  uint64_t bits = 0;

  static constexpr WasmValue i32(uint32_t v) { return {ValueType::kI32, v}; }
  static constexpr WasmValue i64(uint64_t v) { return {ValueType::kI64, v}; }
  static constexpr WasmValue f32_bits(uint32_t v) { return {ValueType::kF32, v}; }
  static constexpr WasmValue f64_bits(uint64_t v) { return {ValueType::kF64, v}; }

  uint32_t as_u32() const { return static_cast<uint32_t>(bits); }
  uint64_t as_u64() const { return bits; }

  friend bool operator==(const WasmValue&, const WasmValue&) = default;
};

struct Signature {
  std::vector<ValueType> params;
  std::optional<ValueType> result;

  friend bool operator==(const Signature&, const Signature&) = default;
};

// "(i32, i64) -> i64"
std::string to_string(const Signature& signature);

// The signature of every runtime entry point: (ptr: i32, len: i32) -> packed ptr/len i64.
inline Signature entry_point_signature() {
  return {{ValueType::kI32, ValueType::kI32}, ValueType::kI64};
}

}  // namespace canary::executor
