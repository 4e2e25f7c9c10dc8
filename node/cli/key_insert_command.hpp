// `canary key insert --key-type TYPE [--suri URI|FILE] [--scheme SCHEME] [--chain C | --dev]
// [-d PATH] [--keystore-path DIR] [--password P | --password-filename FILE]`: stores a key in the
// node's keystore, as Substrate's `key insert` (sc-cli insert_key.rs): the file
// <base>/chains/<chain id>/keystore/<hex key type><hex public key> holding the URI. The URI is
// read from the file it names when it names one, and asked for (without echo) when not given.
// Unlike Substrate, where --scheme is required, it defaults to the key type's scheme
// (node/keystore/key_types.hpp). Silent on success, like Substrate.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "node/cli/shared_params.hpp"

namespace canary::cli {

class KeyInsertCommand {
 public:
  // Adds `insert` to the `key` command (KeyCommand's), creating that if needed.
  explicit KeyInsertCommand(CLI::App& app);

  bool selected() const;
  int execute() const;

 private:
  CLI::App* insert_ = nullptr;
  SharedParams shared_;
  std::optional<std::string> suri_;
  std::string key_type_;
  std::optional<std::string> scheme_;
  std::optional<std::string> keystore_path_;
  std::optional<std::string> password_;
  std::optional<std::string> password_filename_;
};

}  // namespace canary::cli
