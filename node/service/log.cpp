#include "node/service/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "primitives/util/check.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node::log {
namespace {

// The default level, and the highest level of any directive (a quick no for most lines).
std::atomic<uint8_t> g_default_level{static_cast<uint8_t>(Level::kInfo)};
std::atomic<uint8_t> g_max_level{static_cast<uint8_t>(Level::kInfo)};
// Per-target levels, and the directive texts behind the filter; the RPC changes them at runtime
// (system_addLogFilter) while other threads log, so they are read and written under the lock.
SharedMutex g_filter_mutex;
std::vector<std::pair<std::string, Level>> g_targets GUARDED_BY(g_filter_mutex);
std::string g_current_directives GUARDED_BY(g_filter_mutex) = "info";
std::string g_startup_directives GUARDED_BY(g_filter_mutex) = "info";
// Serializes the changes: add_directives reads the current directives and installs them extended,
// and two concurrent additions must both take effect.
Mutex g_change_mutex;
// Keeps lines whole when threads log at once.
Mutex g_write_mutex;

bool target_matches(std::string_view target, std::string_view directive) {
  if (target.size() < directive.size() || target.substr(0, directive.size()) != directive) {
    return false;
  }
  return target.size() == directive.size() || target.substr(directive.size(), 2) == "::";
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kError:
      return "ERROR";
    case Level::kWarn:
      return " WARN";
    case Level::kInfo:
      return " INFO";
    case Level::kDebug:
      return "DEBUG";
    case Level::kTrace:
      return "TRACE";
  }
  return "?";
}

}  // namespace

void set_max_level(Level level) {
  MutexLock change(g_change_mutex);
  WriterLock lock(g_filter_mutex);
  g_targets.clear();
  g_default_level = static_cast<uint8_t>(level);
  g_max_level = static_cast<uint8_t>(level);
  std::string name = level_name(level);
  std::erase(name, ' ');
  g_current_directives = g_startup_directives = name;
}

Level max_level() {
  return static_cast<Level>(g_max_level.load(std::memory_order_relaxed));
}

bool enabled(Level level, std::string_view target) {
  const auto value = static_cast<uint8_t>(level);
  if (value > g_max_level.load(std::memory_order_relaxed)) return false;
  // The longest matching directive decides (env_logger's rule).
  size_t best = 0;
  ReaderLock lock(g_filter_mutex);
  uint8_t allowed = g_default_level.load(std::memory_order_relaxed);
  for (const auto& [name, directive_level] : g_targets) {
    if (name.size() >= best && target_matches(target, name)) {
      best = name.size();
      allowed = static_cast<uint8_t>(directive_level);
    }
  }
  return value <= allowed;
}

namespace {

// Parses `text` and installs it as the filter; on error changes nothing. Changes are serialized
// by g_change_mutex.
bool apply_directives(std::string_view text, std::string& error) REQUIRES(g_change_mutex) {
  Level fallback = Level::kInfo;
  std::vector<std::pair<std::string, Level>> targets;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string_view directive = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (directive.empty()) continue;
    const size_t equals = directive.find('=');
    Level level = Level::kInfo;
    if (equals == std::string_view::npos) {
      if (!parse_level(directive, level)) {
        error = "unknown log level `" + std::string(directive) + "`";
        return false;
      }
      fallback = level;
      continue;
    }
    const std::string_view target = directive.substr(0, equals);
    if (target.empty() || !parse_level(directive.substr(equals + 1), level)) {
      error = "bad log directive `" + std::string(directive) + "` (want target=level)";
      return false;
    }
    std::erase_if(targets, [&](const auto& t) { return t.first == target; });
    targets.emplace_back(std::string(target), level);
  }
  uint8_t max = static_cast<uint8_t>(fallback);
  for (const auto& [name, level] : targets) max = std::max(max, static_cast<uint8_t>(level));
  WriterLock lock(g_filter_mutex);
  g_targets = std::move(targets);
  g_default_level = static_cast<uint8_t>(fallback);
  g_max_level = max;
  g_current_directives = std::string(text);
  return true;
}

std::string current_directives() {
  ReaderLock lock(g_filter_mutex);
  return g_current_directives;
}

}  // namespace

bool set_directives(std::string_view text, std::string& error) {
  MutexLock change(g_change_mutex);
  if (!apply_directives(text, error)) return false;
  WriterLock lock(g_filter_mutex);
  g_startup_directives = std::string(text);
  return true;
}

bool add_directives(std::string_view text, std::string& error) {
  MutexLock change(g_change_mutex);
  return apply_directives(current_directives() + "," + std::string(text), error);
}

void reset_directives() {
  MutexLock change(g_change_mutex);
  std::string startup;
  {
    ReaderLock lock(g_filter_mutex);
    startup = g_startup_directives;
  }
  std::string error;
  const bool ok = apply_directives(startup, error);
  CANARY_ASSERT(ok);  // the startup directives were accepted once
}

bool parse_level(std::string_view text, Level& out) {
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower == "error") {
    out = Level::kError;
  } else if (lower == "warn") {
    out = Level::kWarn;
  } else if (lower == "info") {
    out = Level::kInfo;
  } else if (lower == "debug") {
    out = Level::kDebug;
  } else if (lower == "trace") {
    out = Level::kTrace;
  } else {
    return false;
  }
  return true;
}

void write(Level level, std::string_view target, std::string_view message) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  const std::string line =
      fmt::format("{}.{:03} {} {}: {}\n", stamp, millis, level_name(level), target, message);
  MutexLock lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string short_hash(const uint8_t* data, size_t size) {
  std::string hex = to_hex(ByteSpan(data, size));
  if (hex.size() <= 14) return hex;
  return hex.substr(0, 6) + "…" + hex.substr(hex.size() - 4);
}

}  // namespace canary::node::log
