// The parts of a validated MVP module the rewriter needs, with spans into the original bytes so
// that unchanged parts are copied verbatim.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "executor/wasm_value.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::prepare {

enum class ExternalKind : uint8_t { kFunction = 0, kTable = 1, kMemory = 2, kGlobal = 3 };

struct Limits {
  uint32_t initial = 0;
  std::optional<uint32_t> max;
};

struct Import {
  std::string module;
  std::string name;
  ExternalKind kind = ExternalKind::kFunction;
  uint32_t type_index = 0;  // functions
  Limits limits;            // memories
};

// A constant expression (MVP: one const or global.get, then end).
struct ConstExpr {
  ByteSpan raw;  // including the end opcode
  uint8_t opcode = 0;
  uint64_t bits = 0;  // value of a const; index of a global.get
};

struct Global {
  ValueType type = ValueType::kI32;
  bool is_mutable = false;
  ConstExpr init;
};

struct Export {
  std::string name;
  ExternalKind kind = ExternalKind::kFunction;
  uint32_t index = 0;
};

struct ElementSegment {
  ConstExpr offset;
  std::vector<uint32_t> functions;
};

struct DataSegment {
  ConstExpr offset;
  ByteSpan bytes;
};

struct FunctionBody {
  ByteSpan locals;           // the raw local declarations
  uint64_t local_count = 0;  // declared locals, parameters not included
  ByteSpan code;             // instructions up to and including the final end
};

struct ModuleStructure {
  std::vector<Signature> types;
  std::vector<Import> imports;
  uint32_t function_import_count = 0;
  std::vector<uint32_t> function_types;   // type index of each defined function
  std::optional<ByteSpan> table_section;  // payload, copied unchanged
  std::optional<Limits> defined_memory;
  std::vector<Global> globals;  // defined globals
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::vector<FunctionBody> bodies;
  std::vector<DataSegment> data;

  uint32_t function_count() const {
    return function_import_count + static_cast<uint32_t>(function_types.size());
  }
  // The signature of a function in the function index space (imports first).
  const Signature* function_signature(uint32_t function_index) const;
};

// Parses a module that passed validation. Errors are strings because they mean "not the MVP
// subset this parser knows", which validation should have caught.
Result<ModuleStructure, std::string> parse_module_structure(ByteSpan wasm);

}  // namespace canary::executor::prepare
