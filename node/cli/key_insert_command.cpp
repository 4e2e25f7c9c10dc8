#include "node/cli/key_insert_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "node/chain/base_path.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/keystore/key_types.hpp"
#include "primitives/keys/key_pair.hpp"

namespace canary::cli {

namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

std::string trim_end(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.pop_back();
  }
  return text;
}

Result<std::string, std::string> read_whole_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return unexpected("cannot open " + path);
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad()) return unexpected("cannot read " + path);
  return text.str();
}

// A line from standard input, without echo when it is a terminal (rpassword's prompt_password).
std::string prompt_secret(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool tty = isatty(STDIN_FILENO) != 0 && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  return trim_end(std::move(line));
}

// sc-cli `utils::read_uri`: a path to a file means its contents (trailing whitespace removed).
Result<std::string, std::string> read_uri(const std::optional<std::string>& suri) {
  if (!suri) return prompt_secret("URI: ");
  std::error_code ec;
  if (std::filesystem::is_regular_file(*suri, ec)) {
    CANARY_TRY_ASSIGN(auto text, read_whole_file(*suri));
    return trim_end(std::move(text));
  }
  return *suri;
}

}  // namespace

KeyInsertCommand::KeyInsertCommand(CLI::App& app) {
  auto found = app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "key"; });
  CLI::App* key = found.empty() ? app.add_subcommand("key", "Key utilities") : found.front();
  insert_ = key->add_subcommand("insert", "Insert a key into the keystore of a node");
  insert_->add_option("--suri", suri_,
                      "Secret URI of the key; the contents of the file if it names one; asked "
                      "for when not given");
  insert_->add_option("--key-type", key_type_, "Key type, e.g. \"babe\", \"gran\", \"imon\"")
      ->required();
  insert_
      ->add_option("--scheme", scheme_,
                   "Cryptography scheme of the key (default: the key type's: sr25519, ed25519 for "
                   "gran, ecdsa for beef)")
      ->transform(CLI::IsMember({"sr25519", "ed25519", "ecdsa"}, CLI::ignore_case));
  shared_.add_to(insert_);
  insert_->add_option("--keystore-path", keystore_path_,
                      "Keystore directory (default: <base path>/chains/<chain id>/keystore)");
  auto* password = insert_->add_option("--password", password_, "Password of the keystore");
  insert_
      ->add_option("--password-filename", password_filename_,
                   "File holding the password of the keystore")
      ->excludes(password);
}

bool KeyInsertCommand::selected() const {
  return insert_->parsed();
}

int KeyInsertCommand::execute() const {
  auto key_type = node::parse_key_type(key_type_);
  if (!key_type) return fail("the key type must be 4 characters, e.g. \"babe\"");
  std::optional<keys::Scheme> scheme;
  if (scheme_) {
    scheme = keys::parse_scheme(*scheme_);
  } else {
    scheme = node::key_type_scheme(*key_type);
    if (!scheme) return fail("pass --scheme for the key type \"" + key_type_ + "\"");
  }
  if (!scheme) return fail("unknown scheme");

  std::optional<std::string> password = password_;
  if (password_filename_) {
    auto text = read_whole_file(*password_filename_);
    if (!text) return fail(text.error());
    password = trim_end(std::move(*text));
  }

  auto suri = read_uri(suri_);
  if (!suri) return fail(suri.error());
  std::optional<std::string_view> password_view;
  if (password) password_view = *password;
  auto pair = keys::KeyPair::from_suri(*scheme, *suri, password_view);
  if (!pair) return fail("invalid secret URI: " + std::string(keys::to_string(pair.error())));

  std::filesystem::path directory;
  std::optional<node::BasePath> base;  // kept alive: a temporary base path dies with it
  if (keystore_path_) {
    directory = *keystore_path_;
  } else {
    auto chain_id = node::chain_spec_id(shared_.chain_arg());
    if (!chain_id) return fail(chain_id.error());
    auto resolved = node::resolve_base_path(shared_.base_path, shared_.dev);
    if (!resolved) return fail(resolved.error());
    base = std::move(*resolved);
    if (base->is_temporary()) {
      // What Substrate does too: --dev without --base-path is a temporary base path.
      std::cerr << "Warning: --dev without --base-path uses a temporary base path; the key is "
                   "removed with it when this command exits\n";
    }
    directory = base->keystore_dir(*chain_id);
  }

  auto keystore = node::FileKeystore::open(directory, password);
  if (!keystore) return fail(keystore.error());
  auto inserted = (*keystore)->insert(*key_type, *suri, pair->public_key());
  if (!inserted) return fail(inserted.error());
  return 0;
}

}  // namespace canary::cli
