// Secret URIs ("SURI"), the key strings of subkey, sp-core and polkadot.js:
//   [phrase or 0x-hex seed][/soft|//hard junctions...][///password]
// parsed exactly as sp-core `SecretUri::from_str` (address_uri.rs `AddressUri::parse`, which
// replaced the regex `^([a-zA-Z0-9 ]+)?((//?[^/]+)*)(///(.*))?$`). A missing phrase means the
// public development phrase, so "//Alice" is DEV_PHRASE//Alice.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/keys/derive_junction.hpp"
#include "primitives/util/result.hpp"

namespace canary::keys {

// sp-core `DEV_PHRASE`: the root of the well-known development accounts (Alice, Bob, ...).
inline constexpr std::string_view kDevPhrase =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

enum class SuriError {
  kInvalidCharacterInPhrase,    // a character outside [A-Za-z0-9 ] before the first '/'
  kInvalidCharacterInPassword,  // a newline in the password
  kInvalidCharacterInHardPath,  // "//" not followed by a junction
  kInvalidCharacterInSoftPath,  // "/" not followed by a junction
};

const char* to_string(SuriError e);

struct SecretUri {
  // A BIP-39 phrase or "0x" + hex seed; not validated here. kDevPhrase when the URI has none.
  std::string phrase;
  std::optional<std::string> password;  // present (possibly empty) iff the URI has "///"
  std::vector<DeriveJunction> junctions;
};

Result<SecretUri, SuriError> parse_secret_uri(std::string_view suri);

}  // namespace canary::keys
