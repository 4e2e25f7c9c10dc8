// The "stack cost" of a function in the deterministic stack limiter: the number of its declared
// locals plus the highest the value stack gets, counted in values. The simulation reproduces
// paritytech/wasm-instrument's stack_limiter (used by Polkadot's PVF executor with a limit of
// 65536) quirk for quirk, so that a call traps at exactly the depth where the reference traps:
// the count starts at 2 for the activation frame, the height is sampled before each instruction
// and not in unreachable code, `else` does not reset the height, br_table does not pop its
// selector, and parameters are not counted.
#pragma once

#include <cstdint>
#include <string>

#include "executor/prepare/module_structure.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::prepare {

inline constexpr uint32_t kActivationFrameCost = 2;

// `defined_index` counts defined functions only (imports have no cost).
Result<uint32_t, std::string> function_stack_cost(const ModuleStructure& module,
                                                  uint32_t defined_index);

}  // namespace canary::executor::prepare
