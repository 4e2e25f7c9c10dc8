// The semantics of the fast interpreter's numeric, memory and conversion instructions (code.hpp),
// as lists of expressions: the interpreter's loop (machine.cpp) makes its handlers of them and the
// baseline JIT (baseline_jit/) its helper functions, so that both compute the same thing by
// construction. Each list is X-macro style: CANARY_FAST_*_OPS(X) calls X once per instruction.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace canary::executor::fast {

inline float as_f32(uint64_t slot) {
  return std::bit_cast<float>(static_cast<uint32_t>(slot));
}
inline double as_f64(uint64_t slot) {
  return std::bit_cast<double>(slot);
}
inline uint64_t of_f32(float value) {
  return std::bit_cast<uint32_t>(value);
}
inline uint64_t of_f64(double value) {
  return std::bit_cast<uint64_t>(value);
}
template <typename T>
constexpr uint32_t u32(T value) {
  return static_cast<uint32_t>(value);
}
template <typename T>
constexpr uint64_t u64(T value) {
  return static_cast<uint64_t>(value);
}
template <typename T>
constexpr int32_t s32(T value) {
  return static_cast<int32_t>(value);
}
template <typename T>
constexpr int64_t s64(T value) {
  return static_cast<int64_t>(value);
}
constexpr uint64_t b01(bool value) {
  return value ? 1 : 0;
}

// Wasm's min and max: a NaN operand gives a NaN, and -0 is below +0.
template <typename F>
F wasm_min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? a : b;
  return a < b ? a : b;
}

template <typename F>
F wasm_max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

}  // namespace canary::executor::fast

// Loads `d addr offset`: X(name, T, convert), T the type in memory, convert of `v` to the slot.
// clang-format off
#define CANARY_FAST_LOAD_OPS(X)                                   \
  X(Load32, uint32_t, v)                                          \
  X(Load64, uint64_t, v)                                          \
  X(I32Load8S, int8_t, static_cast<uint32_t>(int32_t{v}))         \
  X(I32Load8U, uint8_t, v)                                        \
  X(I32Load16S, int16_t, static_cast<uint32_t>(int32_t{v}))       \
  X(I32Load16U, uint16_t, v)                                      \
  X(I64Load8S, int8_t, static_cast<uint64_t>(int64_t{v}))         \
  X(I64Load8U, uint8_t, v)                                        \
  X(I64Load16S, int16_t, static_cast<uint64_t>(int64_t{v}))       \
  X(I64Load16U, uint16_t, v)                                      \
  X(I64Load32S, int32_t, static_cast<uint64_t>(int64_t{v}))

// Stores `addr value offset`: X(name, T).
#define CANARY_FAST_STORE_OPS(X) \
  X(Store8, uint8_t) X(Store16, uint16_t) X(Store32, uint32_t) X(Store64, uint64_t)

