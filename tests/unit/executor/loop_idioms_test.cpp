// The optimizing tier's loop idioms (executor/optimizing/loop_idioms.hpp): memset's and memcpy's
// loops become one native call where that ends as the loop would, and everything else runs the
// loop. Checked against the wabt interpreter on return values, error kinds and the whole memory,
// with and without fuel metering, with budgets that run out mid-loop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aot_test_support.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/optimizing/c_code.hpp"
#include "executor/optimizing/optimizing_tier.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

// The exports of loop_idioms.wat in order, and whether the tier should take each loop at once.
struct LoopFunction {
  const char* name;
  const char* fast_path;  // what the generated C calls, or null for a near miss
};
constexpr LoopFunction kFunctions[] = {
    {"fill32", "memset(mem + d"},
    {"fill8_offset", "memset(mem + d"},
    {"fill64", "memcpy(mem + d + i"},
    {"copy32", "memmove(mem + d"},
    {"copy8_by_source", "memmove(mem + d"},
    {"strided_fill", nullptr},
    {"copy8_signed", nullptr},
};

// Each function's C, by defined index.
std::vector<std::string> function_texts(const PrepareConfig& config) {
  auto prepared = prepare_module(testing::test_module("loop_idioms"), config);
  EXPECT_TRUE(prepared.has_value());
  if (!prepared) return {};
  auto compiled = fast::compile_module(*prepared);
  EXPECT_TRUE(compiled.has_value());
  if (!compiled) return {};
  std::vector<uint32_t> all(compiled->functions.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  auto parts = optimizing::emit_c(*compiled, all);
  EXPECT_TRUE(parts.has_value());
  if (!parts) return {};
  std::string c;
  for (const std::string& part : *parts) c += part;
  std::vector<std::string> out;
  for (uint32_t i = 0; i < all.size(); ++i) {
    const std::string head = "u32 f" + std::to_string(i) + "(void* ctx, u64* fp) {";
    const size_t start = c.find(head);
    EXPECT_NE(start, std::string::npos) << head;
    if (start == std::string::npos) return {};
    out.push_back(c.substr(start, c.find("\n}\n", start) - start));
  }
  return out;
}

TEST(LoopIdioms, TheTierRecognizesMemsetAndMemcpyLoopsAndNotTheNearMisses) {
  for (const bool fuel : {true, false}) {
    const auto texts = function_texts({.meter_fuel = fuel});
    // The instrumentation's export thunks follow the module's own functions.
    ASSERT_GE(texts.size(), std::size(kFunctions));
    for (size_t i = 0; i < std::size(kFunctions); ++i) {
      const LoopFunction& f = kFunctions[i];
      const bool fast = texts[i].find("goto X") != std::string::npos;
      EXPECT_EQ(fast, f.fast_path != nullptr) << f.name << (fuel ? " with fuel" : " without");
      if (f.fast_path != nullptr) {
        EXPECT_NE(texts[i].find(f.fast_path), std::string::npos) << f.name;
        EXPECT_EQ(texts[i].find("fuel / ") != std::string::npos, fuel) << f.name;
      }
    }
  }
}

// Addresses around the start, the middle and the end of a 2-page memory, and one that wraps.
constexpr uint32_t kAddresses[] = {0,           5,      64,         1000, 1004, 131072 - 256,
                                   131072 - 16, 131070, 0xfffffff8u};
constexpr uint32_t kValues[] = {0, 0xab, 0x01020304, 0xffffffffu};
constexpr uint32_t kLengths[] = {0, 1, 4, 15, 16, 17, 64, 1000, 4096, 70000};

std::unique_ptr<Instance> instantiate(const Engine& engine, const PrepareConfig& config) {
  auto module = engine.compile(testing::test_module("loop_idioms"), config);
  EXPECT_TRUE(module.has_value()) << (module ? "" : module.error().describe());
  if (!module) return nullptr;
  auto instance = (*module)->instantiate(testing::test_host_functions(), {.heap_pages = 0});
  EXPECT_TRUE(instance.has_value());
  return instance ? std::move(*instance) : nullptr;
}

TEST(LoopIdioms, LoopsEndAsTheWabtInterpreterEndsThem) {
  const optimizing::OptimizingEngine tier(testing::optimizing_test_config());
  for (const bool metered : {true, false}) {
    const PrepareConfig config{.meter_fuel = metered};
    auto reference = instantiate(InterpreterEngine(), config);
    auto optimized = instantiate(tier, config);
    ASSERT_NE(reference, nullptr);
    ASSERT_NE(optimized, nullptr);
    // Enough for every loop, and a budget that runs out after a dozen iterations.
    std::vector<std::optional<uint64_t>> budgets = {std::nullopt};
    if (metered) budgets = {10'000'000, 150};
    size_t fast_ends = 0;
    for (const LoopFunction& f : kFunctions) {
      const bool copy = std::string(f.name).starts_with("copy");
      for (const uint32_t dst : kAddresses) {
        std::vector<uint32_t> seconds;
        if (copy) {
          // Sources before, at and after the destination, overlapping or not.
          for (const int64_t delta : {-4096, -5, -4, -1, 0, 1, 3, 4, 8, 4096}) {
            seconds.push_back(static_cast<uint32_t>(dst + delta));
          }
        } else {
          seconds.assign(std::begin(kValues), std::end(kValues));
        }
        for (const uint32_t second : seconds) {
          for (const uint32_t length : kLengths) {
            for (const auto& fuel : budgets) {
              const std::vector<WasmValue> args = {WasmValue::i32(dst), WasmValue::i32(second),
                                                   WasmValue::i32(length)};
              const auto a = reference->invoke(f.name, args, {.fuel = fuel});
              const auto b = optimized->invoke(f.name, args, {.fuel = fuel});
              const std::string call = std::string(f.name) + "(" + std::to_string(dst) + ", " +
                                       std::to_string(second) + ", " + std::to_string(length) +
                                       ") fuel " + (fuel ? std::to_string(*fuel) : "none");
              ASSERT_EQ(a.has_value(), b.has_value())
                  << call << ": " << (a ? b.error().describe() : a.error().describe());
              if (a) {
                EXPECT_EQ(*a, *b) << call;
                fast_ends += length >= 16 ? 1 : 0;
              } else {
                EXPECT_EQ(a.error().kind, b.error().kind) << call;
              }
              const auto ma = reference->memory().bytes();
              const auto mb = optimized->memory().bytes();
              ASSERT_EQ(ma.size(), mb.size());
              ASSERT_TRUE(std::equal(ma.begin(), ma.end(), mb.begin())) << call << ": memory";
            }
          }
        }
      }
    }
    EXPECT_GT(fast_ends, 0u);
  }
}

}  // namespace
}  // namespace canary::executor
