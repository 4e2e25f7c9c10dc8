// Runtime code as the executor loads it: validation with wabt, the executor's own module parser,
// the stack-cost model and the instrumentation, on arbitrary bytes. Whatever is accepted must
// come out as a module that validates again and that both interpreters and the baseline JIT
// compile; small enough modules are also instantiated (missing imports stubbed) and their exports
// run on a fuel budget on all three, which must agree on every call: the same value (any NaN for
// a NaN) or the same error kind, and the same memory afterwards.
// Any input gives a prepared module or a typed error, never a crash.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/prepare/validate.hpp"
#include "executor/prepared_module.hpp"

namespace {

namespace ex = canary::executor;
using ex::ExecutionErrorKind;
using ex::ValueType;
using ex::WasmValue;

// Arguments: all zeros, then small non-zero values of each type.
WasmValue argument(ValueType type, int set) {
  if (set == 0) return {type, 0};
  switch (type) {
    case ValueType::kI32:
      return WasmValue::i32(7);
    case ValueType::kI64:
      return WasmValue::i64(~uint64_t{0});
    case ValueType::kF32:
      return WasmValue::f32_bits(std::bit_cast<uint32_t>(1.5f));
    case ValueType::kF64:
      return WasmValue::f64_bits(std::bit_cast<uint64_t>(-2.5));
  }
  return {type, 0};
}

bool is_nan(const WasmValue& v) {
  if (v.type == ValueType::kF32) return std::isnan(std::bit_cast<float>(v.as_u32()));
  if (v.type == ValueType::kF64) return std::isnan(std::bit_cast<double>(v.bits));
  return false;
}

using Outcome = canary::Result<std::optional<WasmValue>, ex::ExecutionError>;

bool same(const Outcome& a, const Outcome& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.error().kind == b.error().kind;
  if (*a == *b) return true;
  return a->has_value() && b->has_value() && (**a).type == (**b).type && is_nan(**a) && is_nan(**b);
}

bool same_memory(ex::Instance& a, ex::Instance& b) {
  const canary::MutableByteSpan x = a.memory().bytes();
  const canary::MutableByteSpan y = b.memory().bytes();
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size()) == 0;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  // A small stack limit keeps deep recursion cheap; it changes nothing about the parsing.
  auto prepared = ex::prepare_module(canary::ByteSpan(bytes, size), {.stack_limit = 4096});
  if (!prepared) {
    if (prepared.error().kind == ExecutionErrorKind::kInternal) __builtin_trap();
    return 0;
  }
  if (!ex::prepare::validate_module(prepared->code)) __builtin_trap();
  auto shared = std::make_shared<const ex::PreparedModule>(std::move(*prepared));
  auto module = ex::InterpreterEngine().compile(shared);
  if (!module) __builtin_trap();
  auto fast_module = ex::FastInterpreterEngine().compile(shared);
  if (!fast_module) __builtin_trap();
  auto jit_module = ex::BaselineJitEngine().compile(shared);
  if (!jit_module) __builtin_trap();

  const ex::HostFunctionTable no_host;
  const ex::InstanceConfig config{
      .heap_pages = 1, .max_memory_pages = 16, .stub_missing_imports = true, .start_fuel = 100'000};
  auto instance = (*module)->instantiate(no_host, config);
  auto fast = (*fast_module)->instantiate(no_host, config);
  auto jit = (*jit_module)->instantiate(no_host, config);
  if (instance.has_value() != fast.has_value()) __builtin_trap();
  if (instance.has_value() != jit.has_value()) __builtin_trap();
  if (!instance) {
    if (instance.error().kind != fast.error().kind) __builtin_trap();
    if (instance.error().kind != jit.error().kind) __builtin_trap();
    return 0;
  }
  for (int set = 0; set < 2; ++set) {
    for (const ex::FunctionExport& e : shared->info.function_exports) {
      std::vector<WasmValue> args;
      args.reserve(e.signature.params.size());
      for (ValueType type : e.signature.params) args.push_back(argument(type, set));
      const Outcome result = (*instance)->invoke(e.name, args, {.fuel = 100'000});
      if (!result && result.error().kind == ExecutionErrorKind::kInternal) __builtin_trap();
      const Outcome fast_result = (*fast)->invoke(e.name, args, {.fuel = 100'000});
      if (!same(result, fast_result) || !same_memory(**instance, **fast)) __builtin_trap();
      const Outcome jit_result = (*jit)->invoke(e.name, args, {.fuel = 100'000});
      if (!same(result, jit_result) || !same_memory(**instance, **jit)) __builtin_trap();
    }
  }
  return 0;
}
