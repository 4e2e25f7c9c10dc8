// The process collector of the Rust prometheus crate (what a Substrate node exports as
// process_*): CPU time, resident and virtual memory, open and maximum file descriptors, start
// time and threads, read from /proc/self at each scrape.
#pragma once

#include <cstdint>
#include <optional>

#include "node/service/metrics_registry.hpp"

namespace canary::node {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
  uint64_t open_fds = 0;
  uint64_t max_fds = 0;           // the soft limit
  double start_time_seconds = 0;  // since the unix epoch
  uint64_t threads = 0;
};

// This process's numbers; none when /proc/self/stat cannot be read (not Linux).
std::optional<ProcessStats> read_process_stats();

// Declares process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds, process_start_time_seconds and
// process_threads in `registry` and sets them at each render.
void register_process_metrics(MetricsRegistry& registry);

}  // namespace canary::node
