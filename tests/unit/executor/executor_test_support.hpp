// Shared helpers of the executor tests: test modules built from tests/wasm/executor/*.wat, a
// hand assembler for binaries the text format cannot express, and the usual host functions.
#pragma once

#include <gtest/gtest.h>
#include <zstd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/engine.hpp"
#include "executor/fast_interpreter/fast_interpreter_engine.hpp"
#include "executor/host_function.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::executor::testing {

// The engine of the suites written against one engine (interpreter_test.cpp, stack_limit_test.cpp,
// the genesis runtimes, the runtime API and cache): the wabt interpreter, or the engine named by
// CANARY_TEST_ENGINE (`fast-interpreter` or `baseline-jit`; ctest runs those suites again on
// each).
inline const Engine& test_engine() {
  static const std::unique_ptr<const Engine> kEngine = []() -> std::unique_ptr<const Engine> {
    const char* name = std::getenv("CANARY_TEST_ENGINE");
    if (name != nullptr && std::string(name) == "fast-interpreter") {
      return std::make_unique<FastInterpreterEngine>();
    }
    if (name != nullptr && std::string(name) == "baseline-jit") {
      return std::make_unique<BaselineJitEngine>();
    }
    return std::make_unique<InterpreterEngine>();
  }();
  return *kEngine;
}

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// tests/wasm/executor/<name>.wat, converted by wat2wasm at build time.
inline Bytes test_module(const std::string& name) {
  return read_file(std::string(CANARY_EXECUTOR_TEST_MODULES) + "/" + name + ".wasm");
}

inline void append_u32(Bytes& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

inline void append_section(Bytes& module, uint8_t id, const Bytes& payload) {
  module.push_back(id);
  append_u32(module, static_cast<uint32_t>(payload.size()));
  module.insert(module.end(), payload.begin(), payload.end());
}

inline Bytes custom_section(std::string_view name, ByteSpan payload) {
  Bytes body;
  append_u32(body, static_cast<uint32_t>(name.size()));
  body.insert(body.end(), name.begin(), name.end());
  body.insert(body.end(), payload.begin(), payload.end());
  Bytes section;
  append_section(section, 0, body);
  return section;
}

// `data` as `:code` is stored compressed: sp-maybe-compressed-blob's prefix, then a zstd frame.
inline Bytes zstd_code(ByteSpan data, int level = 3) {
  Bytes out(ZSTD_compressBound(data.size()));
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(ZSTD_isError(n) ? 0 : n);
  Bytes code(kZstdCodePrefix.begin(), kZstdCodePrefix.end());
  code.insert(code.end(), out.begin(), out.end());
  return code;
}

// As zstd_code, but streamed the way a streaming encoder (the zstd crate's encode_all, which
// Substrate's build uses) writes it: the frame does not declare its content size, so a reader
// learns the size only by decompressing.
inline Bytes zstd_streamed_code(ByteSpan data, int level = 3) {
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_contentSizeFlag, 0);
  Bytes code(kZstdCodePrefix.begin(), kZstdCodePrefix.end());
  Bytes chunk(ZSTD_CStreamOutSize());
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  size_t remaining = 0;
  do {
    ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
    remaining = ZSTD_compressStream2(ctx.get(), &out, &in, ZSTD_e_end);
    EXPECT_FALSE(ZSTD_isError(remaining));
    if (ZSTD_isError(remaining)) return {};
    code.insert(code.end(), chunk.begin(), chunk.begin() + static_cast<ptrdiff_t>(out.pos));
  } while (remaining != 0);
  return code;
}

inline const Bytes kWasmHeader = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

