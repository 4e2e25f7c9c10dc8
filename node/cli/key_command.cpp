#include "node/cli/key_command.hpp"

#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "primitives/keys/bip39.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/keys/scheme.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

struct Network {
  std::string name;
  uint16_t prefix;
};

// Names accepted by --network; a plain number is any SS58 prefix.
std::optional<Network> parse_network(const std::string& text) {
  if (text == "canary" || text == "kusama") return Network{text, 2};
  if (text == "polkadot") return Network{text, 0};
  if (text == "substrate" || text == "westend") return Network{text, 42};
  char* end = nullptr;
  unsigned long value = std::strtoul(text.c_str(), &end, 10);
  if (!text.empty() && end != nullptr && *end == '\0' && value < 16384) {
    return Network{text, static_cast<uint16_t>(value)};
  }
  return std::nullopt;
}

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

struct AccountView {
  Bytes public_key;
  Hash256 account_id{};
};

void print_account(const std::string& heading_text, const std::string& heading_json_key,
                   const std::string& heading_value, const std::optional<std::string>& seed,
                   const AccountView& account, const Network& network, bool json) {
  std::string public_ss58 = ss58::encode(account.public_key, network.prefix);
  std::string address = ss58::encode(account.account_id, network.prefix);
  if (json) {
    nlohmann::ordered_json out;
    if (!heading_json_key.empty()) out[heading_json_key] = heading_value;
    out["networkId"] = network.name;
    if (seed) out["secretSeed"] = *seed;
    out["publicKey"] = to_hex(account.public_key);
    out["ss58PublicKey"] = public_ss58;
    out["accountId"] = to_hex(account.account_id);
    out["ss58Address"] = address;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << heading_text << "\n";
  std::cout << "  Network ID:        " << network.name << "\n";
  if (seed) std::cout << "  Secret seed:       " << *seed << "\n";
  std::cout << "  Public key (hex):  " << to_hex(account.public_key) << "\n";
  std::cout << "  Account ID:        " << to_hex(account.account_id) << "\n";
  std::cout << "  Public key (SS58): " << public_ss58 << "\n";
  std::cout << "  SS58 Address:      " << address << "\n";
}

// The message to sign or verify: --message, else standard input; --hex decodes it.
std::optional<Bytes> read_message(const std::optional<std::string>& message, bool is_hex) {
  std::string text;
  if (message) {
    text = *message;
  } else {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (!is_hex) return to_bytes(text);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto bytes = from_hex(text);
  if (!bytes) return std::nullopt;
  return *bytes;
}

// Accepts a public key as hex (of the scheme's size) or as an SS58 address.
std::optional<Bytes> parse_public_key(const std::string& text) {
  if (text.starts_with("0x")) {
    auto bytes = from_hex(text);
    if (bytes) return *bytes;
    return std::nullopt;
  }
  auto decoded = ss58::decode(text);
  if (!decoded) return std::nullopt;
  return decoded->payload;
}

}  // namespace

KeyCommand::KeyCommand(CLI::App& app) {
  key_ = app.add_subcommand("key", "Key utilities: generate, inspect, sign, verify (subkey-style)");
  key_->require_subcommand(1);

  auto add_common = [this](CLI::App* cmd, bool with_output) {
    cmd->add_option("--scheme", common_.scheme, "Cryptography scheme")
        ->check(CLI::IsMember({"sr25519", "ed25519", "ecdsa"}))
        ->capture_default_str();
    cmd->add_option("-n,--network", common_.network,
                    "Network for SS58 addresses: canary/kusama (2), polkadot (0), substrate (42) "
                    "or a prefix number")
        ->capture_default_str();
    if (with_output) {
      cmd->add_option("--output-type", common_.output_type, "Output format")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
    }
    cmd->add_option("--password", common_.password, "Password for the secret URI");
  };

  generate_ = key_->add_subcommand("generate", "Generate a random account");
  add_common(generate_, true);
  generate_->add_option("-w,--words", words_, "Number of words in the phrase")
      ->check(CLI::IsMember({12, 15, 18, 21, 24}))
      ->capture_default_str();

  inspect_ = key_->add_subcommand("inspect", "Show the keys and addresses of a secret URI");
  add_common(inspect_, true);
  inspect_
      ->add_option("uri", uri_,
                   "Secret URI (phrase, 0x seed, //path...), or with --public a "
                   "public key / SS58 address")
      ->required();
  inspect_->add_flag("--public", public_only_, "The URI is a public key or an address");

  sign_ = key_->add_subcommand("sign", "Sign a message (from --message or standard input)");
  add_common(sign_, false);
  sign_->add_option("--suri", suri_, "Secret URI of the signing key")->required();
  sign_->add_option("--message", message_, "Message (default: read standard input)");
  sign_->add_flag("--hex", message_is_hex_, "The message is hex-encoded");

  verify_ = key_->add_subcommand("verify", "Verify a signature");
  add_common(verify_, false);
  verify_->add_option("sig", signature_, "Signature, hex")->required();
  verify_->add_option("uri", uri_, "Public key (hex) or SS58 address")->required();
  verify_->add_option("--message", message_, "Message (default: read standard input)");
  verify_->add_flag("--hex", message_is_hex_, "The message is hex-encoded");
}

bool KeyCommand::selected() const {
  return key_->parsed();
}

int KeyCommand::execute() const {
  auto scheme = keys::parse_scheme(common_.scheme);
  if (!scheme) return fail("unknown scheme '" + common_.scheme + "'");
  if (generate_->parsed()) return generate(*scheme);
  if (inspect_->parsed()) return inspect(*scheme);
  if (sign_->parsed()) return sign(*scheme);
  if (verify_->parsed()) return verify(*scheme);
  return fail("no key subcommand given");
}

int KeyCommand::generate(keys::Scheme scheme) const {
  auto network = parse_network(common_.network);
  if (!network) return fail("unknown network '" + common_.network + "'");
  auto phrase = keys::generate_mnemonic(words_);
  if (!phrase) return fail(keys::to_string(phrase.error()));
  auto pair = keys::KeyPair::from_suri(scheme, *phrase, common_.password);
  if (!pair) return fail(keys::to_string(pair.error()));
  std::optional<std::string> seed;
  if (auto s = pair->secret_seed()) seed = to_hex(*s);
  print_account("Secret phrase:       " + *phrase, "secretPhrase", *phrase, seed,
                {pair->public_key(), pair->account_id()}, *network, common_.output_type == "json");
  return 0;
}

int KeyCommand::inspect(keys::Scheme scheme) const {
  auto network = parse_network(common_.network);
  if (!network) return fail("unknown network '" + common_.network + "'");
  bool json = common_.output_type == "json";
  if (public_only_) {
    auto key = parse_public_key(uri_);
    if (!key) return fail("'" + uri_ + "' is neither a hex public key nor an SS58 address");
    auto account_id = keys::account_id_of(scheme, *key);
    if (!account_id) return fail("the public key has the wrong size for " + common_.scheme);
    AccountView account{*key, *account_id};
    print_account("Public Key URI `" + uri_ + "` is account:", "publicKeyUri", uri_, std::nullopt,
                  account, *network, json);
    return 0;
  }
  auto pair = keys::KeyPair::from_suri(scheme, uri_, common_.password);
  if (!pair) return fail("invalid secret URI: " + std::string(keys::to_string(pair.error())));
  std::optional<std::string> seed = "n/a";
  if (auto s = pair->secret_seed()) seed = to_hex(*s);
  bool is_phrase = keys::mnemonic_to_entropy(uri_).has_value();
  std::string heading =
      is_phrase ? "Secret phrase:       " + uri_ : "Secret Key URI `" + uri_ + "` is account:";
  print_account(heading, is_phrase ? "secretPhrase" : "secretKeyUri", uri_, seed,
                {pair->public_key(), pair->account_id()}, *network, json);
  return 0;
}

int KeyCommand::sign(keys::Scheme scheme) const {
  auto pair = keys::KeyPair::from_suri(scheme, suri_, common_.password);
  if (!pair) return fail("invalid secret URI: " + std::string(keys::to_string(pair.error())));
  auto message = read_message(message_, message_is_hex_);
  if (!message) return fail("the message is not valid hex");
  std::cout << to_hex(pair->sign(*message), false) << "\n";
  return 0;
}

int KeyCommand::verify(keys::Scheme scheme) const {
  auto signature = from_hex(signature_);
  if (!signature) return fail("the signature is not valid hex");
  auto key = parse_public_key(uri_);
  if (!key) return fail("'" + uri_ + "' is neither a hex public key nor an SS58 address");
  auto message = read_message(message_, message_is_hex_);
  if (!message) return fail("the message is not valid hex");
  if (!keys::verify(scheme, *signature, *message, *key)) return fail("Signature invalid.");
  std::cout << "Signature verifies correctly.\n";
  return 0;
}

}  // namespace canary::cli
