// Loop idioms of the optimizing tier: the fill and copy loops a runtime's memset and memcpy run
// (Rust's compiler_builtins, or any wasm32 C library without bulk memory) recognized in the fast
// interpreter's code, so that the generated C does the whole loop as one native memset or memmove
// when that is sure to end exactly as the loop would (LLVM's LoopIdiomRecognize, on our code).
//
// A recognized loop keeps its code: the C runs a guarded fast path at the loop's head, and the
// loop itself wherever the guard fails (a trap on the way: fuel or an out-of-bounds access; a
// copy whose forward order matters; a pointer that would wrap; a few iterations only), so the
// instructions, traps, fuel and memory are the loop's in every case. The fast path does what the
// loop's n iterations do: the same bytes stored, the pointers advanced, the fuel charged, the
// last loaded value left in its slot.
//
// The shapes (one basic block ending in the branch back to its head; `fuel` optional, absent in
// modules without fuel metering):
//   fill:  fuel K; storeN [p + off] = v; p = p + N; br_if p <u e → head
//   copy:  fuel K; x = loadN [q + off1]; storeN [p + off2] = x; {p, q} = {p, q} + N (either
//          order); br_if c <u e → head, with c either pointer
// where N is the access's width and v, e are not written in the loop.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "executor/fast_interpreter/code.hpp"

namespace canary::executor::optimizing {

// One instruction of the fast interpreter's code: its word, operation and operand words.
struct DecodedInstruction {
  uint32_t word = 0;
  fast::Op op = fast::Op::kUnreachable;
  const uint32_t* operands = nullptr;
};

struct LoopIdiom {
  enum class Kind : uint8_t { kFill, kCopy };
  Kind kind = Kind::kFill;
  uint32_t width = 0;            // N, bytes per iteration: 1, 2, 4 or 8
  uint64_t fuel_cost = 0;        // K, charged per iteration (0 without a fuel instruction)
  uint32_t dst = 0;              // p: the store's address slot
  uint32_t dst_offset = 0;       // the store's offset
  uint32_t value = 0;            // fill: v; copy: x, the loaded value
  uint32_t src = fast::kNoSlot;  // copy: q, the load's address slot
  uint32_t src_offset = 0;       // copy: the load's offset (the load zero-extends into x)
  uint32_t counter = 0;          // c: the pointer the branch compares
  uint32_t end = 0;              // e
  size_t length = 0;             // instructions, the branch back included
};

// The idiom of the loop whose head is `code[0]` (a branch target), if `code` starts with one.
// `fuel_global`: the module's fuel global, if it meters fuel.
std::optional<LoopIdiom> match_loop_idiom(std::span<const DecodedInstruction> code,
                                          std::optional<uint32_t> fuel_global);

}  // namespace canary::executor::optimizing