// `d a`: X(name, T, convert, expr of a).
#define CANARY_FAST_UNARY_OPS(X)                                                                   \
  X(I32Eqz, uint32_t, u32, b01(a == 0))                                                            \
  X(I32Clz, uint32_t, u32, u64(std::countl_zero(a)))                                               \
  X(I32Ctz, uint32_t, u32, u64(std::countr_zero(a)))                                               \
  X(I32Popcnt, uint32_t, u32, u64(std::popcount(a)))                                               \
  X(I64Eqz, uint64_t, u64, b01(a == 0))                                                            \
  X(I64Clz, uint64_t, u64, u64(std::countl_zero(a)))                                               \
  X(I64Ctz, uint64_t, u64, u64(std::countr_zero(a)))                                               \
  X(I64Popcnt, uint64_t, u64, u64(std::popcount(a)))                                               \
  X(F32Abs, uint32_t, u32, a & 0x7fffffffu)                                                        \
  X(F32Neg, uint32_t, u32, a ^ 0x80000000u)                                                        \
  X(F32Ceil, float, as_f32, of_f32(std::ceil(a)))                                                  \
  X(F32Floor, float, as_f32, of_f32(std::floor(a)))                                                \
  X(F32Trunc, float, as_f32, of_f32(std::trunc(a)))                                                \
  X(F32Nearest, float, as_f32, of_f32(std::nearbyint(a)))                                          \
  X(F32Sqrt, float, as_f32, of_f32(std::sqrt(a)))                                                  \
  X(F64Abs, uint64_t, u64, a & 0x7fffffffffffffffu)                                                \
  X(F64Neg, uint64_t, u64, a ^ 0x8000000000000000u)                                                \
  X(F64Ceil, double, as_f64, of_f64(std::ceil(a)))                                                 \
  X(F64Floor, double, as_f64, of_f64(std::floor(a)))                                               \
  X(F64Trunc, double, as_f64, of_f64(std::trunc(a)))                                               \
  X(F64Nearest, double, as_f64, of_f64(std::nearbyint(a)))                                         \
  X(F64Sqrt, double, as_f64, of_f64(std::sqrt(a)))                                                 \
  X(I32WrapI64, uint64_t, u64, u32(a))                                                             \
  X(I64ExtendI32S, uint32_t, u32, u64(s64(s32(a))))                                                \
  X(I64ExtendI32U, uint32_t, u32, u64(a))                                                          \
  X(F32ConvertI32S, uint32_t, u32, of_f32(static_cast<float>(s32(a))))                             \
  X(F32ConvertI32U, uint32_t, u32, of_f32(static_cast<float>(a)))                                  \
  X(F32ConvertI64S, uint64_t, u64, of_f32(static_cast<float>(s64(a))))                             \
  X(F32ConvertI64U, uint64_t, u64, of_f32(static_cast<float>(a)))                                  \
  X(F32DemoteF64, double, as_f64, of_f32(static_cast<float>(a)))                                   \
  X(F64ConvertI32S, uint32_t, u32, of_f64(static_cast<double>(s32(a))))                            \
  X(F64ConvertI32U, uint32_t, u32, of_f64(static_cast<double>(a)))                                 \
  X(F64ConvertI64S, uint64_t, u64, of_f64(static_cast<double>(s64(a))))                            \
  X(F64ConvertI64U, uint64_t, u64, of_f64(static_cast<double>(a)))                                 \
  X(F64PromoteF32, float, as_f32, of_f64(static_cast<double>(a)))                                  \
  X(I32Extend8S, uint32_t, u32, u32(s32(static_cast<int8_t>(a))))                                  \
  X(I32Extend16S, uint32_t, u32, u32(s32(static_cast<int16_t>(a))))                                \
  X(I64Extend8S, uint64_t, u64, u64(s64(static_cast<int8_t>(a))))                                  \
  X(I64Extend16S, uint64_t, u64, u64(s64(static_cast<int16_t>(a))))                                \
  X(I64Extend32S, uint64_t, u64, u64(s64(static_cast<int32_t>(a))))

