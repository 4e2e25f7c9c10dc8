// Hex text as Polkadot tools print it: lower case, "0x"-prefixed.
#pragma once

#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary {

enum class HexError { kOddLength, kInvalidCharacter };

const char* to_string(HexError e);

std::string to_hex(ByteSpan data, bool with_prefix = true);

// Accepts an optional "0x"/"0X" prefix and either case.
Result<Bytes, HexError> from_hex(std::string_view text);

// Decodes into exactly N bytes; any other length is an error (kOddLength stands for "wrong size").
template <size_t N>
Result<ByteArray<N>, HexError> from_hex_fixed(std::string_view text) {
  auto bytes = from_hex(text);
  if (!bytes) return unexpected(bytes.error());
  if (bytes->size() != N) return unexpected(HexError::kOddLength);
  ByteArray<N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = (*bytes)[i];
  return out;
}

}  // namespace canary
