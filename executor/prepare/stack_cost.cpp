#include "executor/prepare/stack_cost.hpp"

#include <vector>

#include "executor/prepare/wasm_reader.hpp"

namespace canary::executor::prepare {

namespace {

struct ControlFrame {
  // After an instruction that never falls through, the rest of the block is not counted.
  bool polymorphic = false;
  uint32_t end_arity = 0;
  uint32_t branch_arity = 0;  // 0 for loops: a branch to a loop carries no values
  uint32_t start_height = 0;
};

class HeightSimulation {
 public:
  // The function body is an implicit block: its final end pops this frame.
  explicit HeightSimulation(uint32_t function_arity) {
    frames_.push_back({false, function_arity, function_arity, 0});
  }

  bool ok() const { return error_ == nullptr; }
  const char* error() const { return error_; }
  uint32_t height() const { return height_; }

  const ControlFrame* frame(uint32_t depth) {
    if (depth >= frames_.size()) {
      fail("control stack out of bounds");
      return nullptr;
    }
    return &frames_[frames_.size() - 1 - depth];
  }
  void push_frame(bool is_loop, std::optional<uint8_t> result) {
    const uint32_t end_arity = result ? 1 : 0;
    frames_.push_back({false, end_arity, is_loop ? 0 : end_arity, height_});
  }
  void end_frame() {
    if (frames_.empty()) return fail("control stack is empty");
    const ControlFrame frame = frames_.back();
    frames_.pop_back();
    height_ = frame.start_height;
    push(frame.end_arity);
  }
  void mark_unreachable() {
    if (frames_.empty()) return fail("control stack is empty");
    frames_.back().polymorphic = true;
  }
  bool top_is_polymorphic() {
    const ControlFrame* top = frame(0);
    return top != nullptr && top->polymorphic;
  }
  void push(uint32_t count) {
    if (height_ > UINT32_MAX - count) return fail("stack overflow");
    height_ += count;
  }
  void pop(uint32_t count) {
    if (count == 0) return;
    const ControlFrame* top = frame(0);
    if (top == nullptr) return;
    // Popping below the frame's start is only allowed, and then a no-op, in unreachable code.
    if (height_ == top->start_height) {
      if (!top->polymorphic) fail("trying to pop more values than pushed");
      return;
    }
    if (height_ < count) return fail("stack underflow");
    height_ -= count;
  }
  void pop_push(uint32_t pops, uint32_t pushes) {
    pop(pops);
    push(pushes);
  }
  void fail(const char* message) {
    if (error_ == nullptr) error_ = message;
  }

 private:
  std::vector<ControlFrame> frames_;
  uint32_t height_ = kActivationFrameCost;
  const char* error_ = nullptr;
};

uint32_t arity(const Signature& signature) {
  return signature.result ? 1 : 0;
}

void simulate(HeightSimulation& sim, const Instruction& in, const ModuleStructure& module,
              uint32_t function_arity) {
  const uint8_t op = in.opcode;
  switch (op) {
    case opcode::kNop:
    case opcode::kElse:
      return;
    case opcode::kBlock:
    case opcode::kLoop:
      return sim.push_frame(op == opcode::kLoop, in.block_result);
    case opcode::kIf:
      sim.pop(1);
      return sim.push_frame(false, in.block_result);
    case opcode::kEnd:
      return sim.end_frame();
    case opcode::kUnreachable:
      return sim.mark_unreachable();
    case opcode::kBr: {
      const ControlFrame* target = sim.frame(in.index);
      if (target == nullptr) return;
      sim.pop(target->branch_arity);
      return sim.mark_unreachable();
    }
    case opcode::kBrIf: {
      const ControlFrame* target = sim.frame(in.index);
      if (target == nullptr) return;
      const uint32_t target_arity = target->branch_arity;
      sim.pop(target_arity);
      sim.pop(1);
      return sim.push(target_arity);
    }
    case opcode::kBrTable: {
      const ControlFrame* fallback = sim.frame(in.index);
      if (fallback == nullptr) return;
      const uint32_t default_arity = fallback->branch_arity;
      for (uint32_t target : in.br_table_targets) {
        const ControlFrame* frame = sim.frame(target);
        if (frame == nullptr) return;
        if (frame->branch_arity != default_arity) {
          return sim.fail("arity of all jump targets must be equal");
        }
      }
      sim.pop(default_arity);
      return sim.mark_unreachable();
    }
    case opcode::kReturn:
      sim.pop(function_arity);
      return sim.mark_unreachable();
    case opcode::kCall: {
      const Signature* callee = module.function_signature(in.index);
      if (callee == nullptr) return sim.fail("call to an unknown function");
      return sim.pop_push(static_cast<uint32_t>(callee->params.size()), arity(*callee));
    }
    case opcode::kCallIndirect: {
      if (in.index >= module.types.size()) return sim.fail("type not found");
      const Signature& callee = module.types[in.index];
      sim.pop(1);
      return sim.pop_push(static_cast<uint32_t>(callee.params.size()), arity(callee));
    }
    case opcode::kDrop:
    case opcode::kLocalSet:
    case opcode::kGlobalSet:
      return sim.pop(1);
    case opcode::kSelect:
      sim.pop(2);
      return sim.pop_push(1, 1);
    case opcode::kLocalGet:
    case opcode::kGlobalGet:
    case opcode::kMemorySize:
    case opcode::kI32Const:
    case opcode::kI64Const:
    case opcode::kF32Const:
    case opcode::kF64Const:
      return sim.push(1);
    case opcode::kLocalTee:
    case opcode::kMemoryGrow:
      return sim.pop_push(1, 1);
    default:
      break;
  }
  if (op >= opcode::kI32Load && op <= opcode::kI64Load32U) return sim.pop_push(1, 1);
  if (op >= opcode::kI32Store && op <= opcode::kI64Store32) return sim.pop(2);
  // Numeric instructions: comparisons and binary operators take two operands, tests, unary
  // operators, conversions and sign extensions one; all produce one value.
  const bool binary = (op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x66) ||
                      (op >= 0x6a && op <= 0x78) || (op >= 0x7c && op <= 0x8a) ||
                      (op >= 0x92 && op <= 0x98) || (op >= 0xa0 && op <= 0xa6);
  if (binary) return sim.pop_push(2, 1);
  if (op >= opcode::kI32Eqz && op <= opcode::kLastSignExtension) return sim.pop_push(1, 1);
  sim.fail("unknown instruction");
}

}  // namespace

Result<uint32_t, std::string> function_stack_cost(const ModuleStructure& module,
                                                  uint32_t defined_index) {
  if (defined_index >= module.bodies.size()) return unexpected(std::string("no such function"));
  const Signature* signature =
      module.function_signature(module.function_import_count + defined_index);
  if (signature == nullptr) return unexpected(std::string("function type not found"));
  const uint32_t function_arity = arity(*signature);

  HeightSimulation sim(function_arity);
  uint32_t max_height = 0;
  WasmReader reader(module.bodies[defined_index].code);
  Instruction instruction;
  while (!reader.at_end() && sim.ok()) {
    if (sim.height() > max_height && !sim.top_is_polymorphic()) max_height = sim.height();
    if (!read_instruction(reader, instruction)) return unexpected(std::string("bad instruction"));
    simulate(sim, instruction, module, function_arity);
  }
  if (!sim.ok()) return unexpected(std::string(sim.error()));
  const uint64_t cost = module.bodies[defined_index].local_count + max_height;
  if (cost > UINT32_MAX) return unexpected(std::string("stack cost overflows"));
  return static_cast<uint32_t>(cost);
}

}  // namespace canary::executor::prepare
