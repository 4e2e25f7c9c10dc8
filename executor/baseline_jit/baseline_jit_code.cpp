#include "executor/baseline_jit/baseline_jit_code.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "executor/baseline_jit/perf_map.hpp"
#include "executor/baseline_jit/x64_assembler.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/fast_interpreter/operand_words.hpp"

namespace canary::executor::jit {

namespace {

using fast::CompiledModule;
using fast::FunctionCode;
using fast::Op;
using fast::Trap;

constexpr Reg kFp = Reg::kRbx;
constexpr Reg kCtx = Reg::kR12;
constexpr Reg kMem = Reg::kR13;
constexpr Reg kMemSize = Reg::kR14;
constexpr Reg kGlobals = Reg::kR15;

constexpr size_t kTrapKinds = static_cast<size_t>(Trap::kHost) + 1;
// Bytes of one br_table entry's stub (a move and a jump, padded).
constexpr size_t kBrTableStub = 24;
// Frames of this many slots never fit a value stack (SlotInstance maps at most 2^26 slots), and
// their slots' displacements would not fit 32 bits.
constexpr uint32_t kMaxFrameSlots = uint32_t{1} << 27;

Unexpected<ExecutionError> internal(std::string message) {
  return unexpected(
      ExecutionError::make(ExecutionErrorKind::kInternal, "baseline JIT: " + std::move(message)));
}

Mem context_field(size_t offset) {
  return at(kCtx, static_cast<int32_t>(offset));
}

Mem slot(uint32_t index) {
  return at(kFp, static_cast<int32_t>(index * 8));
}

Mem global(uint32_t index) {
  return at(kGlobals, static_cast<int32_t>(index * 8));
}

uint64_t address_of(const void* pointer) {
  return reinterpret_cast<uint64_t>(pointer);
}

template <typename F>
uint64_t function_address(F* function) {
  return reinterpret_cast<uint64_t>(function);
}

// The condition of a compare-and-branch instruction, and whether it compares 64 bits and whether
// its second operand is an immediate.
struct BranchForm {
  Cond cond;
  bool wide;
  bool immediate;
};

std::optional<BranchForm> branch_form(Op op) {
  switch (op) {
#define CANARY_JIT_BR(name, cond, wide, imm) \
  case Op::k##name:                          \
    return BranchForm{Cond::cond, wide, imm};
    CANARY_JIT_BR(BrIfI32Eq, kE, false, false)
    CANARY_JIT_BR(BrIfI32Ne, kNe, false, false)
    CANARY_JIT_BR(BrIfI32LtS, kL, false, false)
    CANARY_JIT_BR(BrIfI32LtU, kB, false, false)
    CANARY_JIT_BR(BrIfI32GtS, kG, false, false)
    CANARY_JIT_BR(BrIfI32GtU, kA, false, false)
    CANARY_JIT_BR(BrIfI32LeS, kLe, false, false)
    CANARY_JIT_BR(BrIfI32LeU, kBe, false, false)
    CANARY_JIT_BR(BrIfI32GeS, kGe, false, false)
    CANARY_JIT_BR(BrIfI32GeU, kAe, false, false)
    CANARY_JIT_BR(BrIfI32EqImm, kE, false, true)
    CANARY_JIT_BR(BrIfI32NeImm, kNe, false, true)
    CANARY_JIT_BR(BrIfI32LtSImm, kL, false, true)
    CANARY_JIT_BR(BrIfI32LtUImm, kB, false, true)
    CANARY_JIT_BR(BrIfI32GtSImm, kG, false, true)
    CANARY_JIT_BR(BrIfI32GtUImm, kA, false, true)
    CANARY_JIT_BR(BrIfI32LeSImm, kLe, false, true)
    CANARY_JIT_BR(BrIfI32LeUImm, kBe, false, true)
    CANARY_JIT_BR(BrIfI32GeSImm, kGe, false, true)
    CANARY_JIT_BR(BrIfI32GeUImm, kAe, false, true)
    CANARY_JIT_BR(BrIfI64Eq, kE, true, false)
    CANARY_JIT_BR(BrIfI64Ne, kNe, true, false)
    CANARY_JIT_BR(BrIfI64LtS, kL, true, false)
    CANARY_JIT_BR(BrIfI64LtU, kB, true, false)
    CANARY_JIT_BR(BrIfI64GtS, kG, true, false)
    CANARY_JIT_BR(BrIfI64GtU, kA, true, false)
    CANARY_JIT_BR(BrIfI64LeS, kLe, true, false)
    CANARY_JIT_BR(BrIfI64LeU, kBe, true, false)
    CANARY_JIT_BR(BrIfI64GeS, kGe, true, false)
    CANARY_JIT_BR(BrIfI64GeU, kAe, true, false)
#undef CANARY_JIT_BR
    default:
      return std::nullopt;
  }
}

class Emitter {
 public:
  Emitter(const CompiledModule& module, const std::vector<const void*>& natives, bool profile)
      : module_(module),
        natives_(natives),
        profile_(profile),
        at_word_(module.code.size(), -1),
        function_labels_(module.functions.size()) {}

  Result<void, ExecutionError> run();

  Assembler& assembler() { return a_; }
  size_t function_offset(size_t index) const { return function_labels_[index].position(); }
  size_t call_jit_offset() const { return call_jit_.position(); }

