#include "executor/prepare/module_structure.hpp"

#include <cstring>

#include "executor/prepare/wasm_reader.hpp"

namespace canary::executor::prepare {

const Signature* ModuleStructure::function_signature(uint32_t function_index) const {
  uint32_t type_index = 0;
  if (function_index < function_import_count) {
    uint32_t seen = 0;
    for (const Import& import : imports) {
      if (import.kind != ExternalKind::kFunction) continue;
      if (seen++ == function_index) {
        type_index = import.type_index;
        break;
      }
    }
  } else if (function_index - function_import_count < function_types.size()) {
    type_index = function_types[function_index - function_import_count];
  } else {
    return nullptr;
  }
  return type_index < types.size() ? &types[type_index] : nullptr;
}

namespace {

using ParseResult = Result<void, std::string>;

ParseResult fail(std::string message) {
  return unexpected(std::move(message));
}

std::optional<ValueType> value_type(uint8_t byte) {
  switch (byte) {
    case kTypeI32:
      return ValueType::kI32;
    case kTypeI64:
      return ValueType::kI64;
    case kTypeF32:
      return ValueType::kF32;
    case kTypeF64:
      return ValueType::kF64;
    default:
      return std::nullopt;
  }
}

// A vector count, checked against the bytes left (every element takes at least one byte) so that
// a hostile count cannot make us reserve gigabytes.
std::optional<uint32_t> read_count(WasmReader& reader) {
  const uint32_t count = reader.u32();
  if (!reader.ok() || count > reader.remaining()) return std::nullopt;
  return count;
}

bool read_limits(WasmReader& reader, Limits& out) {
  const uint8_t flags = reader.u8();
  if (flags > 1) return false;  // shared or 64-bit memories
  out.initial = reader.u32();
  if (flags == 1) out.max = reader.u32();
  return reader.ok();
}

bool read_const_expr(WasmReader& reader, ConstExpr& out) {
  const size_t begin = reader.position();
  out.opcode = reader.u8();
  switch (out.opcode) {
    case opcode::kI32Const:
      out.bits = static_cast<uint32_t>(reader.s32());
      break;
    case opcode::kI64Const:
      out.bits = static_cast<uint64_t>(reader.s64());
      break;
    case opcode::kF32Const: {
      ByteSpan raw = reader.bytes(4);
      uint32_t v = 0;
      if (raw.size() == 4) std::memcpy(&v, raw.data(), 4);  // little-endian host
      out.bits = v;
      break;
    }
    case opcode::kF64Const: {
      ByteSpan raw = reader.bytes(8);
      uint64_t v = 0;
      if (raw.size() == 8) std::memcpy(&v, raw.data(), 8);
      out.bits = v;
      break;
    }
    case opcode::kGlobalGet:
      out.bits = reader.u32();
      break;
    default:
      return false;
  }
  if (reader.u8() != opcode::kEnd) return false;
  out.raw = reader.data().subspan(begin, reader.position() - begin);
  return reader.ok();
}

ParseResult parse_types(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad type count");
  m.types.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    if (r.u8() != kTypeFunc) return fail("type is not a function type");
    Signature sig;
    auto params = read_count(r);
    if (!params) return fail("bad parameter count");
    for (uint32_t p = 0; p < *params; ++p) {
      auto type = value_type(r.u8());
      if (!type) return fail("unsupported parameter type");
      sig.params.push_back(*type);
    }
    auto results = read_count(r);
    if (!results || *results > 1) return fail("more than one result");
    if (*results == 1) {
      sig.result = value_type(r.u8());
      if (!sig.result) return fail("unsupported result type");
    }
    m.types.push_back(std::move(sig));
  }
  return {};
}

ParseResult parse_imports(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad import count");
  m.imports.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    Import import;
    import.module = std::string(r.name());
    import.name = std::string(r.name());
    const uint8_t kind = r.u8();
    switch (kind) {
      case 0:
        import.kind = ExternalKind::kFunction;
        import.type_index = r.u32();
        ++m.function_import_count;
        break;
      case 1: {
        import.kind = ExternalKind::kTable;
        r.u8();  // element type
        if (!read_limits(r, import.limits)) return fail("bad table limits");
        break;
      }
      case 2:
        import.kind = ExternalKind::kMemory;
        if (!read_limits(r, import.limits)) return fail("bad memory limits");
        break;
      case 3:
        import.kind = ExternalKind::kGlobal;
        r.u8();  // value type
        r.u8();  // mutability
        break;
      default:
        return fail("unknown import kind");
    }
    m.imports.push_back(std::move(import));
  }
  return {};
}

ParseResult parse_functions(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad function count");
  m.function_types.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) m.function_types.push_back(r.u32());
  return {};
}

