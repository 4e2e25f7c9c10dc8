#include "executor/baseline_jit/runtime_support.hpp"

#include <cstring>

#include "executor/baseline_jit/baseline_jit_code.hpp"
#include "executor/fast_interpreter/semantics.hpp"

// The helpers are written in the fast interpreter's namespace so that the expressions of
// semantics.hpp find their functions (u32, as_f32, wasm_min ...) as the interpreter's loop does.
namespace canary::executor::fast {

namespace {

using jit::Context;

constexpr auto kNone = static_cast<uint32_t>(Trap::kNone);

#define CANARY_JIT_LOAD(name, T, convert)                                                     \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* c) {                       \
    const uint64_t ea = uint64_t{static_cast<uint32_t>(fp[o[1]])} + o[2];                     \
    if (ea + sizeof(T) > c->mem_size) return static_cast<uint32_t>(Trap::kMemoryOutOfBounds); \
    T v;                                                                                      \
    std::memcpy(&v, c->mem + ea, sizeof v);                                                   \
    fp[o[0]] = (convert);                                                                     \
    return kNone;                                                                             \
  }
#define CANARY_JIT_STORE(name, T)                                                             \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* c) {                       \
    const uint64_t ea = uint64_t{static_cast<uint32_t>(fp[o[0]])} + o[2];                     \
    if (ea + sizeof(T) > c->mem_size) return static_cast<uint32_t>(Trap::kMemoryOutOfBounds); \
    const auto v = static_cast<T>(fp[o[1]]);                                                  \
    std::memcpy(c->mem + ea, &v, sizeof v);                                                   \
    return kNone;                                                                             \
  }
#define CANARY_JIT_UN(name, T, convert, expr)                               \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) { \
    const T a = convert(fp[o[1]]);                                          \
    fp[o[0]] = (expr);                                                      \
    return kNone;                                                           \
  }
#define CANARY_JIT_BIN(name, T, convert, expr)                              \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) { \
    const T a = convert(fp[o[1]]);                                          \
    const T b = convert(fp[o[2]]);                                          \
    fp[o[0]] = (expr);                                                      \
    return kNone;                                                           \
  }
#define CANARY_JIT_DIV(name, T, convert, overflow, expr)                    \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) { \
    const T a = convert(fp[o[1]]);                                          \
    const T b = convert(fp[o[2]]);                                          \
    if (b == 0) return static_cast<uint32_t>(Trap::kIntegerDivideByZero);   \
    if (overflow) return static_cast<uint32_t>(Trap::kIntegerOverflow);     \
    fp[o[0]] = (expr);                                                      \
    return kNone;                                                           \
  }
#define CANARY_JIT_IMM(name, expr)                                          \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) { \
    const uint32_t a = static_cast<uint32_t>(fp[o[1]]);                     \
    const uint32_t b = o[2];                                                \
    fp[o[0]] = static_cast<uint32_t>(expr);                                 \
    return kNone;                                                           \
  }
#define CANARY_JIT_IMM64(name, expr)                                        \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) { \
    const uint64_t a = fp[o[1]];                                            \
    const auto b = static_cast<uint64_t>(static_cast<int64_t>(s32(o[2])));  \
    fp[o[0]] = (expr);                                                      \
    return kNone;                                                           \
  }
#define CANARY_JIT_TRUNC(name, F, convert, lower_ok, upper_ok, result)                     \
  uint32_t helper_##name(uint64_t* fp, const uint32_t* o, Context* /*c*/) {                \
    const F a = convert(fp[o[1]]);                                                         \
    if (std::isnan(a)) return static_cast<uint32_t>(Trap::kInvalidConversion);             \
    if (!((lower_ok) && (upper_ok))) return static_cast<uint32_t>(Trap::kIntegerOverflow); \
    fp[o[0]] = (result);                                                                   \
    return kNone;                                                                          \
  }
