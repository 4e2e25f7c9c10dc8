#include "executor/host_function.hpp"

namespace canary::executor {

std::string HostFunctionTable::key(std::string_view module, std::string_view name) {
  // Length-prefixed: Wasm names may contain any character, NUL included.
  std::string out = std::to_string(module.size());
  out.push_back(':');
  out.append(module);
  out.append(name);
  return out;
}

bool HostFunctionTable::add(HostFunction function) {
  auto [it, inserted] = index_.emplace(key(function.module, function.name), functions_.size());
  if (!inserted) return false;
  functions_.push_back(std::move(function));
  return true;
}

const HostFunction* HostFunctionTable::find(std::string_view module, std::string_view name) const {
  auto it = index_.find(key(module, name));
  return it == index_.end() ? nullptr : &functions_[it->second];
}

}  // namespace canary::executor
