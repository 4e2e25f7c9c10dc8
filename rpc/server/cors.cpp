#include "rpc/server/cors.hpp"

#include <algorithm>
#include <utility>

namespace canary::rpc {
namespace {

bool matches(std::string_view pattern, std::string_view origin) {
  if (pattern.ends_with(":*")) {
    const std::string_view base = pattern.substr(0, pattern.size() - 2);
    if (origin == base) return true;
    if (!origin.starts_with(base) || origin.size() <= base.size() + 1) return false;
    if (origin[base.size()] != ':') return false;
    const std::string_view port = origin.substr(base.size() + 1);
    return std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return pattern == origin;
}

}  // namespace

CorsPolicy CorsPolicy::all() {
  return CorsPolicy{};
}

CorsPolicy CorsPolicy::list(std::vector<std::string> origins) {
  CorsPolicy policy;
  policy.origins_ = std::move(origins);
  return policy;
}

CorsPolicy CorsPolicy::substrate_default() {
  return list({"http://localhost:*", "http://127.0.0.1:*", "https://localhost:*",
               "https://127.0.0.1:*", "https://polkadot.js.org"});
}

std::optional<CorsPolicy> CorsPolicy::parse(std::string_view text) {
  if (text == "all" || text == "*") return all();
  if (text == "none") return list({});
  std::vector<std::string> origins;
  while (true) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) return std::nullopt;
    origins.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list(std::move(origins));
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (!origins_) return true;
  return std::any_of(origins_->begin(), origins_->end(),
                     [&](const std::string& pattern) { return matches(pattern, origin); });
}

}  // namespace canary::rpc
