#include "node/service/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "primitives/util/hex.hpp"

namespace canary::node::log {
namespace {

std::atomic<uint8_t> g_max_level{static_cast<uint8_t>(Level::kInfo)};
std::mutex g_write_mutex;

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
  g_max_level = static_cast<uint8_t>(level);
}

bool enabled(Level level) {
  return static_cast<uint8_t>(level) <= g_max_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower == "error")
    out = Level::kError;
  else if (lower == "warn")
    out = Level::kWarn;
  else if (lower == "info")
    out = Level::kInfo;
  else if (lower == "debug")
    out = Level::kDebug;
  else if (lower == "trace")
    out = Level::kTrace;
  else
    return false;
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
  std::lock_guard lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string short_hash(const uint8_t* data, size_t size) {
  const std::string hex = to_hex(ByteSpan(data, size));
  if (hex.size() <= 14) return hex;
  return hex.substr(0, 6) + "…" + hex.substr(hex.size() - 4);
}

}  // namespace canary::node::log
