#include "executor/prepared_module.hpp"

#include "executor/prepare/instrument.hpp"
#include "executor/prepare/module_structure.hpp"
#include "executor/prepare/validate.hpp"

namespace canary::executor {

namespace {

// Implementation limits of wasmparser (and so of wasmtime, the reference engine) that a module
// of this size could reach; enforcing them keeps us from accepting what the reference rejects.
constexpr size_t kMaxFunctionParams = 1000;
constexpr uint64_t kMaxFunctionLocals = 50000;  // parameters included

Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string message) {
  return unexpected(ExecutionError::make(kind, std::move(message)));
}

}  // namespace

const FunctionExport* ModuleInfo::find_export(std::string_view name) const {
  for (const FunctionExport& e : function_exports) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

Result<PreparedModule, ExecutionError> prepare_module(ByteSpan wasm, const PrepareConfig& config) {
  using prepare::ExternalKind;
  if (auto valid = prepare::validate_module(wasm); !valid) return unexpected(valid.error());
  auto parsed = prepare::parse_module_structure(wasm);
  if (!parsed) return fail(ExecutionErrorKind::kInvalidModule, "executor: " + parsed.error());
  const prepare::ModuleStructure& m = *parsed;

  for (const Signature& type : m.types) {
    if (type.params.size() > kMaxFunctionParams) {
      return fail(ExecutionErrorKind::kInvalidModule, "a function type has more than 1000 params");
    }
  }
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    const Signature* signature =
        m.function_signature(m.function_import_count + static_cast<uint32_t>(i));
    if (signature == nullptr ||
        signature->params.size() + m.bodies[i].local_count > kMaxFunctionLocals) {
      return fail(ExecutionErrorKind::kInvalidModule,
                  "function " + std::to_string(i) + " has more than 50000 locals");
    }
  }

  PreparedModule prepared;
  ModuleInfo& info = prepared.info;
  std::optional<uint32_t> memory_pages;
  if (m.defined_memory) memory_pages = m.defined_memory->initial;
  for (const prepare::Import& import : m.imports) {
    switch (import.kind) {
      case ExternalKind::kFunction:
        if (import.type_index >= m.types.size()) {
          return fail(ExecutionErrorKind::kInvalidModule, "executor: bad import type");
        }
        info.function_imports.push_back({import.module, import.name, m.types[import.type_index]});
        break;
      case ExternalKind::kMemory:
        memory_pages = import.limits.initial;
        break;
      case ExternalKind::kTable:
      case ExternalKind::kGlobal:
        // Substrate hosts provide functions and the memory only.
        return fail(ExecutionErrorKind::kMissingImport,
                    import.module + "." + import.name +
                        (import.kind == ExternalKind::kTable ? " (a table)" : " (a global)"));
    }
  }
  if (!memory_pages) return fail(ExecutionErrorKind::kInvalidModule, "the module has no memory");
  info.memory_initial_pages = *memory_pages;

  for (const prepare::Export& e : m.exports) {
    if (e.kind == ExternalKind::kFunction) {
      const Signature* signature = m.function_signature(e.index);
      if (signature == nullptr) {
        return fail(ExecutionErrorKind::kInvalidModule, "executor: bad export " + e.name);
      }
      info.function_exports.push_back({e.name, *signature});
    } else if (e.kind == ExternalKind::kGlobal && e.name == "__heap_base" &&
               e.index < m.globals.size() && m.globals[e.index].type == ValueType::kI32) {
      info.exports_heap_base = true;
    }
  }
  for (const prepare::DataSegment& segment : m.data) {
    // Offsets are i32.const: a global.get could only read an imported global, refused above.
    info.data_segments.push_back({static_cast<uint32_t>(segment.offset.bits),
                                  Bytes(segment.bytes.begin(), segment.bytes.end())});
  }
  for (const prepare::Global& global : m.globals) {
    info.globals.push_back({global.type, global.init.bits});
  }
  info.has_start_function = m.start.has_value();
  info.stack_limit = config.stack_limit;
  info.fuel_metered = config.meter_fuel;

  auto code = prepare::instrument_module(m, {config.stack_limit, config.meter_fuel});
  if (!code) return fail(ExecutionErrorKind::kInvalidModule, "executor: " + code.error());
  prepared.code = std::move(*code);
  return prepared;
}

}  // namespace canary::executor
