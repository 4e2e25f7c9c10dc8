#include "node/keystore/key_types.hpp"

namespace canary::node {

std::optional<KeyTypeId> parse_key_type(std::string_view text) {
  if (text.size() != 4) return std::nullopt;
  return KeyTypeId{static_cast<uint8_t>(text[0]), static_cast<uint8_t>(text[1]),
                   static_cast<uint8_t>(text[2]), static_cast<uint8_t>(text[3])};
}

std::string key_type_name(const KeyTypeId& key_type) {
  return std::string(key_type.begin(), key_type.end());
}

std::optional<keys::Scheme> key_type_scheme(const KeyTypeId& key_type) {
  for (const char* name : {"babe", "imon", "para", "asgn", "audi", "acco"}) {
    if (key_type_name(key_type) == name) return keys::Scheme::kSr25519;
  }
  if (key_type == key_type_id("gran")) return keys::Scheme::kEd25519;
  if (key_type == key_type_id("beef")) return keys::Scheme::kEcdsa;
  return std::nullopt;
}

}  // namespace canary::node
