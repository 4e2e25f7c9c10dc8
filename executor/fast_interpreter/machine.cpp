#include "executor/fast_interpreter/machine.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

#include "executor/fast_interpreter/operand_words.hpp"
#include "executor/fast_interpreter/semantics.hpp"

namespace canary::executor::fast {

namespace {

// The handler addresses come out of the loop function itself (labels are local to it): called
// with `table_out`, it only hands them over.
Trap execute(Machine& m, uint32_t function, const void* const** table_out) {
  static const void* const kTable[] = {
#define CANARY_FAST_LABEL(name) &&op_##name,
      CANARY_FAST_OPS(CANARY_FAST_LABEL)
#undef CANARY_FAST_LABEL
  };
  if (table_out != nullptr) {
    *table_out = kTable;
    return Trap::kNone;
  }
  const CompiledModule& module = *m.module;
  const uint32_t import_count = module.import_count;
  if (function < import_count) {
    return m.host(m.host_instance, function, m.stack_begin) ? Trap::kNone : Trap::kHost;
  }
  const uint32_t* const code = module.code.data();
  const FunctionCode* const functions = module.functions.data();
  uint64_t* const globals = m.globals;
  uint64_t& stack_height = globals[module.stack_global];
  uint8_t* mem = m.memory->bytes().data();
  uint64_t mem_size = m.memory->size();
  Frame* const frames = m.frames;
  uint32_t depth = 0;
  uint64_t* fp = m.stack_begin;
  const uint32_t* pc = nullptr;
  Trap trap = Trap::kNone;
  {
    const FunctionCode& f = functions[function - import_count];
    if (f.frame_size > static_cast<uint64_t>(m.stack_end - fp)) return Trap::kStackExhausted;
    for (uint32_t i = f.param_count; i < f.local_count; ++i) fp[i] = 0;
    pc = code + f.entry;
  }

#define DISPATCH()                                                 \
  do {                                                             \
    const void* target_;                                           \
    std::memcpy(static_cast<void*>(&target_), pc, sizeof target_); \
    goto* target_;                                                 \
  } while (0)
#define OPND(i) pc[kHandlerWords + (i)]
#define SLOT(i) fp[OPND(i)]
#define NEXT(n)                \
  do {                         \
    pc += kHandlerWords + (n); \
    DISPATCH();                \
  } while (0)
#define TRAP(kind) \
  do {             \
    trap = (kind); \
    goto trapped;  \
  } while (0)

  DISPATCH();

  // Control.
op_Unreachable:
  TRAP(Trap::kUnreachable);
op_Jump:
  pc = code + OPND(0);
  DISPATCH();
op_BrIf:
  if (static_cast<uint32_t>(SLOT(0)) != 0) {
    pc = code + OPND(1);
    DISPATCH();
  }
  NEXT(2);
op_BrUnless:
  if (static_cast<uint32_t>(SLOT(0)) == 0) {
    pc = code + OPND(1);
    DISPATCH();
  }
  NEXT(2);
op_BrTable: {
  uint32_t index = static_cast<uint32_t>(SLOT(0));
  const uint32_t count = OPND(2);
  if (index > count) index = count;
  const uint32_t* entry = pc + kHandlerWords + 3 + 2 * index;
  if (entry[1] != kNoSlot) fp[entry[1]] = SLOT(1);
  pc = code + entry[0];
  DISPATCH();
}
op_Return:
  fp[0] = SLOT(0);
op_ReturnVoid:
  if (depth == 0) return Trap::kNone;
  --depth;
  pc = frames[depth].return_pc;
  fp = frames[depth].fp;
  stack_height = static_cast<uint32_t>(stack_height) - frames[depth].stack_cost;
  DISPATCH();
op_Call: {
  const FunctionCode& f = functions[OPND(0)];
  uint64_t* callee = fp + OPND(1);
  if (depth == m.frame_capacity || f.frame_size > static_cast<uint64_t>(m.stack_end - callee)) {
    TRAP(Trap::kStackExhausted);
  }
  frames[depth++] = {pc + kHandlerWords + 2, fp, 0};
  fp = callee;
  for (uint32_t i = f.param_count; i < f.local_count; ++i) fp[i] = 0;
  pc = code + f.entry;
  DISPATCH();
}
op_CallCounted: {
  // The instrumentation's `height += cost; if height > limit: unreachable`, then the call.
  const uint32_t height = static_cast<uint32_t>(stack_height) + OPND(2);
  stack_height = height;
  if (height > OPND(3)) TRAP(Trap::kUnreachable);
  const FunctionCode& f = functions[OPND(0)];
  uint64_t* callee = fp + OPND(1);
  if (depth == m.frame_capacity || f.frame_size > static_cast<uint64_t>(m.stack_end - callee)) {
    TRAP(Trap::kStackExhausted);
  }
  frames[depth++] = {pc + kHandlerWords + 4, fp, OPND(2)};
  fp = callee;
  for (uint32_t i = f.param_count; i < f.local_count; ++i) fp[i] = 0;
  pc = code + f.entry;
  DISPATCH();
}
op_CallHost:
  if (!m.host(m.host_instance, OPND(0), fp + OPND(1))) TRAP(Trap::kHost);
  mem = m.memory->bytes().data();
  mem_size = m.memory->size();
  NEXT(2);
op_CallIndirect: {
  const uint32_t index = static_cast<uint32_t>(SLOT(1));
  if (index >= module.table.size()) TRAP(Trap::kIndirectCall);
  const uint32_t target = module.table[index];
  if (target == kNoSlot) TRAP(Trap::kIndirectCall);
  if (target < import_count) {
    if (module.import_type_ids[target] != OPND(0)) TRAP(Trap::kIndirectCall);
    if (!m.host(m.host_instance, target, fp + OPND(2))) TRAP(Trap::kHost);
    mem = m.memory->bytes().data();
    mem_size = m.memory->size();
    NEXT(3);
  }
  const FunctionCode& f = functions[target - import_count];
  if (f.type_id != OPND(0)) TRAP(Trap::kIndirectCall);
  uint64_t* callee = fp + OPND(2);
  if (depth == m.frame_capacity || f.frame_size > static_cast<uint64_t>(m.stack_end - callee)) {
    TRAP(Trap::kStackExhausted);
  }
  frames[depth++] = {pc + kHandlerWords + 3, fp, 0};
  fp = callee;
  for (uint32_t i = f.param_count; i < f.local_count; ++i) fp[i] = 0;
  pc = code + f.entry;
  DISPATCH();
}
#define CANARY_FAST_BR(name, T, b_operand, cond) \
  op_##name : {                                  \
    const auto a = static_cast<T>(SLOT(0));      \
    const auto b = static_cast<T>(b_operand);    \
    if (cond) {                                  \
      pc = code + OPND(2);                       \
      DISPATCH();                                \
    }                                            \
    NEXT(3);                                     \
  }
op_BrIfI32Eqz:
  if (static_cast<uint32_t>(SLOT(0)) == 0) {
    pc = code + OPND(1);
    DISPATCH();
  }
  NEXT(2);
op_BrIfI64Eqz:
  if (SLOT(0) == 0) {
    pc = code + OPND(1);
    DISPATCH();
  }
  NEXT(2);
op_BrIfI64Nez:
  if (SLOT(0) != 0) {
    pc = code + OPND(1);
    DISPATCH();
  }
  NEXT(2);
  CANARY_FAST_BR(BrIfI32Eq, uint32_t, SLOT(1), a == b)
  CANARY_FAST_BR(BrIfI32Ne, uint32_t, SLOT(1), a != b)
  CANARY_FAST_BR(BrIfI32LtS, int32_t, SLOT(1), a < b)
  CANARY_FAST_BR(BrIfI32LtU, uint32_t, SLOT(1), a < b)
  CANARY_FAST_BR(BrIfI32GtS, int32_t, SLOT(1), a > b)
  CANARY_FAST_BR(BrIfI32GtU, uint32_t, SLOT(1), a > b)
  CANARY_FAST_BR(BrIfI32LeS, int32_t, SLOT(1), a <= b)
  CANARY_FAST_BR(BrIfI32LeU, uint32_t, SLOT(1), a <= b)
  CANARY_FAST_BR(BrIfI32GeS, int32_t, SLOT(1), a >= b)
  CANARY_FAST_BR(BrIfI32GeU, uint32_t, SLOT(1), a >= b)
  CANARY_FAST_BR(BrIfI32EqImm, uint32_t, OPND(1), a == b)
  CANARY_FAST_BR(BrIfI32NeImm, uint32_t, OPND(1), a != b)
  CANARY_FAST_BR(BrIfI32LtSImm, int32_t, OPND(1), a < b)
  CANARY_FAST_BR(BrIfI32LtUImm, uint32_t, OPND(1), a < b)
  CANARY_FAST_BR(BrIfI32GtSImm, int32_t, OPND(1), a > b)
  CANARY_FAST_BR(BrIfI32GtUImm, uint32_t, OPND(1), a > b)
  CANARY_FAST_BR(BrIfI32LeSImm, int32_t, OPND(1), a <= b)
  CANARY_FAST_BR(BrIfI32LeUImm, uint32_t, OPND(1), a <= b)
  CANARY_FAST_BR(BrIfI32GeSImm, int32_t, OPND(1), a >= b)
  CANARY_FAST_BR(BrIfI32GeUImm, uint32_t, OPND(1), a >= b)
  CANARY_FAST_BR(BrIfI64Eq, uint64_t, SLOT(1), a == b)
  CANARY_FAST_BR(BrIfI64Ne, uint64_t, SLOT(1), a != b)
  CANARY_FAST_BR(BrIfI64LtS, int64_t, SLOT(1), a < b)
  CANARY_FAST_BR(BrIfI64LtU, uint64_t, SLOT(1), a < b)
  CANARY_FAST_BR(BrIfI64GtS, int64_t, SLOT(1), a > b)
  CANARY_FAST_BR(BrIfI64GtU, uint64_t, SLOT(1), a > b)
  CANARY_FAST_BR(BrIfI64LeS, int64_t, SLOT(1), a <= b)
  CANARY_FAST_BR(BrIfI64LeU, uint64_t, SLOT(1), a <= b)
  CANARY_FAST_BR(BrIfI64GeS, int64_t, SLOT(1), a >= b)
  CANARY_FAST_BR(BrIfI64GeU, uint64_t, SLOT(1), a >= b)
#undef CANARY_FAST_BR
op_Fuel: {
  // The instrumentation's `fuel -= cost; if fuel < 0 (signed): unreachable`.
  uint64_t& fuel = globals[OPND(0)];
  fuel -= uint64_t{OPND(1)} | (uint64_t{OPND(2)} << 32);
  if (static_cast<int64_t>(fuel) < 0) TRAP(Trap::kUnreachable);
  NEXT(3);
}
op_StackEnter: {
  // `height += cost; if height > limit (unsigned): unreachable`.
  uint64_t& height = globals[OPND(0)];
  const uint32_t value = static_cast<uint32_t>(height) + OPND(1);
  height = value;
  if (value > OPND(2)) TRAP(Trap::kUnreachable);
  NEXT(3);
}
op_StackLeave: {
  uint64_t& height = globals[OPND(0)];
  height = static_cast<uint32_t>(static_cast<uint32_t>(height) - OPND(1));
  NEXT(2);
}

