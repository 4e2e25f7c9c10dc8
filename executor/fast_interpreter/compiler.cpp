// Translation of the instrumented module into the code of code.hpp, one function at a time, in
// one pass over the binary and without recursion (nesting depth costs heap, not native stack).
//
// The operand stack is tracked at compile time. An entry is either in its canonical slot
// (locals + its height), still in the local it was read from (`local.get` emits nothing), or a
// constant not yet written anywhere. Instructions take their operands from wherever they are;
// everything goes to canonical slots before any label (block, loop, if, else, end) and any call,
// and the entries that still refer to a local are written out before that local changes. A
// `local.set` right after the instruction that computed its value retargets that instruction.
// The instrumentation's fuel charges and stack-height checks are recognised byte for byte and
// become single instructions with the same effect on the instrumentation globals.
#include <cstring>
#include <string>
#include <vector>

#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/prepare/instrument.hpp"
#include "executor/prepare/module_structure.hpp"
#include "executor/prepare/wasm_reader.hpp"

namespace canary::executor::fast {

namespace {

namespace op = prepare::opcode;
using prepare::Instruction;
using prepare::WasmReader;

constexpr uint32_t kNone = 0xFFFFFFFFu;

Unexpected<ExecutionError> internal(std::string message) {
  return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal,
                                         "fast interpreter: " + std::move(message)));
}

struct Entry {
  uint32_t slot = 0;  // where the value is, unless it is a constant
  bool is_const = false;
  uint64_t bits = 0;
};

enum class ControlKind : uint8_t { kBlock, kLoop, kIf, kFunction };

struct Control {
  ControlKind kind = ControlKind::kBlock;
  bool has_result = false;
  uint32_t height = 0;
  uint32_t loop_target = 0;
  uint32_t else_patch = kNone;    // if: the operand of its BrUnless
  std::vector<uint32_t> patches;  // operands that get the address of the end
};

struct ModuleContext {
  const prepare::ModuleStructure* structure = nullptr;
  std::vector<uint32_t> type_ids;        // type index -> canonical id
  std::vector<uint32_t> function_types;  // function index -> type index
  uint32_t import_count = 0;
  std::optional<uint32_t> stack_global;
  std::optional<uint32_t> fuel_global;
  const void* const* handlers = nullptr;
};

// The immediates read_instruction skips.
struct Immediates {
  uint64_t value = 0;   // constants
  uint32_t offset = 0;  // memory accesses
};

Immediates read_immediates(ByteSpan code, const Instruction& in) {
  Immediates out;
  WasmReader r(code.subspan(in.begin + 1, in.end - in.begin - 1));
  switch (in.opcode) {
    case op::kI32Const:
      out.value = static_cast<uint32_t>(r.s32());
      break;
    case op::kI64Const:
      out.value = static_cast<uint64_t>(r.s64());
      break;
    case op::kF32Const: {
      uint32_t v = 0;
      const ByteSpan raw = r.bytes(4);
      if (raw.size() == 4) std::memcpy(&v, raw.data(), 4);
      out.value = v;
      break;
    }
    case op::kF64Const: {
      const ByteSpan raw = r.bytes(8);
      if (raw.size() == 8) std::memcpy(&out.value, raw.data(), 8);
      break;
    }
    default:
      if (in.opcode >= op::kI32Load && in.opcode <= op::kI64Store32) {
        r.u32();
        out.offset = r.u32();
      }
      break;
  }
  return out;
}

// Matches the instrumentation's sequences at the reader's position. On a match the reader is past
// the sequence.
class PatternMatcher {
 public:
  explicit PatternMatcher(ByteSpan code) : code_(code) {}

  // global.get G; i64.const C; i64.sub; global.set G; global.get G; i64.const 0; i64.lt_s;
  // if; unreachable; end
  std::optional<uint64_t> fuel(WasmReader& reader, uint32_t global) {
    WasmReader r = reader;
    uint64_t cost = 0;
    if (!expect_index(r, op::kGlobalGet, global) || !expect_const(r, op::kI64Const, cost) ||
        !expect(r, op::kI64Sub) || !expect_index(r, op::kGlobalSet, global) ||
        !expect_index(r, op::kGlobalGet, global)) {
      return std::nullopt;
    }
    uint64_t zero = 1;
    if (!expect_const(r, op::kI64Const, zero) || zero != 0 || !expect(r, op::kI64LtS) ||
        !expect_trap_if(r)) {
      return std::nullopt;
    }
    reader = r;
    return cost;
  }

  // global.get S; i32.const C; i32.add; global.set S; global.get S; i32.const L; i32.gt_u;
  // if; unreachable; end
  bool stack_enter(WasmReader& reader, uint32_t global, uint32_t& cost, uint32_t& limit) {
    WasmReader r = reader;
    uint64_t c = 0;
    uint64_t l = 0;
    if (!expect_index(r, op::kGlobalGet, global) || !expect_const(r, op::kI32Const, c) ||
        !expect(r, op::kI32Add) || !expect_index(r, op::kGlobalSet, global) ||
        !expect_index(r, op::kGlobalGet, global) || !expect_const(r, op::kI32Const, l) ||
        !expect(r, op::kI32GtU) || !expect_trap_if(r)) {
      return false;
    }
    cost = static_cast<uint32_t>(c);
    limit = static_cast<uint32_t>(l);
    reader = r;
    return true;
  }

