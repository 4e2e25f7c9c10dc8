// The wabt interpreter engine through the engine interface: the runtime calling convention,
// memories, heap pages, host functions, traps, fuel, resets and instantiation errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "executor/interpreter/interpreter_engine.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

using testing::instantiate;
using testing::read_u32_le;

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

ExecutionError invoke_error(Instance& instance, std::string_view name,
                            std::vector<WasmValue> args = {}, const CallOptions& options = {}) {
  auto out = instance.invoke(name, args, options);
  EXPECT_FALSE(out.has_value()) << name;
  return out ? ExecutionError{} : out.error();
}

WasmValue invoke_ok(Instance& instance, std::string_view name, std::vector<WasmValue> args = {},
                    const CallOptions& options = {}) {
  auto out = instance.invoke(name, args, options);
  EXPECT_TRUE(out.has_value()) << name << ": " << (out ? "" : out.error().describe());
  return out ? out->value_or(WasmValue{}) : WasmValue{};
}

TEST(Interpreter, CallingConventionRoundTrip) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const Bytes input = to_bytes("The quick brown fox");
  const Bytes echoed = call_ok(*instance, "echo", input);
  EXPECT_EQ(echoed, input);
  // The input was the first allocation: right after __heap_base (70001, rounded up to 70008).
  EXPECT_EQ(instance->allocator().stats().bytes_allocated, 8u + 32u);
  Bytes reversed(input.rbegin(), input.rend());
  EXPECT_EQ(call_ok(*instance, "reverse", input), reversed);
  EXPECT_EQ(call_ok(*instance, "echo", {}), Bytes{});
  // Large input: 1 MiB.
  Bytes big(size_t{1} << 20);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 31);
  EXPECT_EQ(call_ok(*instance, "echo", big), big);
}

TEST(Interpreter, InputIsPlacedByTheAllocatorAfterHeapBase) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  ASSERT_EQ(instance->heap_base(), 70001u);
  // echo returns the input where it lies; the first block starts at 70008 + 8.
  call_ok(*instance, "echo", to_bytes("abc"));
  EXPECT_EQ(instance->allocator().bumper(), 70008u + 8u + 8u);
}

TEST(Interpreter, ExportedMemoryGetsHeapPages) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const Bytes info = call_ok(*instance, "memory_info");
  ASSERT_EQ(info.size(), 8u);
  EXPECT_EQ(read_u32_le(info, 0), 2u + kDefaultHeapPages);
  EXPECT_EQ(read_u32_le(info, 4), 0xFFFFFFFFu);  // memory.grow fails: the maximum is the size
  EXPECT_EQ(instance->memory().pages(), 2u + kDefaultHeapPages);
  EXPECT_EQ(instance->memory().max_pages(), 2u + kDefaultHeapPages);
}

TEST(Interpreter, ImportedMemoryGetsHeapPagesDespiteItsDeclaredMaximum) {
  auto instance = instantiate("runtime_imported_memory", {.heap_pages = 16});
  ASSERT_NE(instance, nullptr);
  const Bytes info = call_ok(*instance, "memory_info");
  EXPECT_EQ(read_u32_le(info, 0), 17u);
  EXPECT_EQ(read_u32_le(info, 4), 0xFFFFFFFFu);
  EXPECT_EQ(call_ok(*instance, "data"), to_bytes("imported"));
  EXPECT_EQ(call_ok(*instance, "echo", to_bytes("xyz")), to_bytes("xyz"));
}

TEST(Interpreter, MemoryImportedUnderAnotherName) {
  auto instance = instantiate("custom_memory_import", {.heap_pages = 5});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_ok(*instance, "pages"), WasmValue::i32(8));
}

TEST(Interpreter, HeapPagesBoundTheAllocator) {
  auto instance = instantiate("runtime_exported_memory", {.heap_pages = 1});
  ASSERT_NE(instance, nullptr);
  // Three pages: the heap starts at 70008 and ends at 196608.
  auto size = [](uint32_t n) {
    return Bytes{static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8),
                 static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 24)};
  };
  // Blocks: the input (8 + 8), the output word (8 + 8), then the requested one.
  const Bytes ok = call_ok(*instance, "allocate", size(65536));
  EXPECT_EQ(read_u32_le(ok, 0), 70008u + 16u + 16u + 8u);
  const ExecutionError error = call_error(*instance, "allocate", size(131072));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kAllocator) << error.describe();
  EXPECT_NE(error.message.find("out of space"), std::string::npos) << error.message;
  // A fresh allocator for the next call.
  EXPECT_EQ(read_u32_le(call_ok(*instance, "allocate", size(65536)), 0), 70008u + 16u + 16u + 8u);
}