  // Data.
op_Mov:
  SLOT(0) = SLOT(1);
  NEXT(2);
op_Const32:
  SLOT(0) = OPND(1);
  NEXT(2);
op_Const64:
  SLOT(0) = uint64_t{OPND(1)} | (uint64_t{OPND(2)} << 32);
  NEXT(3);
op_Select:
  SLOT(0) = static_cast<uint32_t>(SLOT(3)) != 0 ? SLOT(1) : SLOT(2);
  NEXT(4);
op_GlobalGet:
  SLOT(0) = globals[OPND(1)];
  NEXT(2);
op_GlobalSet:
  globals[OPND(0)] = SLOT(1);
  NEXT(2);
op_MemorySize:
  SLOT(0) = m.memory->pages();
  NEXT(1);
op_MemoryGrow: {
  const auto delta = static_cast<uint32_t>(SLOT(1));
  const uint32_t old = m.memory->pages();
  SLOT(0) = m.memory->grow(delta) ? old : 0xFFFFFFFFu;
  mem = m.memory->bytes().data();
  mem_size = m.memory->size();
  NEXT(2);
}

#define CANARY_FAST_LOAD(name, T, convert)                                  \
  op_##name : {                                                             \
    const uint64_t ea = uint64_t{static_cast<uint32_t>(SLOT(1))} + OPND(2); \
    if (ea + sizeof(T) > mem_size) TRAP(Trap::kMemoryOutOfBounds);          \
    T v;                                                                    \
    std::memcpy(&v, mem + ea, sizeof v);                                    \
    SLOT(0) = (convert);                                                    \
    NEXT(3);                                                                \
  }
  CANARY_FAST_LOAD_OPS(CANARY_FAST_LOAD)
#undef CANARY_FAST_LOAD

#define CANARY_FAST_STORE(name, T)                                          \
  op_##name : {                                                             \
    const uint64_t ea = uint64_t{static_cast<uint32_t>(SLOT(0))} + OPND(2); \
    if (ea + sizeof(T) > mem_size) TRAP(Trap::kMemoryOutOfBounds);          \
    const auto v = static_cast<T>(SLOT(1));                                 \
    std::memcpy(mem + ea, &v, sizeof v);                                    \
    NEXT(3);                                                                \
  }
  CANARY_FAST_STORE_OPS(CANARY_FAST_STORE)
