// The deterministic stack limit: the cost model (cases from wasm-instrument's own tests of its
// stack limiter) and recursion that traps at exactly the depth the model predicts, never at the
// interpreter's own call-stack limit.
#include <gtest/gtest.h>

#include "executor/prepare/module_structure.hpp"
#include "executor/prepare/stack_cost.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

using prepare::kActivationFrameCost;

// The cost of function `index` of a module with functions of type `type`.
uint32_t cost_of(const Bytes& type, const std::vector<Bytes>& bodies, uint32_t index = 0) {
  const Bytes wasm = testing::assemble_module(type, bodies);
  auto structure = prepare::parse_module_structure(wasm);
  EXPECT_TRUE(structure.has_value());
  if (!structure) return 0;
  auto cost = prepare::function_stack_cost(*structure, index);
  EXPECT_TRUE(cost.has_value()) << (cost ? "" : cost.error());
  return cost.value_or(0);
}

const Bytes kVoid = {0x60, 0x00, 0x00};
const Bytes kReturnsI32 = {0x60, 0x00, 0x01, 0x7f};

TEST(StackCost, ValuesOnTheStack) {
  // i32.const 1; i32.const 2; i32.const 3; drop; drop; drop
  EXPECT_EQ(cost_of(kVoid, {{0x00, 0x41, 1, 0x41, 2, 0x41, 3, 0x1a, 0x1a, 0x1a, 0x0b}}),
            3 + kActivationFrameCost);
}

TEST(StackCost, ImplicitAndExplicitReturn) {
  // i32.const 0; return
  EXPECT_EQ(cost_of(kReturnsI32, {{0x00, 0x41, 0, 0x0f, 0x0b}}), 1 + kActivationFrameCost);
}

TEST(StackCost, UnreachableCodeIsNotCounted) {
  // unreachable; memory.grow
  EXPECT_EQ(cost_of(kReturnsI32, {{0x00, 0x00, 0x40, 0x00, 0x0b}}), kActivationFrameCost);
  // i32.const 0; i32.const 1; drop; drop; unreachable; i32.const 0; i32.const 1; i32.const 2
  EXPECT_EQ(
      cost_of(kVoid, {{0x00, 0x41, 0, 0x41, 1, 0x1a, 0x1a, 0x00, 0x41, 0, 0x41, 1, 0x41, 2, 0x0b}}),
      2 + kActivationFrameCost);
}

TEST(StackCost, DeclaredLocalsCountButParametersDoNot) {
  // (param i64) (local i32 i32 i32): local.get 0; drop
  const Bytes type = {0x60, 0x01, 0x7e, 0x00};
  EXPECT_EQ(cost_of(type, {{0x01, 0x03, 0x7f, 0x20, 0x00, 0x1a, 0x0b}}),
            3 + 1 + kActivationFrameCost);
}

TEST(StackCost, ElseDoesNotResetTheHeight) {
  // i32.const 1; if (result i32) i32.const 2 else i32.const 3 end
  // The then-value is still counted when the else branch pushes its own: 2 + 2.
  EXPECT_EQ(cost_of(kReturnsI32, {{0x00, 0x41, 1, 0x04, 0x7f, 0x41, 2, 0x05, 0x41, 3, 0x0b, 0x0b}}),
            2 + kActivationFrameCost);
}

TEST(StackCost, RecursiveFunctionOfTheTestModule) {
  const Bytes wasm = testing::test_module("traps");  // the structure points into it
  auto structure = prepare::parse_module_structure(wasm);
  ASSERT_TRUE(structure.has_value()) << structure.error();
  // $recurse is the 12th defined function of traps.wat; its cost is 6.
  auto cost = prepare::function_stack_cost(*structure, 11);
  ASSERT_TRUE(cost.has_value());
  EXPECT_EQ(*cost, 6u);
}

// recurse(n) has n + 1 frames of cost 6; the k-th traps when 6k exceeds the limit.
uint32_t deepest_ok_argument(uint32_t limit) {
  return limit / 6 - 1;
}

TEST(StackLimit, RecursionTrapsAtTheModelledDepth) {
  for (uint32_t limit : {100u, 1000u, 6000u}) {
    auto instance = testing::instantiate("traps", {.heap_pages = 0}, {.stack_limit = limit});
    ASSERT_NE(instance, nullptr);
    const uint32_t n = deepest_ok_argument(limit);
    auto ok = instance->invoke("recurse", std::vector{WasmValue::i32(n)});
    ASSERT_TRUE(ok.has_value()) << limit << ": " << ok.error().describe();
    EXPECT_EQ(*ok, std::optional{WasmValue::i32(n)});
    auto too_deep = instance->invoke("recurse", std::vector{WasmValue::i32(n + 1)});
    ASSERT_FALSE(too_deep.has_value());
    EXPECT_EQ(too_deep.error().kind, ExecutionErrorKind::kStackExhausted)
        << too_deep.error().describe();
  }
}

TEST(StackLimit, DefaultLimitAllowsFarMoreThanTheInterpretersOwnStack) {
  // wabt's interpreter alone stops at about 1600 frames; the default limit of 65536 allows 10922
  // frames of cost 6, and the deterministic limit must be what stops the recursion.
  auto instance = testing::instantiate("traps", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  const uint32_t n = deepest_ok_argument(kDefaultStackLimit);
  EXPECT_EQ(n, 10921u);
  auto ok = instance->invoke("recurse", std::vector{WasmValue::i32(n)});
  ASSERT_TRUE(ok.has_value()) << ok.error().describe();
  auto too_deep = instance->invoke("recurse", std::vector{WasmValue::i32(n + 1)});
  ASSERT_FALSE(too_deep.has_value());
  EXPECT_EQ(too_deep.error().kind, ExecutionErrorKind::kStackExhausted);
  // The same again: the counter is reset between calls even after a trap.
  EXPECT_TRUE(instance->invoke("recurse", std::vector{WasmValue::i32(n)}).has_value());
}

TEST(StackLimit, UnboundedRecursionAndIndirectRecursion) {
  auto instance = testing::instantiate("traps", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(instance->invoke("recurse_forever", {}).error().kind,
            ExecutionErrorKind::kStackExhausted);
  // Through call_indirect the thunk in the table counts each call.
  auto shallow = instance->invoke("recurse_indirect", std::vector{WasmValue::i32(100)});
  ASSERT_TRUE(shallow.has_value()) << shallow.error().describe();
  EXPECT_EQ(*shallow, std::optional{WasmValue::i32(100)});
  EXPECT_EQ(
      instance->invoke("recurse_indirect", std::vector{WasmValue::i32(1'000'000)}).error().kind,
      ExecutionErrorKind::kStackExhausted);
}

TEST(StackLimit, UnreachableInTheRuntimeIsNotAStackError) {
  auto instance = testing::instantiate("traps", {.heap_pages = 0}, {.stack_limit = 100});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(instance->invoke("unreachable", {}).error().kind, ExecutionErrorKind::kUnreachable);
}

}  // namespace
}  // namespace canary::executor
