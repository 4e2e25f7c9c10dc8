#include "executor/aot/aot_config.hpp"

#include <cstdlib>

namespace canary::executor::aot {

std::string AotConfig::default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/canary/aot";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') {
    return std::string(home) + "/.cache/canary/aot";
  }
  return "/tmp/canary-aot";
}

}  // namespace canary::executor::aot
