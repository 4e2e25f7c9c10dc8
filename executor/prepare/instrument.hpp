// Rewrites a validated MVP module into the form both engines execute:
//
//  - Deterministic stack limit (wasm-instrument's stack limiter): a mutable i32 global counts the
//    stack cost of the active frames; every call to a defined function adds the callee's cost,
//    traps with `unreachable` once the count passes the limit, and subtracts it on return.
//    Exports, table entries and the start function go through thunks that do the same, so entry
//    calls and call_indirect are counted too.
//  - Fuel (optional): a mutable i64 global is decreased at every function entry and every loop
//    iteration by the number of instructions of that stretch of code; below zero it traps. Every
//    unbounded execution passes loop headers or function entries, so a budget bounds run time.
//  - Host-owned memory: a memory the module defines becomes an import of env.memory (still
//    exported under its own name), and an imported memory loses its declared maximum. The host
//    then creates every memory itself with min = max = initial + heap pages, as sc-executor does.
//
//  - No start section: the start function is exported as kStartExport instead, and engines call
//    it right after instantiation (and after every reset) like any other export, with the
//    deterministic stack and an optional fuel budget. An engine that ran it during instantiation
//    would do so with its own limits (wabt: a 1600-frame call stack and no budget).
//
// Both globals are exported (kStackHeightExport, kFuelExport) so that engines can reset them and
// tell an instrumentation trap from the runtime's own `unreachable`. Custom sections are dropped.
// This works on the binary, one instruction at a time, without recursion: nesting depth cannot
// exhaust the native stack (wabt's IR can, with about a million nested blocks).
#pragma once

#include <string>
#include <string_view>

#include "executor/prepare/module_structure.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::prepare {

inline constexpr std::string_view kStackHeightExport = "__canary_stack_height";
inline constexpr std::string_view kFuelExport = "__canary_fuel";
inline constexpr std::string_view kStartExport = "__canary_start";
inline constexpr std::string_view kMemoryImportModule = "env";
inline constexpr std::string_view kMemoryImportName = "memory";

struct InstrumentConfig {
  uint32_t stack_limit = 65536;
  bool meter_fuel = true;
};

// The module must have a memory and no table or global imports (the host provides neither).
Result<Bytes, std::string> instrument_module(const ModuleStructure& module,
                                             const InstrumentConfig& config);

}  // namespace canary::executor::prepare
