#include "executor/engine.hpp"

namespace canary::executor {

Result<std::shared_ptr<const Module>, ExecutionError> Engine::compile(
    ByteSpan wasm, const PrepareConfig& config) const {
  auto prepared = prepare_module(wasm, config);
  if (!prepared) return unexpected(prepared.error());
  return compile(std::make_shared<const PreparedModule>(std::move(*prepared)));
}

}  // namespace canary::executor
