// Which modules the executor accepts: MVP + sign-extension + mutable globals, nothing else, and
// nothing malformed. What counts is what the code uses, not what a target_features section says.
#include <gtest/gtest.h>

#include <set>

#include "executor/prepare/validate.hpp"
#include "executor/prepared_module.hpp"
#include "executor_test_support.hpp"

namespace canary::executor {
namespace {

using testing::test_module;

ExecutionError prepare_error(ByteSpan wasm) {
  auto prepared = prepare_module(wasm);
  EXPECT_FALSE(prepared.has_value());
  return prepared ? ExecutionError{} : prepared.error();
}

void expect_unsupported(const std::string& module, const std::string& feature) {
  const ExecutionError error = prepare_error(test_module(module));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kUnsupportedFeature) << module << ": " << error.message;
  EXPECT_NE(error.message.find(feature), std::string::npos) << module << ": " << error.message;
}

TEST(Validation, AcceptsMvpWithSignExtension) {
  // traps.wasm uses i32.extend8_s, a table, call_indirect, loops and every trap.
  EXPECT_TRUE(prepare_module(test_module("traps")).has_value());
  EXPECT_TRUE(prepare_module(test_module("runtime_exported_memory")).has_value());
  EXPECT_TRUE(prepare_module(test_module("runtime_imported_memory")).has_value());
}

TEST(Validation, RefusesPostMvpProposalsByName) {
  expect_unsupported("uses_simd", "simd");
  expect_unsupported("uses_bulk_memory", "bulk-memory");
  expect_unsupported("uses_multi_value", "multi-value");
  expect_unsupported("uses_saturating_conversion", "saturating-float-to-int");
  expect_unsupported("uses_reference_types", "reference-types");
  expect_unsupported("uses_threads", "threads");
  expect_unsupported("uses_tail_call", "tail-call");
}

TEST(Validation, TargetFeaturesSectionDoesNotMatter) {
  // clang-19 writes "+reference-types", "+multivalue" and friends into this custom section by
  // default; only the code decides.
  Bytes features{4};
  for (std::string_view name : {"mutable-globals", "sign-ext", "reference-types", "multivalue"}) {
    features.push_back('+');
    features.push_back(static_cast<uint8_t>(name.size()));
    features.insert(features.end(), name.begin(), name.end());
  }
  Bytes wasm = test_module("traps");
  const Bytes section = testing::custom_section("target_features", features);
  wasm.insert(wasm.end(), section.begin(), section.end());
  EXPECT_TRUE(prepare_module(wasm).has_value());
}

// call_indirect through table 0, with the table index encoded as `table_index` bytes.
Bytes call_indirect_module(const Bytes& table_index) {
  // type 0: () -> (); f0 calls slot 0 through call_indirect, f1 is the target.
  Bytes caller{0x00, 0x41, 0x01, 0x11, 0x00};
  caller.insert(caller.end(), table_index.begin(), table_index.end());
  caller.push_back(0x0b);
  return testing::assemble_module({0x60, 0x00, 0x00}, {caller, {0x00, 0x0b}}, /*table_size=*/2);
}

TEST(Validation, PaddedCallIndirectTableIndexIsReferenceTypes) {
  // LLVM with reference-types enabled emits the table index of call_indirect as a relocatable,
  // padded LEB128 (0x80 0x80 0x80 0x80 0x00). Its value is 0, but MVP requires the single byte
  // 0x00, and so does the reference executor with reference types off.
  EXPECT_TRUE(prepare_module(call_indirect_module({0x00})).has_value());
  const ExecutionError error = prepare_error(call_indirect_module({0x80, 0x80, 0x80, 0x80, 0x00}));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kUnsupportedFeature) << error.message;
  EXPECT_NE(error.message.find("reference-types"), std::string::npos) << error.message;
}

TEST(Validation, ClangDefaultFeaturesVersusAnMvpBuild) {
  // The same C++ function-pointer call compiled by clang-19 (tests/wasm/executor/CMakeLists.txt).
  const ExecutionError error = prepare_error(test_module("clang_call_indirect_default"));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kUnsupportedFeature) << error.message;
  EXPECT_NE(error.message.find("reference-types"), std::string::npos) << error.message;

  auto module = testing::compile(test_module("clang_call_indirect_mvp"));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate({}, {.heap_pages = 0});
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  for (uint32_t which : {0u, 1u}) {
    auto out = (*instance)->invoke("apply", std::vector{WasmValue::i32(which), WasmValue::i32(21)});
    ASSERT_TRUE(out.has_value()) << out.error().describe();
    EXPECT_EQ(*out, std::optional{WasmValue::i32(which == 0 ? 22 : 42)});
  }
}

