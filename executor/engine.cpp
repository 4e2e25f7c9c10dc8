#include "executor/engine.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> Engine::compile(
    ByteSpan wasm, const PrepareConfig& config) const {
  CANARY_TRY_ASSIGN(auto prepared, prepare_module(wasm, config));
  return compile(std::make_shared<const PreparedModule>(std::move(prepared)));
}

}  // namespace canary::executor
