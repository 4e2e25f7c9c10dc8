#include "executor/prepare/wasm_reader.hpp"

namespace canary::executor::prepare {

uint8_t WasmReader::u8() {
  if (!ok_ || pos_ >= data_.size()) {
    ok_ = false;
    return 0;
  }
  return data_[pos_++];
}

uint64_t WasmReader::leb(unsigned max_bits, bool is_signed) {
  uint64_t result = 0;
  unsigned shift = 0;
  const unsigned max_bytes = (max_bits + 6) / 7;
  for (unsigned i = 0; i < max_bytes; ++i) {
    const uint8_t byte = u8();
    if (!ok_) return 0;
    result |= uint64_t{byte & 0x7fu} << shift;
    shift += 7;
    if ((byte & 0x80) == 0) {
      if (is_signed && shift < 64 && (byte & 0x40) != 0) result |= ~uint64_t{0} << shift;
      return result;
    }
  }
  ok_ = false;
  return 0;
}

uint32_t WasmReader::u32() {
  const uint64_t value = leb(32, false);
  if (value > 0xFFFFFFFFu) {
    ok_ = false;
    return 0;
  }
  return static_cast<uint32_t>(value);
}

int32_t WasmReader::s32() {
  return static_cast<int32_t>(static_cast<uint32_t>(leb(32, true)));
}

int64_t WasmReader::s64() {
  return static_cast<int64_t>(leb(64, true));
}

ByteSpan WasmReader::bytes(size_t n) {
  if (!ok_ || n > data_.size() - pos_) {
    ok_ = false;
    return {};
  }
  ByteSpan out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::string_view WasmReader::name() {
  const uint32_t length = u32();
  ByteSpan raw = bytes(length);
  return {reinterpret_cast<const char*>(raw.data()), raw.size()};
}

void write_u32(Bytes& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

void write_s64(Bytes& out, int64_t value) {
  while (true) {
    const auto byte = static_cast<uint8_t>(value & 0x7f);
    value >>= 7;  // arithmetic shift: C++20 defines it for negative values
    const bool done = (value == 0 && (byte & 0x40) == 0) || (value == -1 && (byte & 0x40) != 0);
    out.push_back(done ? byte : static_cast<uint8_t>(byte | 0x80));
    if (done) return;
  }
}

void write_s32(Bytes& out, int32_t value) {
  write_s64(out, value);
}

void write_name(Bytes& out, std::string_view name) {
  write_u32(out, static_cast<uint32_t>(name.size()));
  out.insert(out.end(), name.begin(), name.end());
}

void write_section(Bytes& out, uint8_t id, ByteSpan payload) {
  out.push_back(id);
  write_u32(out, static_cast<uint32_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
}

bool read_instruction(WasmReader& reader, Instruction& out) {
  out.begin = reader.position();
  out.opcode = reader.u8();
  out.index = 0;
  out.block_result.reset();
  out.br_table_targets.clear();
  const uint8_t op = out.opcode;
  switch (op) {
    case opcode::kBlock:
    case opcode::kLoop:
    case opcode::kIf: {
      const uint8_t type = reader.u8();
      if (type == kTypeI32 || type == kTypeI64 || type == kTypeF32 || type == kTypeF64) {
        out.block_result = type;
      } else if (type != kEmptyBlockType) {
        reader.fail();  // a type index: multi-value
      }
      break;
    }
    case opcode::kBr:
    case opcode::kBrIf:
    case opcode::kCall:
    case opcode::kLocalGet:
    case opcode::kLocalSet:
    case opcode::kLocalTee:
    case opcode::kGlobalGet:
    case opcode::kGlobalSet:
      out.index = reader.u32();
      break;
    case opcode::kBrTable: {
      const uint32_t count = reader.u32();
      // Each target takes at least one byte, which bounds the reservation by the input size.
      if (count > reader.remaining()) {
        reader.fail();
        break;
      }
      out.br_table_targets.reserve(count);
      for (uint32_t i = 0; i < count && reader.ok(); ++i) {
        out.br_table_targets.push_back(reader.u32());
      }
      out.index = reader.u32();
      break;
    }
    case opcode::kCallIndirect:
      out.index = reader.u32();
      if (reader.u8() != 0) reader.fail();  // a table index: reference types
      break;
    case opcode::kMemorySize:
    case opcode::kMemoryGrow:
      if (reader.u8() != 0) reader.fail();
      break;
    case opcode::kI32Const:
      reader.s32();
      break;
    case opcode::kI64Const:
      reader.s64();
      break;
    case opcode::kF32Const:
      reader.bytes(4);
      break;
    case opcode::kF64Const:
      reader.bytes(8);
      break;
    default:
      if (op >= opcode::kI32Load && op <= opcode::kI64Store32) {
        reader.u32();  // alignment
        reader.u32();  // offset
      } else if (op == opcode::kUnreachable || op == opcode::kNop || op == opcode::kElse ||
                 op == opcode::kEnd || op == opcode::kReturn || op == opcode::kDrop ||
                 op == opcode::kSelect ||
                 (op >= opcode::kI32Eqz && op <= opcode::kLastSignExtension)) {
        // No immediates.
      } else {
        reader.fail();
      }
      break;
  }
  out.end = reader.position();
  return reader.ok();
}

}  // namespace canary::executor::prepare
