// Settings of the ahead-of-time engine: where compiled modules are cached, which tools make them
// and the limits of the worker process that runs those tools.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace canary::executor::aot {

struct AotConfig {
  // Compiled modules, one file per cache key; shared safely by concurrent processes.
  std::string cache_dir = default_cache_dir();
  // Found on PATH unless they contain a slash.
  std::string wasm2c = "wasm2c";
  std::string compiler = "cc";
  // Measured on Kusama's genesis runtime (executor/README.md): -O1 compiles about twice as fast as
  // -O2 with gcc; both are part of the cache key.
  std::string optimization = "-O2";
  // The C output is compiled this many files at a time.
  uint32_t jobs = 2;
  // ... and split into files of at most this much C (at least `jobs` files): gcc -O2 needs more
  // memory than the limit below for half of a 5 MB runtime's 63 MB of C (about 150 bytes a byte
  // of C), so bigger runtimes are split into more, smaller files.
  size_t max_part_bytes = size_t{12} << 20;
  // The worker (wasm2c and the compiler) is killed after this long.
  std::chrono::seconds time_limit{600};
  // Address-space limit of each tool process (RLIMIT_AS).
  uint64_t memory_limit = uint64_t{4} << 30;

  // $XDG_CACHE_HOME/canary/aot, else $HOME/.cache/canary/aot, else /tmp/canary-aot.
  static std::string default_cache_dir();
};

}  // namespace canary::executor::aot
