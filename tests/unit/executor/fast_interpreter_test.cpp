// The fast interpreter's own cases: what the shared engine suites (engines_test.cpp,
// host_runtime_test.cpp, ...) do not reach, checked against the wabt interpreter.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>

#include "aot_test_support.hpp"
#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

constexpr uint64_t kFuel = 1'000'000;

std::unique_ptr<Instance> instantiate(const Engine& engine, const std::string& name) {
  auto module = engine.compile(testing::test_module(name));
  EXPECT_TRUE(module.has_value()) << (module ? "" : module.error().describe());
  if (!module) return nullptr;
  auto instance = (*module)->instantiate(testing::test_host_functions(), {.heap_pages = 1});
  EXPECT_TRUE(instance.has_value()) << (instance ? "" : instance.error().describe());
  return instance ? std::move(*instance) : nullptr;
}

std::vector<WasmValue> samples(ValueType type) {
  std::vector<WasmValue> out;
  switch (type) {
    case ValueType::kI32:
      for (uint32_t v : {0u, 1u, 2u, 3u, 4u, 5u, 7u, 31u, 32u, 33u, 0x7fffffffu, 0x80000000u,
                         0xffffffffu, 0xfffffffbu, 131064u, 131068u, 131070u, 131072u}) {
        out.push_back(WasmValue::i32(v));
      }
      break;
    case ValueType::kI64:
      for (uint64_t v : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{5}, uint64_t{20},
                         uint64_t{63}, uint64_t{64}, uint64_t{1} << 63, (uint64_t{1} << 63) - 1,
                         uint64_t{0x123456789abcdef0}, uint64_t{0xffffffff}}) {
        out.push_back(WasmValue::i64(v));
      }
      break;
    case ValueType::kF32:
      for (float v :
           {0.0f, -0.0f, 0.5f, 1.5f, 2.5f, -2.5f, -0.7f, 3e9f, -3e9f, 1e20f, 2147483648.0f,
            -2147483904.0f, 4294967040.0f, std::numeric_limits<float>::infinity(),
            -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
        out.push_back(WasmValue::f32_bits(std::bit_cast<uint32_t>(v)));
      }
      break;
    case ValueType::kF64:
      for (double v :
           {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, -0.7, 2147483647.9, -2147483648.9, 2147483648.0,
            4294967295.9, 4294967296.0, 1e19, -1e19, 9.3e18, 1.8446744073709552e19,
            std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
        out.push_back(WasmValue::f64_bits(std::bit_cast<uint64_t>(v)));
      }
      break;
  }
  return out;
}

bool is_nan(const WasmValue& v) {
  if (v.type == ValueType::kF32) return std::isnan(std::bit_cast<float>(v.as_u32()));
  if (v.type == ValueType::kF64) return std::isnan(std::bit_cast<double>(v.bits));
  return false;
}

using Outcome = Result<std::optional<WasmValue>, ExecutionError>;

// Same value (any NaN for a NaN: the spec leaves payloads open), or the same error kind.
::testing::AssertionResult same_outcome(const Outcome& reference, const Outcome& fast) {
  if (reference.has_value() != fast.has_value()) {
    return ::testing::AssertionFailure()
           << "wabt " << (reference ? "returned" : reference.error().describe()) << ", fast "
           << (fast ? "returned" : fast.error().describe());
  }
  if (!reference) {
    if (reference.error().kind == fast.error().kind) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "wabt " << reference.error().describe() << ", fast " << fast.error().describe();
  }
  const std::optional<WasmValue>& a = *reference;
  const std::optional<WasmValue>& b = *fast;
  if (a == b || (a && b && a->type == b->type && is_nan(*a) && is_nan(*b))) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "wabt " << (a ? std::to_string(a->bits) : "none")
                                       << ", fast " << (b ? std::to_string(b->bits) : "none");
}

std::string describe(std::string_view name, std::span<const WasmValue> args) {
  std::string out(name);
  out += "(";
  for (const WasmValue& arg : args) out += std::to_string(arg.bits) + ",";
  return out + ")";
}

// Every export of the module, on every combination of sample arguments (the first 3 parameters;
// later ones take the first sample), agrees with the wabt interpreter.
void expect_agreement(const std::string& module_name,
                      const Engine& engine = FastInterpreterEngine()) {
  auto reference = instantiate(InterpreterEngine(), module_name);
  auto fast = instantiate(engine, module_name);
  ASSERT_NE(reference, nullptr);
  ASSERT_NE(fast, nullptr);
  size_t calls = 0;
  for (const FunctionExport& e : reference->module_info().function_exports) {
    std::vector<std::vector<WasmValue>> grids;
    grids.reserve(e.signature.params.size());
    for (ValueType type : e.signature.params) grids.push_back(samples(type));
    std::vector<size_t> at(grids.size(), 0);
    while (true) {
      std::vector<WasmValue> args;
      args.reserve(grids.size());
      for (size_t i = 0; i < grids.size(); ++i) args.push_back(grids[i][at[i]]);
      const Outcome a = reference->invoke(e.name, args, {.fuel = kFuel});
      const Outcome b = fast->invoke(e.name, args, {.fuel = kFuel});
      EXPECT_TRUE(same_outcome(a, b)) << describe(e.name, args);
      ++calls;
      size_t i = 0;
      while (i < grids.size() && i < 3 && ++at[i] == grids[i].size()) at[i++] = 0;
      if (i == grids.size() || i == 3) break;
    }
  }
  EXPECT_GT(calls, 0u);
}

TEST(FastInterpreter, AgreesWithTheWabtInterpreterOnEveryExport) {
  expect_agreement("fast_interpreter");
}

TEST(FastInterpreter, AgreesOnTheTrapModule) {
  expect_agreement("traps");
}

TEST(FastInterpreter, AgreesOnTheMiniatureRuntimes) {
  expect_agreement("runtime_exported_memory");
  expect_agreement("host_calls");
}

// The baseline JIT runs the same code natively: the same agreement, instruction by instruction.
TEST(BaselineJit, AgreesWithTheWabtInterpreterOnEveryExport) {
  expect_agreement("fast_interpreter", BaselineJitEngine());
}

TEST(BaselineJit, AgreesOnTheTrapModule) {
  expect_agreement("traps", BaselineJitEngine());
}

TEST(BaselineJit, AgreesOnTheMiniatureRuntimes) {
  expect_agreement("runtime_exported_memory", BaselineJitEngine());
  expect_agreement("host_calls", BaselineJitEngine());
}

// The optimizing tier compiles the same code to C: every function, and every other one (the JIT
// keeps the rest, so calls cross between C and JIT code in both directions).
TEST(OptimizingTier, AgreesWithTheWabtInterpreterOnEveryExport) {
  using optimizing::OptimizingEngine;
  const auto config = testing::optimizing_test_config();
  expect_agreement("fast_interpreter", OptimizingEngine(config));
  expect_agreement("fast_interpreter",
                   OptimizingEngine(config, OptimizingEngine::Selection::kEveryOther));
}

TEST(OptimizingTier, AgreesOnTheTrapModule) {
  using optimizing::OptimizingEngine;
  const auto config = testing::optimizing_test_config();
  expect_agreement("traps", OptimizingEngine(config));
  expect_agreement("traps", OptimizingEngine(config, OptimizingEngine::Selection::kEveryOther));
}

// The first tier's profile counts what ran, and the hot functions are chosen from it.
TEST(OptimizingTier, TheProfileNamesTheFunctionsThatRan) {
  auto prepared = prepare_module(testing::test_module("fast_interpreter"));
  ASSERT_TRUE(prepared.has_value());
  auto profiled =
      compile_profiled_jit(std::make_shared<const PreparedModule>(std::move(*prepared)));
  ASSERT_TRUE(profiled.has_value()) << profiled.error().describe();
  EXPECT_EQ(profiled->code->profile(), std::vector<uint64_t>(profiled->compiled->functions.size()));
  auto instance = profiled->module->instantiate(testing::test_host_functions(), {.heap_pages = 1});
  ASSERT_TRUE(instance.has_value());
  const auto& exports = (*instance)->module_info().function_exports;
  const auto loop = std::find_if(exports.begin(), exports.end(), [](const FunctionExport& e) {
    return e.signature.params.size() == 1 && e.signature.params[0] == ValueType::kI32;
  });
  ASSERT_NE(loop, exports.end());
  // Whatever it returns (a value or a trap), its code ran.
  const std::vector<WasmValue> args = {WasmValue::i32(1000)};
  (void)(*instance)->invoke(loop->name, args, {.fuel = kFuel});
  const std::vector<uint64_t> profile = profiled->code->profile();
  uint64_t total = 0;
  for (uint64_t count : profile) total += count;
  EXPECT_GT(total, 0u);
  const auto sizes = optimizing::function_sizes(*profiled->compiled);
  const auto all = optimizing::hot_functions(profile, sizes, {.coverage = 1.0});
  ASSERT_FALSE(all.empty());
  for (uint32_t f : all) EXPECT_GT(profile[f], 0u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(optimizing::hot_functions(profile, sizes, {.coverage = 1.0, .max_functions = 1}).size(),
            1u);
  EXPECT_TRUE(optimizing::hot_functions(profile, sizes, {.coverage = 0.0}).empty());
  // A code budget smaller than four times any function that ran leaves them all to the JIT.
  EXPECT_TRUE(
      optimizing::hot_functions(profile, sizes, {.coverage = 1.0, .max_code_words = 3}).empty());
}

TEST(OptimizingTier, AgreesOnTheMiniatureRuntimes) {
  using optimizing::OptimizingEngine;
  const auto config = testing::optimizing_test_config();
  for (const auto selection :
       {OptimizingEngine::Selection::kAll, OptimizingEngine::Selection::kEveryOther}) {
    expect_agreement("runtime_exported_memory", OptimizingEngine(config, selection));
    expect_agreement("host_calls", OptimizingEngine(config, selection));
  }
}

class FastInterpreterCases : public ::testing::Test {
 protected:
  void SetUp() override {
    instance_ = instantiate(FastInterpreterEngine(), "fast_interpreter");
    ASSERT_NE(instance_, nullptr);
  }

  uint64_t ok(std::string_view name, std::vector<WasmValue> args) {
    auto out = instance_->invoke(name, args, {.fuel = kFuel});
    EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
    return out && *out ? (*out)->bits : ~uint64_t{0};
  }
  ExecutionErrorKind error(std::string_view name, std::vector<WasmValue> args) {
    auto out = instance_->invoke(name, args, {.fuel = kFuel});
    EXPECT_FALSE(out.has_value()) << name;
    return out ? ExecutionErrorKind::kInternal : out.error().kind;
  }

  std::unique_ptr<Instance> instance_;
};

WasmValue i32(uint32_t v) {
  return WasmValue::i32(v);
}
WasmValue f64(double v) {
  return WasmValue::f64_bits(std::bit_cast<uint64_t>(v));
}

TEST_F(FastInterpreterCases, BrTableCarriesValuesToEachTarget) {
  EXPECT_EQ(ok("br_table_values", {i32(0)}), 1130u);
  EXPECT_EQ(ok("br_table_values", {i32(1)}), 1111u);
  EXPECT_EQ(ok("br_table_values", {i32(2)}), 1102u);
  EXPECT_EQ(ok("br_table_values", {i32(3)}), 1113u);
  EXPECT_EQ(ok("br_table_values", {i32(4)}), 1114u);           // the default
  EXPECT_EQ(ok("br_table_values", {i32(0xffffffff)}), 1109u);  // the default: 99 + 10 + 1000
  // Back to the loop while (n + 1) & 3 is not 0: 10 + 9 + 8.
  EXPECT_EQ(ok("br_table_loop", {i32(10)}), 27u);
}

TEST_F(FastInterpreterCases, NestedBlocksWithResults) {
  EXPECT_EQ(ok("nested_results", {i32(1), i32(0)}), 7u);
  EXPECT_EQ(ok("nested_results", {i32(2), i32(0)}), 8u);
  EXPECT_EQ(ok("nested_results", {i32(3), i32(0)}), 9u + 1);
  EXPECT_EQ(ok("nested_results", {i32(4), i32(6)}), 6u * 3 + 1);
  EXPECT_EQ(ok("nested_results", {i32(5), i32(6)}), 11u * 3 + 1);
  EXPECT_EQ(ok("if_else", {i32(1), i32(1)}), 1u);
  EXPECT_EQ(ok("if_else", {i32(1), i32(0)}), 2u);
  EXPECT_EQ(ok("if_else", {i32(0), i32(9)}), 9u);
  EXPECT_EQ(ok("dead_code", {i32(0)}), 6u);
  EXPECT_EQ(ok("dead_code", {i32(1)}), 42u);
}

TEST_F(FastInterpreterCases, OperandsReadFromLocalsThatChange) {
  // a, a, (a := a + 5), b, (b := 3b) -> t; (a - b) + 3b, * (a + 5), xor a.
  EXPECT_EQ(ok("stale_locals", {i32(7), i32(2)}), ((7u - 2u + 6u) * 12u) ^ 7u);
  // x = a; x, (x := a + 1; x), (x := x + 10): (a + a + 1) - (a + 11).
  EXPECT_EQ(ok("tee_across_blocks", {i32(5)}), 5u + 6u - 16u);
  EXPECT_EQ(ok("loop_with_stack", {i32(3)}), static_cast<uint32_t>(3 - 13));
  EXPECT_EQ(ok("select", {i32(1), i32(2)}), 1u + 100u);
  EXPECT_EQ(ok("select", {i32(3), i32(0)}), 0u + 3u);
}

TEST_F(FastInterpreterCases, Calls) {
  EXPECT_EQ(ok("fib", {i32(20)}), 6765u);
  EXPECT_EQ(ok("factorial", {WasmValue::i64(20)}), 2432902008176640000u);
  EXPECT_EQ(ok("calls", {i32(4)}), static_cast<uint32_t>(4 - (8 + 11)));
  EXPECT_EQ(ok("call_indirect", {i32(0), i32(21)}), 42u);
  EXPECT_EQ(ok("call_indirect", {i32(3), i32(5)}), 10u);
  EXPECT_EQ(ok("call_indirect_add", {i32(1), i32(5)}), 8u);
  EXPECT_EQ(error("call_indirect", {i32(1), i32(5)}), ExecutionErrorKind::kIndirectCallMismatch);
  EXPECT_EQ(error("call_indirect", {i32(2), i32(5)}), ExecutionErrorKind::kIndirectCallMismatch);
  EXPECT_EQ(error("call_indirect", {i32(4), i32(5)}), ExecutionErrorKind::kIndirectCallMismatch);
  EXPECT_EQ(error("call_indirect", {i32(6), i32(5)}), ExecutionErrorKind::kIndirectCallMismatch);
  EXPECT_EQ(error("call_indirect", {i32(0xffffffff), i32(5)}),
            ExecutionErrorKind::kIndirectCallMismatch);
  EXPECT_EQ(error("fib", {i32(1000000)}), ExecutionErrorKind::kStackExhausted);
  EXPECT_EQ(error("factorial", {WasmValue::i64(uint64_t{1} << 40)}),
            ExecutionErrorKind::kFuelExhausted);
}

TEST_F(FastInterpreterCases, EveryTrapKind) {
  EXPECT_EQ(error("i32_div", {i32(1), i32(0)}), ExecutionErrorKind::kIntegerDivideByZero);
  EXPECT_EQ(error("i32_div", {i32(0x80000000), i32(0xffffffff)}),
            ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(ok("i32_rem_s", {i32(0x80000000), i32(0xffffffff)}), 0u);
  EXPECT_EQ(error("i64_div", {WasmValue::i64(1), WasmValue::i64(0)}),
            ExecutionErrorKind::kIntegerDivideByZero);
  EXPECT_EQ(error("i64_div", {WasmValue::i64(uint64_t{1} << 63), WasmValue::i64(~uint64_t{0})}),
            ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(error("i32_trunc_f64_s", {f64(std::nan(""))}), ExecutionErrorKind::kInvalidConversion);
  EXPECT_EQ(error("i32_trunc_f64_s", {f64(2147483648.0)}), ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(ok("i32_trunc_f64_s", {f64(-2147483648.9)}), 0x80000000u);
  EXPECT_EQ(error("i32_trunc_f64_u", {f64(-1.0)}), ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(ok("i32_trunc_f64_u", {f64(-0.9)}), 0u);
  EXPECT_EQ(error("i64_trunc_f64_u", {f64(1.8446744073709552e19)}),
            ExecutionErrorKind::kIntegerOverflow);
  // The memory has 2 pages: 131072 bytes.
  EXPECT_EQ(ok("load_at", {i32(131066)}), 0u);
  EXPECT_EQ(error("load_at", {i32(131067)}), ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(error("load_at", {i32(0xffffffff)}), ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(error("memory_widths", {i32(131065), WasmValue::i64(1)}),
            ExecutionErrorKind::kMemoryOutOfBounds);
  // The memory cannot grow past initial + heap pages.
  EXPECT_EQ(ok("memory_grow", {i32(0)}), 2000u + 2);
  EXPECT_EQ(ok("memory_grow", {i32(1)}), 2000u - 1);
}

TEST_F(FastInterpreterCases, FloatCornerCases) {
  auto bits = [](double v) { return std::bit_cast<uint64_t>(v); };
  EXPECT_EQ(ok("f64_min", {f64(-0.0), f64(0.0)}), bits(-0.0));
  EXPECT_EQ(ok("f64_min", {f64(0.0), f64(-0.0)}), bits(-0.0));
  EXPECT_EQ(ok("f64_max", {f64(-0.0), f64(0.0)}), bits(0.0));
  EXPECT_TRUE(std::isnan(std::bit_cast<double>(ok("f64_min", {f64(std::nan("")), f64(1.0)}))));
  EXPECT_TRUE(std::isnan(std::bit_cast<double>(ok("f64_max", {f64(1.0), f64(std::nan(""))}))));
  EXPECT_EQ(ok("f64_nearest", {f64(2.5)}), bits(2.0));
  EXPECT_EQ(ok("f64_nearest", {f64(3.5)}), bits(4.0));
  EXPECT_EQ(ok("f64_nearest", {f64(-0.5)}), bits(-0.0));
  EXPECT_EQ(ok("f32_nearest", {WasmValue::f32_bits(std::bit_cast<uint32_t>(-2.5f))}),
            std::bit_cast<uint32_t>(-2.0f));
}

// CANARY_FAST_DUMP=file.wasm prints the code the fast interpreter makes of a module.
TEST(FastInterpreter, DISABLED_Dump) {
  const char* path = std::getenv("CANARY_FAST_DUMP");
  ASSERT_NE(path, nullptr);
  std::ifstream file(path, std::ios::binary);
  const Bytes wasm((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto prepared = prepare_module(wasm);
  ASSERT_TRUE(prepared.has_value()) << prepared.error().describe();
  auto code = fast::compile_module(*prepared);
  ASSERT_TRUE(code.has_value()) << code.error().describe();
  std::cout << fast::disassemble(*code);
}

}  // namespace
}  // namespace canary::executor
