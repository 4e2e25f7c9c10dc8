// A compiled module loaded into the process: the dlopen handle (RTLD_LOCAL, so that the symbols of
// different modules never meet) and the canary_aot_module_t table it exports, with its exported
// functions and globals by name. Shared by the module and all its instances; unloaded with the
// last of them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "executor/aot/aot_error.hpp"
#include "executor/aot/runtime/canary_aot.h"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

class AotLibrary {
 public:
  // Loads the object at `path` and runs its module initialisation. Objects are told apart by
  // their path: the dynamic loader returns the object already loaded under a name.
  static Result<std::shared_ptr<const AotLibrary>, AotError> load(const std::string& path);
  ~AotLibrary();
  AotLibrary(const AotLibrary&) = delete;
  AotLibrary& operator=(const AotLibrary&) = delete;

  const canary_aot_module_t& abi() const { return *abi_; }
  canary_aot_entry_t find_export(std::string_view name) const;
  // The address accessor of an exported global, or null.
  void* (*find_global(std::string_view name) const)(void*);

 private:
  AotLibrary(void* handle, const canary_aot_module_t* abi);

  void* handle_;
  const canary_aot_module_t* abi_;
  std::unordered_map<std::string, canary_aot_entry_t> exports_;
  std::unordered_map<std::string, void* (*)(void*)> globals_;
};

}  // namespace canary::executor::aot