CANARY_FAST_LOAD_OPS(CANARY_JIT_LOAD)
CANARY_FAST_STORE_OPS(CANARY_JIT_STORE)
CANARY_FAST_UNARY_OPS(CANARY_JIT_UN)
CANARY_FAST_BINARY_OPS(CANARY_JIT_BIN)
CANARY_FAST_DIVISION_OPS(CANARY_JIT_DIV)
CANARY_FAST_IMM32_OPS(CANARY_JIT_IMM)
CANARY_FAST_IMM64_OPS(CANARY_JIT_IMM64)
CANARY_FAST_TRUNC_OPS(CANARY_JIT_TRUNC)
#undef CANARY_JIT_LOAD
#undef CANARY_JIT_STORE
#undef CANARY_JIT_UN
#undef CANARY_JIT_BIN
#undef CANARY_JIT_DIV
#undef CANARY_JIT_IMM
#undef CANARY_JIT_IMM64
#undef CANARY_JIT_TRUNC

// The data instructions, as machine.cpp runs them.
uint32_t helper_Mov(uint64_t* fp, const uint32_t* o, Context* /*c*/) {
  fp[o[0]] = fp[o[1]];
  return kNone;
}
uint32_t helper_Const32(uint64_t* fp, const uint32_t* o, Context* /*c*/) {
  fp[o[0]] = o[1];
  return kNone;
}
uint32_t helper_Const64(uint64_t* fp, const uint32_t* o, Context* /*c*/) {
  fp[o[0]] = uint64_t{o[1]} | (uint64_t{o[2]} << 32);
  return kNone;
}
uint32_t helper_Select(uint64_t* fp, const uint32_t* o, Context* /*c*/) {
  fp[o[0]] = static_cast<uint32_t>(fp[o[3]]) != 0 ? fp[o[1]] : fp[o[2]];
  return kNone;
}
uint32_t helper_GlobalGet(uint64_t* fp, const uint32_t* o, Context* c) {
  fp[o[0]] = c->globals[o[1]];
  return kNone;
}
uint32_t helper_GlobalSet(uint64_t* fp, const uint32_t* o, Context* c) {
  c->globals[o[0]] = fp[o[1]];
  return kNone;
}
uint32_t helper_MemorySize(uint64_t* fp, const uint32_t* o, Context* c) {
  fp[o[0]] = c->machine->memory->pages();
  return kNone;
}
uint32_t helper_MemoryGrow(uint64_t* fp, const uint32_t* o, Context* c) {
  fp[o[0]] = jit::memory_grow(c, static_cast<uint32_t>(fp[o[1]]));
  return kNone;
}
uint32_t helper_Fuel(uint64_t* /*fp*/, const uint32_t* o, Context* c) {
  uint64_t& fuel = c->globals[o[0]];
  fuel -= uint64_t{o[1]} | (uint64_t{o[2]} << 32);
  return static_cast<int64_t>(fuel) < 0 ? static_cast<uint32_t>(Trap::kUnreachable) : kNone;
}
uint32_t helper_StackEnter(uint64_t* /*fp*/, const uint32_t* o, Context* c) {
  uint64_t& height = c->globals[o[0]];
  const uint32_t value = static_cast<uint32_t>(height) + o[1];
  height = value;
  return value > o[2] ? static_cast<uint32_t>(Trap::kUnreachable) : kNone;
}
uint32_t helper_StackLeave(uint64_t* /*fp*/, const uint32_t* o, Context* c) {
  uint64_t& height = c->globals[o[0]];
  height = static_cast<uint32_t>(static_cast<uint32_t>(height) - o[1]);
  return kNone;
}

struct HelperInfo {
  jit::Helper helper = nullptr;
  bool may_trap = false;
  bool unary = false;  // two operand words (d a)
};

struct HelperTable {
  HelperInfo entries[static_cast<size_t>(Op::kCount)];
};

