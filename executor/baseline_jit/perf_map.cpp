#include "executor/baseline_jit/perf_map.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace canary::executor::jit {

bool perf_map_enabled() {
  static const bool kEnabled = [] {
    const char* value = std::getenv("CANARY_PERF_MAP");
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
  }();
  return kEnabled;
}

void append_perf_map(std::span<const PerfMapSymbol> symbols) {
  // Modules compile on several threads; their lines must not interleave.
  static std::mutex mutex;
  const std::scoped_lock lock(mutex);
  const std::string path = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) return;
  for (const PerfMapSymbol& symbol : symbols) {
    std::fprintf(file, "%zx %zx %s\n", reinterpret_cast<uintptr_t>(symbol.start), symbol.size,
                 symbol.name.c_str());
  }
  std::fclose(file);
}

}  // namespace canary::executor::jit
