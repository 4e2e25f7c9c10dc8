// Where the runtime's log lines go: ext_logging_log / max_level and the ext_misc_print_* functions
// (sp-io `logging`, `misc`). Levels are numbered as Rust's `log` crate numbers them (the filter
// `Off` = 0 … `Trace` = 5), which is what ext_logging_max_level_version_1 returns; the level the
// runtime passes to ext_logging_log_version_1 is converted by the host function (see
// misc_functions.cpp).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::host {

enum class LogLevel : uint8_t { kError = 1, kWarn = 2, kInfo = 3, kDebug = 4, kTrace = 5 };

// A maximum level; kOff disables every line.
enum class LogFilter : uint8_t {
  kOff = 0,
  kError = 1,
  kWarn = 2,
  kInfo = 3,
  kDebug = 4,
  kTrace = 5
};

const char* to_string(LogLevel level);

constexpr bool enabled(LogFilter filter, LogLevel level) {
  return static_cast<uint8_t>(level) <= static_cast<uint8_t>(filter);
}

// The target sp-io uses for ext_misc_print_*.
inline constexpr std::string_view kPrintTarget = "runtime";

class Logger {
 public:
  virtual ~Logger() = default;
  // Only called for levels max_level() enables.
  virtual void log(LogLevel level, std::string_view target, std::string_view message) = 0;
  virtual LogFilter max_level() const = 0;
};

// Keeps every line, for tests and tools. Thread-safe.
class MemoryLogger final : public Logger {
 public:
  struct Line {
    LogLevel level;
    std::string target;
    std::string message;
  };

  explicit MemoryLogger(LogFilter max = LogFilter::kTrace) : max_(max) {}

  void log(LogLevel level, std::string_view target, std::string_view message) override {
    MutexLock lock(mutex_);
    lines_.push_back({level, std::string(target), std::string(message)});
  }
  LogFilter max_level() const override { return max_; }

  std::vector<Line> lines() const {
    MutexLock lock(mutex_);
    return lines_;
  }

 private:
  LogFilter max_;
  mutable Mutex mutex_;
  std::vector<Line> lines_ GUARDED_BY(mutex_);
};

}  // namespace canary::executor::host
