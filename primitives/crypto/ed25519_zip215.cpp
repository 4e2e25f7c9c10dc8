// ZIP-215 Ed25519 verification on our own arithmetic (curve25519_field.hpp,
// edwards25519_point.hpp). Everything here handles public data only (keys, signatures, messages),
// so it uses variable-time algorithms.
#include "primitives/crypto/ed25519_zip215.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "primitives/crypto/curve25519_field.hpp"
#include "primitives/crypto/edwards25519_point.hpp"

namespace canary::crypto::ed25519 {
namespace {

using namespace curve25519;
using edwards25519::Point;

// RFC 8032 §5.1.3 decoding with the two ZIP-215 relaxations: y is not required to be < p, and
// x = 0 with the sign bit set is accepted (it decodes to x = 0).
std::optional<Point> decompress(const ByteArray<32>& s) {
  const Fe one = fe_from_u64(1);
  const Fe y = fe_from_bytes(s);  // bits 0..254; y in [p, 2^255) stays an unreduced y - p
  const Fe yy = fe_sq(y);
  const Fe u = fe_sub(yy, one);                     // y^2 - 1
  const Fe v = fe_add(fe_mul(yy, kEdwardsD), one);  // d y^2 + 1, never 0: -1/d is not a square
  const SqrtRatio x = fe_sqrt_ratio_m1(u, v);       // the non-negative root of u / v
  if (!x.was_square) return std::nullopt;           // not on the curve
  const bool sign = (s[31] >> 7) != 0;
  const Fe xs = sign ? fe_neg(x.root) : x.root;  // for x = 0 a no-op, as ZIP-215 wants
  return Point{xs, y, one, fe_mul(xs, y)};
}

// L = 2^252 + 27742317777372353535851937790883648493, the prime order of B.
constexpr std::array<uint8_t, 32> kOrderL = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

bool scalar_is_canonical(const ByteArray<32>& s) {
  for (int i = 31; i >= 0; --i) {
    const auto k = static_cast<size_t>(i);
    if (s[k] != kOrderL[k]) return s[k] < kOrderL[k];
  }
  return false;  // s == L
}

}  // namespace

bool verify_zip215(const ByteArray<64>& signature, ByteSpan message,
                   const ByteArray<32>& public_key) {
  ByteArray<32> r_bytes{}, s_bytes{};
  std::memcpy(r_bytes.data(), signature.data(), 32);
  std::memcpy(s_bytes.data(), signature.data() + 32, 32);
  if (!scalar_is_canonical(s_bytes)) return false;
  const auto a = decompress(public_key);
  if (!a) return false;
  const auto r = decompress(r_bytes);
  if (!r) return false;

  // k = SHA-512(R_bytes || A_bytes || M) mod L, over the bytes exactly as received.
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r_bytes.data(), 32);
  crypto_hash_sha512_update(&st, public_key.data(), 32);
  if (!message.empty()) crypto_hash_sha512_update(&st, message.data(), message.size());
  uint8_t h[64];
  crypto_hash_sha512_final(&st, h);
  ByteArray<32> k{};
  crypto_core_ed25519_scalar_reduce(k.data(), h);

  // [8]([s]B - [k]A - R) == identity.
  const Point sb_minus_ka = edwards25519::double_scalar_mul_base(k, edwards25519::neg(*a), s_bytes);
  const Point diff = edwards25519::sub(sb_minus_ka, *r);
  return edwards25519::is_identity(edwards25519::dbl(edwards25519::dbl(edwards25519::dbl(diff))));
}

std::optional<ByteArray<32>> zip215_canonical_point(const ByteArray<32>& encoding) {
  const auto p = decompress(encoding);
  if (!p) return std::nullopt;
  return edwards25519::compress(*p);
}

}  // namespace canary::crypto::ed25519