 private:
  void entry_trampoline();
  void call_jit_trampoline();
  void native_thunk(const void* native);
  // Adds `amount` to the current function's profile counter (clobbers rax).
  void count(uint32_t amount) {
    a_.mov(Reg::kRax, context_field(offsetof(Context, profile)));
    a_.alu(Alu::kAdd, at(Reg::kRax, static_cast<int32_t>(function_ * 8)),
           static_cast<int32_t>(std::min<uint32_t>(amount, 0x7FFFFFFF)), true);
  }
  void prologue(const FunctionCode& function);
  Result<void, ExecutionError> instruction(Op op, const uint32_t* o, uint32_t word);
  void jump_to_word(uint32_t word) { word_fixups_.emplace_back(a_.jmp_rel32(), word); }
  void branch_to_word(Cond cond, uint32_t word) {
    word_fixups_.emplace_back(a_.jcc_rel32(cond), word);
  }
  void reload_memory() {
    a_.mov(kMem, context_field(offsetof(Context, mem)));
    a_.mov(kMemSize, context_field(offsetof(Context, mem_size)));
  }
  void call_function(uint32_t defined, uint32_t base);
  void call_helper(Op op, const uint32_t* o);
  void branch_table(const uint32_t* o);
  bool native(Op op, const uint32_t* o);
  bool native_memory(Op op, const uint32_t* o);
  void binary(const uint32_t* o, bool wide, Alu alu);
  void compare(const uint32_t* o, bool wide, Cond cond, bool immediate);
  void shift(const uint32_t* o, bool wide, Shift shift, bool immediate);
  void divide(const uint32_t* o, bool wide, bool is_signed, bool remainder);
  Label& trap(Trap kind) { return traps_[static_cast<size_t>(kind)]; }

