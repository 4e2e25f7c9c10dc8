#include "executor/baseline_jit/x64_assembler.hpp"

#include <cstring>

namespace canary::executor::jit {

namespace {

unsigned code_of(Reg reg) {
  return static_cast<unsigned>(reg);
}

bool fits_i8(int64_t value) {
  return value >= -128 && value <= 127;
}

}  // namespace

void Assembler::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
}

void Assembler::u64(uint64_t v) {
  for (int i = 0; i < 8; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
}

void Assembler::rex(bool wide, unsigned reg, unsigned index, unsigned base, bool force) {
  const uint8_t value = static_cast<uint8_t>(0x40 | (wide ? 8 : 0) | ((reg >> 3) << 2) |
                                             ((index >> 3) << 1) | (base >> 3));
  if (value != 0x40 || force) byte(value);
}

void Assembler::modrm_mem(unsigned reg, const Mem& m) {
  const unsigned base = code_of(m.base);
  const bool need_sib = m.has_index || (base & 7) == 4;
  // [rbp] and [r13] have no disp-less form (that encoding is RIP- or disp32-relative).
  unsigned mod = 0;
  if (m.disp != 0 || (base & 7) == 5) mod = fits_i8(m.disp) ? 1 : 2;
  const unsigned rm = need_sib ? 4 : (base & 7);
  byte(static_cast<uint8_t>((mod << 6) | ((reg & 7) << 3) | rm));
  if (need_sib) {
    const unsigned scale = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
    const unsigned index = m.has_index ? (code_of(m.index) & 7) : 4;  // 4: no index
    byte(static_cast<uint8_t>((scale << 6) | (index << 3) | (base & 7)));
  }
  if (mod == 1) byte(static_cast<uint8_t>(static_cast<int8_t>(m.disp)));
  if (mod == 2) u32(static_cast<uint32_t>(m.disp));
}

void Assembler::op_mem(std::initializer_list<uint8_t> opcode, bool wide, unsigned reg, const Mem& m,
                       bool byte_reg) {
  rex(wide, reg, m.has_index ? code_of(m.index) : 0, code_of(m.base), byte_reg && reg >= 4);
  for (uint8_t b : opcode) byte(b);
  modrm_mem(reg, m);
}

void Assembler::op_reg(std::initializer_list<uint8_t> opcode, bool wide, unsigned reg, Reg rm,
                       bool byte_reg) {
  rex(wide, reg, 0, code_of(rm), byte_reg && code_of(rm) >= 4);
  for (uint8_t b : opcode) byte(b);
  byte(static_cast<uint8_t>(0xC0 | ((reg & 7) << 3) | (code_of(rm) & 7)));
}

void Assembler::bind(Label& label) {
  label.position_ = static_cast<int64_t>(code_.size());
  for (size_t field : label.fixups_) patch_rel32(field, code_.size());
  label.fixups_.clear();
}

void Assembler::patch_rel32(size_t field, size_t target) {
  const auto rel =
      static_cast<int32_t>(static_cast<int64_t>(target) - static_cast<int64_t>(field + 4));
  std::memcpy(code_.data() + field, &rel, sizeof rel);
}

void Assembler::jump_to(Label& label, size_t field) {
  if (label.bound()) {
    patch_rel32(field, label.position());
  } else {
    label.fixups_.push_back(field);
  }
}

void Assembler::mov(Reg dst, Mem src, bool wide) {
  op_mem({0x8B}, wide, code_of(dst), src);
}
void Assembler::mov(Mem dst, Reg src, bool wide) {
  op_mem({0x89}, wide, code_of(src), dst);
}
void Assembler::mov(Reg dst, Reg src, bool wide) {
  op_reg({0x89}, wide, code_of(src), dst);
}
void Assembler::mov_imm32(Reg dst, uint32_t imm) {
  rex(false, 0, 0, code_of(dst));
  byte(static_cast<uint8_t>(0xB8 + (code_of(dst) & 7)));
  u32(imm);
}
void Assembler::mov_imm64(Reg dst, uint64_t imm) {
  if (imm <= 0xFFFFFFFFu) {
    mov_imm32(dst, static_cast<uint32_t>(imm));
    return;
  }
  rex(true, 0, 0, code_of(dst));
  byte(static_cast<uint8_t>(0xB8 + (code_of(dst) & 7)));
  u64(imm);
}
void Assembler::mov_imm(Mem dst, int32_t imm, bool wide) {
  op_mem({0xC7}, wide, 0, dst);
  u32(static_cast<uint32_t>(imm));
}
void Assembler::store8(Mem dst, Reg src) {
  op_mem({0x88}, false, code_of(src), dst, true);
}
void Assembler::store16(Mem dst, Reg src) {
  byte(0x66);
  op_mem({0x89}, false, code_of(src), dst);
}
void Assembler::load_zx8(Reg dst, Mem src) {
  op_mem({0x0F, 0xB6}, false, code_of(dst), src);
}
void Assembler::load_zx16(Reg dst, Mem src) {
  op_mem({0x0F, 0xB7}, false, code_of(dst), src);
}
void Assembler::load_sx8(Reg dst, Mem src, bool wide) {
  op_mem({0x0F, 0xBE}, wide, code_of(dst), src);
}
void Assembler::load_sx16(Reg dst, Mem src, bool wide) {
  op_mem({0x0F, 0xBF}, wide, code_of(dst), src);
}
void Assembler::load_sx32(Reg dst, Mem src) {
  op_mem({0x63}, true, code_of(dst), src);
}
void Assembler::lea(Reg dst, Mem src) {
  op_mem({0x8D}, true, code_of(dst), src);
}
void Assembler::lea_rip(Reg dst, Label& label) {
  rex(true, code_of(dst), 0, 0);
  byte(0x8D);
  byte(static_cast<uint8_t>(((code_of(dst) & 7) << 3) | 5));
  const size_t field = code_.size();
  u32(0);
  jump_to(label, field);
}

void Assembler::alu(Alu op, Reg dst, Reg src, bool wide) {
  op_reg({static_cast<uint8_t>((static_cast<unsigned>(op) << 3) | 1)}, wide, code_of(src), dst);
}
void Assembler::alu(Alu op, Reg dst, Mem src, bool wide) {
  op_mem({static_cast<uint8_t>((static_cast<unsigned>(op) << 3) | 3)}, wide, code_of(dst), src);
}
void Assembler::alu(Alu op, Mem dst, Reg src, bool wide) {
  op_mem({static_cast<uint8_t>((static_cast<unsigned>(op) << 3) | 1)}, wide, code_of(src), dst);
}
void Assembler::alu(Alu op, Reg dst, int32_t imm, bool wide) {
  if (fits_i8(imm)) {
    op_reg({0x83}, wide, static_cast<unsigned>(op), dst);
    byte(static_cast<uint8_t>(static_cast<int8_t>(imm)));
  } else {
    op_reg({0x81}, wide, static_cast<unsigned>(op), dst);
    u32(static_cast<uint32_t>(imm));
  }
}
void Assembler::alu(Alu op, Mem dst, int32_t imm, bool wide) {
  if (fits_i8(imm)) {
    op_mem({0x83}, wide, static_cast<unsigned>(op), dst);
    byte(static_cast<uint8_t>(static_cast<int8_t>(imm)));
  } else {
    op_mem({0x81}, wide, static_cast<unsigned>(op), dst);
    u32(static_cast<uint32_t>(imm));
  }
}
void Assembler::test(Reg a, Reg b, bool wide) {
  op_reg({0x85}, wide, code_of(b), a);
}
void Assembler::imul(Reg dst, Mem src, bool wide) {
  op_mem({0x0F, 0xAF}, wide, code_of(dst), src);
}
void Assembler::imul(Reg dst, Reg src, int32_t imm, bool wide) {
  op_reg({0x69}, wide, code_of(dst), src);
  u32(static_cast<uint32_t>(imm));
}
void Assembler::div(Reg divisor, bool is_signed, bool wide) {
  op_reg({0xF7}, wide, is_signed ? 7 : 6, divisor);
}
void Assembler::sign_extend_rax(bool wide) {
  if (wide) byte(0x48);
  byte(0x99);
}
void Assembler::shift_cl(Shift op, Reg dst, bool wide) {
  op_reg({0xD3}, wide, static_cast<unsigned>(op), dst);
}
void Assembler::shift(Shift op, Reg dst, uint8_t count, bool wide) {
  op_reg({0xC1}, wide, static_cast<unsigned>(op), dst);
  byte(count);
}
void Assembler::setcc(Cond cond, Reg dst) {
  op_reg({0x0F, static_cast<uint8_t>(0x90 | static_cast<unsigned>(cond))}, false, 0, dst, true);
}
void Assembler::movzx8(Reg dst, Reg src) {
  op_reg({0x0F, 0xB6}, false, code_of(dst), src, true);
}
void Assembler::cmov(Cond cond, Reg dst, Mem src, bool wide) {
  op_mem({0x0F, static_cast<uint8_t>(0x40 | static_cast<unsigned>(cond))}, wide, code_of(dst), src);
}

void Assembler::jmp(Label& label) {
  jump_to(label, jmp_rel32());
}
void Assembler::jcc(Cond cond, Label& label) {
  jump_to(label, jcc_rel32(cond));
}
size_t Assembler::jmp_rel32() {
  byte(0xE9);
  const size_t field = code_.size();
  u32(0);
  return field;
}
size_t Assembler::jcc_rel32(Cond cond) {
  byte(0x0F);
  byte(static_cast<uint8_t>(0x80 | static_cast<unsigned>(cond)));
  const size_t field = code_.size();
  u32(0);
  return field;
}
size_t Assembler::call_rel32() {
  byte(0xE8);
  const size_t field = code_.size();
  u32(0);
  return field;
}
void Assembler::call(Label& label) {
  jump_to(label, call_rel32());
}
void Assembler::call(Reg target) {
  op_reg({0xFF}, false, 2, target);
}
void Assembler::jmp(Reg target) {
  op_reg({0xFF}, false, 4, target);
}
void Assembler::ret() {
  byte(0xC3);
}
void Assembler::push(Reg reg) {
  rex(false, 0, 0, code_of(reg));
  byte(static_cast<uint8_t>(0x50 + (code_of(reg) & 7)));
}
void Assembler::pop(Reg reg) {
  rex(false, 0, 0, code_of(reg));
  byte(static_cast<uint8_t>(0x58 + (code_of(reg) & 7)));
}
void Assembler::int3() {
  byte(0xCC);
}
void Assembler::rep_stosq() {
  byte(0xF3);
  byte(0x48);
  byte(0xAB);
}

}  // namespace canary::executor::jit
