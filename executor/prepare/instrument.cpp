#include "executor/prepare/instrument.hpp"

#include <map>
#include <vector>

#include "executor/prepare/stack_cost.hpp"
#include "executor/prepare/wasm_reader.hpp"

namespace canary::executor::prepare {

namespace {

struct Layout {
  std::vector<uint32_t> stack_costs;    // per function index; 0 for imports
  std::map<uint32_t, uint32_t> thunks;  // function index -> thunk function index
  uint32_t stack_global = 0;
  uint32_t fuel_global = 0;
  InstrumentConfig config;
};

void emit_global_get(Bytes& out, uint32_t global) {
  out.push_back(opcode::kGlobalGet);
  write_u32(out, global);
}

void emit_global_set(Bytes& out, uint32_t global) {
  out.push_back(opcode::kGlobalSet);
  write_u32(out, global);
}

void emit_trap_if(Bytes& out) {
  out.push_back(opcode::kIf);
  out.push_back(kEmptyBlockType);
  out.push_back(opcode::kUnreachable);
  out.push_back(opcode::kEnd);
}

// stack_height += cost; if stack_height > limit (unsigned): trap; call; stack_height -= cost.
void emit_counted_call(Bytes& out, const Layout& layout, uint32_t callee, ByteSpan call) {
  const auto cost = static_cast<int32_t>(layout.stack_costs[callee]);
  emit_global_get(out, layout.stack_global);
  out.push_back(opcode::kI32Const);
  write_s32(out, cost);
  out.push_back(opcode::kI32Add);
  emit_global_set(out, layout.stack_global);
  emit_global_get(out, layout.stack_global);
  out.push_back(opcode::kI32Const);
  write_s32(out, static_cast<int32_t>(layout.config.stack_limit));
  out.push_back(opcode::kI32GtU);
  emit_trap_if(out);
  out.insert(out.end(), call.begin(), call.end());
  emit_global_get(out, layout.stack_global);
  out.push_back(opcode::kI32Const);
  write_s32(out, cost);
  out.push_back(opcode::kI32Sub);
  emit_global_set(out, layout.stack_global);
}

// fuel -= cost; if fuel < 0 (signed): trap. The global stays negative, which is how the engine
// recognises the trap.
void emit_fuel_charge(Bytes& out, const Layout& layout, uint64_t cost) {
  if (!layout.config.meter_fuel) return;
  emit_global_get(out, layout.fuel_global);
  out.push_back(opcode::kI64Const);
  write_s64(out, static_cast<int64_t>(cost));
  out.push_back(opcode::kI64Sub);
  emit_global_set(out, layout.fuel_global);
  emit_global_get(out, layout.fuel_global);
  out.push_back(opcode::kI64Const);
  write_s64(out, 0);
  out.push_back(opcode::kI64LtS);
  emit_trap_if(out);
}

// Fuel cost of the function body and of each loop body, in order of appearance: the instructions
// of that region, not counting those of nested loops (a nested `loop` counts in the outer region,
// its `end` in the inner one).
Result<void, std::string> region_costs(ByteSpan code, uint64_t& function_cost,
                                       std::vector<uint64_t>& loop_costs) {
  constexpr int64_t kFunctionRegion = -1;
  std::vector<int64_t> frame_regions{kFunctionRegion};
  function_cost = 0;
  loop_costs.clear();
  WasmReader reader(code);
  Instruction in;
  while (!reader.at_end()) {
    if (!read_instruction(reader, in)) return unexpected(std::string("bad instruction"));
    if (frame_regions.empty()) return unexpected(std::string("code after the final end"));
    const int64_t region = frame_regions.back();
    ++(region == kFunctionRegion ? function_cost : loop_costs[static_cast<size_t>(region)]);
    if (in.opcode == opcode::kLoop) {
      frame_regions.push_back(static_cast<int64_t>(loop_costs.size()));
      loop_costs.push_back(0);
    } else if (in.opcode == opcode::kBlock || in.opcode == opcode::kIf) {
      frame_regions.push_back(region);
    } else if (in.opcode == opcode::kEnd) {
      frame_regions.pop_back();
    }
  }
  if (!frame_regions.empty()) return unexpected(std::string("unterminated function body"));
  return {};
}

Result<void, std::string> rewrite_body(const FunctionBody& body, const Layout& layout, Bytes& out) {
  uint64_t function_cost = 0;
  std::vector<uint64_t> loop_costs;
  if (auto costs = region_costs(body.code, function_cost, loop_costs); !costs) return costs;

  Bytes code(body.locals.begin(), body.locals.end());
  code.reserve(body.locals.size() + body.code.size() * 2);
  emit_fuel_charge(code, layout, function_cost);
  size_t next_loop = 0;
  WasmReader reader(body.code);
  Instruction in;
  while (!reader.at_end()) {
    if (!read_instruction(reader, in)) return unexpected(std::string("bad instruction"));
    ByteSpan raw = body.code.subspan(in.begin, in.end - in.begin);
    if (in.opcode == opcode::kCall && in.index < layout.stack_costs.size() &&
        layout.stack_costs[in.index] > 0) {
      emit_counted_call(code, layout, in.index, raw);
      continue;
    }
    code.insert(code.end(), raw.begin(), raw.end());
    if (in.opcode == opcode::kLoop) emit_fuel_charge(code, layout, loop_costs[next_loop++]);
  }
  write_u32(out, static_cast<uint32_t>(code.size()));
  out.insert(out.end(), code.begin(), code.end());
  return {};
}

void write_thunk_body(const Signature& signature, uint32_t target, const Layout& layout,
                      Bytes& out) {
  Bytes code{0x00};  // no locals
  for (uint32_t i = 0; i < signature.params.size(); ++i) {
    code.push_back(opcode::kLocalGet);
    write_u32(code, i);
  }
  Bytes call{opcode::kCall};
  write_u32(call, target);
  emit_counted_call(code, layout, target, call);
  code.push_back(opcode::kEnd);
  write_u32(out, static_cast<uint32_t>(code.size()));
  out.insert(out.end(), code.begin(), code.end());
}

uint32_t retarget(const Layout& layout, uint32_t function) {
  auto it = layout.thunks.find(function);
  return it == layout.thunks.end() ? function : it->second;
}

void write_limits(Bytes& out, const Limits& limits) {
  out.push_back(limits.max ? 0x01 : 0x00);
  write_u32(out, limits.initial);
  if (limits.max) write_u32(out, *limits.max);
}

void write_memory_import(Bytes& out, uint32_t initial_pages) {
  write_name(out, kMemoryImportModule);
  write_name(out, kMemoryImportName);
  out.push_back(static_cast<uint8_t>(ExternalKind::kMemory));
  write_limits(out, Limits{initial_pages, std::nullopt});
}

}  // namespace

Result<Bytes, std::string> instrument_module(const ModuleStructure& m,
                                             const InstrumentConfig& config) {
  Layout layout;
  layout.config = config;
  layout.stack_costs.assign(m.function_count(), 0);
  for (uint32_t i = 0; i < m.bodies.size(); ++i) {
    auto cost = function_stack_cost(m, i);
    if (!cost) return unexpected("stack limiter: " + cost.error());
    layout.stack_costs[m.function_import_count + i] = *cost;
  }

  // Thunks for every function that can be entered from outside the module's direct calls.
  auto want_thunk = [&](uint32_t function) {
    if (function < layout.stack_costs.size() && layout.stack_costs[function] != 0) {
      layout.thunks.emplace(function, 0);
    }
  };
  for (const Export& e : m.exports) {
    if (e.kind == ExternalKind::kFunction) want_thunk(e.index);
  }
  for (const ElementSegment& segment : m.elements) {
    for (uint32_t function : segment.functions) want_thunk(function);
  }
  if (m.start) want_thunk(*m.start);
  uint32_t next_function = m.function_count();
  for (auto& [function, thunk] : layout.thunks) thunk = next_function++;

  uint32_t imported_memories = 0;
  for (const Import& import : m.imports) {
    if (import.kind == ExternalKind::kTable || import.kind == ExternalKind::kGlobal) {
      return unexpected("unsupported import " + import.module + "." + import.name);
    }
    if (import.kind == ExternalKind::kMemory) ++imported_memories;
  }
  if (imported_memories + (m.defined_memory ? 1 : 0) != 1) {
    return unexpected(std::string("the module must have exactly one memory"));
  }
  layout.stack_global = static_cast<uint32_t>(m.globals.size());
  layout.fuel_global = layout.stack_global + 1;
  for (const Export& e : m.exports) {
    if (e.name == kStackHeightExport || e.name == kFuelExport || e.name == kStartExport) {
      return unexpected("export name reserved by the executor: " + e.name);
    }
  }

  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Bytes section;

  // Types: unchanged; thunks reuse their target's type.
  section.clear();
  write_u32(section, static_cast<uint32_t>(m.types.size()));
  for (const Signature& type : m.types) {
    section.push_back(kTypeFunc);
    write_u32(section, static_cast<uint32_t>(type.params.size()));
    for (ValueType param : type.params) section.push_back(value_type_byte(param));
    write_u32(section, type.result ? 1 : 0);
    if (type.result) section.push_back(value_type_byte(*type.result));
  }
  write_section(out, 1, section);

  // Imports: functions unchanged, the memory as env.memory without a maximum.
  section.clear();
  write_u32(section, static_cast<uint32_t>(m.imports.size() + (m.defined_memory ? 1 : 0)));
  for (const Import& import : m.imports) {
    if (import.kind == ExternalKind::kMemory) {
      write_memory_import(section, import.limits.initial);
      continue;
    }
    write_name(section, import.module);
    write_name(section, import.name);
    section.push_back(static_cast<uint8_t>(ExternalKind::kFunction));
    write_u32(section, import.type_index);
  }
  if (m.defined_memory) write_memory_import(section, m.defined_memory->initial);
  write_section(out, 2, section);

  // Functions: the originals, then the thunks.
  section.clear();
  write_u32(section, static_cast<uint32_t>(m.function_types.size() + layout.thunks.size()));
  for (uint32_t type : m.function_types) write_u32(section, type);
  for (const auto& [function, thunk] : layout.thunks) {
    write_u32(section, m.function_types[function - m.function_import_count]);
  }
  write_section(out, 3, section);

  if (m.table_section) write_section(out, 4, *m.table_section);

  // Globals: the originals, then the stack height and the fuel.
  section.clear();
  write_u32(section, static_cast<uint32_t>(m.globals.size() + 1 + (config.meter_fuel ? 1 : 0)));
  for (const Global& global : m.globals) {
    section.push_back(value_type_byte(global.type));
    section.push_back(global.is_mutable ? 1 : 0);
    section.insert(section.end(), global.init.raw.begin(), global.init.raw.end());
  }
  section.insert(section.end(), {kTypeI32, 0x01, opcode::kI32Const, 0x00, opcode::kEnd});
  if (config.meter_fuel) {
    // Unlimited until an engine sets a budget: a start function runs during instantiation.
    section.insert(section.end(), {kTypeI64, 0x01, opcode::kI64Const});
    write_s64(section, INT64_MAX);
    section.push_back(opcode::kEnd);
  }
  write_section(out, 6, section);

  // Exports: functions through their thunks, plus the instrumentation globals and the start
  // function.
  section.clear();
  write_u32(section, static_cast<uint32_t>(m.exports.size() + 1 + (config.meter_fuel ? 1 : 0) +
                                           (m.start ? 1 : 0)));
  for (const Export& e : m.exports) {
    write_name(section, e.name);
    section.push_back(static_cast<uint8_t>(e.kind));
    write_u32(section, e.kind == ExternalKind::kFunction ? retarget(layout, e.index) : e.index);
  }
  write_name(section, kStackHeightExport);
  section.push_back(static_cast<uint8_t>(ExternalKind::kGlobal));
  write_u32(section, layout.stack_global);
  if (config.meter_fuel) {
    write_name(section, kFuelExport);
    section.push_back(static_cast<uint8_t>(ExternalKind::kGlobal));
    write_u32(section, layout.fuel_global);
  }
  if (m.start) {
    write_name(section, kStartExport);
    section.push_back(static_cast<uint8_t>(ExternalKind::kFunction));
    write_u32(section, retarget(layout, *m.start));
  }
  write_section(out, 7, section);

  if (!m.elements.empty()) {
    section.clear();
    write_u32(section, static_cast<uint32_t>(m.elements.size()));
    for (const ElementSegment& segment : m.elements) {
      write_u32(section, 0);
      section.insert(section.end(), segment.offset.raw.begin(), segment.offset.raw.end());
      write_u32(section, static_cast<uint32_t>(segment.functions.size()));
      for (uint32_t function : segment.functions) write_u32(section, retarget(layout, function));
    }
    write_section(out, 9, section);
  }

  section.clear();
  write_u32(section, static_cast<uint32_t>(m.bodies.size() + layout.thunks.size()));
  for (const FunctionBody& body : m.bodies) {
    if (auto rewritten = rewrite_body(body, layout, section); !rewritten) {
      return unexpected(rewritten.error());
    }
  }
  for (const auto& [function, thunk] : layout.thunks) {
    write_thunk_body(*m.function_signature(function), function, layout, section);
  }
  write_section(out, 10, section);

  if (!m.data.empty()) {
    section.clear();
    write_u32(section, static_cast<uint32_t>(m.data.size()));
    for (const DataSegment& segment : m.data) {
      write_u32(section, 0);
      section.insert(section.end(), segment.offset.raw.begin(), segment.offset.raw.end());
      write_u32(section, static_cast<uint32_t>(segment.bytes.size()));
      section.insert(section.end(), segment.bytes.begin(), segment.bytes.end());
    }
    write_section(out, 11, section);
  }
  return out;
}

}  // namespace canary::executor::prepare
