// `canary key generate|inspect|sign|verify`: key utilities with Substrate's `subkey` conventions
// (same flags, same text and JSON output), on Canary's default network (SS58 prefix 2).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "primitives/keys/scheme.hpp"

namespace canary::cli {

class KeyCommand {
 public:
  explicit KeyCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  struct Common {
    std::string scheme = "sr25519";
    std::string network = "canary";
    std::string output_type = "text";
    std::optional<std::string> password;
  };

  int generate(keys::Scheme scheme) const;
  int inspect(keys::Scheme scheme) const;
  int sign(keys::Scheme scheme) const;
  int verify(keys::Scheme scheme) const;

  CLI::App* key_ = nullptr;
  CLI::App* generate_ = nullptr;
  CLI::App* inspect_ = nullptr;
  CLI::App* sign_ = nullptr;
  CLI::App* verify_ = nullptr;

  Common common_;
  size_t words_ = 12;
  std::string uri_;
  bool public_only_ = false;
  std::string suri_;
  std::optional<std::string> message_;
  bool message_is_hex_ = false;
  std::string signature_;
};

}  // namespace canary::cli
