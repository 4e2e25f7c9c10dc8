#include "executor/baseline_jit/baseline_jit_engine.hpp"

#include <cstring>
#include <string>

#include "executor/baseline_jit/baseline_jit_code.hpp"
#include "executor/baseline_jit/runtime_support.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/slot_instance.hpp"
#include "executor/native_stack.hpp"

namespace canary::executor {

namespace {

using fast::CompiledModule;
using fast::Trap;

// Native stack kept free below the deepest frame when functions run native code (see run_code).
constexpr uint64_t kHostCallReserve = uint64_t{8} << 20;

class JitInstance final : public fast::SlotInstance {
 public:
  JitInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports,
              std::shared_ptr<const jit::Code> code, std::shared_ptr<const CompiledModule> module)
      : SlotInstance(std::move(info), std::move(imports), std::move(module), false),
        code_(std::move(code)) {}

  Result<void, ExecutionError> start(MemoryRange memory, std::optional<uint64_t> start_fuel) {
    auto stack = NativeStack::create();
    if (!stack) {
      return unexpected(ExecutionError::make(
          ExecutionErrorKind::kInstantiationFailed,
          std::string("cannot map a native stack: ") + std::strerror(stack.error())));
    }
    stack_ = std::move(*stack);
    return init(memory, start_fuel);
  }

 protected:
  Trap run_code(uint32_t function) override {
    fast::Machine& m = machine();
    if (function < code().import_count) {
      return m.host(m.host_instance, function, m.stack_begin) ? Trap::kNone : Trap::kHost;
    }
    context_.mem = m.memory->bytes().data();
    context_.mem_size = m.memory->size();
    context_.globals = m.globals;
    context_.stack_end = m.stack_end;
    // The entry function's frame plus the interpreter's frame capacity, 16 bytes each, and the
    // callee that would exceed it. Native functions' frames are larger and of any size: with
    // them, the depth is bounded by the native stack instead, less a reserve for the deepest
    // frames' host calls (the deterministic limit still bounds the depth of calls first).
    context_.frames_bytes = code_->has_natives() ? kNativeStackSize - kHostCallReserve
                                                 : 16 * (uint64_t{m.frame_capacity} + 2);
    context_.machine = &m;
    context_.code = code_.get();
    context_.trap = 0;
    context_.call_jit = code_->call_jit();
    context_.entries = code_->entries();
    context_.host_call_fn = &jit::call_host;
    context_.resolve_fn = &jit::resolve_indirect;
    context_.memory_grow_fn = &jit::memory_grow;
    context_.profile = code_->profile_counters();
    Call call{code_.get(), &context_, m.stack_begin, function - code().import_count, 0};
    stack_->run(&Call::run, &call);
    return static_cast<Trap>(call.result);
  }

 private:
  struct Call {
    const jit::Code* code;
    jit::Context* context;
    uint64_t* fp;
    uint32_t function;
    uint32_t result;

    static void run(void* self) {
      auto* call = static_cast<Call*>(self);
      call->result = call->code->enter(call->context, call->fp, call->function);
    }
  };

  std::shared_ptr<const jit::Code> code_;
  std::unique_ptr<NativeStack> stack_;
  jit::Context context_;
};

class JitModule final : public Module {
 public:
  JitModule(std::shared_ptr<const PreparedModule> prepared,
            std::shared_ptr<const CompiledModule> module, std::shared_ptr<const jit::Code> code)
      : Module(std::move(prepared)), module_(std::move(module)), code_(std::move(code)) {}

  Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config) const override {
    CANARY_TRY_ASSIGN(auto imports, resolve_imports(info(), host, config));
    CANARY_TRY_ASSIGN(auto pages, instance_memory_range(info(), config));
    auto instance = std::make_unique<JitInstance>(
        std::shared_ptr<const ModuleInfo>(prepared_, &prepared_->info), std::move(imports), code_,
        module_);
    if (auto started = instance->start(pages, config.start_fuel); !started) {
      return unexpected(started.error());
    }
    return std::unique_ptr<Instance>(std::move(instance));
  }

 private:
  std::shared_ptr<const CompiledModule> module_;
  std::shared_ptr<const jit::Code> code_;
};

}  // namespace

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_baseline_jit(
    std::shared_ptr<const PreparedModule> prepared) {
  if (!prepared) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  }
  CANARY_TRY_ASSIGN(auto compiled, fast::compile_module(*prepared));
  return make_jit_module(std::move(prepared),
                         std::make_shared<const CompiledModule>(std::move(compiled)), {});
}

Result<ProfiledJit, ExecutionError> compile_profiled_jit(
    std::shared_ptr<const PreparedModule> prepared) {
  if (!prepared) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  }
  CANARY_TRY_ASSIGN(auto compiled, fast::compile_module(*prepared));
  auto module = std::make_shared<const CompiledModule>(std::move(compiled));
  CANARY_TRY_ASSIGN(auto code, jit::Code::compile(module, {}, true));
  std::shared_ptr<const jit::Code> shared(std::move(code));
  ProfiledJit out;
  out.module = std::make_shared<JitModule>(std::move(prepared), module, shared);
  out.code = std::move(shared);
  out.compiled = std::move(module);
  return out;
}

Result<std::shared_ptr<const Module>, ExecutionError> make_jit_module(
    std::shared_ptr<const PreparedModule> prepared, std::shared_ptr<const CompiledModule> compiled,
    jit::NativeFunctions natives) {
  if (!prepared || !compiled) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  }
  CANARY_TRY_ASSIGN(auto code, jit::Code::compile(compiled, std::move(natives)));
  return std::shared_ptr<const Module>(std::make_shared<JitModule>(
      std::move(prepared), std::move(compiled), std::shared_ptr<const jit::Code>(std::move(code))));
}

}  // namespace canary::executor
