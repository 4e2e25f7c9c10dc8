// The fast interpreter: compiles each function once, at `compile`, into slot-addressed code run by
// a direct-threaded loop (code.hpp, machine.hpp). It runs the same prepared module as the other
// engines, so it shares their stack limit, fuel, memory layout and host functions.
#pragma once

#include "executor/engine.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_fast_interpreter(
    std::shared_ptr<const PreparedModule> prepared);

class FastInterpreterEngine final : public Engine {
 public:
  using Engine::compile;

  // Inline on purpose, like InterpreterEngine's (type_info for code built with RTTI).
  std::string_view name() const override { return "fast-interpreter"; }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override {
    return compile_for_fast_interpreter(std::move(prepared));
  }
};

}  // namespace canary::executor
