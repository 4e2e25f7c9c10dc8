// The baseline JIT's encoder against llvm-mc-19's encodings (`llvm-mc-19 --x86-asm-syntax=intel
// --show-encoding`), one instruction per case.
#include "executor/baseline_jit/x64_assembler.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace canary::executor::jit {
namespace {

struct Case {
  std::string text;  // what llvm-mc was given
  std::function<void(Assembler&)> emit;
  std::vector<uint8_t> expected;
};

TEST(X64Assembler, MatchesLlvmMcEncodings) {
  using R = Reg;
  const std::vector<Case> cases = {
      {"mov rax, [rbx+8]",
       [](Assembler& a) { a.mov(R::kRax, at(R::kRbx, 8)); },
       {0x48, 0x8b, 0x43, 0x08}},
      {"mov r13, [r12+16]",
       [](Assembler& a) { a.mov(R::kR13, at(R::kR12, 16)); },
       {0x4d, 0x8b, 0x6c, 0x24, 0x10}},
      {"mov [rbx+0x1000], rdx",
       [](Assembler& a) { a.mov(at(R::kRbx, 0x1000), R::kRdx); },
       {0x48, 0x89, 0x93, 0x00, 0x10, 0x00, 0x00}},
      {"mov eax, [r15+8]",
       [](Assembler& a) { a.mov(R::kRax, at(R::kR15, 8), false); },
       {0x41, 0x8b, 0x47, 0x08}},
      {"mov [rbx], rax", [](Assembler& a) { a.mov(at(R::kRbx), R::kRax); }, {0x48, 0x89, 0x03}},
      {"mov rbp, rsp", [](Assembler& a) { a.mov(R::kRbp, R::kRsp); }, {0x48, 0x89, 0xe5}},
      {"mov r9, [rsp+8]",
       [](Assembler& a) { a.mov(R::kR9, at(R::kRsp, 8)); },
       {0x4c, 0x8b, 0x4c, 0x24, 0x08}},
      {"mov rax, [rbp]",
       [](Assembler& a) { a.mov(R::kRax, at(R::kRbp)); },
       {0x48, 0x8b, 0x45, 0x00}},
      {"mov rax, [r13+0]",
       [](Assembler& a) { a.mov(R::kRax, at(R::kR13)); },
       {0x49, 0x8b, 0x45, 0x00}},
      {"mov esi, 7", [](Assembler& a) { a.mov_imm32(R::kRsi, 7); }, {0xbe, 0x07, 0x00, 0x00, 0x00}},
      {"mov r8d, 5",
       [](Assembler& a) { a.mov_imm32(R::kR8, 5); },
       {0x41, 0xb8, 0x05, 0x00, 0x00, 0x00}},
      {"movabs rax, 0x123456789",
       [](Assembler& a) { a.mov_imm64(R::kRax, 0x123456789); },
       {0x48, 0xb8, 0x89, 0x67, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00}},
      {"mov qword ptr [rbx+8], -1",
       [](Assembler& a) { a.mov_imm(at(R::kRbx, 8), -1); },
       {0x48, 0xc7, 0x43, 0x08, 0xff, 0xff, 0xff, 0xff}},
      {"mov dword ptr [rbx+8], 5",
       [](Assembler& a) { a.mov_imm(at(R::kRbx, 8), 5, false); },
       {0xc7, 0x43, 0x08, 0x05, 0x00, 0x00, 0x00}},
      {"mov byte ptr [r13+rax+4], cl",
       [](Assembler& a) { a.store8(at(R::kR13, R::kRax, 1, 4), R::kRcx); },
       {0x41, 0x88, 0x4c, 0x05, 0x04}},
      {"mov word ptr [r13+rax+4], cx",
       [](Assembler& a) { a.store16(at(R::kR13, R::kRax, 1, 4), R::kRcx); },
       {0x66, 0x41, 0x89, 0x4c, 0x05, 0x04}},
      {"movzx eax, byte ptr [r13+rax]",
       [](Assembler& a) { a.load_zx8(R::kRax, at(R::kR13, R::kRax, 1)); },
       {0x41, 0x0f, 0xb6, 0x44, 0x05, 0x00}},
      {"movzx eax, word ptr [r13+rax+2]",
       [](Assembler& a) { a.load_zx16(R::kRax, at(R::kR13, R::kRax, 1, 2)); },
       {0x41, 0x0f, 0xb7, 0x44, 0x05, 0x02}},
      {"movsx rax, byte ptr [r13+rax]",
       [](Assembler& a) { a.load_sx8(R::kRax, at(R::kR13, R::kRax, 1), true); },
       {0x49, 0x0f, 0xbe, 0x44, 0x05, 0x00}},
      {"movsx eax, word ptr [r13+rax]",
       [](Assembler& a) { a.load_sx16(R::kRax, at(R::kR13, R::kRax, 1), false); },
       {0x41, 0x0f, 0xbf, 0x44, 0x05, 0x00}},
      {"movsxd rax, dword ptr [r13+rax+8]",
       [](Assembler& a) { a.load_sx32(R::kRax, at(R::kR13, R::kRax, 1, 8)); },
       {0x49, 0x63, 0x44, 0x05, 0x08}},
      {"lea rax, [rbx+0x80]",
       [](Assembler& a) { a.lea(R::kRax, at(R::kRbx, 0x80)); },
       {0x48, 0x8d, 0x83, 0x80, 0x00, 0x00, 0x00}},
      {"lea rax, [rax+rax*2]",
       [](Assembler& a) { a.lea(R::kRax, at(R::kRax, R::kRax, 2)); },
       {0x48, 0x8d, 0x04, 0x40}},
      {"lea rax, [rcx+rax*8]",
       [](Assembler& a) { a.lea(R::kRax, at(R::kRcx, R::kRax, 8)); },
       {0x48, 0x8d, 0x04, 0xc1}},
      {"add rax, rcx",
       [](Assembler& a) { a.alu(Alu::kAdd, R::kRax, R::kRcx, true); },
       {0x48, 0x01, 0xc8}},
      {"sub rsp, 8",
       [](Assembler& a) { a.alu(Alu::kSub, R::kRsp, 8, true); },
       {0x48, 0x83, 0xec, 0x08}},
      {"cmp rsp, [r12+32]",
       [](Assembler& a) { a.alu(Alu::kCmp, R::kRsp, at(R::kR12, 32), true); },
       {0x49, 0x3b, 0x64, 0x24, 0x20}},
      {"add eax, [rbx+16]",
       [](Assembler& a) { a.alu(Alu::kAdd, R::kRax, at(R::kRbx, 16), false); },
       {0x03, 0x43, 0x10}},
      {"xor eax, eax",
       [](Assembler& a) { a.alu(Alu::kXor, R::kRax, R::kRax, false); },
       {0x31, 0xc0}},
      {"cmp dword ptr [rbx+24], 0",
       [](Assembler& a) { a.alu(Alu::kCmp, at(R::kRbx, 24), 0, false); },
       {0x83, 0x7b, 0x18, 0x00}},
      {"cmp qword ptr [rbx+24], 1000",
       [](Assembler& a) { a.alu(Alu::kCmp, at(R::kRbx, 24), 1000, true); },
       {0x48, 0x81, 0x7b, 0x18, 0xe8, 0x03, 0x00, 0x00}},
      {"and ecx, 0x12345",
       [](Assembler& a) { a.alu(Alu::kAnd, R::kRcx, 0x12345, false); },
       {0x81, 0xe1, 0x45, 0x23, 0x01, 0x00}},
      {"sub dword ptr [r15+8], 3",
       [](Assembler& a) { a.alu(Alu::kSub, at(R::kR15, 8), 3, false); },
       {0x41, 0x83, 0x6f, 0x08, 0x03}},
      {"test eax, eax", [](Assembler& a) { a.test(R::kRax, R::kRax, false); }, {0x85, 0xc0}},
      {"imul eax, [rbx+8]",
       [](Assembler& a) { a.imul(R::kRax, at(R::kRbx, 8), false); },
       {0x0f, 0xaf, 0x43, 0x08}},
      {"imul rax, rcx, 1000",
       [](Assembler& a) { a.imul(R::kRax, R::kRcx, 1000, true); },
       {0x48, 0x69, 0xc1, 0xe8, 0x03, 0x00, 0x00}},
      {"div ecx", [](Assembler& a) { a.div(R::kRcx, false, false); }, {0xf7, 0xf1}},
      {"idiv rcx", [](Assembler& a) { a.div(R::kRcx, true, true); }, {0x48, 0xf7, 0xf9}},
      {"cdq", [](Assembler& a) { a.sign_extend_rax(false); }, {0x99}},
      {"cqo", [](Assembler& a) { a.sign_extend_rax(true); }, {0x48, 0x99}},
      {"movsx eax, byte ptr [rbx+8]",
       [](Assembler& a) { a.load_sx8(R::kRax, at(R::kRbx, 8), false); },
       {0x0f, 0xbe, 0x43, 0x08}},
      {"shl eax, cl", [](Assembler& a) { a.shift_cl(Shift::kShl, R::kRax, false); }, {0xd3, 0xe0}},
      {"sar rax, 5",
       [](Assembler& a) { a.shift(Shift::kSar, R::kRax, 5, true); },
       {0x48, 0xc1, 0xf8, 0x05}},
      {"ror eax, cl", [](Assembler& a) { a.shift_cl(Shift::kRor, R::kRax, false); }, {0xd3, 0xc8}},
      {"sete al", [](Assembler& a) { a.setcc(Cond::kE, R::kRax); }, {0x0f, 0x94, 0xc0}},
      {"setb cl", [](Assembler& a) { a.setcc(Cond::kB, R::kRcx); }, {0x0f, 0x92, 0xc1}},
      {"movzx eax, al", [](Assembler& a) { a.movzx8(R::kRax, R::kRax); }, {0x0f, 0xb6, 0xc0}},
      {"cmovne rax, [rbx+16]",
       [](Assembler& a) { a.cmov(Cond::kNe, R::kRax, at(R::kRbx, 16), true); },
       {0x48, 0x0f, 0x45, 0x43, 0x10}},
      {"call rax", [](Assembler& a) { a.call(R::kRax); }, {0xff, 0xd0}},
      {"jmp rax", [](Assembler& a) { a.jmp(R::kRax); }, {0xff, 0xe0}},
      {"ret", [](Assembler& a) { a.ret(); }, {0xc3}},
      {"push rbp", [](Assembler& a) { a.push(R::kRbp); }, {0x55}},
      {"push r15", [](Assembler& a) { a.push(R::kR15); }, {0x41, 0x57}},
      {"pop r12", [](Assembler& a) { a.pop(R::kR12); }, {0x41, 0x5c}},
      {"pop rbx", [](Assembler& a) { a.pop(R::kRbx); }, {0x5b}},
      {"int3", [](Assembler& a) { a.int3(); }, {0xcc}},
      {"rep stosq", [](Assembler& a) { a.rep_stosq(); }, {0xf3, 0x48, 0xab}},
  };
  for (const Case& c : cases) {
    Assembler a;
    c.emit(a);
    EXPECT_EQ(a.code(), c.expected) << c.text;
  }
}

// Jumps to labels bound before and after them: rel32 from the end of the instruction.
TEST(X64Assembler, LabelsAndFixups) {
  Assembler a;
  Label back;
  Label forward;
  a.bind(back);
  a.ret();                        // 0
  a.jmp(forward);                 // 1: e9 rel32 -> 12
  a.jcc(Cond::kNe, back);         // 6: 0f 85 rel32 -> 0
  a.int3();                       // 12
  a.bind(forward);                // 13
  a.call(back);                   // 13: e8 rel32 -> 0
  a.lea_rip(Reg::kRcx, forward);  // 18: 48 8d 0d rel32 -> 13
  const std::vector<uint8_t> expected = {0xc3, 0xe9, 0x07, 0x00, 0x00, 0x00, 0x0f, 0x85, 0xf4,
                                         0xff, 0xff, 0xff, 0xcc, 0xe8, 0xee, 0xff, 0xff, 0xff,
                                         0x48, 0x8d, 0x0d, 0xf4, 0xff, 0xff, 0xff};
  EXPECT_EQ(a.code(), expected);
}

}  // namespace
}  // namespace canary::executor::jit