TEST(Validation, MalformedAndTruncatedBlobs) {
  EXPECT_EQ(prepare_error({}).kind, ExecutionErrorKind::kInvalidModule);
  EXPECT_EQ(prepare_error(Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9}).kind,
            ExecutionErrorKind::kInvalidModule);
  Bytes wrong_version = testing::kWasmHeader;
  wrong_version[4] = 2;
  EXPECT_EQ(prepare_error(wrong_version).kind, ExecutionErrorKind::kInvalidModule);
  // Every proper prefix of a valid module is invalid, except those that end between two
  // sections: they are modules of their own (the header alone is a valid empty module, but it has
  // no memory).
  const Bytes wasm = test_module("runtime_exported_memory");
  std::set<size_t> section_ends;
  for (size_t at = 8; at < wasm.size();) {
    uint64_t size = 0;
    size_t next = at + 1;  // past the section id
    for (int shift = 0; next < wasm.size(); shift += 7) {
      const uint8_t byte = wasm[next++];
      size |= uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    at = next + size;
    section_ends.insert(at);
  }
  for (size_t length = 0; length < wasm.size(); length += 7) {
    if (section_ends.contains(length)) continue;
    const ExecutionError error = prepare_error(ByteSpan(wasm.data(), length));
    EXPECT_EQ(error.kind, ExecutionErrorKind::kInvalidModule) << length << ": " << error.message;
  }
  // Invalid code: i32.add on an empty stack.
  EXPECT_EQ(prepare_error(testing::assemble_module({0x60, 0x00, 0x00}, {{0x00, 0x6a, 0x0b}})).kind,
            ExecutionErrorKind::kInvalidModule);
}

TEST(Validation, ModulesWithoutMemoryOrWithUnprovidableImports) {
  const ExecutionError no_memory = prepare_error(test_module("no_memory"));
  EXPECT_EQ(no_memory.kind, ExecutionErrorKind::kInvalidModule);
  EXPECT_NE(no_memory.message.find("no memory"), std::string::npos);

  // (import "env" "g" (global i32)) (memory 1)
  Bytes global_import = testing::kWasmHeader;
  testing::append_section(global_import, 2, {1, 3, 'e', 'n', 'v', 1, 'g', 0x03, 0x7f, 0x00});
  testing::append_section(global_import, 5, {1, 0x00, 0x01});
  const ExecutionError error = prepare_error(global_import);
  EXPECT_EQ(error.kind, ExecutionErrorKind::kMissingImport);
  EXPECT_NE(error.message.find("env.g"), std::string::npos);
}

TEST(Validation, ExecutorLimits) {
  // 50001 locals in one function (wasmtime's limit is 50000 including parameters).
  Bytes body;
  body.push_back(1);
  testing::append_u32(body, 50001);
  body.push_back(0x7f);
  body.push_back(0x0b);
  const ExecutionError error = prepare_error(testing::assemble_module({0x60, 0x00, 0x00}, {body}));
  EXPECT_EQ(error.kind, ExecutionErrorKind::kInvalidModule);
  EXPECT_NE(error.message.find("50000"), std::string::npos) << error.message;
}

TEST(Validation, DeeplyNestedBlocksNeedNoNativeStack) {
  // A million nested blocks: wabt's IR reader would overflow the native stack on this.
  constexpr size_t kDepth = 1000000;
  Bytes body{0x00};
  body.reserve(3 * kDepth + 2);
  for (size_t i = 0; i < kDepth; ++i) body.insert(body.end(), {0x02, 0x40});
  body.insert(body.end(), kDepth + 1, 0x0b);
  auto module = testing::compile(testing::assemble_module({0x60, 0x00, 0x00}, {body}));
  ASSERT_NE(module, nullptr);
  auto instance = module->instantiate({}, {.heap_pages = 0});
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  EXPECT_TRUE((*instance)->invoke("f0", {}).has_value());
}

}  // namespace
}  // namespace canary::executor
