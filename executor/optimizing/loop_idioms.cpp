#include "executor/optimizing/loop_idioms.hpp"

namespace canary::executor::optimizing {

namespace {

using fast::Op;

uint32_t store_width(Op op) {
  switch (op) {
    case Op::kStore8:
      return 1;
    case Op::kStore16:
      return 2;
    case Op::kStore32:
      return 4;
    case Op::kStore64:
      return 8;
    default:
      return 0;
  }
}

// Loads that zero-extend (or load all 64 bits), so that the stored bytes are the loaded ones.
uint32_t load_width(Op op) {
  switch (op) {
    case Op::kI32Load8U:
    case Op::kI64Load8U:
      return 1;
    case Op::kI32Load16U:
    case Op::kI64Load16U:
      return 2;
    case Op::kLoad32:
      return 4;
    case Op::kLoad64:
      return 8;
    default:
      return 0;
  }
}

// `slot = slot + width`.
bool is_increment(const DecodedInstruction& d, uint32_t slot, uint32_t width) {
  return d.op == Op::kI32AddImm && d.operands[0] == slot && d.operands[1] == slot &&
         d.operands[2] == width;
}

}  // namespace

std::optional<LoopIdiom> match_loop_idiom(std::span<const DecodedInstruction> code,
                                          std::optional<uint32_t> fuel_global) {
  if (code.empty()) return std::nullopt;
  const uint32_t head = code[0].word;
  LoopIdiom idiom;
  size_t at = 0;
  if (code[0].op == Op::kFuel) {
    if (!fuel_global || code[0].operands[0] != *fuel_global) return std::nullopt;
    idiom.fuel_cost = uint64_t{code[0].operands[1]} | (uint64_t{code[0].operands[2]} << 32);
    at = 1;
  } else if (fuel_global) {
    return std::nullopt;  // a metered loop charges at its head
  }
  const auto next = [&]() -> const DecodedInstruction* {
    return at < code.size() ? &code[at++] : nullptr;
  };
  const DecodedInstruction* first = next();
  if (first == nullptr) return std::nullopt;

  if (const uint32_t width = load_width(first->op); width != 0) {
    // copy: x = load [q + off1]; store [p + off2] = x
    const DecodedInstruction* store = next();
    if (store == nullptr || store_width(store->op) != width) return std::nullopt;
    idiom.kind = LoopIdiom::Kind::kCopy;
    idiom.width = width;
    idiom.value = first->operands[0];
    idiom.src = first->operands[1];
    idiom.src_offset = first->operands[2];
    idiom.dst = store->operands[0];
    idiom.dst_offset = store->operands[2];
    if (store->operands[1] != idiom.value) return std::nullopt;
    if (idiom.value == idiom.src || idiom.value == idiom.dst || idiom.src == idiom.dst) {
      return std::nullopt;
    }
    const DecodedInstruction* a = next();
    const DecodedInstruction* b = next();
    if (a == nullptr || b == nullptr) return std::nullopt;
    const bool both = (is_increment(*a, idiom.src, width) && is_increment(*b, idiom.dst, width)) ||
                      (is_increment(*a, idiom.dst, width) && is_increment(*b, idiom.src, width));
    if (!both) return std::nullopt;
  } else if (const uint32_t fill = store_width(first->op); fill != 0) {
    // fill: store [p + off] = v; p = p + N
    idiom.kind = LoopIdiom::Kind::kFill;
    idiom.width = fill;
    idiom.dst = first->operands[0];
    idiom.value = first->operands[1];
    idiom.dst_offset = first->operands[2];
    if (idiom.value == idiom.dst) return std::nullopt;
    const DecodedInstruction* step = next();
    if (step == nullptr || !is_increment(*step, idiom.dst, fill)) return std::nullopt;
  } else {
    return std::nullopt;
  }

  const DecodedInstruction* branch = next();
  if (branch == nullptr || branch->op != Op::kBrIfI32LtU || branch->operands[2] != head) {
    return std::nullopt;
  }
  idiom.counter = branch->operands[0];
  idiom.end = branch->operands[1];
  const bool copy = idiom.kind == LoopIdiom::Kind::kCopy;
  const bool counts_a_pointer = idiom.counter == idiom.dst || (copy && idiom.counter == idiom.src);
  // The end must not be written in the loop: none of the slots the loop writes (a copy writes x).
  const bool end_written =
      idiom.end == idiom.dst || (copy && (idiom.end == idiom.src || idiom.end == idiom.value));
  if (!counts_a_pointer || end_written) return std::nullopt;
  idiom.length = at;
  return idiom;
}

}  // namespace canary::executor::optimizing
