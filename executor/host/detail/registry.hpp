// How the host function groups register their implementations (internal to executor/host/). A
// HostFunction callback is a plain function pointer, so each entry gets its own thunk,
// instantiated from the function's name and implementation, that wraps the call in a HostCall.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "executor/host/host_call.hpp"
#include "executor/host_function.hpp"

namespace canary::executor::host::detail {

// A string literal usable as a template argument.
template <size_t N>
struct FunctionName {
  char chars[N]{};
  constexpr FunctionName(const char (&s)[N]) { std::copy_n(s, N, chars); }  // NOLINT: implicit
  constexpr std::string_view view() const { return {chars, N - 1}; }
};

using HostImpl = HostResult (*)(HostCall&);

template <FunctionName Name, HostImpl Impl>
HostResult thunk(HostCallContext& context, std::span<const WasmValue> args) {
  HostCall call(context, args, Name.view());
  return Impl(call);
}

inline constexpr ValueType kI32 = ValueType::kI32;
inline constexpr ValueType kI64 = ValueType::kI64;

// Adds `Impl` as env.`Name` with the given Wasm signature. A name the table has already keeps its
// first entry: the groups never register a name twice.
template <FunctionName Name, HostImpl Impl>
void add(HostFunctionTable& table, std::initializer_list<ValueType> params,
         std::optional<ValueType> result = std::nullopt) {
  table.add(
      HostFunction{"env", std::string(Name.view()), Signature{params, result}, &thunk<Name, Impl>});
}

}  // namespace canary::executor::host::detail
