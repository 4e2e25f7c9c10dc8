// The seam between the executor and a Wasm engine. An Engine compiles a prepared runtime into a
// Module (its code in the engine's form); a Module makes Instances bound to a host-function
// table. The interpreter (interpreter/) and the ahead-of-time engine implement it; both must give
// the same results for the same calls, which tests check by running both.
#pragma once

#include <memory>
#include <string_view>

#include "executor/execution_error.hpp"
#include "executor/host_function.hpp"
#include "executor/instance.hpp"
#include "executor/prepared_module.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

// Immutable once built; instances of one module may live on different threads.
class Module {
 public:
  virtual ~Module() = default;

  const PreparedModule& prepared() const { return *prepared_; }
  const ModuleInfo& info() const { return prepared_->info; }

  // Imports are resolved against `host` (the instance keeps copies of the entries it uses).
  // The instance owns its memory.
  virtual Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config = {}) const = 0;

 protected:
  explicit Module(std::shared_ptr<const PreparedModule> prepared)
      : prepared_(std::move(prepared)) {}

  std::shared_ptr<const PreparedModule> prepared_;
};

class Engine {
 public:
  virtual ~Engine() = default;

  virtual std::string_view name() const = 0;
  virtual Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const = 0;

  // prepare_module + compile.
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      ByteSpan wasm, const PrepareConfig& config = {}) const;
};

}  // namespace canary::executor
