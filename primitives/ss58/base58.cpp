// Base58 (Bitcoin alphabet). Quadratic schoolbook conversion: inputs are addresses and keys of a
// few dozen bytes, so clarity wins over speed. Nothing here is secret.
#include "primitives/ss58/base58.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace canary::ss58 {
namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static_assert(sizeof(kAlphabet) == 59);

constexpr std::array<int8_t, 256> make_reverse() {
  std::array<int8_t, 256> r{};
  for (auto& v : r) v = -1;
  for (int i = 0; i < 58; ++i) r[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return r;
}
constexpr std::array<int8_t, 256> kReverse = make_reverse();

}  // namespace

const char* to_string(Base58Error e) {
  switch (e) {
    case Base58Error::kInvalidCharacter:
      return "invalid base58 character";
  }
  return "unknown base58 error";
}

std::string base58_encode(ByteSpan data) {
  size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  // Base-58 digits, least significant first. log(256)/log(58) < 1.37.
  std::vector<uint8_t> digits;
  digits.reserve((data.size() - zeros) * 138 / 100 + 1);
  for (size_t i = zeros; i < data.size(); ++i) {
    uint32_t carry = data[i];
    for (uint8_t& d : digits) {
      carry += static_cast<uint32_t>(d) << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry != 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
  return out;
}

Result<Bytes, Base58Error> base58_decode(std::string_view text) {
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  // Base-256 bytes, least significant first.
  Bytes bytes;
  bytes.reserve(text.size() * 733 / 1000 + 1);
  for (size_t i = ones; i < text.size(); ++i) {
    int8_t v = kReverse[static_cast<uint8_t>(text[i])];
    if (v < 0) return unexpected(Base58Error::kInvalidCharacter);
    uint32_t carry = static_cast<uint8_t>(v);  // v >= 0 here
    for (uint8_t& b : bytes) {
      carry += static_cast<uint32_t>(b) * 58;
      b = static_cast<uint8_t>(carry);
      carry >>= 8;
    }
    while (carry != 0) {
      bytes.push_back(static_cast<uint8_t>(carry));
      carry >>= 8;
    }
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

}  // namespace canary::ss58
