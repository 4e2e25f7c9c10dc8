// A small x86-64 encoder for the baseline JIT: the few instruction forms it emits, into a byte
// buffer, with labels and 32-bit relative fix-ups. Memory operands are [base + index*scale +
// disp] (or RIP-relative for `lea`); every form is checked against llvm-mc's encodings in
// tests/unit/executor/x64_assembler_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace canary::executor::jit {

enum class Reg : uint8_t {
  kRax,
  kRcx,
  kRdx,
  kRbx,
  kRsp,
  kRbp,
  kRsi,
  kRdi,
  kR8,
  kR9,
  kR10,
  kR11,
  kR12,
  kR13,
  kR14,
  kR15,
};

struct Mem {
  Reg base = Reg::kRax;
  int32_t disp = 0;
  bool has_index = false;
  Reg index = Reg::kRax;
  uint8_t scale = 1;  // 1, 2, 4 or 8
};

inline Mem at(Reg base, int32_t disp = 0) {
  return {base, disp, false, Reg::kRax, 1};
}
inline Mem at(Reg base, Reg index, uint8_t scale, int32_t disp = 0) {
  return {base, disp, true, index, scale};
}

// Condition codes (the low nibble of jcc, setcc, cmovcc).
enum class Cond : uint8_t {
  kO = 0x0,
  kB = 0x2,   // unsigned <
  kAe = 0x3,  // unsigned >=
  kE = 0x4,
  kNe = 0x5,
  kBe = 0x6,  // unsigned <=
  kA = 0x7,   // unsigned >
  kS = 0x8,
  kNs = 0x9,
  kL = 0xC,   // signed <
  kGe = 0xD,  // signed >=
  kLe = 0xE,  // signed <=
  kG = 0xF,   // signed >
};

// The group-1 arithmetic operations (their /digit in the 0x81 form).
enum class Alu : uint8_t { kAdd = 0, kOr = 1, kAnd = 4, kSub = 5, kXor = 6, kCmp = 7 };
// The group-2 shifts (their /digit in the 0xD3 and 0xC1 forms).
enum class Shift : uint8_t { kRol = 0, kRor = 1, kShl = 4, kShr = 5, kSar = 7 };

// A position in the code, bound once; jumps to it before it is bound are patched when it is.
class Label {
 public:
  bool bound() const { return position_ >= 0; }
  size_t position() const { return static_cast<size_t>(position_); }

 private:
  friend class Assembler;
  int64_t position_ = -1;
  std::vector<size_t> fixups_;  // offsets of rel32 fields that point here
};

class Assembler {
 public:
  const std::vector<uint8_t>& code() const { return code_; }
  size_t size() const { return code_.size(); }
  void reserve(size_t bytes) { code_.reserve(bytes); }

  void bind(Label& label);
  // The rel32 field at `field` (its last byte is followed by the next instruction) gets `target`.
  void patch_rel32(size_t field, size_t target);

  // Data moves; `wide`: 64-bit operand size, else 32-bit (which zero-extends into the register).
  void mov(Reg dst, Mem src, bool wide = true);
  void mov(Mem dst, Reg src, bool wide = true);
  void mov(Reg dst, Reg src, bool wide = true);
  void mov_imm32(Reg dst, uint32_t imm);                 // zero-extended
  void mov_imm64(Reg dst, uint64_t imm);                 // the shortest form that gives this value
  void mov_imm(Mem dst, int32_t imm, bool wide = true);  // sign-extended when wide
  void store8(Mem dst, Reg src);
  void store16(Mem dst, Reg src);
  void load_zx8(Reg dst, Mem src);   // movzx r32, byte
  void load_zx16(Reg dst, Mem src);  // movzx r32, word
  void load_sx8(Reg dst, Mem src, bool wide);
  void load_sx16(Reg dst, Mem src, bool wide);
  void load_sx32(Reg dst, Mem src);  // movsxd r64, dword
  void lea(Reg dst, Mem src);
  void lea_rip(Reg dst, Label& label);

  void alu(Alu op, Reg dst, Reg src, bool wide);
  void alu(Alu op, Reg dst, Mem src, bool wide);
  void alu(Alu op, Mem dst, Reg src, bool wide);
  void alu(Alu op, Reg dst, int32_t imm, bool wide);
  void alu(Alu op, Mem dst, int32_t imm, bool wide);
  void test(Reg a, Reg b, bool wide);
  void imul(Reg dst, Mem src, bool wide);
  void imul(Reg dst, Reg src, int32_t imm, bool wide);
  void div(Reg divisor, bool is_signed, bool wide);  // rdx:rax / divisor (div or idiv)
  void sign_extend_rax(bool wide);                   // cdq or cqo
  void shift_cl(Shift op, Reg dst, bool wide);
  void shift(Shift op, Reg dst, uint8_t count, bool wide);
  void setcc(Cond cond, Reg dst);  // the low byte of rax, rcx, rdx or rbx
  void movzx8(Reg dst, Reg src);   // movzx r32, r8 (src: rax, rcx, rdx or rbx)
  void cmov(Cond cond, Reg dst, Mem src, bool wide);

  void jmp(Label& label);
  void jcc(Cond cond, Label& label);
  // A jump or call whose rel32 is patched later; returns the field's offset.
  size_t jmp_rel32();
  size_t jcc_rel32(Cond cond);
  size_t call_rel32();
  void call(Label& label);
  void call(Reg target);
  void jmp(Reg target);
  void ret();
  void push(Reg reg);
  void pop(Reg reg);
  void int3();
  void rep_stosq();  // rcx qwords of rax to [rdi]

 private:
  void byte(uint8_t b) { code_.push_back(b); }
  void u32(uint32_t v);
  void u64(uint64_t v);
  void rex(bool wide, unsigned reg, unsigned index, unsigned base, bool force = false);
  // REX (when needed), `opcode` (1-3 bytes, little end first), ModRM/SIB/displacement.
  void op_mem(std::initializer_list<uint8_t> opcode, bool wide, unsigned reg, const Mem& m,
              bool byte_reg = false);
  void op_reg(std::initializer_list<uint8_t> opcode, bool wide, unsigned reg, Reg rm,
              bool byte_reg = false);
  void modrm_mem(unsigned reg, const Mem& m);
  void jump_to(Label& label, size_t field);

  std::vector<uint8_t> code_;
};

}  // namespace canary::executor::jit
