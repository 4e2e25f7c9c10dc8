// sp-core crypto.rs: `DeriveJunction::soft<T: Encode>` and `impl From<&str> for DeriveJunction`.
#include "primitives/keys/derive_junction.hpp"

#include <optional>

#include "primitives/hash/hash.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/encoder.hpp"

namespace canary::keys {
namespace {

ByteArray<32> chain_code_of(ByteSpan encoded) {
  if (encoded.size() > 32) return hash::blake2b_256(encoded);
  ByteArray<32> cc{};
  for (size_t i = 0; i < encoded.size(); ++i) cc[i] = encoded[i];
  return cc;
}

// Rust's `u64::from_str` (core::num from_str_radix, radix 10): an optional '+' (a lone sign is an
// error, '-' always is for unsigned), then one or more ASCII digits, no overflow.
std::optional<uint64_t> parse_rust_u64(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

DeriveJunction DeriveJunction::soft_index(uint64_t index) {
  DeriveJunction j;
  for (size_t i = 0; i < 8; ++i) j.chain_code[i] = static_cast<uint8_t>(index >> (8 * i));
  return j;
}

DeriveJunction DeriveJunction::hard_index(uint64_t index) {
  DeriveJunction j = soft_index(index);
  j.hard = true;
  return j;
}

DeriveJunction DeriveJunction::soft_string(std::string_view value) {
  scale::Encoder enc(value.size() + 5);
  scale::encode_compact(enc, value.size());
  enc.put_bytes(as_bytes(value));
  DeriveJunction j;
  j.chain_code = chain_code_of(enc.bytes());
  return j;
}

DeriveJunction DeriveJunction::hard_string(std::string_view value) {
  DeriveJunction j = soft_string(value);
  j.hard = true;
  return j;
}

DeriveJunction DeriveJunction::from_path_element(std::string_view element) {
  const bool hard = !element.empty() && element[0] == '/';
  if (hard) element.remove_prefix(1);
  DeriveJunction j;
  if (auto n = parse_rust_u64(element)) {
    j = soft_index(*n);
  } else {
    j = soft_string(element);
  }
  j.hard = hard;
  return j;
}

}  // namespace canary::keys
