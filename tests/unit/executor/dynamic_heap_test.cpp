// InstanceConfig::dynamic_max_pages (sc-executor's HeapAllocStrategy::Dynamic, which polkadot-sdk's
// PVF executor uses): the memory starts at the module's initial pages, memory.grow works up to the
// maximum and fails past it, pages beyond the size stay out of bounds, and each call starts from
// the initial pages again, on the fast interpreter and the baseline JIT; the engines without it
// refuse such an instance.
#include <gtest/gtest.h>

#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "tests/unit/executor/executor_test_support.hpp"

namespace canary::executor {
namespace {

std::optional<WasmValue> invoke(Instance& instance, std::string_view name,
                                std::vector<WasmValue> args) {
  auto result = instance.invoke(name, args);
  EXPECT_TRUE(result.has_value()) << name << ": " << (result ? "" : result.error().message);
  return result ? *result : std::nullopt;
}

void check_dynamic_heap(const Engine& engine) {
  SCOPED_TRACE(std::string(engine.name()));
  auto module = engine.compile(testing::test_module("dynamic_heap"));
  ASSERT_TRUE(module.has_value()) << module.error().message;
  InstanceConfig config;
  config.dynamic_max_pages = 5;
  auto instance = (*module)->instantiate(HostFunctionTable{}, config);
  ASSERT_TRUE(instance.has_value()) << instance.error().message;
  Instance& in = **instance;
  EXPECT_EQ(in.memory().pages(), 2u);
  EXPECT_EQ(in.memory().max_pages(), 5u);
  // One call: beyond the size is out of bounds until grown; growth stops at the maximum.
  auto past = in.invoke("touch", std::vector<WasmValue>{WasmValue::i32(2)});
  ASSERT_FALSE(past.has_value());
  EXPECT_EQ(past.error().kind, ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke(in, "grow", {WasmValue::i32(3)})->as_u32(), 2u);
  EXPECT_EQ(in.memory().pages(), 5u);
  EXPECT_EQ(invoke(in, "grow", {WasmValue::i32(4)})->as_u32(), 0xFFFFFFFFu);  // 2 + 4 > 5
  // Each call starts from the initial two pages again.
  EXPECT_EQ(invoke(in, "size", {})->as_u32(), 2u);
  EXPECT_EQ(invoke(in, "grow", {WasmValue::i32(2)})->as_u32(), 2u);
  // Page 3 existed in the last call only.
  auto reset = in.invoke("touch", std::vector<WasmValue>{WasmValue::i32(3)});
  ASSERT_FALSE(reset.has_value());
  EXPECT_EQ(reset.error().kind, ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke(in, "touch", {WasmValue::i32(1)})->as_u32(), 7u);
  // Initial pages above the maximum cannot instantiate.
  config.dynamic_max_pages = 1;
  auto too_small = (*module)->instantiate(HostFunctionTable{}, config);
  ASSERT_FALSE(too_small.has_value());
  EXPECT_EQ(too_small.error().kind, ExecutionErrorKind::kMemoryTooLarge);
}

TEST(DynamicHeap, FastInterpreter) {
  check_dynamic_heap(FastInterpreterEngine());
}

TEST(DynamicHeap, BaselineJit) {
#if defined(__x86_64__)
  check_dynamic_heap(BaselineJitEngine());
#else
  GTEST_SKIP() << "x86-64 only";
#endif
}

TEST(DynamicHeap, WabtInterpreterRefusesIt) {
  auto module = InterpreterEngine().compile(testing::test_module("dynamic_heap"));
  ASSERT_TRUE(module.has_value());
  InstanceConfig config;
  config.dynamic_max_pages = 5;
  auto instance = (*module)->instantiate(HostFunctionTable{}, config);
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().kind, ExecutionErrorKind::kUnsupportedFeature);
}

}  // namespace
}  // namespace canary::executor