  // global.get S; i32.const C; i32.sub; global.set S
  bool stack_leave(WasmReader& reader, uint32_t global, uint32_t& cost) {
    WasmReader r = reader;
    uint64_t c = 0;
    if (!expect_index(r, op::kGlobalGet, global) || !expect_const(r, op::kI32Const, c) ||
        !expect(r, op::kI32Sub) || !expect_index(r, op::kGlobalSet, global)) {
      return false;
    }
    cost = static_cast<uint32_t>(c);
    reader = r;
    return true;
  }

 private:
  bool next(WasmReader& r) { return !r.at_end() && prepare::read_instruction(r, in_); }
  bool expect(WasmReader& r, uint8_t opcode) { return next(r) && in_.opcode == opcode; }
  bool expect_index(WasmReader& r, uint8_t opcode, uint32_t index) {
    return expect(r, opcode) && in_.index == index;
  }
  bool expect_const(WasmReader& r, uint8_t opcode, uint64_t& value) {
    if (!expect(r, opcode)) return false;
    value = read_immediates(code_, in_).value;
    return true;
  }
  bool expect_trap_if(WasmReader& r) {
    return expect(r, op::kIf) && !in_.block_result && expect(r, op::kUnreachable) &&
           expect(r, op::kEnd);
  }

  ByteSpan code_;
  Instruction in_;
};

class FunctionCompiler {
 public:
  FunctionCompiler(const ModuleContext& context, std::vector<uint32_t>& code)
      : context_(context), code_(code) {}

  Result<FunctionCode, ExecutionError> compile(uint32_t defined_index);

 private:
  // Emission.
  void emit(Op o) {
    const void* handler = context_.handlers[static_cast<size_t>(o)];
    uint32_t words[kHandlerWords];
    std::memcpy(words, static_cast<const void*>(&handler), sizeof handler);
    last_op_ = o;
    last_op_start_ = here();
    code_.insert(code_.end(), words, words + kHandlerWords);
    last_result_ = kNone;
  }
  void word(uint32_t w) { code_.push_back(w); }
  uint32_t here() const { return static_cast<uint32_t>(code_.size()); }
  // A branch target starts here: no instruction before it may be retargeted.
  void bind() { last_result_ = kNone; }
  // The word at `dst_position` is the destination of an instruction that wrote the top entry.
  void mark_result(uint32_t dst_position) {
    last_result_ = dst_position;
    last_result_height_ = stack_.size() - 1;
  }

  // The operand stack.
  uint32_t canonical(size_t height) const { return local_count_ + static_cast<uint32_t>(height); }
  void note_height() {
    max_height_ = std::max<uint32_t>(max_height_, static_cast<uint32_t>(stack_.size()));
  }
  uint32_t push() {
    const uint32_t slot = canonical(stack_.size());
    stack_.push_back({slot, false, 0});
    note_height();
    return slot;
  }
  void push_local(uint32_t local) {
    stack_.push_back({local, false, 0});
    note_height();
  }
  void push_const(uint64_t bits) {
    stack_.push_back({0, true, bits});
    note_height();
  }
  void emit_const(uint32_t dst, uint64_t bits) {
    if (bits <= 0xFFFFFFFFu) {
      emit(Op::kConst32);
      word(dst);
      word(static_cast<uint32_t>(bits));
    } else {
      emit(Op::kConst64);
      word(dst);
      word(static_cast<uint32_t>(bits));
      word(static_cast<uint32_t>(bits >> 32));
    }
  }
  // Writes an entry's value to `dst`.
  void move_to(const Entry& entry, uint32_t dst) {
    if (entry.is_const) {
      emit_const(dst, entry.bits);
    } else if (entry.slot != dst) {
      emit(Op::kMov);
      word(dst);
      word(entry.slot);
    }
  }
  void materialize(size_t i) {
    const uint32_t slot = canonical(i);
    if (!stack_[i].is_const && stack_[i].slot == slot) return;
    move_to(stack_[i], slot);
    stack_[i] = {slot, false, 0};
  }
  void materialize_all() {
    for (size_t i = 0; i < stack_.size(); ++i) materialize(i);
  }
  // The slot entry `i` can be read from (a constant is written to its canonical slot first).
  uint32_t use(size_t i) {
    if (stack_[i].is_const) materialize(i);
    return stack_[i].slot;
  }
  uint32_t use_top() { return use(stack_.size() - 1); }
  Entry pop() {
    const Entry top = stack_.back();
    stack_.pop_back();
    return top;
  }