// A module with one memory page and the given functions, all of type `type` (the raw type
// section entry, e.g. {0x60, 0, 0} for () -> ()), exported as "f0", "f1", ... Bodies are raw
// code (locals declarations included, without the size prefix). A table of `table_size` slots
// holds every function from slot 0 when table_size > 0.
inline Bytes assemble_module(const Bytes& type, const std::vector<Bytes>& bodies,
                             uint32_t table_size = 0) {
  Bytes module = kWasmHeader;
  Bytes types{1};
  types.insert(types.end(), type.begin(), type.end());
  append_section(module, 1, types);
  Bytes functions;
  append_u32(functions, static_cast<uint32_t>(bodies.size()));
  for (size_t i = 0; i < bodies.size(); ++i) functions.push_back(0);
  append_section(module, 3, functions);
  if (table_size > 0) {
    Bytes table{1, 0x70, 0x00};
    append_u32(table, table_size);
    append_section(module, 4, table);
  }
  append_section(module, 5, Bytes{1, 0x00, 0x01});
  Bytes exports;
  append_u32(exports, static_cast<uint32_t>(bodies.size()));
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string name = "f" + std::to_string(i);
    append_u32(exports, static_cast<uint32_t>(name.size()));
    exports.insert(exports.end(), name.begin(), name.end());
    exports.push_back(0x00);
    append_u32(exports, static_cast<uint32_t>(i));
  }
  append_section(module, 7, exports);
  if (table_size > 0) {
    Bytes elements{1, 0x00, 0x41, 0x00, 0x0b};
    append_u32(elements, static_cast<uint32_t>(bodies.size()));
    for (size_t i = 0; i < bodies.size(); ++i) append_u32(elements, static_cast<uint32_t>(i));
    append_section(module, 9, elements);
  }
  Bytes code;
  append_u32(code, static_cast<uint32_t>(bodies.size()));
  for (const Bytes& body : bodies) {
    append_u32(code, static_cast<uint32_t>(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  append_section(module, 10, code);
  return module;
}

// The host functions of the test modules; `user` of HostCallContext is a uint32_t* in
// host_context.
inline HostFunctionTable test_host_functions() {
  using V = ValueType;
  HostFunctionTable table;
  table.add({"env",
             "ext_allocator_malloc_version_1",
             {{V::kI32}, V::kI32},
             [](HostCallContext& ctx, std::span<const WasmValue> args) -> HostResult {
               auto ptr = ctx.allocator.allocate(ctx.memory, args[0].as_u32());
               if (!ptr) {
                 return unexpected(
                     ExecutionError::make(ExecutionErrorKind::kAllocator, to_string(ptr.error())));
               }
               return host_value(WasmValue::i32(*ptr));
             }});
  table.add({"env",
             "ext_allocator_free_version_1",
             {{V::kI32}, std::nullopt},
             [](HostCallContext& ctx, std::span<const WasmValue> args) -> HostResult {
               auto freed = ctx.allocator.deallocate(ctx.memory, args[0].as_u32());
               if (!freed) {
                 return unexpected(ExecutionError::make(ExecutionErrorKind::kAllocator,
                                                        to_string(freed.error())));
               }
               return host_void();
             }});
  table.add({"env",
             "host_add",
             {{V::kI64, V::kI64}, V::kI64},
             [](HostCallContext&, std::span<const WasmValue> args) -> HostResult {
               return host_value(WasmValue::i64(args[0].as_u64() + args[1].as_u64()));
             }});
  table.add({"env",
             "host_fail",
             {{}, std::nullopt},
             [](HostCallContext&, std::span<const WasmValue>) -> HostResult {
               return host_error("host_fail was called");
             }});
  table.add({"env",
             "host_hello",
             {{}, V::kI64},
             [](HostCallContext& ctx, std::span<const WasmValue>) -> HostResult {
               auto ptr = ctx.allocator.allocate(ctx.memory, 5);
               if (!ptr) return host_error("out of memory");
               if (!ctx.memory.write(*ptr, as_bytes("hello"))) return host_error("write");
               return host_value(WasmValue::i64(uint64_t{*ptr} | (uint64_t{5} << 32)));
             }});
  table.add({"env",
             "host_negate_f64",
             {{V::kF64}, V::kF64},
             [](HostCallContext&, std::span<const WasmValue> args) -> HostResult {
               return host_value(WasmValue::f64_bits(args[0].bits ^ (uint64_t{1} << 63)));
             }});
  table.add({"env",
             "host_context",
             {{}, V::kI32},
             [](HostCallContext& ctx, std::span<const WasmValue>) -> HostResult {
               if (ctx.user == nullptr) return host_error("no context");
               return host_value(WasmValue::i32(*static_cast<const uint32_t*>(ctx.user)));
             }});
  return table;
}

inline std::shared_ptr<const Module> compile(ByteSpan wasm, const PrepareConfig& config = {}) {
  auto module = test_engine().compile(wasm, config);
  EXPECT_TRUE(module.has_value()) << (module ? "" : module.error().describe());
  return module ? *module : nullptr;
}

inline std::unique_ptr<Instance> instantiate(const std::string& name,
                                             const InstanceConfig& config = {},
                                             const PrepareConfig& prepare = {}) {
  auto module = compile(test_module(name), prepare);
  if (!module) return nullptr;
  auto instance = module->instantiate(test_host_functions(), config);
  EXPECT_TRUE(instance.has_value()) << (instance ? "" : instance.error().describe());
  return instance ? std::move(*instance) : nullptr;
}

inline uint32_t read_u32_le(ByteSpan bytes, size_t offset) {
  return uint32_t{bytes[offset]} | uint32_t{bytes[offset + 1]} << 8 |
         uint32_t{bytes[offset + 2]} << 16 | uint32_t{bytes[offset + 3]} << 24;
}

}  // namespace canary::executor::testing
