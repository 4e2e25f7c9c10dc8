// Validation with wabt against exactly the feature set the reference executor accepts for relay
// runtimes and PVFs: the MVP plus sign-extension operators and mutable globals. sc-executor turns
// off SIMD, bulk memory, reference types and multi-value in wasmtime, and never enables threads,
// tail calls, memory64 and the rest. What counts is the code, not the target_features custom
// section: clang-19 lists reference-types and multivalue there by default, and such a module is
// accepted as long as it uses no instruction, type or encoding of those proposals (a padded
// call_indirect table index, which LLVM emits with reference types on, is such an encoding).
#pragma once

#include "executor/execution_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::prepare {

// kInvalidModule for malformed or invalid Wasm, kUnsupportedFeature (naming the proposal) for
// valid Wasm outside the accepted set.
Result<void, ExecutionError> validate_module(ByteSpan wasm);

}  // namespace canary::executor::prepare