#undef CANARY_FAST_STORE

#define CANARY_FAST_UN(name, T, convert, expr) \
  op_##name : {                                \
    const T a = convert(SLOT(1));              \
    SLOT(0) = (expr);                          \
    NEXT(2);                                   \
  }
#define CANARY_FAST_BIN(name, T, convert, expr) \
  op_##name : {                                 \
    const T a = convert(SLOT(1));               \
    const T b = convert(SLOT(2));               \
    SLOT(0) = (expr);                           \
    NEXT(3);                                    \
  }
#define CANARY_FAST_IMM(name, expr)                    \
  op_##name : {                                        \
    const uint32_t a = static_cast<uint32_t>(SLOT(1)); \
    const uint32_t b = OPND(2);                        \
    SLOT(0) = static_cast<uint32_t>(expr);             \
    NEXT(3);                                           \
  }
#define CANARY_FAST_DIV(name, T, convert, overflow, expr) \
  op_##name : {                                           \
    const T a = convert(SLOT(1));                         \
    const T b = convert(SLOT(2));                         \
    if (b == 0) TRAP(Trap::kIntegerDivideByZero);         \
    if (overflow) TRAP(Trap::kIntegerOverflow);           \
    SLOT(0) = (expr);                                     \
    NEXT(3);                                              \
  }
