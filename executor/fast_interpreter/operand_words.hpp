// How many operand words follow each instruction's handler words in the fast interpreter's code:
// what walks the code without running it (the disassembler, the baseline JIT) reads it here, so
// that a new instruction's layout is stated once, beside the semantics lists it comes from.
#pragma once

#include <cstdint>

#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/semantics.hpp"

namespace canary::executor::fast {

// The numeric instructions with one operand (`d a`): the unary operations and the truncations.
constexpr bool is_unary(Op op) {
  switch (op) {
#define CANARY_FAST_UNARY_CASE(name, ...) case Op::k##name:
    CANARY_FAST_UNARY_OPS(CANARY_FAST_UNARY_CASE)
    CANARY_FAST_TRUNC_OPS(CANARY_FAST_UNARY_CASE)
#undef CANARY_FAST_UNARY_CASE
    return true;
    default:
      return false;
  }
}

// The operand words of the instruction `op` whose operands start at `operands` (br_table's
// length is in its operands).
constexpr uint32_t operand_words(Op op, const uint32_t* operands) {
  switch (op) {
    case Op::kUnreachable:
    case Op::kReturnVoid:
      return 0;
    case Op::kJump:
    case Op::kReturn:
    case Op::kMemorySize:
      return 1;
    case Op::kBrIf:
    case Op::kBrUnless:
    case Op::kBrIfI32Eqz:
    case Op::kBrIfI64Eqz:
    case Op::kBrIfI64Nez:
    case Op::kCall:
    case Op::kCallHost:
    case Op::kStackLeave:
    case Op::kMov:
    case Op::kConst32:
    case Op::kGlobalGet:
    case Op::kGlobalSet:
    case Op::kMemoryGrow:
      return 2;
    case Op::kCallIndirect:
    case Op::kFuel:
    case Op::kStackEnter:
    case Op::kConst64:
      return 3;
    case Op::kCallCounted:
    case Op::kSelect:
      return 4;
    case Op::kBrTable:
      return 3 + 2 * (operands[2] + 1);
    default:
      break;
  }
  // Loads, stores, compare-and-branch `a b target`, and every numeric instruction but the unary
  // ones: `d a b` (or `d a imm`).
  return is_unary(op) ? 2 : 3;
}

}  // namespace canary::executor::fast
