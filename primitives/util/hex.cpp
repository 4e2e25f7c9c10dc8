#include "primitives/util/hex.hpp"

namespace canary {

namespace {
constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

const char* to_string(HexError e) {
  switch (e) {
    case HexError::kOddLength:
      return "hex string has an odd or unexpected length";
    case HexError::kInvalidCharacter:
      return "hex string has a character outside 0-9a-fA-F";
  }
  return "unknown hex error";
}

std::string to_hex(ByteSpan data, bool with_prefix) {
  std::string out;
  out.reserve(data.size() * 2 + 2);
  if (with_prefix) out += "0x";
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Result<Bytes, HexError> from_hex(std::string_view text) {
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
  }
  if (text.size() % 2 != 0) return unexpected(HexError::kOddLength);
  Bytes out(text.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(text[2 * i]);
    int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return unexpected(HexError::kInvalidCharacter);
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace canary
