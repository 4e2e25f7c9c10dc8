// The fast interpreter's internal code: what `compile` turns a prepared module into, once, and
// what the machine (machine.hpp) runs.
//
// Every function is a frame of 64-bit slots, a window into one value stack per instance: its
// parameters and declared locals first, then one slot per operand-stack height (Wasm's height is
// static at every instruction). Instructions name slots, not stack positions (`i32.add d a b`
// reads slots a and b and writes slot d), so most operations are one dispatch and `local.get`
// usually costs nothing. A call's arguments are the caller's topmost slots, and they become the
// callee's first slots in place; the result comes back in the first of them.
//
// The code of a whole module is one array of 32-bit words. An instruction is the address of its
// handler (two words, direct threading with computed goto) followed by its operands; branch
// targets are word indices into the array.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "executor/prepared_module.hpp"

namespace canary::executor::fast {

// The instructions, X(name). Operands (after the two handler words), in words:
//  d: destination slot, a/b/c: source slots, imm: 32-bit immediate, lo/hi: 64-bit immediate.
// clang-format off
#define CANARY_FAST_OPS(X)                                                                         \
  /* control */                                                                                    \
  X(Unreachable)  /* */                                                                            \
  X(Jump)         /* target */                                                                     \
  X(BrIf)         /* a target */                                                                   \
  X(BrUnless)     /* a target */                                                                   \
  X(BrTable)      /* a src count (target dst)*(count+1); dst kNoSlot: no value */                  \
  X(Return)       /* a */                                                                          \
  X(ReturnVoid)   /* */                                                                            \
  X(Call)         /* function base */                                                              \
  X(CallHost)     /* import base */                                                                \
  X(CallIndirect) /* type a base */                                                                \
  X(Fuel)         /* global imm(cost lo) imm(cost hi) */                                           \
  X(StackEnter)   /* global cost limit */                                                          \
  X(StackLeave)   /* global cost */                                                                \
  X(CallCounted)  /* function base cost limit: StackEnter, Call, and StackLeave at the return */    \
  /* compare and branch (a comparison, then br_if or if): a b target; Imm: a imm target; */        \
  /* Eqz: a target */                                                                              \
  X(BrIfI32Eqz) X(BrIfI32Eq) X(BrIfI32Ne) X(BrIfI32LtS) X(BrIfI32LtU) X(BrIfI32GtS)                \
  X(BrIfI32GtU) X(BrIfI32LeS) X(BrIfI32LeU) X(BrIfI32GeS) X(BrIfI32GeU) X(BrIfI32EqImm)            \
  X(BrIfI32NeImm) X(BrIfI32LtSImm) X(BrIfI32LtUImm) X(BrIfI32GtSImm) X(BrIfI32GtUImm)              \
  X(BrIfI32LeSImm) X(BrIfI32LeUImm) X(BrIfI32GeSImm) X(BrIfI32GeUImm) X(BrIfI64Eqz)                \
  X(BrIfI64Eq) X(BrIfI64Ne) X(BrIfI64LtS) X(BrIfI64LtU) X(BrIfI64GtS) X(BrIfI64GtU)                \
  X(BrIfI64LeS) X(BrIfI64LeU) X(BrIfI64GeS) X(BrIfI64GeU) X(BrIfI64Nez)                             \
  /* data */                                                                                       \
  X(Mov) X(Const32) X(Const64) X(Select) X(GlobalGet) X(GlobalSet) X(MemorySize) X(MemoryGrow)     \
  /* loads: d addr offset; stores: addr value offset */                                            \
  X(Load32) X(Load64) X(I32Load8S) X(I32Load8U) X(I32Load16S) X(I32Load16U) X(I64Load8S)           \
  X(I64Load8U) X(I64Load16S) X(I64Load16U) X(I64Load32S) X(Store8) X(Store16) X(Store32)           \
  X(Store64)                                                                                       \
  /* i32 */                                                                                        \
  X(I32Eqz) X(I32Eq) X(I32Ne) X(I32LtS) X(I32LtU) X(I32GtS) X(I32GtU) X(I32LeS) X(I32LeU)          \
  X(I32GeS) X(I32GeU) X(I32Clz) X(I32Ctz) X(I32Popcnt) X(I32Add) X(I32Sub) X(I32Mul) X(I32DivS)    \
  X(I32DivU) X(I32RemS) X(I32RemU) X(I32And) X(I32Or) X(I32Xor) X(I32Shl) X(I32ShrS) X(I32ShrU)    \
  X(I32Rotl) X(I32Rotr)                                                                            \
  /* i32 with an immediate second operand: d a imm */                                              \
  X(I32AddImm) X(I32SubImm) X(I32AndImm) X(I32OrImm) X(I32XorImm) X(I32ShlImm) X(I32ShrSImm)       \
  X(I32ShrUImm) X(I32EqImm) X(I32NeImm) X(I32LtUImm) X(I32GtUImm) X(I32LtSImm) X(I32GtSImm)        \
  X(I32LeUImm) X(I32GeUImm) X(I32LeSImm) X(I32GeSImm) X(I32MulImm)                                 \
  /* i64 with a sign-extended 32-bit immediate second operand: d a imm */                          \
  X(I64AddImm) X(I64SubImm) X(I64MulImm) X(I64AndImm) X(I64OrImm) X(I64XorImm) X(I64ShlImm)        \
  X(I64ShrSImm) X(I64ShrUImm) X(I64EqImm) X(I64NeImm) X(I64LtUImm) X(I64GtUImm) X(I64LeUImm)       \
  X(I64GeUImm)                                                                                     \
  /* i64 */                                                                                        \
  X(I64Eqz) X(I64Eq) X(I64Ne) X(I64LtS) X(I64LtU) X(I64GtS) X(I64GtU) X(I64LeS) X(I64LeU)          \
  X(I64GeS) X(I64GeU) X(I64Clz) X(I64Ctz) X(I64Popcnt) X(I64Add) X(I64Sub) X(I64Mul) X(I64DivS)    \
  X(I64DivU) X(I64RemS) X(I64RemU) X(I64And) X(I64Or) X(I64Xor) X(I64Shl) X(I64ShrS) X(I64ShrU)    \
  X(I64Rotl) X(I64Rotr)                                                                            \
  /* f32, f64 */                                                                                   \
  X(F32Eq) X(F32Ne) X(F32Lt) X(F32Gt) X(F32Le) X(F32Ge) X(F64Eq) X(F64Ne) X(F64Lt) X(F64Gt)        \
  X(F64Le) X(F64Ge) X(F32Abs) X(F32Neg) X(F32Ceil) X(F32Floor) X(F32Trunc) X(F32Nearest)           \
  X(F32Sqrt) X(F32Add) X(F32Sub) X(F32Mul) X(F32Div) X(F32Min) X(F32Max) X(F32Copysign) X(F64Abs)  \
  X(F64Neg) X(F64Ceil) X(F64Floor) X(F64Trunc) X(F64Nearest) X(F64Sqrt) X(F64Add) X(F64Sub)        \
  X(F64Mul) X(F64Div) X(F64Min) X(F64Max) X(F64Copysign)                                           \
  /* conversions */                                                                                \
  X(I32WrapI64) X(I32TruncF32S) X(I32TruncF32U) X(I32TruncF64S) X(I32TruncF64U) X(I64ExtendI32S)   \
  X(I64ExtendI32U) X(I64TruncF32S) X(I64TruncF32U) X(I64TruncF64S) X(I64TruncF64U)                 \
  X(F32ConvertI32S) X(F32ConvertI32U) X(F32ConvertI64S) X(F32ConvertI64U) X(F32DemoteF64)          \
  X(F64ConvertI32S) X(F64ConvertI32U) X(F64ConvertI64S) X(F64ConvertI64U) X(F64PromoteF32)         \
  X(I32Extend8S) X(I32Extend16S) X(I64Extend8S) X(I64Extend16S) X(I64Extend32S)
// clang-format on

enum class Op : uint16_t {
#define CANARY_FAST_ENUM(name) k##name,
  CANARY_FAST_OPS(CANARY_FAST_ENUM)
#undef CANARY_FAST_ENUM
      kCount
};

inline constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
// The handler address takes this many words at the start of every instruction.
inline constexpr uint32_t kHandlerWords = 2;

struct FunctionCode {
  uint32_t entry = 0;        // word index of the first instruction
  uint32_t param_count = 0;  // slots [0, param_count) hold the arguments
  uint32_t local_count = 0;  // parameters + declared locals, zeroed from param_count on entry
  uint32_t frame_size = 0;   // locals + the highest operand stack
  uint32_t type_id = 0;      // canonical signature (equal signatures, equal ids)
};

struct CompiledModule {
  std::vector<uint32_t> code;
  uint32_t import_count = 0;
  std::vector<uint32_t> import_type_ids;
  std::vector<FunctionCode> functions;  // defined functions, in index order after the imports
  std::vector<Signature> types;         // by canonical id
  // The table at instantiation: function index, or kNoSlot for an empty entry.
  std::vector<uint32_t> table;
  bool table_fits = true;              // false: an element segment lies outside the table
  std::vector<uint64_t> global_inits;  // every global of the instrumented module
  std::unordered_map<std::string, uint32_t> exports;  // function exports -> function index
  std::optional<uint32_t> heap_base_global;
  uint32_t stack_global = 0;
  std::optional<uint32_t> fuel_global;
  std::optional<uint32_t> start;  // the exported start function
};

// Translates a prepared module (PreparedModule::code), or fails with kInternal: the module
// was validated, so any failure is a bug in the instrumentation or here.
Result<CompiledModule, ExecutionError> compile_module(const PreparedModule& prepared);

}  // namespace canary::executor::fast
