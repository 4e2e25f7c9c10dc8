// Key types (sp-core `KeyTypeId`: four ASCII bytes naming a key's role) and the signature scheme
// each well-known one uses in Polkadot/Kusama (w3f/polkadot-spec "known key type identifiers";
// polkadot-primitives, sp-consensus-*):
//   babe, imon (im-online), para (parachain validator), asgn (approval assignment),
//   audi (authority discovery), acco (accounts): sr25519;  gran (GRANDPA): ed25519;
//   beef (BEEFY): ecdsa.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "executor/keystore/keystore.hpp"
#include "primitives/keys/scheme.hpp"

namespace canary::node {

using executor::keystore::KeyTypeId;

constexpr KeyTypeId key_type_id(const char (&name)[5]) {
  return {static_cast<uint8_t>(name[0]), static_cast<uint8_t>(name[1]),
          static_cast<uint8_t>(name[2]), static_cast<uint8_t>(name[3])};
}

// The Canary runtime's session key types, in its SessionKeys order
// (runtime/canary/session_keys.hpp): what `--alice`/`--dev` fill and `author_rotateKeys` makes.
inline constexpr std::array<KeyTypeId, 6> kSessionKeyTypes = {
    key_type_id("gran"), key_type_id("babe"), key_type_id("para"),
    key_type_id("asgn"), key_type_id("audi"), key_type_id("beef")};

// sp-core `KeyTypeId::try_from(&str)`: exactly four bytes.
std::optional<KeyTypeId> parse_key_type(std::string_view text);

// The four bytes as text ("babe").
std::string key_type_name(const KeyTypeId& key_type);

// The scheme of a well-known key type; none for others.
std::optional<keys::Scheme> key_type_scheme(const KeyTypeId& key_type);

}  // namespace canary::node