TEST(Interpreter, InputTooLargeForTheHeap) {
  auto instance = instantiate("runtime_exported_memory", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  const ExecutionError error = call_error(*instance, "echo", Bytes(70000));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kAllocator);
}

TEST(Interpreter, DoubleFreePoisonsTheAllocator) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const ExecutionError error = call_error(*instance, "double_free", to_bytes("x"));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kAllocator);
  EXPECT_TRUE(instance->allocator().poisoned());
  EXPECT_EQ(call_ok(*instance, "echo", to_bytes("y")), to_bytes("y"));
}

TEST(Interpreter, StateIsFreshForEveryCall) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const Bytes expected = {1, 'c' + 1, 1, 1, 1};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call_ok(*instance, "bump_state"), expected);
  // Also after a call that trapped half-way.
  call_error(*instance, "double_free", to_bytes("x"));
  EXPECT_EQ(call_ok(*instance, "bump_state"), expected);
}

TEST(Interpreter, StartFunctionRunsOncePerCall) {
  auto instance = instantiate("start_function");
  ASSERT_NE(instance, nullptr);
  for (int i = 0; i < 3; ++i) {
    const Bytes out = call_ok(*instance, "read");
    ASSERT_EQ(out.size(), 8u);
    EXPECT_EQ(read_u32_le(out, 0), 15u);
    EXPECT_EQ(read_u32_le(out, 4), 1u);
  }
}

