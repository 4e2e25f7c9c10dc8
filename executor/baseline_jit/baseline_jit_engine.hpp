// The baseline JIT (baseline_jit_code.hpp): the fast interpreter's code compiled to x86-64 in one
// pass: TieredModule's first tier (aot/tiered_module.hpp), and `--wasm-execution baseline-jit`.
#pragma once

#include "executor/baseline_jit/baseline_jit_code.hpp"
#include "executor/engine.hpp"
#include "executor/fast_interpreter/code.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_baseline_jit(
    std::shared_ptr<const PreparedModule> prepared);

// The JIT's module of `compiled` (fast::compile_module of `prepared`) with some functions' code
// from elsewhere: the optimizing tier (optimizing/optimizing_tier.hpp).
// The JIT's module of `prepared` compiled with a profile (jit::Code::profile), and what the
// optimizing tier needs to compile its hot functions.
struct ProfiledJit {
  std::shared_ptr<const Module> module;
  std::shared_ptr<const jit::Code> code;
  std::shared_ptr<const fast::CompiledModule> compiled;
};
Result<ProfiledJit, ExecutionError> compile_profiled_jit(
    std::shared_ptr<const PreparedModule> prepared);

Result<std::shared_ptr<const Module>, ExecutionError> make_jit_module(
    std::shared_ptr<const PreparedModule> prepared,
    std::shared_ptr<const fast::CompiledModule> compiled, jit::NativeFunctions natives);

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
