// The always-available engine: wabt 1.0.32's interpreter (libwabt from the Debian package). It
// runs any prepared module at once, at a few hundred times native speed; the ahead-of-time engine
// takes over where that matters.
#pragma once

#include "executor/engine.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_interpreter(
    std::shared_ptr<const PreparedModule> prepared);

class InterpreterEngine final : public Engine {
 public:
  using Engine::compile;

  // Inline on purpose: this library is built without RTTI, and a class whose key function lives
  // in such a file has no type_info for code built with RTTI (tests, UBSan's vptr check).
  std::string_view name() const override { return "wabt-interpreter"; }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override {
    return compile_for_interpreter(std::move(prepared));
  }
};

}  // namespace canary::executor
