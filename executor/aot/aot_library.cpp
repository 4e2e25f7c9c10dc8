#include "executor/aot/aot_library.hpp"

#include <dlfcn.h>

#include <mutex>

#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::aot {

namespace {

// Loading the same file twice gives the same object (the dynamic loader matches device and inode),
// whose one-time initialisation writes its function-type table: loads are serialised.
Mutex& load_mutex() {
  static Mutex mutex;
  return mutex;
}

}  // namespace

AotLibrary::AotLibrary(void* handle, const canary_aot_module_t* abi) : handle_(handle), abi_(abi) {
  for (size_t i = 0; i < abi->export_count; ++i) {
    exports_.emplace(abi->exports[i].name, abi->exports[i].entry);
  }
  for (size_t i = 0; i < abi->global_count; ++i) {
    globals_.emplace(abi->globals[i].name, abi->globals[i].address);
  }
}

AotLibrary::~AotLibrary() {
  ::dlclose(handle_);
}

Result<std::shared_ptr<const AotLibrary>, AotError> AotLibrary::load(const std::string& path) {
  MutexLock lock(load_mutex());
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    return unexpected(AotError::make(AotErrorKind::kLoadFailed, reason ? reason : "dlopen failed"));
  }
  auto fail = [handle](std::string message) {
    ::dlclose(handle);
    return unexpected(AotError::make(AotErrorKind::kLoadFailed, std::move(message)));
  };
  auto* entry = reinterpret_cast<canary_aot_module_fn>(::dlsym(handle, CANARY_AOT_ENTRY_SYMBOL));
  if (entry == nullptr) return fail("no " CANARY_AOT_ENTRY_SYMBOL);
  const canary_aot_module_t* abi = entry();
  if (abi == nullptr || abi->abi_version != CANARY_AOT_ABI_VERSION) {
    return fail("module table of another ABI version");
  }
  if (const int trap = abi->init_module(); trap != 0) {
    return fail("module initialisation trapped (" + std::to_string(trap) + ")");
  }
  return std::shared_ptr<const AotLibrary>(new AotLibrary(handle, abi));
}

canary_aot_entry_t AotLibrary::find_export(std::string_view name) const {
  const auto it = exports_.find(std::string(name));
  return it == exports_.end() ? nullptr : it->second;
}

void* (*AotLibrary::find_global(std::string_view name) const)(void*) {
  const auto it = globals_.find(std::string(name));
  return it == globals_.end() ? nullptr : it->second;
}

}  // namespace canary::executor::aot