#define CANARY_FAST_IMM64(name, expr)                                         \
  op_##name : {                                                               \
    const uint64_t a = SLOT(1);                                               \
    const auto b = static_cast<uint64_t>(static_cast<int64_t>(s32(OPND(2)))); \
    SLOT(0) = (expr);                                                         \
    NEXT(3);                                                                  \
  }
  // Floats: bit operations where the spec says so, so that NaN payloads pass unchanged.
  // Truncations trap on NaN (invalid conversion) and out of range (overflow).
#define CANARY_FAST_TRUNC(name, F, convert, lower_ok, upper_ok, result) \
  op_##name : {                                                         \
    const F a = convert(SLOT(1));                                       \
    if (std::isnan(a)) TRAP(Trap::kInvalidConversion);                  \
    if (!((lower_ok) && (upper_ok))) TRAP(Trap::kIntegerOverflow);      \
    SLOT(0) = (result);                                                 \
    NEXT(2);                                                            \
  }
  CANARY_FAST_UNARY_OPS(CANARY_FAST_UN)
  CANARY_FAST_BINARY_OPS(CANARY_FAST_BIN)
  CANARY_FAST_DIVISION_OPS(CANARY_FAST_DIV)
  CANARY_FAST_IMM32_OPS(CANARY_FAST_IMM)
  CANARY_FAST_IMM64_OPS(CANARY_FAST_IMM64)
  CANARY_FAST_TRUNC_OPS(CANARY_FAST_TRUNC)