const HelperTable& helper_table() {
  static const HelperTable kTable = [] {
    HelperTable table;
    auto set = [&](Op op, jit::Helper helper, bool may_trap, bool unary = false) {
      table.entries[static_cast<size_t>(op)] = {helper, may_trap, unary};
    };
#define CANARY_JIT_SET_TRAPPING(name, ...) set(Op::k##name, &helper_##name, true);
#define CANARY_JIT_SET(name, ...) set(Op::k##name, &helper_##name, false);
#define CANARY_JIT_SET_UNARY(name, ...) set(Op::k##name, &helper_##name, false, true);
#define CANARY_JIT_SET_TRUNC(name, ...) set(Op::k##name, &helper_##name, true, true);
    CANARY_FAST_LOAD_OPS(CANARY_JIT_SET_TRAPPING)
    CANARY_FAST_STORE_OPS(CANARY_JIT_SET_TRAPPING)
    CANARY_FAST_UNARY_OPS(CANARY_JIT_SET_UNARY)
    CANARY_FAST_BINARY_OPS(CANARY_JIT_SET)
    CANARY_FAST_DIVISION_OPS(CANARY_JIT_SET_TRAPPING)
    CANARY_FAST_IMM32_OPS(CANARY_JIT_SET)
    CANARY_FAST_IMM64_OPS(CANARY_JIT_SET)
    CANARY_FAST_TRUNC_OPS(CANARY_JIT_SET_TRUNC)
    CANARY_JIT_SET(Mov)
    CANARY_JIT_SET(Const32)
    CANARY_JIT_SET(Const64)
    CANARY_JIT_SET(Select)
    CANARY_JIT_SET(GlobalGet)
    CANARY_JIT_SET(GlobalSet)
    CANARY_JIT_SET(MemorySize)
    CANARY_JIT_SET(MemoryGrow)
    CANARY_JIT_SET_TRAPPING(Fuel)
    CANARY_JIT_SET_TRAPPING(StackEnter)
    CANARY_JIT_SET(StackLeave)
#undef CANARY_JIT_SET_TRAPPING
#undef CANARY_JIT_SET
#undef CANARY_JIT_SET_UNARY
#undef CANARY_JIT_SET_TRUNC
    return table;
  }();
  return kTable;
}

}  // namespace

}  // namespace canary::executor::fast

namespace canary::executor::jit {

using fast::Op;
using fast::Trap;

Helper helper_for(Op op) {
  return fast::helper_table().entries[static_cast<size_t>(op)].helper;
}

bool helper_may_trap(Op op) {
  return fast::helper_table().entries[static_cast<size_t>(op)].may_trap;
}

bool changes_memory(Op op) {
  return op == Op::kMemoryGrow || op == Op::kCallHost || op == Op::kCall ||
         op == Op::kCallCounted || op == Op::kCallIndirect;
}

uint32_t call_host(Context* context, uint32_t import, uint64_t* slots) {
  fast::Machine& m = *context->machine;
  const bool ok = m.host(m.host_instance, import, slots);
  context->mem = m.memory->bytes().data();
  context->mem_size = m.memory->size();
  return static_cast<uint32_t>(ok ? Trap::kNone : Trap::kHost);
}

uint32_t memory_grow(Context* context, uint32_t delta) {
  LinearMemory& memory = *context->machine->memory;
  const uint32_t old = memory.pages();
  const bool grown = memory.grow(delta);
  context->mem = memory.bytes().data();
  context->mem_size = memory.size();
  return grown ? old : 0xFFFFFFFFu;
}

uintptr_t resolve_indirect(Context* context, uint32_t type, uint32_t index, uint64_t* slots) {
  const fast::CompiledModule& module = *context->machine->module;
  const auto trap = [&](Trap kind) -> uintptr_t {
    context->trap = static_cast<uint32_t>(kind);
    return 0;
  };
  if (index >= module.table.size()) return trap(Trap::kIndirectCall);
  const uint32_t target = module.table[index];
  if (target == fast::kNoSlot) return trap(Trap::kIndirectCall);
  if (target < module.import_count) {
    if (module.import_type_ids[target] != type) return trap(Trap::kIndirectCall);
    const uint32_t outcome = call_host(context, target, slots);
    if (outcome != 0) return trap(static_cast<Trap>(outcome));
    return 1;
  }
  const uint32_t defined = target - module.import_count;
  if (module.functions[defined].type_id != type) return trap(Trap::kIndirectCall);
  return reinterpret_cast<uintptr_t>(context->code->function_entry(defined));
}

}  // namespace canary::executor::jit