  void unary(Op o) {
    const uint32_t a = use_top();
    stack_.pop_back();
    const uint32_t d = push();
    emit(o);
    const uint32_t dst_position = here();
    word(d);
    word(a);
    mark_result(dst_position);
  }
  // `wide`: an i64 operation, whose immediate is a sign-extended 32-bit value.
  void binary(Op o, std::optional<Op> with_immediate = std::nullopt, bool wide = false) {
    const Entry& top = stack_.back();
    const bool fits = wide ? static_cast<uint64_t>(static_cast<int64_t>(
                                 static_cast<int32_t>(static_cast<uint32_t>(top.bits)))) == top.bits
                           : top.bits <= 0xFFFFFFFFu;
    if (with_immediate && top.is_const && fits) {
      const auto b = static_cast<uint32_t>(top.bits);
      stack_.pop_back();
      const uint32_t a = use_top();
      stack_.pop_back();
      const uint32_t d = push();
      emit(*with_immediate);
      const uint32_t dst_position = here();
      word(d);
      word(a);
      word(b);
      mark_result(dst_position);
      return;
    }
    const uint32_t b = use_top();
    const uint32_t a = use(stack_.size() - 2);
    stack_.pop_back();
    stack_.pop_back();
    const uint32_t d = push();
    emit(o);
    const uint32_t dst_position = here();
    word(d);
    word(a);
    word(b);
    mark_result(dst_position);
  }
  void load(Op o, uint32_t offset) {
    const uint32_t address = use_top();
    stack_.pop_back();
    const uint32_t d = push();
    emit(o);
    const uint32_t dst_position = here();
    word(d);
    word(address);
    word(offset);
    mark_result(dst_position);
  }
  void store(Op o, uint32_t offset) {
    const uint32_t value = use_top();
    const uint32_t address = use(stack_.size() - 2);
    stack_.pop_back();
    stack_.pop_back();
    emit(o);
    word(address);
    word(value);
    word(offset);
  }
  // The condition of a branch: a slot, or the comparison that computed it, taken back out of
  // the code when it was the last instruction and only the condition reads its result.
  struct Condition {
    std::optional<Op> comparison;
    uint32_t a = 0;
    uint32_t b = 0;
  };
  Condition pop_condition();
  // A branch taken when the condition is non-zero (`when`) or zero; returns the position of its
  // target operand.
  uint32_t emit_branch(const Condition& condition, bool when);
  void set_local(uint32_t local, bool tee);
  void branch(uint32_t depth);
  void branch_if(uint32_t depth);
  void branch_table(const Instruction& in);
  // A counted call (the instrumentation's stack check around it) charges `cost` to the
  // stack-height global before the call and takes it back at the return.
  struct StackCheck {
    uint32_t cost = 0;
    uint32_t limit = 0;
  };
  void call(uint32_t function, std::optional<StackCheck> counted = std::nullopt);
  void end_control();
  // The address operand of a jump to the end of `control`, patched at its end.
  void jump_to_end(Control& control) {
    emit(Op::kJump);
    control.patches.push_back(here());
    word(0);
  }
  Control& label(uint32_t depth) { return controls_[controls_.size() - 1 - depth]; }
  // The slot of a label's value: the canonical slot at the label's height.
  uint32_t label_slot(const Control& control) const { return canonical(control.height); }
  Result<void, ExecutionError> instruction(const Instruction& in, ByteSpan code);

  const ModuleContext& context_;
  std::vector<uint32_t>& code_;
  uint32_t local_count_ = 0;
  uint32_t max_height_ = 0;
  std::vector<Entry> stack_;
  std::vector<Control> controls_;
  uint32_t last_result_ = kNone;
  size_t last_result_height_ = 0;
  Op last_op_ = Op::kUnreachable;  // the last instruction emitted, at last_op_start_
  uint32_t last_op_start_ = 0;
  bool dead_ = false;        // the code being read is unreachable
  uint32_t dead_depth_ = 0;  // blocks opened inside unreachable code
};

// A comparison's compare-and-branch form, when true and when false (kUnreachable: none).
struct BranchForms {
  Op comparison;
  Op when_true;
  Op when_false;
};

constexpr BranchForms kBranchForms[] = {
    {Op::kI32Eqz, Op::kBrIfI32Eqz, Op::kBrIf},
    {Op::kI64Eqz, Op::kBrIfI64Eqz, Op::kBrIfI64Nez},
    {Op::kI32Eq, Op::kBrIfI32Eq, Op::kBrIfI32Ne},
    {Op::kI32Ne, Op::kBrIfI32Ne, Op::kBrIfI32Eq},
    {Op::kI32LtS, Op::kBrIfI32LtS, Op::kBrIfI32GeS},
    {Op::kI32LtU, Op::kBrIfI32LtU, Op::kBrIfI32GeU},
    {Op::kI32GtS, Op::kBrIfI32GtS, Op::kBrIfI32LeS},
    {Op::kI32GtU, Op::kBrIfI32GtU, Op::kBrIfI32LeU},
    {Op::kI32LeS, Op::kBrIfI32LeS, Op::kBrIfI32GtS},
    {Op::kI32LeU, Op::kBrIfI32LeU, Op::kBrIfI32GtU},
    {Op::kI32GeS, Op::kBrIfI32GeS, Op::kBrIfI32LtS},
    {Op::kI32GeU, Op::kBrIfI32GeU, Op::kBrIfI32LtU},
    {Op::kI32EqImm, Op::kBrIfI32EqImm, Op::kBrIfI32NeImm},
    {Op::kI32NeImm, Op::kBrIfI32NeImm, Op::kBrIfI32EqImm},
    {Op::kI32LtSImm, Op::kBrIfI32LtSImm, Op::kBrIfI32GeSImm},
    {Op::kI32LtUImm, Op::kBrIfI32LtUImm, Op::kBrIfI32GeUImm},
    {Op::kI32GtSImm, Op::kBrIfI32GtSImm, Op::kBrIfI32LeSImm},
    {Op::kI32GtUImm, Op::kBrIfI32GtUImm, Op::kBrIfI32LeUImm},
    {Op::kI32LeSImm, Op::kBrIfI32LeSImm, Op::kBrIfI32GtSImm},
    {Op::kI32LeUImm, Op::kBrIfI32LeUImm, Op::kBrIfI32GtUImm},
    {Op::kI32GeSImm, Op::kBrIfI32GeSImm, Op::kBrIfI32LtSImm},
    {Op::kI32GeUImm, Op::kBrIfI32GeUImm, Op::kBrIfI32LtUImm},
    {Op::kI64Eq, Op::kBrIfI64Eq, Op::kBrIfI64Ne},
    {Op::kI64Ne, Op::kBrIfI64Ne, Op::kBrIfI64Eq},
    {Op::kI64LtS, Op::kBrIfI64LtS, Op::kBrIfI64GeS},
    {Op::kI64LtU, Op::kBrIfI64LtU, Op::kBrIfI64GeU},
    {Op::kI64GtS, Op::kBrIfI64GtS, Op::kBrIfI64LeS},
    {Op::kI64GtU, Op::kBrIfI64GtU, Op::kBrIfI64LeU},
    {Op::kI64LeS, Op::kBrIfI64LeS, Op::kBrIfI64GtS},
    {Op::kI64LeU, Op::kBrIfI64LeU, Op::kBrIfI64GtU},
    {Op::kI64GeS, Op::kBrIfI64GeS, Op::kBrIfI64LtS},
    {Op::kI64GeU, Op::kBrIfI64GeU, Op::kBrIfI64LtU},
};

