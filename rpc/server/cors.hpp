// Which browser origins may call the server: Substrate's --rpc-cors. Requests without an Origin
// header (non-browser clients) are always allowed; a browser's request from another origin is
// refused with 403, WebSocket upgrades included (browsers apply no CORS to WebSocket, so the
// server's check is the only protection there).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace canary::rpc {

class CorsPolicy {
 public:
  // Any origin ("--rpc-cors all").
  static CorsPolicy all();
  // Only these origins; an entry ending in ":*" matches that origin with or without any port.
  static CorsPolicy list(std::vector<std::string> origins);
  // sc-cli's default for a non-dev chain: localhost, 127.0.0.1 and polkadot.js.org.
  static CorsPolicy substrate_default();
  // "all", "none" or a comma-separated list of origins; nullopt for an empty entry.
  static std::optional<CorsPolicy> parse(std::string_view text);

  bool allows(std::string_view origin) const;
  bool allows_all() const { return !origins_.has_value(); }

 private:
  std::optional<std::vector<std::string>> origins_;
};

}  // namespace canary::rpc
