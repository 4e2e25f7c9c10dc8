// The node's log lines, in Substrate's layout ("2026-11-21 06:40:00.123  INFO canary: message")
// on stderr, so that tools and people reading Substrate logs read ours. Thread-safe; a line is
// written whole. The level filter is global (--log / -l).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace canary::node::log {

enum class Level : uint8_t { kError = 1, kWarn = 2, kInfo = 3, kDebug = 4, kTrace = 5 };

void set_max_level(Level level);
bool enabled(Level level);
// Parses "error", "warn", "info", "debug", "trace" (case-insensitive).
bool parse_level(std::string_view text, Level& out);
void write(Level level, std::string_view target, std::string_view message);

template <class... Args>
void info(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kInfo))
    write(Level::kInfo, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void warn(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kWarn))
    write(Level::kWarn, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void error(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kError))
    write(Level::kError, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void debug(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kDebug))
    write(Level::kDebug, target, fmt::format(format, std::forward<Args>(args)...));
}

// "0x1234…abcd": how Substrate's informant shortens hashes.
std::string short_hash(const uint8_t* data, size_t size);
template <class H>
std::string short_hash(const H& hash) {
  return short_hash(hash.data(), hash.size());
}

}  // namespace canary::node::log