const BranchForms* branch_forms(Op comparison) {
  for (const BranchForms& forms : kBranchForms) {
    if (forms.comparison == comparison) return &forms;
  }
  return nullptr;
}

bool is_unary_comparison(Op comparison) {
  return comparison == Op::kI32Eqz || comparison == Op::kI64Eqz;
}

FunctionCompiler::Condition FunctionCompiler::pop_condition() {
  const size_t top = stack_.size() - 1;
  const Entry& entry = stack_[top];
  if (last_result_ != kNone && last_result_height_ == top && !entry.is_const &&
      entry.slot == canonical(top) && branch_forms(last_op_) != nullptr) {
    // Nothing was emitted since the comparison (that would have reset last_result_), so its
    // operands still hold the values it read, and its result has no other reader.
    Condition condition;
    condition.comparison = last_op_;
    condition.a = code_[last_op_start_ + kHandlerWords + 1];
    if (!is_unary_comparison(last_op_)) condition.b = code_[last_op_start_ + kHandlerWords + 2];
    code_.resize(last_op_start_);
    last_result_ = kNone;
    stack_.pop_back();
    return condition;
  }
  Condition condition;
  condition.a = use_top();
  stack_.pop_back();
  return condition;
}

uint32_t FunctionCompiler::emit_branch(const Condition& condition, bool when) {
  if (condition.comparison) {
    const BranchForms& forms = *branch_forms(*condition.comparison);
    emit(when ? forms.when_true : forms.when_false);
    word(condition.a);
    if (!is_unary_comparison(*condition.comparison)) word(condition.b);
  } else {
    emit(when ? Op::kBrIf : Op::kBrUnless);
    word(condition.a);
  }
  const uint32_t target = here();
  word(0);
  return target;
}

void FunctionCompiler::set_local(uint32_t local, bool tee) {
  const size_t top = stack_.size() - 1;
  bool referenced_below = false;
  for (size_t i = 0; i < top; ++i) {
    if (!stack_[i].is_const && stack_[i].slot == local) referenced_below = true;
  }
  const Entry value = stack_[top];
  if (!referenced_below && !value.is_const && value.slot == canonical(top) &&
      last_result_ != kNone && last_result_height_ == top) {
    // The instruction that computed the value writes the local instead.
    code_[last_result_] = local;
  } else {
    for (size_t i = 0; i < top; ++i) {
      if (!stack_[i].is_const && stack_[i].slot == local) materialize(i);
    }
    move_to(value, local);
  }
  stack_.pop_back();
  last_result_ = kNone;
  if (tee) push_local(local);
}

void FunctionCompiler::branch(uint32_t depth) {
  Control& target = label(depth);
  if (target.kind == ControlKind::kLoop) {
    emit(Op::kJump);
    word(target.loop_target);
    return;
  }
  if (target.has_result) move_to(stack_.back(), label_slot(target));
  jump_to_end(target);
}

void FunctionCompiler::branch_if(uint32_t depth) {
  const Condition condition = pop_condition();
  Control& target = label(depth);
  if (target.kind == ControlKind::kLoop) {
    code_[emit_branch(condition, true)] = target.loop_target;
    return;
  }
  const bool needs_move =
      target.has_result && (stack_.back().is_const || stack_.back().slot != label_slot(target));
  if (!needs_move) {
    target.patches.push_back(emit_branch(condition, true));
    return;
  }
  const uint32_t skip = emit_branch(condition, false);
  move_to(stack_.back(), label_slot(target));
  jump_to_end(target);
  code_[skip] = here();
  bind();
}

void FunctionCompiler::branch_table(const Instruction& in) {
  const uint32_t index = use_top();
  stack_.pop_back();
  const Control& default_target = label(in.index);
  const bool has_value = default_target.kind != ControlKind::kLoop && default_target.has_result;
  const uint32_t source = has_value ? use_top() : kNoSlot;
  emit(Op::kBrTable);
  word(index);
  word(source);
  word(static_cast<uint32_t>(in.br_table_targets.size()));
  auto entry = [&](uint32_t depth) {
    Control& target = label(depth);
    if (target.kind == ControlKind::kLoop) {
      word(target.loop_target);
      word(kNoSlot);
      return;
    }
    target.patches.push_back(here());
    word(0);
    const uint32_t dst = has_value ? label_slot(target) : kNoSlot;
    word(dst == source ? kNoSlot : dst);
  };
  for (uint32_t depth : in.br_table_targets) entry(depth);
  entry(in.index);
}

void FunctionCompiler::call(uint32_t function, std::optional<StackCheck> counted) {
  const uint32_t type = context_.function_types[function];
  const Signature& signature = context_.structure->types[type];
  materialize_all();
  const size_t base_height = stack_.size() - signature.params.size();
  const uint32_t base = canonical(base_height);
  stack_.resize(base_height);
  if (function < context_.import_count) {
    emit(Op::kCallHost);
    word(function);
  } else if (counted) {
    emit(Op::kCallCounted);
    word(function - context_.import_count);
    word(base);
    word(counted->cost);
    word(counted->limit);
    if (signature.result) push();
    return;
  } else {
    emit(Op::kCall);
    word(function - context_.import_count);
  }
  word(base);
  if (signature.result) push();
}

