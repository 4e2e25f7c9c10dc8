// Runtime code as the executor loads it: validation with wabt, the executor's own module parser,
// the stack-cost model and the instrumentation, on arbitrary bytes. Whatever is accepted must
// come out as a module that validates again and that the interpreter compiles; small enough
// modules are also instantiated (missing imports stubbed) and their exports run on a fuel budget.
// Any input gives a prepared module or a typed error, never a crash.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/prepare/validate.hpp"
#include "executor/prepared_module.hpp"

namespace {

using canary::executor::ExecutionErrorKind;
using canary::executor::WasmValue;

WasmValue zero_of(canary::executor::ValueType type) {
  return {type, 0};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  namespace ex = canary::executor;
  // A small stack limit keeps deep recursion cheap; it changes nothing about the parsing.
  auto prepared = ex::prepare_module(canary::ByteSpan(bytes, size), {.stack_limit = 4096});
  if (!prepared) {
    if (prepared.error().kind == ExecutionErrorKind::kInternal) __builtin_trap();
    return 0;
  }
  if (!ex::prepare::validate_module(prepared->code)) __builtin_trap();
  auto shared = std::make_shared<const ex::PreparedModule>(std::move(*prepared));
  auto module = ex::InterpreterEngine().compile(shared);
  if (!module) __builtin_trap();

  const ex::HostFunctionTable no_host;
  auto instance = (*module)->instantiate(no_host, {.heap_pages = 1,
                                                   .max_memory_pages = 16,
                                                   .stub_missing_imports = true,
                                                   .start_fuel = 100'000});
  if (!instance) return 0;
  for (const ex::FunctionExport& e : shared->info.function_exports) {
    std::vector<WasmValue> args;
    args.reserve(e.signature.params.size());
    for (ex::ValueType type : e.signature.params) args.push_back(zero_of(type));
    auto result = (*instance)->invoke(e.name, args, {.fuel = 100'000});
    if (!result && result.error().kind == ExecutionErrorKind::kInternal) __builtin_trap();
  }
  return 0;
}