// `d a b`: X(name, T, convert, expr of a and b).
#define CANARY_FAST_BINARY_OPS(X)                                                                  \
  X(I32Eq, uint32_t, u32, b01(a == b))                                                             \
  X(I32Ne, uint32_t, u32, b01(a != b))                                                             \
  X(I32LtS, uint32_t, u32, b01(s32(a) < s32(b)))                                                   \
  X(I32LtU, uint32_t, u32, b01(a < b))                                                             \
  X(I32GtS, uint32_t, u32, b01(s32(a) > s32(b)))                                                   \
  X(I32GtU, uint32_t, u32, b01(a > b))                                                             \
  X(I32LeS, uint32_t, u32, b01(s32(a) <= s32(b)))                                                  \
  X(I32LeU, uint32_t, u32, b01(a <= b))                                                            \
  X(I32GeS, uint32_t, u32, b01(s32(a) >= s32(b)))                                                  \
  X(I32GeU, uint32_t, u32, b01(a >= b))                                                            \
  X(I32Add, uint32_t, u32, u32(a + b))                                                             \
  X(I32Sub, uint32_t, u32, u32(a - b))                                                             \
  X(I32Mul, uint32_t, u32, u32(a * b))                                                             \
  X(I32And, uint32_t, u32, a & b)                                                                  \
  X(I32Or, uint32_t, u32, a | b)                                                                   \
  X(I32Xor, uint32_t, u32, a ^ b)                                                                  \
  X(I32Shl, uint32_t, u32, u32(a << (b & 31)))                                                     \
  X(I32ShrS, uint32_t, u32, u32(s32(a) >> (b & 31)))                                               \
  X(I32ShrU, uint32_t, u32, a >> (b & 31))                                                         \
  X(I32Rotl, uint32_t, u32, std::rotl(a, static_cast<int>(b & 31)))                                \
  X(I32Rotr, uint32_t, u32, std::rotr(a, static_cast<int>(b & 31)))                                \
  X(I64Eq, uint64_t, u64, b01(a == b))                                                             \
  X(I64Ne, uint64_t, u64, b01(a != b))                                                             \
  X(I64LtS, uint64_t, u64, b01(s64(a) < s64(b)))                                                   \
  X(I64LtU, uint64_t, u64, b01(a < b))                                                             \
  X(I64GtS, uint64_t, u64, b01(s64(a) > s64(b)))                                                   \
  X(I64GtU, uint64_t, u64, b01(a > b))                                                             \
  X(I64LeS, uint64_t, u64, b01(s64(a) <= s64(b)))                                                  \
  X(I64LeU, uint64_t, u64, b01(a <= b))                                                            \
  X(I64GeS, uint64_t, u64, b01(s64(a) >= s64(b)))                                                  \
  X(I64GeU, uint64_t, u64, b01(a >= b))                                                            \
  X(I64Add, uint64_t, u64, a + b)                                                                  \
  X(I64Sub, uint64_t, u64, a - b)                                                                  \
  X(I64Mul, uint64_t, u64, a * b)                                                                  \
  X(I64And, uint64_t, u64, a & b)                                                                  \
  X(I64Or, uint64_t, u64, a | b)                                                                   \
  X(I64Xor, uint64_t, u64, a ^ b)                                                                  \
  X(I64Shl, uint64_t, u64, a << (b & 63))                                                          \
  X(I64ShrS, uint64_t, u64, u64(s64(a) >> (b & 63)))                                               \
  X(I64ShrU, uint64_t, u64, a >> (b & 63))                                                         \
  X(I64Rotl, uint64_t, u64, std::rotl(a, static_cast<int>(b & 63)))                                \
  X(I64Rotr, uint64_t, u64, std::rotr(a, static_cast<int>(b & 63)))                                \
  X(F32Eq, float, as_f32, b01(a == b))                                                             \
  X(F32Ne, float, as_f32, b01(a != b))                                                             \
  X(F32Lt, float, as_f32, b01(a < b))                                                              \
  X(F32Gt, float, as_f32, b01(a > b))                                                              \
  X(F32Le, float, as_f32, b01(a <= b))                                                             \
  X(F32Ge, float, as_f32, b01(a >= b))                                                             \
  X(F64Eq, double, as_f64, b01(a == b))                                                            \
  X(F64Ne, double, as_f64, b01(a != b))                                                            \
  X(F64Lt, double, as_f64, b01(a < b))                                                             \
  X(F64Gt, double, as_f64, b01(a > b))                                                             \
  X(F64Le, double, as_f64, b01(a <= b))                                                            \
  X(F64Ge, double, as_f64, b01(a >= b))                                                            \
  X(F32Add, float, as_f32, of_f32(a + b))                                                          \
  X(F32Sub, float, as_f32, of_f32(a - b))                                                          \
  X(F32Mul, float, as_f32, of_f32(a * b))                                                          \
  X(F32Div, float, as_f32, of_f32(a / b))                                                          \
  X(F32Min, float, as_f32, of_f32(wasm_min(a, b)))                                                 \
  X(F32Max, float, as_f32, of_f32(wasm_max(a, b)))                                                 \
  X(F32Copysign, uint32_t, u32, (a & 0x7fffffffu) | (b & 0x80000000u))                             \
  X(F64Add, double, as_f64, of_f64(a + b))                                                         \
  X(F64Sub, double, as_f64, of_f64(a - b))                                                         \
  X(F64Mul, double, as_f64, of_f64(a * b))                                                         \
  X(F64Div, double, as_f64, of_f64(a / b))                                                         \
  X(F64Min, double, as_f64, of_f64(wasm_min(a, b)))                                                \
  X(F64Max, double, as_f64, of_f64(wasm_max(a, b)))                                                \
  X(F64Copysign, uint64_t, u64, (a & 0x7fffffffffffffffu) | (b & 0x8000000000000000u))

