// The semantics both engines must share, run on each (host_test_support.hpp engines()): the
// calling convention, memories and heap pages, host calls both ways, every kind of trap, fuel,
// the deterministic stack limit at exactly the modelled depth, resets, start functions, outputs
// outside the memory and huge memories. interpreter_test.cpp and stack_limit_test.cpp cover the
// interpreter in more detail; the cases here are the ones an engine implements itself.
#include <gtest/gtest.h>

#include <cstring>

#include "executor_test_support.hpp"
#include "host_test_support.hpp"

namespace canary::executor {
namespace {

using testing::read_u32_le;

class Engines : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override { engine_ = host::testing::engines()[GetParam()].make(); }

  std::shared_ptr<const Module> compile(ByteSpan wasm, const PrepareConfig& prepare = {}) {
    auto module = engine_->compile(wasm, prepare);
    EXPECT_TRUE(module.has_value()) << (module ? "" : module.error().describe());
    return module ? *module : nullptr;
  }

  std::unique_ptr<Instance> instantiate(const std::string& name, const InstanceConfig& config = {},
                                        const PrepareConfig& prepare = {}) {
    auto module = compile(testing::test_module(name), prepare);
    if (!module) return nullptr;
    auto instance = module->instantiate(testing::test_host_functions(), config);
    EXPECT_TRUE(instance.has_value()) << (instance ? "" : instance.error().describe());
    return instance ? std::move(*instance) : nullptr;
  }

  std::unique_ptr<Engine> engine_;
};

std::string engine_name(const ::testing::TestParamInfo<size_t>& info) {
  return host::testing::engines()[info.param].name;
}

Bytes call_ok(Instance& instance, std::string_view name, ByteSpan input = {},
              const CallOptions& options = {}) {
  auto out = instance.call(name, input, options);
  EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
  return out ? *out : Bytes{};
}

ExecutionError call_error(Instance& instance, std::string_view name, ByteSpan input = {},
                          const CallOptions& options = {}) {
  auto out = instance.call(name, input, options);
  EXPECT_FALSE(out.has_value()) << name;
  return out ? ExecutionError{} : out.error();
}

WasmValue invoke_ok(Instance& instance, std::string_view name, std::vector<WasmValue> args = {},
                    const CallOptions& options = {}) {
  auto out = instance.invoke(name, args, options);
  EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
  return out ? out->value_or(WasmValue{}) : WasmValue{};
}

ExecutionErrorKind invoke_error(Instance& instance, std::string_view name,
                                std::vector<WasmValue> args = {}, const CallOptions& options = {}) {
  auto out = instance.invoke(name, args, options);
  EXPECT_FALSE(out.has_value()) << name;
  return out ? ExecutionErrorKind::kInternal : out.error().kind;
}

TEST_P(Engines, CallingConventionAndResets) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const Bytes input = to_bytes("The quick brown fox");
  EXPECT_EQ(call_ok(*instance, "echo", input), input);
  EXPECT_EQ(call_ok(*instance, "reverse", input), Bytes(input.rbegin(), input.rend()));
  Bytes big(size_t{1} << 20);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 31);
  EXPECT_EQ(call_ok(*instance, "echo", big), big);
  const Bytes expected = {1, 'c' + 1, 1, 1, 1};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call_ok(*instance, "bump_state"), expected);
  EXPECT_EQ(call_error(*instance, "double_free", to_bytes("x")).kind,
            ExecutionErrorKind::kAllocator);
  EXPECT_EQ(call_ok(*instance, "bump_state"), expected);
}

TEST_P(Engines, MemoriesGetExactlyTheHeapPages) {
  auto exported = instantiate("runtime_exported_memory");
  ASSERT_NE(exported, nullptr);
  const Bytes info = call_ok(*exported, "memory_info");
  ASSERT_EQ(info.size(), 8u);
  EXPECT_EQ(read_u32_le(info, 0), 2u + kDefaultHeapPages);
  EXPECT_EQ(read_u32_le(info, 4), 0xFFFFFFFFu);  // memory.grow fails
  EXPECT_EQ(exported->memory().max_pages(), 2u + kDefaultHeapPages);
  auto imported = instantiate("runtime_imported_memory", {.heap_pages = 16});
  ASSERT_NE(imported, nullptr);
  EXPECT_EQ(read_u32_le(call_ok(*imported, "memory_info"), 0), 17u);
  EXPECT_EQ(call_ok(*imported, "data"), to_bytes("imported"));
  auto renamed = instantiate("custom_memory_import", {.heap_pages = 5});
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(invoke_ok(*renamed, "pages"), WasmValue::i32(8));
}