TEST(Interpreter, StartFunctionThatNeverReturns) {
  auto module = testing::compile(testing::test_module("start_function_loops"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate({}, {.heap_pages = 0, .start_fuel = 10'000});
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().kind, ExecutionErrorKind::kInstantiationFailed);
  EXPECT_NE(instance.error().message.find("fuel"), std::string::npos) << instance.error().message;
}

TEST(Interpreter, OutputOutsideTheMemory) {
  auto instance = instantiate("runtime_exported_memory", {.heap_pages = 0});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(call_error(*instance, "output_past_end").kind, ExecutionErrorKind::kOutputOutOfBounds);
  EXPECT_EQ(call_error(*instance, "output_huge_length").kind,
            ExecutionErrorKind::kOutputOutOfBounds);
  EXPECT_EQ(call_ok(*instance, "sixteen_bytes"), to_bytes("canary, runtime!"));
  EXPECT_EQ(call_error(*instance, "sixteen_bytes", {}, {.max_output_size = 15}).kind,
            ExecutionErrorKind::kOutputTooLarge);
}

TEST(Interpreter, EntryPointChecks) {
  auto instance = instantiate("runtime_exported_memory");
  ASSERT_NE(instance, nullptr);
  const ExecutionError missing = call_error(*instance, "Core_version");
  EXPECT_EQ(missing.kind, ExecutionErrorKind::kMissingExport);
  EXPECT_EQ(missing.message, "Core_version");
  EXPECT_EQ(call_error(*instance, "not_an_entry_point").kind,
            ExecutionErrorKind::kExportSignatureMismatch);
  EXPECT_EQ(invoke_ok(*instance, "not_an_entry_point", {WasmValue::i32(7)}), WasmValue::i32(7));
  EXPECT_EQ(invoke_error(*instance, "not_an_entry_point", {WasmValue::i64(7)}).kind,
            ExecutionErrorKind::kExportSignatureMismatch);
  // Without __heap_base there is no calling convention.
  auto module = testing::compile(
      testing::assemble_module({0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e}, {{0x00, 0x42, 0x00, 0x0b}}));
  ASSERT_NE(module, nullptr);
  auto no_heap_base = module->instantiate({});
  ASSERT_TRUE(no_heap_base.has_value());
  EXPECT_EQ(call_error(**no_heap_base, "f0").kind, ExecutionErrorKind::kMissingHeapBase);
}

TEST(Interpreter, HostFunctionsBothWays) {
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
  const Bytes from_context = call_ok(*instance, "context", {}, {.host_context = &context});
  EXPECT_EQ(read_u32_le(from_context, 0), 0xC0FFEEu);
  const ExecutionError no_context = call_error(*instance, "context");
  EXPECT_EQ(no_context.kind, ExecutionErrorKind::kHostError);

  const ExecutionError failed = call_error(*instance, "fail");
  EXPECT_EQ(failed.kind, ExecutionErrorKind::kHostError);
  EXPECT_EQ(failed.message, "host_fail was called");
}

TEST(Interpreter, FloatsCrossTheBoundaryBitExact) {
  auto instance = instantiate("host_calls");
  ASSERT_NE(instance, nullptr);
  const uint64_t nan_with_payload = 0x7FF4000000000123ull;  // a signalling NaN
  EXPECT_EQ(invoke_ok(*instance, "negate", {WasmValue::f64_bits(nan_with_payload)}),
            WasmValue::f64_bits(nan_with_payload | (uint64_t{1} << 63)));
  auto traps = instantiate("traps");
  ASSERT_NE(traps, nullptr);
  EXPECT_EQ(invoke_ok(*traps, "identity_f64", {WasmValue::f64_bits(nan_with_payload)}),
            WasmValue::f64_bits(nan_with_payload));
}

TEST(Interpreter, Traps) {
  auto instance = instantiate("traps");
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_error(*instance, "unreachable").kind, ExecutionErrorKind::kUnreachable);
  EXPECT_EQ(invoke_error(*instance, "load_out_of_bounds").kind,
            ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke_error(*instance, "store_out_of_bounds").kind,
            ExecutionErrorKind::kMemoryOutOfBounds);
  EXPECT_EQ(invoke_error(*instance, "divide_by_zero", {WasmValue::i32(5)}).kind,
            ExecutionErrorKind::kIntegerDivideByZero);
  EXPECT_EQ(invoke_error(*instance, "integer_overflow").kind, ExecutionErrorKind::kIntegerOverflow);
  EXPECT_EQ(invoke_error(*instance, "invalid_conversion").kind,
            ExecutionErrorKind::kInvalidConversion);
  EXPECT_EQ(invoke_ok(*instance, "call_indirect", {WasmValue::i32(0)}), WasmValue::i32(7));
  for (uint32_t slot : {1u, 2u, 4u, 0xFFFFFFFFu}) {
    EXPECT_EQ(invoke_error(*instance, "call_indirect", {WasmValue::i32(slot)}).kind,
              ExecutionErrorKind::kIndirectCallMismatch)
        << slot;
  }
  EXPECT_EQ(invoke_ok(*instance, "sign_extend", {WasmValue::i32(0x80)}),
            WasmValue::i32(0xFFFFFF80u));
  // The instance stays usable after traps.
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(10)}), WasmValue::i64(10));
}

TEST(Interpreter, FuelBoundsInfiniteLoops) {
  auto instance = instantiate("traps");
  ASSERT_NE(instance, nullptr);
  const ExecutionError error = invoke_error(*instance, "infinite_loop", {}, {.fuel = 1'000'000});
  EXPECT_EQ(error.kind, ExecutionErrorKind::kFuelExhausted) << error.describe();
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(1000)}, {.fuel = 1'000'000}),
            WasmValue::i64(1000));
  EXPECT_EQ(
      invoke_error(*instance, "count_to", {WasmValue::i64(1'000'000)}, {.fuel = 100'000}).kind,
      ExecutionErrorKind::kFuelExhausted);
  // Without a budget the same call completes.
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(100'000)}), WasmValue::i64(100'000));
}

