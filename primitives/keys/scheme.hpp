// The three signature schemes of Polkadot accounts (sp-runtime MultiSignature), named as subkey's
// `--scheme` option and polkadot.js keyring `type` name them.
#pragma once

#include <optional>
#include <string_view>

namespace canary::keys {

enum class Scheme { kSr25519, kEd25519, kEcdsa };

constexpr const char* to_string(Scheme s) {
  switch (s) {
    case Scheme::kSr25519:
      return "sr25519";
    case Scheme::kEd25519:
      return "ed25519";
    case Scheme::kEcdsa:
      return "ecdsa";
  }
  return "unknown";
}

// Exact, lower-case names only.
constexpr std::optional<Scheme> parse_scheme(std::string_view name) {
  if (name == "sr25519") return Scheme::kSr25519;
  if (name == "ed25519") return Scheme::kEd25519;
  if (name == "ecdsa") return Scheme::kEcdsa;
  return std::nullopt;
}

}  // namespace canary::keys