  const CompiledModule& module_;
  const std::vector<const void*>& natives_;
  const bool profile_;
  uint32_t function_ = 0;  // the defined function being translated
  Assembler a_;
  std::vector<int64_t> at_word_;  // native offset of the instruction at each word, or -1
  std::vector<std::pair<size_t, uint32_t>> word_fixups_;  // (rel32 field, target word)
  std::vector<Label> function_labels_;
  Label call_jit_;
  Label exit_;               // eax: the trap; restores rsp from rbp and returns
  Label trap_from_context_;  // the trap in Context::trap
  Label traps_[kTrapKinds];
};

Result<void, ExecutionError> Emitter::run() {
  // About 4.4 bytes of machine code per word of interpreter code (Kusama's genesis runtime).
  a_.reserve(module_.code.size() * 5 + 4096);
  entry_trampoline();
  call_jit_trampoline();

  const std::vector<uint32_t>& code = module_.code;
  for (size_t f = 0; f < module_.functions.size(); ++f) {
    const FunctionCode& function = module_.functions[f];
    const size_t end =
        f + 1 < module_.functions.size() ? module_.functions[f + 1].entry : code.size();
    if (function.entry > end || end > code.size()) return internal("functions out of order");
    a_.bind(function_labels_[f]);
    if (f < natives_.size() && natives_[f] != nullptr) {
      native_thunk(natives_[f]);
      continue;
    }
    function_ = static_cast<uint32_t>(f);
    prologue(function);
    if (profile_ && !module_.fuel_global) count(1);
    for (size_t pc = function.entry; pc < end;) {
      if (pc + fast::kHandlerWords > end) return internal("truncated instruction");
      const std::optional<Op> op = fast::op_at(code.data() + pc);
      if (!op) return internal("unknown handler at word " + std::to_string(pc));
      const uint32_t* operands = code.data() + pc + fast::kHandlerWords;
      const size_t words = fast::kHandlerWords + fast::operand_words(*op, operands);
      if (pc + words > end) return internal("truncated operands");
      at_word_[pc] = static_cast<int64_t>(a_.size());
      CANARY_TRY(instruction(*op, operands, static_cast<uint32_t>(pc)));
      pc += words;
    }
  }
  for (const auto& [field, word] : word_fixups_) {
    if (word >= at_word_.size() || at_word_[word] < 0) {
      return internal("branch to word " + std::to_string(word) + ", not an instruction");
    }
    a_.patch_rel32(field, static_cast<size_t>(at_word_[word]));
  }
  return {};
}

// uint32_t enter(Context* rdi, uint64_t* fp rsi, const void* function rdx).
void Emitter::entry_trampoline() {
  for (Reg reg : {Reg::kRbp, Reg::kRbx, Reg::kR12, Reg::kR13, Reg::kR14, Reg::kR15}) a_.push(reg);
  a_.alu(Alu::kSub, Reg::kRsp, 8, true);  // rsp is now 16-byte aligned
  a_.mov(Reg::kRbp, Reg::kRsp);
  a_.mov(kCtx, Reg::kRdi);
  a_.mov(context_field(offsetof(Context, entry_rbp)), Reg::kRbp);
  a_.mov(kFp, Reg::kRsi);
  reload_memory();
  a_.mov(kGlobals, context_field(offsetof(Context, globals)));
  a_.mov(Reg::kRax, Reg::kRsp);
  a_.alu(Alu::kSub, Reg::kRax, context_field(offsetof(Context, frames_bytes)), true);
  a_.mov(context_field(offsetof(Context, rsp_limit)), Reg::kRax);
  a_.call(Reg::kRdx);
  a_.alu(Alu::kXor, Reg::kRax, Reg::kRax, false);
  a_.bind(exit_);
  a_.mov(Reg::kRsp, Reg::kRbp);
  a_.alu(Alu::kAdd, Reg::kRsp, 8, true);
  for (Reg reg : {Reg::kR15, Reg::kR14, Reg::kR13, Reg::kR12, Reg::kRbx, Reg::kRbp}) a_.pop(reg);
  a_.ret();

  a_.bind(trap_from_context_);
  a_.mov(Reg::kRax, context_field(offsetof(Context, trap)), false);
  a_.jmp(exit_);
  for (size_t kind = 1; kind < kTrapKinds; ++kind) {
    a_.bind(traps_[kind]);
    a_.mov_imm32(Reg::kRax, static_cast<uint32_t>(kind));
    a_.jmp(exit_);
  }
}

// uint32_t call_jit(Context* rdi, uint64_t* fp rsi, const void* function rdx), for C code: the
// pinned registers set up again (the C code keeps its own values in them), the entry's rbp
// included, so that a trap in the callee returns through the entry trampoline, past the C frames
// (which hold nothing to clean up: they wrote the instrumentation's globals back before calling).
void Emitter::call_jit_trampoline() {
  a_.bind(call_jit_);
  for (Reg reg : {Reg::kRbp, Reg::kRbx, Reg::kR12, Reg::kR13, Reg::kR14, Reg::kR15}) a_.push(reg);
  a_.alu(Alu::kSub, Reg::kRsp, 8, true);  // 16-byte aligned before the call, as the JIT's calls
  a_.mov(kCtx, Reg::kRdi);
  a_.mov(kFp, Reg::kRsi);
  reload_memory();
  a_.mov(kGlobals, context_field(offsetof(Context, globals)));
  a_.mov(Reg::kRbp, context_field(offsetof(Context, entry_rbp)));
  a_.call(Reg::kRdx);
  a_.alu(Alu::kAdd, Reg::kRsp, 8, true);
  for (Reg reg : {Reg::kR15, Reg::kR14, Reg::kR13, Reg::kR12, Reg::kRbx, Reg::kRbp}) a_.pop(reg);
  a_.alu(Alu::kXor, Reg::kRax, Reg::kRax, false);
  a_.ret();
}

// A function whose code is native (C, System V ABI): called with (context, frame); a trap it
// returns leaves through the entry trampoline.
void Emitter::native_thunk(const void* native) {
  a_.alu(Alu::kSub, Reg::kRsp, 8, true);
  a_.mov(Reg::kRdi, kCtx);
  a_.mov(Reg::kRsi, kFp);
  a_.mov_imm64(Reg::kRax, address_of(native));
  a_.call(Reg::kRax);
  a_.alu(Alu::kAdd, Reg::kRsp, 8, true);
  a_.test(Reg::kRax, Reg::kRax, false);
  a_.jcc(Cond::kNe, exit_);
  a_.ret();
}

// The callee's checks of the interpreter's call (the frame cap and the value stack), then its
// declared locals zeroed.
void Emitter::prologue(const FunctionCode& function) {
  a_.alu(Alu::kSub, Reg::kRsp, 8, true);
  a_.alu(Alu::kCmp, Reg::kRsp, context_field(offsetof(Context, rsp_limit)), true);
  a_.jcc(Cond::kBe, trap(Trap::kStackExhausted));
  if (function.frame_size >= kMaxFrameSlots) {
    // Larger than any value stack (and than a displacement reaches): the interpreter's check
    // always fails.
    a_.jmp(trap(Trap::kStackExhausted));
    return;
  }
  a_.lea(Reg::kRax, slot(function.frame_size));
  a_.alu(Alu::kCmp, Reg::kRax, context_field(offsetof(Context, stack_end)), true);
  a_.jcc(Cond::kA, trap(Trap::kStackExhausted));
  const uint32_t count = function.local_count - function.param_count;
  if (count == 0) return;
  a_.alu(Alu::kXor, Reg::kRax, Reg::kRax, false);
  if (count <= 16) {
    for (uint32_t i = function.param_count; i < function.local_count; ++i) {
      a_.mov(slot(i), Reg::kRax);
    }
    return;
  }
  a_.lea(Reg::kRdi, slot(function.param_count));
  a_.mov_imm32(Reg::kRcx, count);
  a_.rep_stosq();
}

void Emitter::call_function(uint32_t defined, uint32_t base) {
  if (base != 0) a_.alu(Alu::kAdd, kFp, static_cast<int32_t>(base * 8), true);
  a_.call(function_labels_[defined]);
  if (base != 0) a_.alu(Alu::kSub, kFp, static_cast<int32_t>(base * 8), true);
  reload_memory();
}

void Emitter::call_helper(Op op, const uint32_t* o) {
  a_.mov(Reg::kRdi, kFp);
  a_.mov_imm64(Reg::kRsi, address_of(o));
  a_.mov(Reg::kRdx, kCtx);
  a_.mov_imm64(Reg::kRax, function_address(helper_for(op)));
  a_.call(Reg::kRax);
  if (helper_may_trap(op)) {
    a_.test(Reg::kRax, Reg::kRax, false);
    a_.jcc(Cond::kNe, exit_);
  }
  if (op == Op::kMemoryGrow) reload_memory();
}

// `a src count (target dst)*(count+1)`: the index, clamped to the default, selects a stub that
// moves the value (if any) and jumps.
void Emitter::branch_table(const uint32_t* o) {
  const uint32_t count = o[2];
  Label in_range;
  Label stubs;
  a_.mov(Reg::kRax, slot(o[0]), false);
  a_.alu(Alu::kCmp, Reg::kRax, static_cast<int32_t>(count), false);
  a_.jcc(Cond::kBe, in_range);
  a_.mov_imm32(Reg::kRax, count);
  a_.bind(in_range);
  a_.lea_rip(Reg::kRcx, stubs);
  a_.lea(Reg::kRax, at(Reg::kRax, Reg::kRax, 2));  // index * 3
  a_.lea(Reg::kRax, at(Reg::kRcx, Reg::kRax, 8));  // stubs + index * 24
  a_.jmp(Reg::kRax);
  a_.bind(stubs);
  for (uint32_t i = 0; i <= count; ++i) {
    const size_t start = a_.size();
    const uint32_t target = o[3 + 2 * i];
    const uint32_t dst = o[4 + 2 * i];
    if (dst != fast::kNoSlot) {
      a_.mov(Reg::kRdx, at(kFp, static_cast<int32_t>(o[1] * 8)), true);
      a_.mov(at(kFp, static_cast<int32_t>(dst * 8)), Reg::kRdx, true);
    }
    jump_to_word(target);
    while (a_.size() < start + kBrTableStub) a_.int3();
  }
}

// `d a b` (or `d a imm`, sign-extended for 64 bits): rax = a op b, the 32-bit forms zero-extending.
void Emitter::binary(const uint32_t* o, bool wide, Alu alu) {
  a_.mov(Reg::kRax, slot(o[1]), wide);
  a_.alu(alu, Reg::kRax, slot(o[2]), wide);
  a_.mov(slot(o[0]), Reg::kRax);
}

void Emitter::compare(const uint32_t* o, bool wide, Cond cond, bool immediate) {
  a_.mov(Reg::kRax, slot(o[1]), wide);
  if (immediate) {
    a_.alu(Alu::kCmp, Reg::kRax, static_cast<int32_t>(o[2]), wide);
  } else {
    a_.alu(Alu::kCmp, Reg::kRax, slot(o[2]), wide);
  }
  a_.setcc(cond, Reg::kRax);
  a_.movzx8(Reg::kRax, Reg::kRax);
  a_.mov(slot(o[0]), Reg::kRax);
}

// The hardware masks the count as Wasm does (by 31 or 63).
void Emitter::shift(const uint32_t* o, bool wide, Shift op, bool immediate) {
  if (!immediate) a_.mov(Reg::kRcx, slot(o[2]), false);
  a_.mov(Reg::kRax, slot(o[1]), wide);
  if (immediate) {
    a_.shift(op, Reg::kRax, static_cast<uint8_t>(o[2] & (wide ? 63 : 31)), wide);
  } else {
    a_.shift_cl(op, Reg::kRax, wide);
  }
  a_.mov(slot(o[0]), Reg::kRax);
}

// `d a b`: the interpreter's checks (a zero divisor, then the signed quotient's overflow; a signed
// remainder by -1 is 0, which idiv would fault on for the minimum), then div or idiv.
void Emitter::divide(const uint32_t* o, bool wide, bool is_signed, bool remainder) {
  Label divide;
  Label done;
  a_.mov(Reg::kRcx, slot(o[2]), wide);
  a_.test(Reg::kRcx, Reg::kRcx, wide);
  a_.jcc(Cond::kE, trap(Trap::kIntegerDivideByZero));
  a_.mov(Reg::kRax, slot(o[1]), wide);
  if (is_signed) {
    a_.alu(Alu::kCmp, Reg::kRcx, -1, wide);
    a_.jcc(Cond::kNe, divide);
    if (remainder) {
      a_.alu(Alu::kXor, Reg::kRdx, Reg::kRdx, false);
      a_.jmp(done);
    } else {
      // The minimum over -1: its negation (sub from zero) overflows exactly then.
      a_.mov(Reg::kRdx, Reg::kRax, wide);
      a_.alu(Alu::kSub, Reg::kRdx, 1, wide);
      a_.jcc(Cond::kO, trap(Trap::kIntegerOverflow));
    }
    a_.bind(divide);
    a_.sign_extend_rax(wide);
  } else {
    a_.alu(Alu::kXor, Reg::kRdx, Reg::kRdx, false);
  }
  a_.div(Reg::kRcx, is_signed, wide);
  a_.bind(done);
  a_.mov(slot(o[0]), remainder ? Reg::kRdx : Reg::kRax);
}

// Loads `d addr offset` and stores `addr value offset`: the interpreter's bounds check (the 64-bit
// sum of address, offset and size against the memory's size), then one access at r13 + address +
// offset. Offsets that do not fit a displacement stay with the helper.
bool Emitter::native_memory(Op op, const uint32_t* o) {
  uint32_t size = 0;
  switch (op) {
    case Op::kLoad64:
    case Op::kStore64:
      size = 8;
      break;
    case Op::kLoad32:
    case Op::kI64Load32S:
    case Op::kStore32:
      size = 4;
      break;
    case Op::kI32Load16S:
    case Op::kI32Load16U:
    case Op::kI64Load16S:
    case Op::kI64Load16U:
    case Op::kStore16:
      size = 2;
      break;
    case Op::kI32Load8S:
    case Op::kI32Load8U:
    case Op::kI64Load8S:
    case Op::kI64Load8U:
    case Op::kStore8:
      size = 1;
      break;
    default:
      return false;
  }
  const uint32_t offset = o[2];
  if (uint64_t{offset} + size > 0x7FFFFFFFu) return false;
  const bool store = op >= Op::kStore8;
  a_.mov(Reg::kRax, slot(store ? o[0] : o[1]), false);
  a_.lea(Reg::kRcx, at(Reg::kRax, static_cast<int32_t>(offset + size)));
  a_.alu(Alu::kCmp, Reg::kRcx, kMemSize, true);
  a_.jcc(Cond::kA, trap(Trap::kMemoryOutOfBounds));
  const Mem m = at(kMem, Reg::kRax, 1, static_cast<int32_t>(offset));
  if (store) {
    a_.mov(Reg::kRcx, slot(o[1]));
    switch (op) {
      case Op::kStore8:
        a_.store8(m, Reg::kRcx);
        break;
      case Op::kStore16:
        a_.store16(m, Reg::kRcx);
        break;
      case Op::kStore32:
        a_.mov(m, Reg::kRcx, false);
        break;
      default:
        a_.mov(m, Reg::kRcx, true);
        break;
    }
    return true;
  }
  switch (op) {
    case Op::kLoad32:
      a_.mov(Reg::kRax, m, false);
      break;
    case Op::kLoad64:
      a_.mov(Reg::kRax, m, true);
      break;
    case Op::kI32Load8S:
      a_.load_sx8(Reg::kRax, m, false);
      break;
    case Op::kI64Load8S:
      a_.load_sx8(Reg::kRax, m, true);
      break;
    case Op::kI32Load8U:
    case Op::kI64Load8U:
      a_.load_zx8(Reg::kRax, m);
      break;
    case Op::kI32Load16S:
      a_.load_sx16(Reg::kRax, m, false);
      break;
    case Op::kI64Load16S:
      a_.load_sx16(Reg::kRax, m, true);
      break;
    case Op::kI32Load16U:
    case Op::kI64Load16U:
      a_.load_zx16(Reg::kRax, m);
      break;
    default:  // kI64Load32S
      a_.load_sx32(Reg::kRax, m);
      break;
  }
  a_.mov(slot(o[0]), Reg::kRax);
  return true;
}

// The hot instructions, natively; false leaves `op` to its helper.
bool Emitter::native(Op op, const uint32_t* o) {
  if (native_memory(op, o)) return true;
  switch (op) {
    case Op::kMov:
      a_.mov(Reg::kRax, slot(o[1]));
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kConst32:
      if (o[1] <= 0x7FFFFFFFu) {
        a_.mov_imm(slot(o[0]), static_cast<int32_t>(o[1]));
      } else {
        a_.mov_imm32(Reg::kRax, o[1]);
        a_.mov(slot(o[0]), Reg::kRax);
      }
      return true;
    case Op::kConst64: {
      const uint64_t value = uint64_t{o[1]} | (uint64_t{o[2]} << 32);
      if (static_cast<int64_t>(value) == static_cast<int32_t>(value)) {
        a_.mov_imm(slot(o[0]), static_cast<int32_t>(value));
      } else {
        a_.mov_imm64(Reg::kRax, value);
        a_.mov(slot(o[0]), Reg::kRax);
      }
      return true;
    }
    case Op::kSelect:
      a_.mov(Reg::kRax, slot(o[1]));
      a_.alu(Alu::kCmp, slot(o[3]), 0, false);
      a_.cmov(Cond::kE, Reg::kRax, slot(o[2]), true);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kGlobalGet:
      a_.mov(Reg::kRax, global(o[1]));
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kGlobalSet:
      a_.mov(Reg::kRax, slot(o[1]));
      a_.mov(global(o[0]), Reg::kRax);
      return true;
    case Op::kFuel: {
      // `fuel -= cost; if fuel < 0 (signed): unreachable`.
      const uint64_t cost = uint64_t{o[1]} | (uint64_t{o[2]} << 32);
      if (profile_) count(static_cast<uint32_t>(std::min<uint64_t>(cost, 0x7FFFFFFF)));
      if (cost <= 0x7FFFFFFFu) {
        a_.alu(Alu::kSub, global(o[0]), static_cast<int32_t>(cost), true);
      } else {
        a_.mov_imm64(Reg::kRax, cost);
        a_.alu(Alu::kSub, global(o[0]), Reg::kRax, true);
      }
      a_.jcc(Cond::kS, trap(Trap::kUnreachable));
      return true;
    }
    case Op::kStackEnter:
      // `height += cost; if height > limit (unsigned): unreachable`, kept zero-extended.
      a_.mov(Reg::kRax, global(o[0]), false);
      a_.alu(Alu::kAdd, Reg::kRax, static_cast<int32_t>(o[1]), false);
      a_.mov(global(o[0]), Reg::kRax);
      a_.alu(Alu::kCmp, Reg::kRax, static_cast<int32_t>(o[2]), false);
      a_.jcc(Cond::kA, trap(Trap::kUnreachable));
      return true;
    case Op::kStackLeave:
      a_.mov(Reg::kRax, global(o[0]), false);
      a_.alu(Alu::kSub, Reg::kRax, static_cast<int32_t>(o[1]), false);
      a_.mov(global(o[0]), Reg::kRax);
      return true;
    case Op::kI32WrapI64:
    case Op::kI64ExtendI32U:
      a_.mov(Reg::kRax, slot(o[1]), false);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI64ExtendI32S:
      a_.load_sx32(Reg::kRax, slot(o[1]));
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI32Extend8S:
    case Op::kI64Extend8S:
      a_.load_sx8(Reg::kRax, slot(o[1]), op == Op::kI64Extend8S);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI32Extend16S:
    case Op::kI64Extend16S:
      a_.load_sx16(Reg::kRax, slot(o[1]), op == Op::kI64Extend16S);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI64Extend32S:
      a_.load_sx32(Reg::kRax, slot(o[1]));
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI32DivS:
    case Op::kI32DivU:
    case Op::kI32RemS:
    case Op::kI32RemU:
    case Op::kI64DivS:
    case Op::kI64DivU:
    case Op::kI64RemS:
    case Op::kI64RemU: {
      const bool wide = op >= Op::kI64DivS;
      const bool is_signed =
          op == Op::kI32DivS || op == Op::kI32RemS || op == Op::kI64DivS || op == Op::kI64RemS;
      const bool remainder =
          op == Op::kI32RemS || op == Op::kI32RemU || op == Op::kI64RemS || op == Op::kI64RemU;
      divide(o, wide, is_signed, remainder);
      return true;
    }
    case Op::kI32Eqz:
    case Op::kI64Eqz:
      a_.alu(Alu::kCmp, slot(o[1]), 0, op == Op::kI64Eqz);
      a_.setcc(Cond::kE, Reg::kRax);
      a_.movzx8(Reg::kRax, Reg::kRax);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    case Op::kI32Mul:
    case Op::kI64Mul: {
      const bool wide = op == Op::kI64Mul;
      a_.mov(Reg::kRax, slot(o[1]), wide);
      a_.imul(Reg::kRax, slot(o[2]), wide);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    }
    case Op::kI32MulImm:
    case Op::kI64MulImm: {
      const bool wide = op == Op::kI64MulImm;
      a_.mov(Reg::kRax, slot(o[1]), wide);
      a_.imul(Reg::kRax, Reg::kRax, static_cast<int32_t>(o[2]), wide);
      a_.mov(slot(o[0]), Reg::kRax);
      return true;
    }
    default:
      break;
  }
  switch (op) {
#define CANARY_JIT_ALU(name, wide, alu_op) \
  case Op::k##name:                        \
    binary(o, wide, Alu::alu_op);          \
    return true;
#define CANARY_JIT_ALU_IMM(name, wide, alu_op)                        \
  case Op::k##name:                                                   \
    a_.mov(Reg::kRax, slot(o[1]), wide);                              \
    a_.alu(Alu::alu_op, Reg::kRax, static_cast<int32_t>(o[2]), wide); \
    a_.mov(slot(o[0]), Reg::kRax);                                    \
    return true;
#define CANARY_JIT_CMP(name, wide, cond, immediate) \
  case Op::k##name:                                 \
    compare(o, wide, Cond::cond, immediate);        \
    return true;
#define CANARY_JIT_SHIFT(name, wide, shift_op, immediate) \
  case Op::k##name:                                       \
    shift(o, wide, Shift::shift_op, immediate);           \
    return true;
    CANARY_JIT_ALU(I32Add, false, kAdd)
    CANARY_JIT_ALU(I32Sub, false, kSub)
    CANARY_JIT_ALU(I32And, false, kAnd)
    CANARY_JIT_ALU(I32Or, false, kOr)
    CANARY_JIT_ALU(I32Xor, false, kXor)
    CANARY_JIT_ALU(I64Add, true, kAdd)
    CANARY_JIT_ALU(I64Sub, true, kSub)
    CANARY_JIT_ALU(I64And, true, kAnd)
    CANARY_JIT_ALU(I64Or, true, kOr)
    CANARY_JIT_ALU(I64Xor, true, kXor)
    CANARY_JIT_ALU_IMM(I32AddImm, false, kAdd)
    CANARY_JIT_ALU_IMM(I32SubImm, false, kSub)
    CANARY_JIT_ALU_IMM(I32AndImm, false, kAnd)
    CANARY_JIT_ALU_IMM(I32OrImm, false, kOr)
    CANARY_JIT_ALU_IMM(I32XorImm, false, kXor)
    CANARY_JIT_ALU_IMM(I64AddImm, true, kAdd)
    CANARY_JIT_ALU_IMM(I64SubImm, true, kSub)
    CANARY_JIT_ALU_IMM(I64AndImm, true, kAnd)
    CANARY_JIT_ALU_IMM(I64OrImm, true, kOr)
    CANARY_JIT_ALU_IMM(I64XorImm, true, kXor)
    CANARY_JIT_CMP(I32Eq, false, kE, false)
    CANARY_JIT_CMP(I32Ne, false, kNe, false)
    CANARY_JIT_CMP(I32LtS, false, kL, false)
    CANARY_JIT_CMP(I32LtU, false, kB, false)
    CANARY_JIT_CMP(I32GtS, false, kG, false)
    CANARY_JIT_CMP(I32GtU, false, kA, false)
    CANARY_JIT_CMP(I32LeS, false, kLe, false)
    CANARY_JIT_CMP(I32LeU, false, kBe, false)
    CANARY_JIT_CMP(I32GeS, false, kGe, false)
    CANARY_JIT_CMP(I32GeU, false, kAe, false)
    CANARY_JIT_CMP(I64Eq, true, kE, false)
    CANARY_JIT_CMP(I64Ne, true, kNe, false)
    CANARY_JIT_CMP(I64LtS, true, kL, false)
    CANARY_JIT_CMP(I64LtU, true, kB, false)
    CANARY_JIT_CMP(I64GtS, true, kG, false)
    CANARY_JIT_CMP(I64GtU, true, kA, false)
    CANARY_JIT_CMP(I64LeS, true, kLe, false)
    CANARY_JIT_CMP(I64LeU, true, kBe, false)
    CANARY_JIT_CMP(I64GeS, true, kGe, false)
    CANARY_JIT_CMP(I64GeU, true, kAe, false)
    CANARY_JIT_CMP(I32EqImm, false, kE, true)
    CANARY_JIT_CMP(I32NeImm, false, kNe, true)
    CANARY_JIT_CMP(I32LtUImm, false, kB, true)
    CANARY_JIT_CMP(I32GtUImm, false, kA, true)
    CANARY_JIT_CMP(I32LeUImm, false, kBe, true)
    CANARY_JIT_CMP(I32GeUImm, false, kAe, true)
    CANARY_JIT_CMP(I32LtSImm, false, kL, true)
    CANARY_JIT_CMP(I32GtSImm, false, kG, true)
    CANARY_JIT_CMP(I32LeSImm, false, kLe, true)
    CANARY_JIT_CMP(I32GeSImm, false, kGe, true)
    CANARY_JIT_CMP(I64EqImm, true, kE, true)
    CANARY_JIT_CMP(I64NeImm, true, kNe, true)
    CANARY_JIT_CMP(I64LtUImm, true, kB, true)
    CANARY_JIT_CMP(I64GtUImm, true, kA, true)
    CANARY_JIT_CMP(I64LeUImm, true, kBe, true)
    CANARY_JIT_CMP(I64GeUImm, true, kAe, true)
    CANARY_JIT_SHIFT(I32Shl, false, kShl, false)
    CANARY_JIT_SHIFT(I32ShrS, false, kSar, false)
    CANARY_JIT_SHIFT(I32ShrU, false, kShr, false)
    CANARY_JIT_SHIFT(I32Rotl, false, kRol, false)
    CANARY_JIT_SHIFT(I32Rotr, false, kRor, false)
    CANARY_JIT_SHIFT(I64Shl, true, kShl, false)
    CANARY_JIT_SHIFT(I64ShrS, true, kSar, false)
    CANARY_JIT_SHIFT(I64ShrU, true, kShr, false)
    CANARY_JIT_SHIFT(I64Rotl, true, kRol, false)
    CANARY_JIT_SHIFT(I64Rotr, true, kRor, false)
    CANARY_JIT_SHIFT(I32ShlImm, false, kShl, true)
    CANARY_JIT_SHIFT(I32ShrSImm, false, kSar, true)
    CANARY_JIT_SHIFT(I32ShrUImm, false, kShr, true)
    CANARY_JIT_SHIFT(I64ShlImm, true, kShl, true)
    CANARY_JIT_SHIFT(I64ShrSImm, true, kSar, true)
    CANARY_JIT_SHIFT(I64ShrUImm, true, kShr, true)
#undef CANARY_JIT_ALU
#undef CANARY_JIT_ALU_IMM
#undef CANARY_JIT_CMP
#undef CANARY_JIT_SHIFT
    default:
      return false;
  }
}

Result<void, ExecutionError> Emitter::instruction(Op op, const uint32_t* o, uint32_t word) {
  if (const auto form = branch_form(op)) {
    if (form->immediate) {
      a_.alu(Alu::kCmp, slot(o[0]), static_cast<int32_t>(o[1]), false);
    } else {
      a_.mov(Reg::kRax, slot(o[0]), form->wide);
      a_.alu(Alu::kCmp, Reg::kRax, slot(o[1]), form->wide);
    }
    branch_to_word(form->cond, o[2]);
    return {};
  }
  switch (op) {
    case Op::kUnreachable:
      a_.jmp(trap(Trap::kUnreachable));
      return {};
    case Op::kJump:
      jump_to_word(o[0]);
      return {};
    case Op::kBrIf:
    case Op::kBrUnless:
    case Op::kBrIfI32Eqz:
      a_.alu(Alu::kCmp, slot(o[0]), 0, false);
      branch_to_word(op == Op::kBrIf ? Cond::kNe : Cond::kE, o[1]);
      return {};
    case Op::kBrIfI64Eqz:
    case Op::kBrIfI64Nez:
      a_.alu(Alu::kCmp, slot(o[0]), 0, true);
      branch_to_word(op == Op::kBrIfI64Nez ? Cond::kNe : Cond::kE, o[1]);
      return {};
    case Op::kBrTable:
      branch_table(o);
      return {};
    case Op::kReturn:
      a_.mov(Reg::kRax, slot(o[0]));
      a_.mov(slot(0), Reg::kRax);
      [[fallthrough]];
    case Op::kReturnVoid:
      a_.alu(Alu::kAdd, Reg::kRsp, 8, true);
      a_.ret();
      return {};
    case Op::kCall:
      if (o[0] >= module_.functions.size()) return internal("bad call");
      call_function(o[0], o[1]);
      return {};
    case Op::kCallCounted: {
      if (o[0] >= module_.functions.size()) return internal("bad call");
      // The instrumentation's `height += cost; if height > limit: unreachable`, the call, and
      // `height -= cost` at the return.
      const Mem height = global(module_.stack_global);
      a_.mov(Reg::kRax, height, false);
      a_.alu(Alu::kAdd, Reg::kRax, static_cast<int32_t>(o[2]), false);
      a_.mov(height, Reg::kRax, true);
      a_.alu(Alu::kCmp, Reg::kRax, static_cast<int32_t>(o[3]), false);
      a_.jcc(Cond::kA, trap(Trap::kUnreachable));
      call_function(o[0], o[1]);
      a_.mov(Reg::kRax, height, false);
      a_.alu(Alu::kSub, Reg::kRax, static_cast<int32_t>(o[2]), false);
      a_.mov(height, Reg::kRax, true);
      return {};
    }
    case Op::kCallHost:
      a_.mov(Reg::kRdi, kCtx);
      a_.mov_imm32(Reg::kRsi, o[0]);
      a_.lea(Reg::kRdx, slot(o[1]));
      a_.mov_imm64(Reg::kRax, function_address(&call_host));
      a_.call(Reg::kRax);
      a_.test(Reg::kRax, Reg::kRax, false);
      a_.jcc(Cond::kNe, exit_);
      reload_memory();
      return {};
    case Op::kCallIndirect: {
      Label done;
      a_.mov(Reg::kRdi, kCtx);
      a_.mov_imm32(Reg::kRsi, o[0]);
      a_.mov(Reg::kRdx, slot(o[1]), false);
      a_.lea(Reg::kRcx, slot(o[2]));
      a_.mov_imm64(Reg::kRax, function_address(&resolve_indirect));
      a_.call(Reg::kRax);
      a_.alu(Alu::kCmp, Reg::kRax, 1, true);
      a_.jcc(Cond::kB, trap_from_context_);
      a_.jcc(Cond::kE, done);
      if (o[2] != 0) a_.alu(Alu::kAdd, kFp, static_cast<int32_t>(o[2] * 8), true);
      a_.call(Reg::kRax);
      if (o[2] != 0) a_.alu(Alu::kSub, kFp, static_cast<int32_t>(o[2] * 8), true);
      a_.bind(done);
      reload_memory();
      return {};
    }
    default:
      break;
  }
  if (native(op, o)) return {};
  if (helper_for(op) == nullptr) return internal("no helper at word " + std::to_string(word));
  call_helper(op, o);
  return {};
}

// Each function as `wasm[<defined index>]` (`wasm[<index>] thunk` where native code serves it),
// the trampolines before the first function as one symbol.
void write_perf_map(const uint8_t* base, size_t size, const Emitter& emitter, size_t count,
                    const std::vector<const void*>& natives) {
  if (count == 0) return;
  std::vector<PerfMapSymbol> symbols;
  symbols.reserve(count + 1);
  symbols.push_back({base, emitter.function_offset(0), "canary_jit_trampolines"});
  for (size_t i = 0; i < count; ++i) {
    const size_t start = emitter.function_offset(i);
    const size_t end = i + 1 < count ? emitter.function_offset(i + 1) : size;
    const bool native = i < natives.size() && natives[i] != nullptr;
    symbols.push_back(
        {base + start, end - start, "wasm[" + std::to_string(i) + "]" + (native ? " thunk" : "")});
  }
  append_perf_map(symbols);
}

}  // namespace

Code::~Code() {
  if (base_ != nullptr) ::munmap(base_, mapped_);
}

Result<std::unique_ptr<Code>, ExecutionError> Code::compile(
    std::shared_ptr<const CompiledModule> module, NativeFunctions natives, bool profile) {
#if !defined(__x86_64__)
  (void)module;
  (void)natives;
  (void)profile;
  return unexpected(ExecutionError::make(ExecutionErrorKind::kUnsupportedFeature,
                                         "the baseline JIT emits x86-64 code only"));
#else
  if (!module) return internal("no module");
  if (!natives.entries.empty() && natives.entries.size() != module->functions.size()) {
    return internal("native entries for a different module");
  }
  Emitter emitter(*module, natives.entries, profile);
  CANARY_TRY(emitter.run());
  const std::vector<uint8_t>& bytes = emitter.assembler().code();
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t mapped = (bytes.size() + page - 1) / page * page;
  // W^X: written while read-write, then read-execute.
  void* memory =
      ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    return unexpected(ExecutionError::make(
        ExecutionErrorKind::kInternal,
        std::string("baseline JIT: cannot map code memory: ") + std::strerror(errno)));
  }
  std::unique_ptr<Code> code(new Code());
  code->base_ = static_cast<uint8_t*>(memory);
  code->mapped_ = mapped;
  code->size_ = bytes.size();
  std::memcpy(memory, bytes.data(), bytes.size());
  if (::mprotect(memory, mapped, PROT_READ | PROT_EXEC) != 0) {
    return unexpected(ExecutionError::make(
        ExecutionErrorKind::kInternal,
        std::string("baseline JIT: cannot protect code memory: ") + std::strerror(errno)));
  }
  code->entries_.reserve(module->functions.size());
  for (size_t i = 0; i < module->functions.size(); ++i) {
    code->entries_.push_back(code->base_ + emitter.function_offset(i));
  }
  code->call_jit_offset_ = emitter.call_jit_offset();
  for (const void* native : natives.entries) code->natives_ += native != nullptr ? 1 : 0;
  if (perf_map_enabled()) {
    write_perf_map(code->base_, code->size_, emitter, module->functions.size(), natives.entries);
  }
  code->keep_alive_ = std::move(natives.keep_alive);
  if (profile) code->profile_ = std::make_unique<uint64_t[]>(module->functions.size());
  code->module_ = std::move(module);
  return code;
#endif
}

std::vector<uint64_t> Code::profile() const {
  if (!profile_) return {};
  std::vector<uint64_t> out(module_->functions.size());
  for (size_t i = 0; i < out.size(); ++i) {
    // Generated code adds to the counters without atomics (a lost increment only blurs the
    // profile); reads here are relaxed atomic ones.
    out[i] = std::atomic_ref<uint64_t>(profile_[i]).load(std::memory_order_relaxed);
  }
  return out;
}

// Generated code has no -fsanitize=function signature in front of it for UBSan to check.
#if defined(__clang__)
#define CANARY_JIT_NO_FUNCTION_SANITIZER __attribute__((no_sanitize("function")))
#else
#define CANARY_JIT_NO_FUNCTION_SANITIZER
#endif
CANARY_JIT_NO_FUNCTION_SANITIZER uint32_t Code::enter(Context* context, uint64_t* fp,
                                                      uint32_t defined_index) const {
  using Entry = uint32_t (*)(Context*, uint64_t*, const void*);
  // The entry trampoline is the code's first bytes.
  const auto entry = reinterpret_cast<Entry>(base_);
  return entry(context, fp, function_entry(defined_index));
}

}  // namespace canary::executor::jit
