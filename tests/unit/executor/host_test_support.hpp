// Shared helpers of the host API tests: an in-memory state to run against, direct calls of host
// functions on a plain memory (no engine), and the engines the runtime tests run on.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aot_test_support.hpp"
#include "executor/allocator/freeing_bump.hpp"
#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/host_call.hpp"
#include "executor/host/host_context.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/vector_memory.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"

namespace canary::executor::host::testing {

inline Bytes b(std::string_view s) {
  return to_bytes(s);
}

using Entries = std::map<Bytes, Bytes>;

// A committed state held in memory, and an overlay on it.
class MemoryState {
 public:
  explicit MemoryState(const Entries& main = {}, const std::map<Bytes, Entries>& children = {},
                       state::StateVersion version = state::StateVersion::kV1) {
    state::Trie main_trie;
    for (const auto& [k, v] : main) EXPECT_TRUE(main_trie.insert(k, v));
    for (const auto& [child, entries] : children) {
      state::Trie trie;
      for (const auto& [k, v] : entries) EXPECT_TRUE(trie.insert(k, v));
      const Hash256 root = trie.root_hash(version, &store_);
      if (!trie.empty()) EXPECT_TRUE(main_trie.insert(state::default_child_root_key(child), root));
    }
    root_ = main_trie.root_hash(version, &store_);
    backend_ = std::make_unique<state::TrieBackend>(root_, store_);
    overlay_ = std::make_unique<state::OverlayedChanges>(*backend_);
  }

  state::OverlayedChanges& overlay() { return *overlay_; }
  const Hash256& root() const { return root_; }

 private:
  state::MemoryNodeStore store_;
  Hash256 root_{};
  std::unique_ptr<state::TrieBackend> backend_;
  std::unique_ptr<state::OverlayedChanges> overlay_;
};

// Calls host functions directly on a VectorMemory, as an engine's import trampoline would.
class DirectHost {
 public:
  explicit DirectHost(HostContext* context = nullptr, uint32_t pages = 4)
      : memory_(pages), allocator_(kHeapBase), context_(context), table_(host_api()) {}

  static constexpr uint32_t kHeapBase = 1024;

  LinearMemory& memory() { return memory_; }
  FreeingBumpAllocator& allocator() { return allocator_; }
  const HostFunctionTable& table() const { return table_; }

  HostResult call(std::string_view name, std::vector<WasmValue> args) {
    const HostFunction* function = table_.find("env", name);
    EXPECT_NE(function, nullptr) << name;
    if (function == nullptr) return host_error("no such function");
    EXPECT_EQ(args.size(), function->signature.params.size()) << name;
    for (size_t i = 0; i < args.size() && i < function->signature.params.size(); ++i) {
      EXPECT_EQ(args[i].type, function->signature.params[i]) << name << " argument " << i;
    }
    HostCallContext context{memory_, allocator_, context_};
    return function->callback(context, args);
  }

  // Copies `data` below the heap (from 64 on) and returns its pointer-size argument.
  WasmValue put(ByteSpan data) {
    const uint32_t ptr = next_;
    EXPECT_TRUE(memory_.write(ptr, data));
    next_ += static_cast<uint32_t>(data.size());
    EXPECT_LE(next_, kHeapBase) << "test data overflows into the heap";
    return WasmValue::i64(PointerSize{ptr, static_cast<uint32_t>(data.size())}.pack());
  }
  WasmValue put(std::string_view text) { return put(as_bytes(text)); }
  // The same data, as an i32 pointer.
  WasmValue put_ptr(ByteSpan data) {
    return WasmValue::i32(PointerSize::unpack(put(data).as_u64()).ptr);
  }

  // The bytes an i64 pointer-size result names.
  Bytes bytes_of(const HostResult& result) {
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
    if (!result || !*result) return {};
    const PointerSize ps = PointerSize::unpack((*result)->as_u64());
    auto data = memory_.read(ps.ptr, ps.len);
    EXPECT_TRUE(data.has_value());
    return data ? *data : Bytes{};
  }
  // The `size` bytes an i32 pointer result points at.
  Bytes fixed_of(const HostResult& result, uint32_t size) {
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
    if (!result || !*result) return {};
    auto data = memory_.read((*result)->as_u32(), size);
    EXPECT_TRUE(data.has_value());
    return data ? *data : Bytes{};
  }

 private:
  VectorMemory memory_;
  FreeingBumpAllocator allocator_;
  HostContext* context_;
  HostFunctionTable table_;
  uint32_t next_ = 64;
};

inline ExecutionErrorKind error_kind(const HostResult& result) {
  EXPECT_FALSE(result.has_value());
  return result ? ExecutionErrorKind::kInternal : result.error().kind;
}

// The engines every runtime test runs on.
struct EngineFactory {
  const char* name;
  std::function<std::unique_ptr<Engine>()> make;
};

inline std::vector<EngineFactory> engines() {
  return {{"interpreter", [] { return std::make_unique<InterpreterEngine>(); }},
          {"fast_interpreter", [] { return std::make_unique<FastInterpreterEngine>(); }},
          {"baseline_jit", [] { return std::make_unique<BaselineJitEngine>(); }},
          {"aot",
           [] { return std::make_unique<aot::AotEngine>(executor::testing::aot_test_config()); }},
          {"optimizing", [] {
             return std::make_unique<optimizing::OptimizingEngine>(
                 executor::testing::optimizing_test_config());
           }}};
}

}  // namespace canary::executor::host::testing