#undef CANARY_FAST_DIV
#undef CANARY_FAST_IMM64
#undef CANARY_FAST_TRUNC
#undef CANARY_FAST_UN
#undef CANARY_FAST_BIN
#undef CANARY_FAST_IMM
#undef DISPATCH
#undef OPND
#undef SLOT
#undef NEXT
#undef TRAP

trapped:
  return trap;
}

}  // namespace

const void* const* handler_table() {
  static const void* const* const kTable = [] {
    const void* const* table = nullptr;
    Machine unused;
    execute(unused, 0, &table);
    return table;
  }();
  return kTable;
}

std::optional<Op> op_at(const uint32_t* words) {
  static const auto* const kOps = [] {
    auto* ops = new std::unordered_map<const void*, Op>();
    const void* const* table = handler_table();
    for (size_t i = 0; i < static_cast<size_t>(Op::kCount); ++i) {
      ops->emplace(table[i], static_cast<Op>(i));
    }
    return ops;
  }();
  const void* handler = nullptr;
  std::memcpy(static_cast<void*>(&handler), words, sizeof handler);
  const auto it = kOps->find(handler);
  if (it == kOps->end()) return std::nullopt;
  return it->second;
}

Trap run(Machine& machine, uint32_t function) {
  return execute(machine, function, nullptr);
}

}  // namespace canary::executor::fast

namespace canary::executor::fast {

std::string disassemble(const CompiledModule& module) {
  static const char* const kNames[] = {
#define CANARY_FAST_NAME(name) #name,
      CANARY_FAST_OPS(CANARY_FAST_NAME)
#undef CANARY_FAST_NAME
  };
  std::string out;
  size_t next_function = 0;
  const uint32_t* code = module.code.data();
  for (size_t pc = 0; pc + kHandlerWords <= module.code.size();) {
    while (next_function < module.functions.size() && module.functions[next_function].entry == pc) {
      const FunctionCode& f = module.functions[next_function];
      out += "function " + std::to_string(next_function + module.import_count) + " (params " +
             std::to_string(f.param_count) + ", locals " + std::to_string(f.local_count) +
             ", frame " + std::to_string(f.frame_size) + ")\n";
      ++next_function;
    }
    const std::optional<Op> op = op_at(code + pc);
    if (!op) {
      out += "  ??? at " + std::to_string(pc) + "\n";
      break;
    }
    const uint32_t* operands = code + pc + kHandlerWords;
    const uint32_t count = operand_words(*op, operands);
    out += "  " + std::to_string(pc) + ": " + kNames[static_cast<size_t>(*op)];
    for (uint32_t i = 0; i < count; ++i) out += " " + std::to_string(operands[i]);
    out += "\n";
    pc += kHandlerWords + count;
  }
  return out;
}

}  // namespace canary::executor::fast
