#include "tests/interop/helper/key_ops.hpp"

#include "primitives/keys/key_pair.hpp"
#include "primitives/ss58/ss58.hpp"

namespace canary::interop {
namespace {

keys::Scheme scheme_arg(const Json& request) {
  std::string name = request.value("scheme", "");
  auto scheme = keys::parse_scheme(name);
  if (!scheme) throw JsonValueError("unknown scheme '" + name + "'");
  return *scheme;
}

// The key of {"scheme", "suri", "password"?}; the password, when present, overrides the URI's as
// subkey's --password does.
Result<keys::KeyPair, keys::KeyError> pair_arg(const Json& request) {
  if (!request.contains("suri") || !request["suri"].is_string()) {
    throw JsonValueError("missing 'suri'");
  }
  std::optional<std::string> password;
  if (request.contains("password")) password = request["password"].get<std::string>();
  return keys::KeyPair::from_suri(
      scheme_arg(request), request["suri"].get<std::string>(),
      password ? std::optional<std::string_view>(*password) : std::nullopt);
}

// {scheme, suri, password?, prefix? (default 2)} → public key, account id, SS58 address.
Json keypair_from_suri(const Json& request) {
  auto pair = pair_arg(request);
  if (!pair) return {{"error", keys::to_string(pair.error())}};
  uint16_t prefix = ss58::kKusamaPrefix;
  if (request.contains("prefix")) from_json_value(request["prefix"], prefix);
  Json out = {{"publicKey", to_hex(pair->public_key())},
              {"accountId", to_hex(pair->account_id())},
              {"address", ss58::encode(pair->account_id(), prefix)}};
  if (auto seed = pair->secret_seed()) out["secretSeed"] = to_hex(*seed);
  return out;
}

// {scheme, suri, password?, message} → signature.
Json suri_sign(const Json& request) {
  auto pair = pair_arg(request);
  if (!pair) return {{"error", keys::to_string(pair.error())}};
  return {{"signature", to_hex(pair->sign(bytes_from_json(request.at("message"))))}};
}

// {scheme, signature, message, publicKey} → valid, through the scheme-generic keys::verify.
Json keys_verify(const Json& request) {
  bool valid = keys::verify(scheme_arg(request), bytes_from_json(request.at("signature")),
                            bytes_from_json(request.at("message")),
                            bytes_from_json(request.at("publicKey")));
  return {{"valid", valid}};
}

}  // namespace

bool dispatch_key_op(const std::string& op, const Json& request, Json& out) {
  if (op == "keypair_from_suri") {
    out = keypair_from_suri(request);
  } else if (op == "suri_sign") {
    out = suri_sign(request);
  } else if (op == "keys_verify") {
    out = keys_verify(request);
  } else {
    return false;
  }
  return true;
}

}  // namespace canary::interop
