#include "node/service/process_metrics.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace canary::node {

namespace {

std::optional<double> boot_time_seconds() {
  std::ifstream stat("/proc/stat");
  std::string line;
  while (std::getline(stat, line)) {
    if (line.starts_with("btime ")) return std::stod(line.substr(6));
  }
  return std::nullopt;
}

uint64_t soft_fd_limit() {
  std::ifstream limits("/proc/self/limits");
  std::string line;
  while (std::getline(limits, line)) {
    if (!line.starts_with("Max open files")) continue;
    std::istringstream in(line.substr(std::string("Max open files").size()));
    std::string soft;
    in >> soft;
    if (soft == "unlimited") return 0;
    try {
      return std::stoull(soft);
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

uint64_t open_fd_count() {
  std::error_code error;
  uint64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  // The directory iterator's own descriptor is listed too: not one of the process's.
  return count > 0 ? count - 1 : 0;
}

}  // namespace

std::optional<ProcessStats> read_process_stats() {
  std::ifstream file("/proc/self/stat");
  std::string text;
  if (!std::getline(file, text)) return std::nullopt;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; the fields follow the last
  // ')'. Field 3 (state) is fields[0] below.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream in(text.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  // utime 14, stime 15, num_threads 20, starttime 22, vsize 23, rss 24 (proc(5), 1-based).
  if (fields.size() < 22) return std::nullopt;
  const auto field = [&](size_t number) { return std::stod(fields[number - 3]); };
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  ProcessStats stats;
  try {
    stats.cpu_seconds = (field(14) + field(15)) / ticks;
    stats.threads = static_cast<uint64_t>(field(20));
    stats.virtual_bytes = static_cast<uint64_t>(field(23));
    stats.resident_bytes = static_cast<uint64_t>(field(24) * page);
    if (const auto boot = boot_time_seconds()) {
      stats.start_time_seconds = *boot + field(22) / ticks;
    }
  } catch (...) {
    return std::nullopt;
  }
  stats.open_fds = open_fd_count();
  stats.max_fds = soft_fd_limit();
  return stats;
}

void register_process_metrics(MetricsRegistry& registry) {
  registry.declare("process_cpu_seconds_total", MetricType::kCounter,
                   "Total user and system CPU time spent in seconds.");
  registry.declare("process_max_fds", MetricType::kGauge,
                   "Maximum number of open file descriptors.");
  registry.declare("process_open_fds", MetricType::kGauge, "Number of open file descriptors.");
  registry.declare("process_resident_memory_bytes", MetricType::kGauge,
                   "Resident memory size in bytes.");
  registry.declare("process_start_time_seconds", MetricType::kGauge,
                   "Start time of the process since unix epoch in seconds.");
  registry.declare("process_threads", MetricType::kGauge, "Number of OS threads in the process.");
  registry.declare("process_virtual_memory_bytes", MetricType::kGauge,
                   "Virtual memory size in bytes.");
  registry.add_collector([](MetricsRegistry& r) {
    const auto stats = read_process_stats();
    if (!stats) return;
    // A counter that only grows: add what it grew by since the last scrape.
    const double previous = r.value("process_cpu_seconds_total", {}).value_or(0);
    r.add("process_cpu_seconds_total", {},
          stats->cpu_seconds > previous ? stats->cpu_seconds - previous : 0.0);
    r.set("process_max_fds", {}, static_cast<double>(stats->max_fds));
    r.set("process_open_fds", {}, static_cast<double>(stats->open_fds));
    r.set("process_resident_memory_bytes", {}, static_cast<double>(stats->resident_bytes));
    r.set("process_start_time_seconds", {}, stats->start_time_seconds);
    r.set("process_threads", {}, static_cast<double>(stats->threads));
    r.set("process_virtual_memory_bytes", {}, static_cast<double>(stats->virtual_bytes));
  });
}

}  // namespace canary::node
