#include "executor/fast_interpreter/fast_interpreter_engine.hpp"

#include "executor/fast_interpreter/code.hpp"
#include "executor/fast_interpreter/machine.hpp"
#include "executor/fast_interpreter/slot_instance.hpp"

namespace canary::executor {

namespace {

using fast::CompiledModule;

class FastInstance final : public fast::SlotInstance {
 public:
  FastInstance(std::shared_ptr<const ModuleInfo> info, std::vector<ResolvedImport> imports,
               std::shared_ptr<const CompiledModule> code)
      : SlotInstance(std::move(info), std::move(imports), std::move(code), true) {}

 protected:
  fast::Trap run_code(uint32_t function) override { return fast::run(machine(), function); }
};

class FastModule final : public Module {
 public:
  FastModule(std::shared_ptr<const PreparedModule> prepared,
             std::shared_ptr<const CompiledModule> code)
      : Module(std::move(prepared)), code_(std::move(code)) {}

  Result<std::unique_ptr<Instance>, ExecutionError> instantiate(
      const HostFunctionTable& host, const InstanceConfig& config) const override {
    CANARY_TRY_ASSIGN(auto imports, resolve_imports(info(), host, config));
    CANARY_TRY_ASSIGN(auto pages, instance_memory_range(info(), config));
    auto instance = std::make_unique<FastInstance>(
        std::shared_ptr<const ModuleInfo>(prepared_, &prepared_->info), std::move(imports), code_);
    if (auto initialized = instance->init(pages, config.start_fuel); !initialized) {
      return unexpected(initialized.error());
    }
    return std::unique_ptr<Instance>(std::move(instance));
  }

 private:
  std::shared_ptr<const CompiledModule> code_;
};

}  // namespace

Result<std::shared_ptr<const Module>, ExecutionError> compile_for_fast_interpreter(
    std::shared_ptr<const PreparedModule> prepared) {
  if (!prepared) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  }
  CANARY_TRY_ASSIGN(auto code, fast::compile_module(*prepared));
  return std::shared_ptr<const Module>(std::make_shared<FastModule>(
      std::move(prepared), std::make_shared<const CompiledModule>(std::move(code))));
}

}  // namespace canary::executor