TEST(Interpreter, FuelIsExactAndRepeatable) {
  // The smallest budget that completes count_to(100), found by bisection, is the same on every
  // run and instance: fuel is counted by the module's code, not by the engine.
  auto minimal_budget = [] {
    auto instance = instantiate("traps");
    uint64_t low = 0;
    uint64_t high = 1'000'000;
    while (low + 1 < high) {
      const uint64_t mid = (low + high) / 2;
      auto out = instance->invoke("count_to", std::vector{WasmValue::i64(100)}, {.fuel = mid});
      (out ? high : low) = mid;
    }
    return high;
  };
  const uint64_t budget = minimal_budget();
  EXPECT_EQ(minimal_budget(), budget);
  // The function's own stretch is 5 instructions (block, loop, end, local.get, end); the loop
  // body is 10 (up to and including its end) and is entered 101 times.
  EXPECT_EQ(budget, 5u + 101u * 10u);
}

TEST(Interpreter, ModuleWithoutFuelMeteringRefusesABudget) {
  auto instance = instantiate("traps", {}, {.meter_fuel = false});
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(invoke_ok(*instance, "count_to", {WasmValue::i64(10)}), WasmValue::i64(10));
  EXPECT_EQ(invoke_error(*instance, "count_to", {WasmValue::i64(10)}, {.fuel = 100}).kind,
            ExecutionErrorKind::kInternal);
}

TEST(Interpreter, MissingImportsAreListed) {
  auto module = testing::compile(testing::test_module("missing_imports"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate(testing::test_host_functions());
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().kind, ExecutionErrorKind::kMissingImport);
  EXPECT_EQ(instance.error().message, "env.absent_one, env.absent_two");
}

TEST(Interpreter, MissingImportsCanBeStubbed) {
  auto module = testing::compile(testing::test_module("missing_imports"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate(testing::test_host_functions(),
                                      {.heap_pages = 0, .stub_missing_imports = true});
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  EXPECT_EQ(invoke_ok(**instance, "present"), WasmValue::i64(5));
  const ExecutionError error = invoke_error(**instance, "absent");
  EXPECT_EQ(error.kind, ExecutionErrorKind::kMissingImport);
  EXPECT_NE(error.message.find("env.absent_one"), std::string::npos);
}

TEST(Interpreter, ImportSignatureMismatch) {
  HostFunctionTable host = testing::test_host_functions();
  HostFunctionTable wrong;
  for (HostFunction function : host.functions()) {
    if (function.name == "host_add") function.signature.params.pop_back();
    wrong.add(function);
  }
  auto module = testing::compile(testing::test_module("host_calls"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate(wrong);
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().kind, ExecutionErrorKind::kImportSignatureMismatch);
  EXPECT_NE(instance.error().message.find("env.host_add"), std::string::npos);
}

TEST(Interpreter, HugeMemories) {
  auto module = testing::compile(testing::test_module("huge_memory"));
  ASSERT_NE(module, nullptr);
  // 65536 declared pages + 2048 heap pages do not fit in 32-bit memory.
  auto instance = module->instantiate({});
  ASSERT_FALSE(instance.has_value());
  EXPECT_EQ(instance.error().kind, ExecutionErrorKind::kMemoryTooLarge);
  // A resource limit below 4 GiB refuses it even without heap pages.
  auto limited = module->instantiate({}, {.heap_pages = 0, .max_memory_pages = 4096});
  ASSERT_FALSE(limited.has_value());
  EXPECT_EQ(limited.error().kind, ExecutionErrorKind::kMemoryTooLarge);
  // A `:heappages` value beyond any memory.
  auto runtime = testing::compile(testing::test_module("runtime_imported_memory"));
  ASSERT_NE(runtime, nullptr);
  EXPECT_EQ(
      runtime->instantiate(testing::test_host_functions(), {.heap_pages = UINT64_MAX}).error().kind,
      ExecutionErrorKind::kMemoryTooLarge);
}

TEST(Interpreter, ReentrantCallsAreRefused) {
  // A host function that calls back into the instance it runs in.
  HostFunctionTable host = testing::test_host_functions();
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
  auto module = testing::compile(testing::test_module("host_calls"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate(reentrant);
  ASSERT_TRUE(instance.has_value());
  Instance& self = **instance;
  const ExecutionError error = call_error(self, "context", {}, {.host_context = &self});
  EXPECT_EQ(error.kind, ExecutionErrorKind::kReentrantCall);
  EXPECT_EQ(call_ok(self, "hello"), to_bytes("hello"));
}

}  // namespace
}  // namespace canary::executor