ParseResult parse_memories(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count || *count > 1) return fail("more than one memory");
  if (*count == 1) {
    Limits limits;
    if (!read_limits(r, limits)) return fail("bad memory limits");
    m.defined_memory = limits;
  }
  return {};
}

ParseResult parse_globals(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad global count");
  m.globals.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    Global global;
    auto type = value_type(r.u8());
    if (!type) return fail("unsupported global type");
    global.type = *type;
    global.is_mutable = r.u8() == 1;
    if (!read_const_expr(r, global.init)) return fail("unsupported global initializer");
    m.globals.push_back(global);
  }
  return {};
}

ParseResult parse_exports(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad export count");
  m.exports.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    Export e;
    e.name = std::string(r.name());
    const uint8_t kind = r.u8();
    if (kind > 3) return fail("unknown export kind");
    e.kind = static_cast<ExternalKind>(kind);
    e.index = r.u32();
    m.exports.push_back(std::move(e));
  }
  return {};
}

ParseResult parse_elements(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad element segment count");
  m.elements.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    // MVP encoding: table index 0 (the later "flags" field), offset, function indices.
    if (r.u32() != 0) return fail("unsupported element segment");
    ElementSegment segment;
    if (!read_const_expr(r, segment.offset)) return fail("unsupported element offset");
    auto functions = read_count(r);
    if (!functions) return fail("bad element count");
    segment.functions.reserve(*functions);
    for (uint32_t f = 0; f < *functions; ++f) segment.functions.push_back(r.u32());
    m.elements.push_back(std::move(segment));
  }
  return {};
}

ParseResult parse_code(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad code count");
  m.bodies.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    const uint32_t size = r.u32();
    WasmReader body_reader(r.bytes(size));
    if (!r.ok()) return fail("function body runs past the section");
    FunctionBody body;
    const size_t locals_begin = body_reader.position();
    auto groups = read_count(body_reader);
    if (!groups) return fail("bad local declarations");
    for (uint32_t g = 0; g < *groups; ++g) {
      body.local_count += body_reader.u32();
      if (!value_type(body_reader.u8())) return fail("unsupported local type");
    }
    if (!body_reader.ok()) return fail("bad local declarations");
    body.locals = body_reader.data().subspan(locals_begin, body_reader.position() - locals_begin);
    body.code = body_reader.bytes(body_reader.remaining());
    m.bodies.push_back(body);
  }
  return {};
}

ParseResult parse_data(WasmReader& r, ModuleStructure& m) {
  auto count = read_count(r);
  if (!count) return fail("bad data segment count");
  m.data.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    if (r.u32() != 0) return fail("unsupported data segment");
    DataSegment segment;
    if (!read_const_expr(r, segment.offset)) return fail("unsupported data offset");
    const uint32_t size = r.u32();
    segment.bytes = r.bytes(size);
    m.data.push_back(segment);
  }
  return {};
}

}  // namespace

Result<ModuleStructure, std::string> parse_module_structure(ByteSpan wasm) {
  static constexpr uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (wasm.size() < 8 || std::memcmp(wasm.data(), kHeader, 8) != 0) {
    return unexpected(std::string("not a Wasm version 1 module"));
  }
  ModuleStructure m;
  WasmReader reader(wasm.subspan(8));
  while (!reader.at_end()) {
    const uint8_t id = reader.u8();
    const uint32_t size = reader.u32();
    ByteSpan payload = reader.bytes(size);
    if (!reader.ok()) return unexpected(std::string("section runs past the end"));
    WasmReader r(payload);
    ParseResult parsed;
    switch (id) {
      case 0:  // custom sections do not affect execution
        break;
      case 1:
        parsed = parse_types(r, m);
        break;
      case 2:
        parsed = parse_imports(r, m);
        break;
      case 3:
        parsed = parse_functions(r, m);
        break;
      case 4:
        m.table_section = payload;
        r.bytes(payload.size());
        break;
      case 5:
        parsed = parse_memories(r, m);
        break;
      case 6:
        parsed = parse_globals(r, m);
        break;
      case 7:
        parsed = parse_exports(r, m);
        break;
      case 8:
        m.start = r.u32();
        break;
      case 9:
        parsed = parse_elements(r, m);
        break;
      case 10:
        parsed = parse_code(r, m);
        break;
      case 11:
        parsed = parse_data(r, m);
        break;
      default:
        return unexpected("unsupported section " + std::to_string(id));
    }
    if (!parsed) return unexpected(parsed.error());
    if (id != 0 && (!r.ok() || !r.at_end())) {
      return unexpected("malformed section " + std::to_string(id));
    }
  }
  if (m.bodies.size() != m.function_types.size()) {
    return unexpected(std::string("function and code sections disagree"));
  }
  return m;
}

}  // namespace canary::executor::prepare