// Divisions and remainders `d a b`, which trap on a zero divisor: X(name, T, convert, overflow
// condition on a and b, expr).
#define CANARY_FAST_DIVISION_OPS(X)                                                                \
  X(I32DivS, int32_t, s32, a == std::numeric_limits<int32_t>::min() && b == -1, u32(a / b))        \
  X(I32DivU, uint32_t, u32, false, a / b)                                                          \
  X(I32RemS, int32_t, s32, false, b == -1 ? 0 : u32(a % b))                                        \
  X(I32RemU, uint32_t, u32, false, a % b)                                                          \
  X(I64DivS, int64_t, s64, a == std::numeric_limits<int64_t>::min() && b == -1, u64(a / b))        \
  X(I64DivU, uint64_t, u64, false, a / b)                                                          \
  X(I64RemS, int64_t, s64, false, b == -1 ? 0 : u64(a % b))                                        \
  X(I64RemU, uint64_t, u64, false, a % b)

// i32 with an immediate second operand, `d a imm`: X(name, expr of uint32_t a and b); the result
// is truncated to 32 bits.
#define CANARY_FAST_IMM32_OPS(X)                                                                   \
  X(I32AddImm, a + b) X(I32SubImm, a - b) X(I32MulImm, a * b) X(I32AndImm, a & b)                  \
  X(I32OrImm, a | b) X(I32XorImm, a ^ b) X(I32ShlImm, a << (b & 31))                               \
  X(I32ShrSImm, s32(a) >> (b & 31)) X(I32ShrUImm, a >> (b & 31)) X(I32EqImm, a == b)               \
  X(I32NeImm, a != b) X(I32LtUImm, a < b) X(I32GtUImm, a > b) X(I32LeUImm, a <= b)                 \
  X(I32GeUImm, a >= b) X(I32LtSImm, s32(a) < s32(b)) X(I32GtSImm, s32(a) > s32(b))                 \
  X(I32LeSImm, s32(a) <= s32(b)) X(I32GeSImm, s32(a) >= s32(b))

// i64 with a sign-extended 32-bit immediate, `d a imm`: X(name, expr of uint64_t a and b).
#define CANARY_FAST_IMM64_OPS(X)                                                                   \
  X(I64AddImm, a + b) X(I64SubImm, a - b) X(I64MulImm, a * b) X(I64AndImm, a & b)                  \
  X(I64OrImm, a | b) X(I64XorImm, a ^ b) X(I64ShlImm, a << (b & 63))                               \
  X(I64ShrSImm, u64(s64(a) >> (b & 63))) X(I64ShrUImm, a >> (b & 63)) X(I64EqImm, b01(a == b))     \
  X(I64NeImm, b01(a != b)) X(I64LtUImm, b01(a < b)) X(I64GtUImm, b01(a > b))                       \
  X(I64LeUImm, b01(a <= b)) X(I64GeUImm, b01(a >= b))

// Truncations `d a`, which trap on NaN (invalid conversion) and out of range (overflow):
// X(name, F, convert, lower bound holds, upper bound holds, result).
#define CANARY_FAST_TRUNC_OPS(X)                                                                   \
  X(I32TruncF32S, float, as_f32, a >= -2147483648.0f, a < 2147483648.0f,                           \
    u32(static_cast<int32_t>(a)))                                                                  \
  X(I32TruncF32U, float, as_f32, a > -1.0f, a < 4294967296.0f, u32(a))                             \
  X(I32TruncF64S, double, as_f64, a > -2147483649.0, a < 2147483648.0,                             \
    u32(static_cast<int32_t>(a)))                                                                  \
  X(I32TruncF64U, double, as_f64, a > -1.0, a < 4294967296.0, u32(a))                              \
  X(I64TruncF32S, float, as_f32, a >= -9223372036854775808.0f, a < 9223372036854775808.0f,        \
    u64(static_cast<int64_t>(a)))                                                                  \
  X(I64TruncF32U, float, as_f32, a > -1.0f, a < 18446744073709551616.0f, u64(a))                   \
  X(I64TruncF64S, double, as_f64, a >= -9223372036854775808.0, a < 9223372036854775808.0,         \
    u64(static_cast<int64_t>(a)))                                                                  \
  X(I64TruncF64U, double, as_f64, a > -1.0, a < 18446744073709551616.0, u64(a))
// clang-format on