void FunctionCompiler::end_control() {
  Control control = std::move(controls_.back());
  controls_.pop_back();
  if (!dead_ && control.has_result) materialize(stack_.size() - 1);
  if (control.else_patch != kNone) code_[control.else_patch] = here();
  for (uint32_t patch : control.patches) code_[patch] = here();
  bind();
  dead_ = false;
  stack_.resize(control.height);
  if (control.has_result) push();
  if (control.kind == ControlKind::kFunction) {
    if (control.has_result) {
      emit(Op::kReturn);
      word(canonical(0));
    } else {
      emit(Op::kReturnVoid);
    }
  }
}

Result<void, ExecutionError> FunctionCompiler::instruction(const Instruction& in, ByteSpan code) {
  const uint8_t o = in.opcode;
  if (dead_) {
    if (o == op::kBlock || o == op::kLoop || o == op::kIf) {
      ++dead_depth_;
    } else if (o == op::kEnd) {
      if (dead_depth_ > 0) {
        --dead_depth_;
      } else {
        end_control();
      }
    } else if (o == op::kElse && dead_depth_ == 0) {
      Control& control = controls_.back();
      if (control.else_patch == kNone) return internal("else without if");
      code_[control.else_patch] = here();
      control.else_patch = kNone;
      bind();
      stack_.resize(control.height);
      dead_ = false;
    }
    return {};
  }
  auto require = [&](size_t n) { return stack_.size() >= n; };
  switch (o) {
    case op::kUnreachable:
      emit(Op::kUnreachable);
      dead_ = true;
      return {};
    case op::kNop:
      return {};
    case op::kBlock:
    case op::kLoop: {
      materialize_all();
      Control control;
      control.kind = o == op::kLoop ? ControlKind::kLoop : ControlKind::kBlock;
      control.has_result = in.block_result.has_value();
      control.height = static_cast<uint32_t>(stack_.size());
      bind();
      control.loop_target = here();
      controls_.push_back(std::move(control));
      return {};
    }
    case op::kIf: {
      if (!require(1)) break;
      const Condition condition = pop_condition();
      // The comparison's operands are its own slots or locals: materializing the entries below
      // writes neither.
      materialize_all();
      Control control;
      control.kind = ControlKind::kIf;
      control.has_result = in.block_result.has_value();
      control.height = static_cast<uint32_t>(stack_.size());
      control.else_patch = emit_branch(condition, false);
      controls_.push_back(std::move(control));
      return {};
    }
    case op::kElse: {
      Control& control = controls_.back();
      if (control.kind != ControlKind::kIf || control.else_patch == kNone) break;
      if (control.has_result) materialize(stack_.size() - 1);
      jump_to_end(control);
      code_[control.else_patch] = here();
      control.else_patch = kNone;
      bind();
      stack_.resize(control.height);
      return {};
    }
    case op::kEnd:
      if (controls_.empty()) break;
      end_control();
      return {};
    case op::kBr:
      if (in.index >= controls_.size()) break;
      branch(in.index);
      dead_ = true;
      return {};
    case op::kBrIf:
      if (in.index >= controls_.size() || !require(1)) break;
      branch_if(in.index);
      return {};
    case op::kBrTable:
      if (in.index >= controls_.size() || !require(1)) break;
      for (uint32_t depth : in.br_table_targets) {
        if (depth >= controls_.size()) return internal("bad br_table target");
      }
      branch_table(in);
      dead_ = true;
      return {};
    case op::kReturn:
      branch(static_cast<uint32_t>(controls_.size() - 1));
      dead_ = true;
      return {};
    case op::kCall:
      if (in.index >= context_.function_types.size()) break;
      call(in.index);
      return {};
    case op::kCallIndirect: {
      if (in.index >= context_.type_ids.size() || !require(1)) break;
      const Signature& signature = context_.structure->types[in.index];
      materialize_all();
      const uint32_t index = canonical(stack_.size() - 1);
      stack_.pop_back();
      const size_t base_height = stack_.size() - signature.params.size();
      stack_.resize(base_height);
      emit(Op::kCallIndirect);
      word(context_.type_ids[in.index]);
      word(index);
      word(canonical(base_height));
      if (signature.result) push();
      return {};
    }
    case op::kDrop:
      if (!require(1)) break;
      stack_.pop_back();
      return {};
    case op::kSelect: {
      if (!require(3)) break;
      const uint32_t c = use_top();
      const uint32_t b = use(stack_.size() - 2);
      const uint32_t a = use(stack_.size() - 3);
      stack_.resize(stack_.size() - 3);
      const uint32_t d = push();
      emit(Op::kSelect);
      const uint32_t dst_position = here();
      word(d);
      word(a);
      word(b);
      word(c);
      mark_result(dst_position);
      return {};
    }
    case op::kLocalGet:
      if (in.index >= local_count_) break;
      push_local(in.index);
      return {};
    case op::kLocalSet:
    case op::kLocalTee:
      if (in.index >= local_count_ || !require(1)) break;
      set_local(in.index, o == op::kLocalTee);
      return {};
    case op::kGlobalGet: {
      const uint32_t d = push();
      emit(Op::kGlobalGet);
      const uint32_t dst_position = here();
      word(d);
      word(in.index);
      mark_result(dst_position);
      return {};
    }
    case op::kGlobalSet: {
      if (!require(1)) break;
      const uint32_t value = use_top();
      stack_.pop_back();
      emit(Op::kGlobalSet);
      word(in.index);
      word(value);
      return {};
    }
    case op::kMemorySize: {
      const uint32_t d = push();
      emit(Op::kMemorySize);
      const uint32_t dst_position = here();
      word(d);
      mark_result(dst_position);
      return {};
    }
    case op::kMemoryGrow:
      if (!require(1)) break;
      unary(Op::kMemoryGrow);
      return {};
    case op::kI32Const:
    case op::kI64Const:
    case op::kF32Const:
    case op::kF64Const:
      push_const(read_immediates(code, in).value);
      return {};
    default:
      break;
  }
  if (o >= op::kI32Load && o <= op::kI64Store32) {
    const uint32_t offset = read_immediates(code, in).offset;
    static constexpr Op kLoads[] = {
        Op::kLoad32,     Op::kLoad64,     Op::kLoad32,     Op::kLoad64,    Op::kI32Load8S,
        Op::kI32Load8U,  Op::kI32Load16S, Op::kI32Load16U, Op::kI64Load8S, Op::kI64Load8U,
        Op::kI64Load16S, Op::kI64Load16U, Op::kI64Load32S, Op::kLoad32};
    static constexpr Op kStores[] = {Op::kStore32, Op::kStore64, Op::kStore32,
                                     Op::kStore64, Op::kStore8,  Op::kStore16,
                                     Op::kStore8,  Op::kStore16, Op::kStore32};
    if (o < op::kI32Store) {
      if (!require(1)) return internal("stack underflow");
      load(kLoads[o - op::kI32Load], offset);
    } else {
      if (!require(2)) return internal("stack underflow");
      store(kStores[o - op::kI32Store], offset);
    }
    return {};
  }
  // Numeric instructions: 0x45 (i32.eqz) to 0xc4 (i64.extend32_s).
  struct Numeric {
    Op op;
    uint8_t arity;  // 1 or 2
    std::optional<Op> with_immediate = std::nullopt;
    bool wide = false;  // i64: immediates are sign-extended 32-bit values
  };
  static const auto kNumeric = [] {
    std::vector<std::optional<Numeric>> table(256);
    auto un = [&](uint8_t code, Op o) { table[code] = Numeric{o, 1}; };
    auto bin = [&](uint8_t code, Op o, std::optional<Op> imm = std::nullopt) {
      table[code] = Numeric{o, 2, imm};
    };
    auto bin64 = [&](uint8_t code, Op o, std::optional<Op> imm) {
      table[code] = Numeric{o, 2, imm, true};
    };
    un(0x45, Op::kI32Eqz);
    bin(0x46, Op::kI32Eq, Op::kI32EqImm);
    bin(0x47, Op::kI32Ne, Op::kI32NeImm);
    bin(0x48, Op::kI32LtS, Op::kI32LtSImm);
    bin(0x49, Op::kI32LtU, Op::kI32LtUImm);
    bin(0x4a, Op::kI32GtS, Op::kI32GtSImm);
    bin(0x4b, Op::kI32GtU, Op::kI32GtUImm);
    bin(0x4c, Op::kI32LeS, Op::kI32LeSImm);
    bin(0x4d, Op::kI32LeU, Op::kI32LeUImm);
    bin(0x4e, Op::kI32GeS, Op::kI32GeSImm);
    bin(0x4f, Op::kI32GeU, Op::kI32GeUImm);
    un(0x50, Op::kI64Eqz);
    bin64(0x51, Op::kI64Eq, Op::kI64EqImm);
    bin64(0x52, Op::kI64Ne, Op::kI64NeImm);
    bin(0x53, Op::kI64LtS);
    bin64(0x54, Op::kI64LtU, Op::kI64LtUImm);
    bin(0x55, Op::kI64GtS);
    bin64(0x56, Op::kI64GtU, Op::kI64GtUImm);
    bin(0x57, Op::kI64LeS);
    bin64(0x58, Op::kI64LeU, Op::kI64LeUImm);
    bin(0x59, Op::kI64GeS);
    bin64(0x5a, Op::kI64GeU, Op::kI64GeUImm);
    const Op f_compare[] = {Op::kF32Eq, Op::kF32Ne, Op::kF32Lt, Op::kF32Gt, Op::kF32Le, Op::kF32Ge,
                            Op::kF64Eq, Op::kF64Ne, Op::kF64Lt, Op::kF64Gt, Op::kF64Le, Op::kF64Ge};
    for (uint8_t i = 0; i < 12; ++i) bin(static_cast<uint8_t>(0x5b + i), f_compare[i]);
    un(0x67, Op::kI32Clz);
    un(0x68, Op::kI32Ctz);
    un(0x69, Op::kI32Popcnt);
    bin(0x6a, Op::kI32Add, Op::kI32AddImm);
    bin(0x6b, Op::kI32Sub, Op::kI32SubImm);
    bin(0x6c, Op::kI32Mul, Op::kI32MulImm);
    bin(0x6d, Op::kI32DivS);
    bin(0x6e, Op::kI32DivU);
    bin(0x6f, Op::kI32RemS);
    bin(0x70, Op::kI32RemU);
    bin(0x71, Op::kI32And, Op::kI32AndImm);
    bin(0x72, Op::kI32Or, Op::kI32OrImm);
    bin(0x73, Op::kI32Xor, Op::kI32XorImm);
    bin(0x74, Op::kI32Shl, Op::kI32ShlImm);
    bin(0x75, Op::kI32ShrS, Op::kI32ShrSImm);
    bin(0x76, Op::kI32ShrU, Op::kI32ShrUImm);
    bin(0x77, Op::kI32Rotl);
    bin(0x78, Op::kI32Rotr);
    un(0x79, Op::kI64Clz);
    un(0x7a, Op::kI64Ctz);
    un(0x7b, Op::kI64Popcnt);
    bin64(0x7c, Op::kI64Add, Op::kI64AddImm);
    bin64(0x7d, Op::kI64Sub, Op::kI64SubImm);
    bin64(0x7e, Op::kI64Mul, Op::kI64MulImm);
    bin(0x7f, Op::kI64DivS);
    bin(0x80, Op::kI64DivU);
    bin(0x81, Op::kI64RemS);
    bin(0x82, Op::kI64RemU);
    bin64(0x83, Op::kI64And, Op::kI64AndImm);
    bin64(0x84, Op::kI64Or, Op::kI64OrImm);
    bin64(0x85, Op::kI64Xor, Op::kI64XorImm);
    bin64(0x86, Op::kI64Shl, Op::kI64ShlImm);
    bin64(0x87, Op::kI64ShrS, Op::kI64ShrSImm);
    bin64(0x88, Op::kI64ShrU, Op::kI64ShrUImm);
    bin(0x89, Op::kI64Rotl);
    bin(0x8a, Op::kI64Rotr);
    const Op f32_unary[] = {Op::kF32Abs,   Op::kF32Neg,     Op::kF32Ceil, Op::kF32Floor,
                            Op::kF32Trunc, Op::kF32Nearest, Op::kF32Sqrt};
    for (uint8_t i = 0; i < 7; ++i) un(static_cast<uint8_t>(0x8b + i), f32_unary[i]);
    const Op f32_binary[] = {Op::kF32Add, Op::kF32Sub, Op::kF32Mul,     Op::kF32Div,
                             Op::kF32Min, Op::kF32Max, Op::kF32Copysign};
    for (uint8_t i = 0; i < 7; ++i) bin(static_cast<uint8_t>(0x92 + i), f32_binary[i]);
    const Op f64_unary[] = {Op::kF64Abs,   Op::kF64Neg,     Op::kF64Ceil, Op::kF64Floor,
                            Op::kF64Trunc, Op::kF64Nearest, Op::kF64Sqrt};
    for (uint8_t i = 0; i < 7; ++i) un(static_cast<uint8_t>(0x99 + i), f64_unary[i]);
    const Op f64_binary[] = {Op::kF64Add, Op::kF64Sub, Op::kF64Mul,     Op::kF64Div,
                             Op::kF64Min, Op::kF64Max, Op::kF64Copysign};
    for (uint8_t i = 0; i < 7; ++i) bin(static_cast<uint8_t>(0xa0 + i), f64_binary[i]);
    const Op conversions[] = {Op::kI32WrapI64,     Op::kI32TruncF32S,   Op::kI32TruncF32U,
                              Op::kI32TruncF64S,   Op::kI32TruncF64U,   Op::kI64ExtendI32S,
                              Op::kI64ExtendI32U,  Op::kI64TruncF32S,   Op::kI64TruncF32U,
                              Op::kI64TruncF64S,   Op::kI64TruncF64U,   Op::kF32ConvertI32S,
                              Op::kF32ConvertI32U, Op::kF32ConvertI64S, Op::kF32ConvertI64U,
                              Op::kF32DemoteF64,   Op::kF64ConvertI32S, Op::kF64ConvertI32U,
                              Op::kF64ConvertI64S, Op::kF64ConvertI64U, Op::kF64PromoteF32};
    for (uint8_t i = 0; i < 21; ++i) un(static_cast<uint8_t>(0xa7 + i), conversions[i]);
    // Reinterpretations keep the bits: 0xbc-0xbf are moves.
    un(0xc0, Op::kI32Extend8S);
    un(0xc1, Op::kI32Extend16S);
    un(0xc2, Op::kI64Extend8S);
    un(0xc3, Op::kI64Extend16S);
    un(0xc4, Op::kI64Extend32S);
    return table;
  }();
  if (o >= 0xbc && o <= 0xbf) {
    // A reinterpretation: the same bits, now of another type. i32 and f32 both live zero-extended.
    return require(1) ? Result<void, ExecutionError>{} : internal("stack underflow");
  }
  if (kNumeric[o]) {
    const Numeric& n = *kNumeric[o];
    if (!require(n.arity)) return internal("stack underflow");
    if (n.arity == 1) {
      unary(n.op);
    } else {
      binary(n.op, n.with_immediate, n.wide);
    }
    return {};
  }
  return internal("unexpected opcode " + std::to_string(o));
}