TEST_P(Engines, HostFunctionsBothWays) {
  auto instance = instantiate("host_calls");
  ASSERT_NE(instance, nullptr);
  Bytes input(16);
  const uint64_t a = 0x0102030405060708ull;
  const uint64_t b = 0x1111111111111111ull;
  std::memcpy(input.data(), &a, 8);
  std::memcpy(input.data() + 8, &b, 8);
  const Bytes sum = call_ok(*instance, "add", input);
  ASSERT_EQ(sum.size(), 8u);
  uint64_t value = 0;
  std::memcpy(&value, sum.data(), 8);
  EXPECT_EQ(value, a + b);
  EXPECT_EQ(call_ok(*instance, "hello"), to_bytes("hello"));
  uint32_t context = 0xC0FFEE;
  EXPECT_EQ(read_u32_le(call_ok(*instance, "context", {}, {.host_context = &context}), 0),
            0xC0FFEEu);
  const ExecutionError failed = call_error(*instance, "fail");
  EXPECT_EQ(failed.kind, ExecutionErrorKind::kHostError);
  EXPECT_EQ(failed.message, "host_fail was called");
  // A NaN with a payload crosses both ways unchanged.
  const uint64_t nan_with_payload = 0x7FF4000000000123ull;
  EXPECT_EQ(invoke_ok(*instance, "negate", {WasmValue::f64_bits(nan_with_payload)}),
            WasmValue::f64_bits(nan_with_payload | (uint64_t{1} << 63)));
  // And the instance still works after a host failure.
  EXPECT_EQ(call_ok(*instance, "hello"), to_bytes("hello"));
}

TEST_P(Engines, Traps) {
  auto instance = instantiate("traps");
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_error(*instance, "unreachable"), ExecutionErrorKind::kUnreachable);
  EXPECT_EQ(invoke_error(*instance, "load_out_of_bounds"), ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke_error(*instance, "store_out_of_bounds"), ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke_error(*instance, "divide_by_zero", {WasmValue::i32(5)}),
            ExecutionErrorKind::kIntegerDivideByZero);
  EXPECT_EQ(invoke_error(*instance, "integer_overflow"), ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(invoke_error(*instance, "invalid_conversion"), ExecutionErrorKind::kInvalidConversion);
  EXPECT_EQ(invoke_ok(*instance, "call_indirect", {WasmValue::i32(0)}), WasmValue::i32(7));
  for (uint32_t slot : {1u, 2u, 4u, 0xFFFFFFFFu}) {
    EXPECT_EQ(invoke_error(*instance, "call_indirect", {WasmValue::i32(slot)}),
              ExecutionErrorKind::kIndirectCallMismatch)
        << slot;
  }
  EXPECT_EQ(invoke_ok(*instance, "sign_extend", {WasmValue::i32(0x80)}),
            WasmValue::i32(0xFFFFFF80u));
  const uint64_t nan_with_payload = 0x7FF4000000000123ull;
  EXPECT_EQ(invoke_ok(*instance, "identity_f64", {WasmValue::f64_bits(nan_with_payload)}),
            WasmValue::f64_bits(nan_with_payload));
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(10)}), WasmValue::i64(10));
}

TEST_P(Engines, FuelBoundsLoopsAndIsExact) {
  auto instance = instantiate("traps");
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_error(*instance, "infinite_loop", {}, {.fuel = 1'000'000}),
            ExecutionErrorKind::kFuelExhausted);
  EXPECT_EQ(invoke_error(*instance, "count_to", {WasmValue::i64(1'000'000)}, {.fuel = 100'000}),
            ExecutionErrorKind::kFuelExhausted);
  // The smallest budget for count_to(100) is the instrumentation's count (interpreter_test.cpp).
  const uint64_t exact = 5 + 101 * 10;
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(100)}, {.fuel = exact}),
            WasmValue::i64(100));
  EXPECT_EQ(invoke_error(*instance, "count_to", {WasmValue::i64(100)}, {.fuel = exact - 1}),
            ExecutionErrorKind::kFuelExhausted);
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(100'000)}), WasmValue::i64(100'000));
}

