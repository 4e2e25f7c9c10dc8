// The node's log lines, in Substrate's layout ("2026-11-21 06:40:00.123  INFO canary: message")
// on stderr, so that tools and people reading Substrate logs read ours. Thread-safe; a line is
// written whole. The filter is sc-cli's `--log` / `-l`: a default level and per-target levels
// ("info,sync=debug,grandpa=trace"); a target matches itself and its "target::…" children.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace canary::node::log {

enum class Level : uint8_t { kError = 1, kWarn = 2, kInfo = 3, kDebug = 4, kTrace = 5 };

void set_max_level(Level level);
// The most verbose level any target is written at (a hint for producers that filter early).
Level max_level();
// Whether a line of `target` at `level` is written.
bool enabled(Level level, std::string_view target);
// Parses "error", "warn", "info", "debug", "trace" (case-insensitive).
bool parse_level(std::string_view text, Level& out);
// Sets the filter from comma-separated directives, each a level (the default) or target=level;
// the last directive for a target wins. These are the startup directives reset_directives goes
// back to. The error names the bad directive; a refused text changes nothing.
bool set_directives(std::string_view text, std::string& error);
// system_addLogFilter (sc-tracing logging::add_directives + reload_filter): appends directives
// to the current ones, which then apply as if given together. Safe while other threads log.
bool add_directives(std::string_view text, std::string& error);
// system_resetLogFilter (sc-tracing logging::reset_log_filter): back to the startup directives.
void reset_directives();
void write(Level level, std::string_view target, std::string_view message);

template <class... Args>
void info(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kInfo, target))
    write(Level::kInfo, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void warn(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kWarn, target))
    write(Level::kWarn, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void error(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kError, target))
    write(Level::kError, target, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void debug(std::string_view target, fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kDebug, target))
    write(Level::kDebug, target, fmt::format(format, std::forward<Args>(args)...));
}

// "0x1234…abcd": how Substrate's informant shortens hashes.
std::string short_hash(const uint8_t* data, size_t size);
template <class H>
std::string short_hash(const H& hash) {
  return short_hash(hash.data(), hash.size());
}

}  // namespace canary::node::log