Result<FunctionCode, ExecutionError> FunctionCompiler::compile(uint32_t defined_index) {
  const prepare::ModuleStructure& m = *context_.structure;
  const prepare::FunctionBody& body = m.bodies[defined_index];
  const Signature& signature =
      m.types[context_.function_types[context_.import_count + defined_index]];
  FunctionCode function;
  function.param_count = static_cast<uint32_t>(signature.params.size());
  function.local_count = static_cast<uint32_t>(function.param_count + body.local_count);
  function.type_id =
      context_.type_ids[context_.function_types[context_.import_count + defined_index]];
  function.entry = here();
  local_count_ = function.local_count;

  Control outermost;
  outermost.kind = ControlKind::kFunction;
  outermost.has_result = signature.result.has_value();
  controls_.push_back(std::move(outermost));

  PatternMatcher matcher(body.code);
  WasmReader reader(body.code);
  Instruction in;
  while (!reader.at_end()) {
    if (controls_.empty()) return internal("code after the end of a function");
    if (!dead_ && !reader.at_end() && body.code[reader.position()] == op::kGlobalGet) {
      uint32_t cost = 0;
      uint32_t limit = 0;
      if (context_.fuel_global) {
        if (auto fuel = matcher.fuel(reader, *context_.fuel_global)) {
          emit(Op::kFuel);
          word(*context_.fuel_global);
          word(static_cast<uint32_t>(*fuel));
          word(static_cast<uint32_t>(*fuel >> 32));
          continue;
        }
      }
      if (context_.stack_global) {
        if (matcher.stack_enter(reader, *context_.stack_global, cost, limit)) {
          // Always the call of a defined function, then the same cost taken back: one
          // instruction.
          WasmReader after_call = reader;
          uint32_t leave_cost = 0;
          if (!after_call.at_end() && prepare::read_instruction(after_call, in) &&
              in.opcode == op::kCall && in.index >= context_.import_count &&
              in.index < context_.function_types.size() &&
              matcher.stack_leave(after_call, *context_.stack_global, leave_cost) &&
              leave_cost == cost) {
            call(in.index, StackCheck{cost, limit});
            reader = after_call;
            continue;
          }
          emit(Op::kStackEnter);
          word(*context_.stack_global);
          word(cost);
          word(limit);
          continue;
        }
        if (matcher.stack_leave(reader, *context_.stack_global, cost)) {
          emit(Op::kStackLeave);
          word(*context_.stack_global);
          word(cost);
          continue;
        }
      }
    }
    if (!prepare::read_instruction(reader, in)) return internal("unreadable instruction");
    if (auto done = instruction(in, body.code); !done) return unexpected(done.error());
  }
  if (!controls_.empty()) return internal("unterminated function");
  function.frame_size = local_count_ + max_height_ + 1;
  return function;
}

