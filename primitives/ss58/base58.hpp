// Base58 with the Bitcoin alphabet, as the `bs58` crate (sp-core) and polkadot.js use it for SS58:
// big-endian base conversion, each leading zero byte written as a leading '1'. Portable.
#pragma once

#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::ss58 {

enum class Base58Error { kInvalidCharacter };

const char* to_string(Base58Error e);

std::string base58_encode(ByteSpan data);

// The empty string decodes to no bytes. Whitespace is an invalid character.
Result<Bytes, Base58Error> base58_decode(std::string_view text);

}  // namespace canary::ss58
