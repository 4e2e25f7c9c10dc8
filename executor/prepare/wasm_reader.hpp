// Byte-level reading and writing of the Wasm binary format (LEB128, names, instructions) for the
// module rewriter. It only ever sees modules wabt has already validated, but still checks every
// bound, so a bug elsewhere shows up as an error rather than a read past the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "executor/wasm_value.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::executor::prepare {

class WasmReader {
 public:
  explicit WasmReader(ByteSpan data) : data_(data) {}

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ >= data_.size(); }
  size_t position() const { return pos_; }
  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  ByteSpan data() const { return data_; }

  uint8_t u8();
  uint32_t u32();  // unsigned LEB128, at most 5 bytes
  int32_t s32();   // signed LEB128, at most 5 bytes
  int64_t s64();   // signed LEB128, at most 10 bytes
  ByteSpan bytes(size_t n);
  std::string_view name();  // u32 length + bytes

  // Marks the reader failed; every later read returns zero.
  void fail() { ok_ = false; }

 private:
  uint64_t leb(unsigned max_bits, bool is_signed);

  ByteSpan data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void write_u32(Bytes& out, uint32_t value);
void write_s32(Bytes& out, int32_t value);
void write_s64(Bytes& out, int64_t value);
void write_name(Bytes& out, std::string_view name);
// A section: id, u32 size, payload.
void write_section(Bytes& out, uint8_t id, ByteSpan payload);

enum class BlockKind : uint8_t { kBlock, kLoop, kIf, kFunction };

// One decoded instruction of the MVP + sign-extension set.
struct Instruction {
  uint8_t opcode = 0;
  size_t begin = 0;  // byte offsets in the code
  size_t end = 0;
  uint32_t index = 0;  // label, function, type, local or global index, depending on the opcode
  std::optional<uint8_t> block_result;     // value type byte of block/loop/if, if any
  std::vector<uint32_t> br_table_targets;  // without the default, which is in `index`
};

// Decodes the next instruction; false (reader failed) on anything outside MVP + sign-extension.
bool read_instruction(WasmReader& reader, Instruction& out);

namespace opcode {
inline constexpr uint8_t kUnreachable = 0x00;
inline constexpr uint8_t kNop = 0x01;
inline constexpr uint8_t kBlock = 0x02;
inline constexpr uint8_t kLoop = 0x03;
inline constexpr uint8_t kIf = 0x04;
inline constexpr uint8_t kElse = 0x05;
inline constexpr uint8_t kEnd = 0x0b;
inline constexpr uint8_t kBr = 0x0c;
inline constexpr uint8_t kBrIf = 0x0d;
inline constexpr uint8_t kBrTable = 0x0e;
inline constexpr uint8_t kReturn = 0x0f;
inline constexpr uint8_t kCall = 0x10;
inline constexpr uint8_t kCallIndirect = 0x11;
inline constexpr uint8_t kDrop = 0x1a;
inline constexpr uint8_t kSelect = 0x1b;
inline constexpr uint8_t kLocalGet = 0x20;
inline constexpr uint8_t kLocalSet = 0x21;
inline constexpr uint8_t kLocalTee = 0x22;
inline constexpr uint8_t kGlobalGet = 0x23;
inline constexpr uint8_t kGlobalSet = 0x24;
inline constexpr uint8_t kI32Load = 0x28;
inline constexpr uint8_t kI64Load32U = 0x35;
inline constexpr uint8_t kI32Store = 0x36;
inline constexpr uint8_t kI64Store32 = 0x3e;
inline constexpr uint8_t kMemorySize = 0x3f;
inline constexpr uint8_t kMemoryGrow = 0x40;
inline constexpr uint8_t kI32Const = 0x41;
inline constexpr uint8_t kI64Const = 0x42;
inline constexpr uint8_t kF32Const = 0x43;
inline constexpr uint8_t kF64Const = 0x44;
inline constexpr uint8_t kI32Eqz = 0x45;
inline constexpr uint8_t kI32Add = 0x6a;
inline constexpr uint8_t kI32Sub = 0x6b;
inline constexpr uint8_t kI32GtU = 0x4b;
inline constexpr uint8_t kI64Eqz = 0x50;
inline constexpr uint8_t kI64LtS = 0x53;
inline constexpr uint8_t kI64Sub = 0x7d;
inline constexpr uint8_t kLastSignExtension = 0xc4;
}  // namespace opcode

inline constexpr uint8_t kEmptyBlockType = 0x40;
inline constexpr uint8_t kTypeI32 = 0x7f;
inline constexpr uint8_t kTypeI64 = 0x7e;
inline constexpr uint8_t kTypeF32 = 0x7d;
inline constexpr uint8_t kTypeF64 = 0x7c;
inline constexpr uint8_t kTypeFunc = 0x60;

constexpr uint8_t value_type_byte(ValueType type) {
  switch (type) {
    case ValueType::kI32:
      return kTypeI32;
    case ValueType::kI64:
      return kTypeI64;
    case ValueType::kF32:
      return kTypeF32;
    case ValueType::kF64:
      return kTypeF64;
  }
  return kTypeI32;
}

}  // namespace canary::executor::prepare
