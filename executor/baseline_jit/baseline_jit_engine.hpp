// The baseline JIT (baseline_jit_code.hpp): the fast interpreter's code compiled to x86-64 in one
// pass: TieredModule's first tier (aot/tiered_module.hpp), and `--wasm-execution baseline-jit`.
#pragma once

#include "executor/engine.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_baseline_jit(
    std::shared_ptr<const PreparedModule> prepared);

class BaselineJitEngine final : public Engine {
 public:
  using Engine::compile;

  std::string_view name() const override { return "baseline-jit"; }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override {
    return compile_for_baseline_jit(std::move(prepared));
  }
};

}  // namespace canary::executor
