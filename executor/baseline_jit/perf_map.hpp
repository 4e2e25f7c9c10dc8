// Linux perf's map of JIT code (the "perf map" convention: /tmp/perf-<pid>.map, one line per
// symbol: start address and size in hex, then a name), so that `perf report` names the baseline
// JIT's functions instead of showing "[JIT] tid N" addresses. Written only when the environment
// variable CANARY_PERF_MAP is set and not "0", as wasmtime's `--profile perfmap`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace canary::executor::jit {

struct PerfMapSymbol {
  const void* start = nullptr;
  size_t size = 0;
  std::string name;
};

// Whether CANARY_PERF_MAP asks for the map (read once).
bool perf_map_enabled();

// Appends `symbols` to this process's map; a file that cannot be written is skipped quietly (a
// profiling aid must not fail a compilation).
void append_perf_map(std::span<const PerfMapSymbol> symbols);

}  // namespace canary::executor::jit
