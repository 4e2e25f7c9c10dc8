// The ahead-of-time engine: wasm2c translates the instrumented module (PreparedModule::code, so
// both engines share every limit) to C, the system C compiler makes a shared object of it, and the
// object is loaded with dlopen. Both tools run in a worker process with time and memory limits
// (worker_process.hpp); the objects are cached on disk under a key that covers everything that
// changes the generated code (aot_cache.hpp). Compiling a large runtime takes tens of seconds:
// tiered_module.hpp runs it on the interpreter meanwhile.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "executor/aot/aot_config.hpp"
#include "executor/aot/aot_error.hpp"
#include "executor/engine.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::aot {

// Bumped whenever Canary changes how it drives wasm2c and the compiler; part of the cache key.
inline constexpr uint32_t kAotFormatVersion = 2;

struct AotStats {
  uint64_t cache_hits = 0;
  uint64_t workers_started = 0;  // compilations (cache misses)
  uint64_t cache_files_rejected = 0;
};

// What identifies the tools: part of every cache key.
struct Toolchain {
  std::string wasm2c;    // full path
  std::string compiler;  // full path
  std::string identity;  // resolved paths and the tools' --version output
};

// One compilation, from the cache if possible; adds what it did to `stats`.
Result<std::shared_ptr<const Module>, AotError> compile_aot(
    const AotConfig& config, const Toolchain& toolchain,
    std::shared_ptr<const PreparedModule> prepared, const std::stop_token& stop, AotStats& stats);

Result<Toolchain, AotError> find_toolchain(const AotConfig& config);

// The cache key of `code` (with its generated glue) under a toolchain and configuration.
Hash256 aot_cache_key(const AotConfig& config, const Toolchain& toolchain, ByteSpan code,
                      std::string_view glue);

class AotEngine final : public Engine {
 public:
  explicit AotEngine(AotConfig config = {}) : config_(std::move(config)) {}

  using Engine::compile;

  // Inline on purpose: this library is built without RTTI (see InterpreterEngine).
  std::string_view name() const override { return "aot"; }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override {
    auto module = compile_aot(std::move(prepared));
    if (!module) return unexpected(module.error().to_execution_error());
    return std::move(*module);
  }

  // compile() with the engine's own error type; `stop` kills a running worker.
  Result<std::shared_ptr<const Module>, AotError> compile_aot(
      std::shared_ptr<const PreparedModule> prepared, const std::stop_token& stop = {}) const;

  const AotConfig& config() const { return config_; }
  AotStats stats() const;
  // Found once, on first use.
  Result<Toolchain, AotError> toolchain() const;

 private:
  AotConfig config_;
  mutable Mutex mutex_;
  mutable std::optional<Result<Toolchain, AotError>> toolchain_ GUARDED_BY(mutex_);
  mutable AotStats stats_ GUARDED_BY(mutex_);
};

}  // namespace canary::executor::aot