uint64_t const_value(const prepare::ConstExpr& expr, const std::vector<uint64_t>& globals) {
  if (expr.opcode == op::kGlobalGet) return expr.bits < globals.size() ? globals[expr.bits] : 0;
  return expr.bits;
}

}  // namespace

Result<CompiledModule, ExecutionError> compile_module(const PreparedModule& prepared) {
  auto parsed = prepare::parse_module_structure(prepared.code);
  if (!parsed) return internal(parsed.error());
  const prepare::ModuleStructure& m = *parsed;

  CompiledModule out;
  ModuleContext context;
  context.structure = &m;
  context.handlers = handler_table();
  context.import_count = m.function_import_count;
  out.import_count = m.function_import_count;

  // Canonical signature ids: equal signatures share one.
  for (const Signature& type : m.types) {
    uint32_t id = 0;
    while (id < out.types.size() && out.types[id] != type) ++id;
    if (id == out.types.size()) out.types.push_back(type);
    context.type_ids.push_back(id);
  }
  for (const prepare::Import& import : m.imports) {
    if (import.kind != prepare::ExternalKind::kFunction) continue;
    if (import.type_index >= m.types.size()) return internal("bad import type");
    context.function_types.push_back(import.type_index);
    out.import_type_ids.push_back(context.type_ids[import.type_index]);
  }
  for (uint32_t type : m.function_types) {
    if (type >= m.types.size()) return internal("bad function type");
    context.function_types.push_back(type);
  }

  for (const prepare::Global& global : m.globals) {
    out.global_inits.push_back(const_value(global.init, out.global_inits));
  }
  for (const prepare::Export& e : m.exports) {
    if (e.kind == prepare::ExternalKind::kFunction) {
      if (e.index >= context.function_types.size()) return internal("bad export");
      out.exports.emplace(e.name, e.index);
    } else if (e.kind == prepare::ExternalKind::kGlobal) {
      if (e.index >= m.globals.size()) return internal("bad global export");
      if (e.name == prepare::kStackHeightExport) context.stack_global = e.index;
      if (e.name == prepare::kFuelExport) context.fuel_global = e.index;
      if (e.name == "__heap_base" && prepared.info.exports_heap_base) {
        out.heap_base_global = e.index;
      }
    }
  }
  if (!context.stack_global) return internal("not instrumented");
  out.stack_global = *context.stack_global;
  out.fuel_global = context.fuel_global;
  if (auto start = out.exports.find(std::string(prepare::kStartExport));
      start != out.exports.end()) {
    out.start = start->second;
  }

  // The table: MVP has at most one, filled by the element segments at instantiation.
  if (m.table_section) {
    WasmReader r(*m.table_section);
    const uint32_t count = r.u32();
    if (count == 1) {
      r.u8();  // funcref
      const uint8_t flags = r.u8();
      const uint32_t initial = r.u32();
      if (flags & 1) r.u32();
      if (!r.ok()) return internal("bad table section");
      out.table.assign(initial, kNoSlot);
    }
  }
  for (const prepare::ElementSegment& segment : m.elements) {
    const uint64_t offset = static_cast<uint32_t>(const_value(segment.offset, out.global_inits));
    if (offset + segment.functions.size() > out.table.size()) {
      out.table_fits = false;
      break;
    }
    for (size_t i = 0; i < segment.functions.size(); ++i) {
      out.table[offset + i] = segment.functions[i];
    }
  }

  out.functions.reserve(m.bodies.size());
  out.code.reserve(m.bodies.size() * 16);
  for (uint32_t i = 0; i < m.bodies.size(); ++i) {
    FunctionCompiler compiler(context, out.code);
    CANARY_TRY_ASSIGN(auto function, compiler.compile(i));
    out.functions.push_back(function);
  }
  out.code.shrink_to_fit();
  return out;
}

}  // namespace canary::executor::fast