TEST_P(Engines, StartFunctions) {
  auto instance = instantiate("start_function");
  ASSERT_NE(instance, nullptr);
  for (int i = 0; i < 3; ++i) {
    const Bytes out = call_ok(*instance, "read");
    ASSERT_EQ(out.size(), 8u);
    EXPECT_EQ(read_u32_le(out, 0), 15u);
    EXPECT_EQ(read_u32_le(out, 4), 1u);
  }
  auto loops = compile(testing::test_module("start_function_loops"));
  ASSERT_NE(loops, nullptr);
  auto failed = loops->instantiate({}, {.heap_pages = 0, .start_fuel = 10'000});
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, ExecutionErrorKind::kInstantiationFailed);
  EXPECT_NE(failed.error().message.find("fuel"), std::string::npos) << failed.error().message;
}

// recurse(n) has n + 1 frames of cost 6 (stack_limit_test.cpp).
TEST_P(Engines, RecursionTrapsAtTheModelledDepth) {
  for (uint32_t limit : {100u, 6000u, kDefaultStackLimit}) {
    auto instance = instantiate("traps", {.heap_pages = 0}, {.stack_limit = limit});
    ASSERT_NE(instance, nullptr);
    const uint32_t n = limit / 6 - 1;
    EXPECT_EQ(invoke_ok(*instance, "recurse", {WasmValue::i32(n)}), WasmValue::i32(n)) << limit;
    EXPECT_EQ(invoke_error(*instance, "recurse", {WasmValue::i32(n + 1)}),
              ExecutionErrorKind::kStackExhausted)
        << limit;
  }
  auto instance = instantiate("traps", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_error(*instance, "recurse_forever"), ExecutionErrorKind::kStackExhausted);
  EXPECT_EQ(invoke_ok(*instance, "recurse_indirect", {WasmValue::i32(100)}), WasmValue::i32(100));
  EXPECT_EQ(invoke_error(*instance, "recurse_indirect", {WasmValue::i32(1'000'000)}),
            ExecutionErrorKind::kStackExhausted);
  // The counter is reset after a trap.
  EXPECT_EQ(invoke_ok(*instance, "recurse", {WasmValue::i32(10)}), WasmValue::i32(10));
}

TEST_P(Engines, OutputsOutsideTheMemoryAndHugeMemories) {
  auto instance = instantiate("runtime_exported_memory", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(call_error(*instance, "output_past_end").kind, ExecutionErrorKind::kOutputOutOfBounds);
  EXPECT_EQ(call_error(*instance, "output_huge_length").kind,
            ExecutionErrorKind::kOutputOutOfBounds);
  EXPECT_EQ(call_ok(*instance, "sixteen_bytes"), to_bytes("canary, runtime!"));
  auto huge = compile(testing::test_module("huge_memory"));
  ASSERT_NE(huge, nullptr);
  auto refused = huge->instantiate({});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, ExecutionErrorKind::kMemoryTooLarge);
}

TEST_P(Engines, MissingImportsStubbedAndReentrancyRefused) {
  auto module = compile(testing::test_module("missing_imports"));
  ASSERT_NE(module, nullptr);
  auto missing = module->instantiate(testing::test_host_functions());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "env.absent_one, env.absent_two");
  auto stubbed = module->instantiate(testing::test_host_functions(),
                                     {.heap_pages = 0, .stub_missing_imports = true});
  ASSERT_TRUE(stubbed.has_value()) << stubbed.error().describe();
  EXPECT_EQ(invoke_ok(**stubbed, "present"), WasmValue::i64(5));
  EXPECT_EQ(invoke_error(**stubbed, "absent"), ExecutionErrorKind::kMissingImport);

  const HostFunctionTable host = testing::test_host_functions();
  HostFunctionTable reentrant;
  for (HostFunction function : host.functions()) {
    if (function.name == "host_context") {
      function.callback = [](HostCallContext& ctx, std::span<const WasmValue>) -> HostResult {
        auto out = static_cast<Instance*>(ctx.user)->call("hello", {});
        if (out) return host_error("re-entered");
        return unexpected(out.error());
      };
    }
    reentrant.add(function);
  }
  auto calls = compile(testing::test_module("host_calls"));
  ASSERT_NE(calls, nullptr);
  auto instance = calls->instantiate(reentrant);
  ASSERT_TRUE(instance.has_value());
  Instance& self = **instance;
  EXPECT_EQ(call_error(self, "context", {}, {.host_context = &self}).kind,
            ExecutionErrorKind::kReentrantCall);
  EXPECT_EQ(call_ok(self, "hello"), to_bytes("hello"));
}

INSTANTIATE_TEST_SUITE_P(Both, Engines,
                         ::testing::Range(size_t{0}, host::testing::engines().size()), engine_name);

}  // namespace
}  // namespace canary::executor
