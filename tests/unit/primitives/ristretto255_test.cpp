// The variable-time curve25519 stack under sr25519 verification: field arithmetic against an
// independent big-integer reference, ristretto255 decoding/encoding against RFC 9496 and
// libsodium, the multi-scalar multiplications against libsodium compositions, and the short
// scalar multiples of the half-size verification trick.
#include "primitives/crypto/ristretto255.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <string>
#include <vector>

#include "primitives/crypto/curve25519_field.hpp"
#include "primitives/crypto/edwards25519_point.hpp"
#include "primitives/crypto/scalar25519.hpp"
#include "primitives/util/hex.hpp"
#include "tests/support/hex.hpp"

namespace canary::crypto {
namespace {

using curve25519::Fe;
using edwards25519::Point;

template <size_t N>
ByteArray<N> arr(std::string_view hex) {
  auto r = from_hex_fixed<N>(hex);
  EXPECT_TRUE(r.has_value()) << hex;
  return r.value_or(ByteArray<N>{});
}

using canary::test::hex;

class Ristretto255Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// ---- an independent reference for GF(p): base-2^32 digits, schoolbook, reduction by folding ----

using u128 = unsigned __int128;

struct Ref {
  std::array<uint64_t, 24> d{};  // little-endian base-2^32 digits (each below 2^32 when normal)
};

void normalize(Ref& r) {
  uint64_t carry = 0;
  for (auto& x : r.d) {
    x += carry;
    carry = x >> 32;
    x &= 0xffffffff;
  }
}

Ref ref_from_fe(const Fe& a) {
  Ref r;
  for (size_t i = 0; i < 5; ++i) {
    const size_t offset = 51 * i, word = offset / 32;
    const u128 x = static_cast<u128>(a.v[i]) << (offset % 32);
    for (size_t j = 0; j < 4; ++j)
      r.d[word + j] += static_cast<uint64_t>(x >> (32 * j)) & 0xffffffff;
  }
  normalize(r);
  return r;
}

Ref ref_mul(const Ref& a, const Ref& b) {
  std::array<u128, 24> cols{};
  for (size_t i = 0; i < 12; ++i) {
    for (size_t j = 0; j < 12; ++j) cols[i + j] += static_cast<u128>(a.d[i]) * b.d[j];
  }
  Ref r;
  u128 carry = 0;
  for (size_t i = 0; i < 24; ++i) {
    const u128 x = cols[i] + carry;
    r.d[i] = static_cast<uint64_t>(x & 0xffffffff);
    carry = x >> 32;
  }
  return r;
}

const Ref& ref_p() {
  static const Ref kP = [] {
    Ref r;
    for (size_t i = 0; i < 8; ++i) r.d[i] = 0xffffffff;
    r.d[7] = 0x7fffffff;
    r.d[0] = 0xffffffed;
    return r;
  }();
  return kP;
}

bool ref_ge(const Ref& a, const Ref& b) {
  for (size_t i = a.d.size(); i-- > 0;) {
    if (a.d[i] != b.d[i]) return a.d[i] > b.d[i];
  }
  return true;
}

void ref_sub_in_place(Ref& a, const Ref& b) {  // a >= b
  int64_t borrow = 0;
  for (size_t i = 0; i < a.d.size(); ++i) {
    int64_t x = static_cast<int64_t>(a.d[i]) - static_cast<int64_t>(b.d[i]) - borrow;
    borrow = x < 0 ? 1 : 0;
    if (x < 0) x += int64_t{1} << 32;
    a.d[i] = static_cast<uint64_t>(x);
  }
}

Ref ref_mod_p(Ref x) {
  for (;;) {  // x = lo + 2^255 hi = lo + 19 hi (mod p)
    Ref hi, lo = x;
    for (size_t k = 0; k + 7 < x.d.size(); ++k) {
      uint64_t w = x.d[7 + k] >> 31;
      if (8 + k < x.d.size()) w |= (x.d[8 + k] << 1) & 0xffffffff;
      hi.d[k] = w;
    }
    lo.d[7] &= 0x7fffffff;
    for (size_t i = 8; i < lo.d.size(); ++i) lo.d[i] = 0;
    normalize(hi);
    if (std::all_of(hi.d.begin(), hi.d.end(), [](uint64_t w) { return w == 0; })) break;
    for (size_t i = 0; i < hi.d.size(); ++i) lo.d[i] += 19 * hi.d[i];
    normalize(lo);
    x = lo;
  }
  while (ref_ge(x, ref_p())) ref_sub_in_place(x, ref_p());
  return x;
}

ByteArray<32> ref_bytes(const Ref& reduced) {
  ByteArray<32> out{};
  for (size_t i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(reduced.d[i / 4] >> (8 * (i % 4)));
  return out;
}

ByteArray<32> ref_value(const Fe& a) {
  return ref_bytes(ref_mod_p(ref_from_fe(a)));
}

// Random limbs below 2^bits, sometimes all at the maximum.
Fe random_fe(int bits, bool extreme) {
  Fe a;
  for (auto& limb : a.v) {
    uint64_t r;
    randombytes_buf(&r, sizeof r);
    limb = extreme ? (uint64_t{1} << bits) - 1 : r >> (64 - bits);
  }
  return a;
}

TEST_F(Ristretto255Test, FieldArithmeticMatchesReferenceAtLimbBounds) {
  using namespace curve25519;
  for (int i = 0; i < 4000; ++i) {
    const int bits = 51 + (i % 4);  // tight, loose and the documented maximum 2^54
    const bool extreme = (i % 50) < 2;
    const Fe a = random_fe(bits, extreme);
    const Fe b = random_fe(bits, i % 50 == 0);
    const Ref ra = ref_mod_p(ref_from_fe(a)), rb = ref_mod_p(ref_from_fe(b));
    ASSERT_EQ(fe_to_bytes(a), ref_bytes(ra));
    ASSERT_EQ(fe_to_bytes(fe_mul(a, b)), ref_bytes(ref_mod_p(ref_mul(ra, rb)))) << i;
    ASSERT_EQ(fe_to_bytes(fe_sq(a)), ref_bytes(ref_mod_p(ref_mul(ra, ra)))) << i;
    Ref diff = ra;  // (a - b) mod p
    if (!ref_ge(ra, rb)) {
      for (size_t k = 0; k < 8; ++k) diff.d[k] += ref_p().d[k];
      normalize(diff);
    }
    ref_sub_in_place(diff, rb);
    ASSERT_EQ(fe_to_bytes(fe_sub(a, b)), ref_bytes(diff)) << i;
    if (bits <= 53) {
      ASSERT_EQ(fe_to_bytes(fe_add(a, b)), ref_value(fe_add(a, b)));
      ASSERT_EQ(fe_to_bytes(fe_mul(fe_add(a, b), a)),
                ref_bytes(ref_mod_p(ref_mul(ref_mod_p(ref_from_fe(fe_add(a, b))), ra))));
    }
    // Outputs are tight.
    for (const Fe& r : {fe_mul(a, b), fe_sq(a), fe_sub(a, b), fe_neg(a), fe_carry(a)}) {
      for (uint64_t limb : r.v) ASSERT_LT(limb, uint64_t{1} << 52);
    }
  }
}

TEST_F(Ristretto255Test, FieldEncodingIsCanonical) {
  using namespace curve25519;
  // p, p + 1 and 2^255 - 1 (read without bit 255) reduce to 0, 1 and 18.
  EXPECT_EQ(hex(fe_to_bytes(fe_from_bytes(
                arr<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")))),
            std::string(64, '0'));
  EXPECT_EQ(fe_to_bytes(fe_from_bytes(
                arr<32>("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))),
            fe_to_bytes(fe_from_u64(1)));
  EXPECT_EQ(fe_to_bytes(fe_from_bytes(
                arr<32>("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"))),
            fe_to_bytes(fe_from_u64(18)));
  for (int i = 0; i < 200; ++i) {
    ByteArray<32> b;
    randombytes_buf(b.data(), b.size());
    b[31] &= 0x3f;  // below p
    EXPECT_EQ(fe_to_bytes(fe_from_bytes(b)), b);
    const Fe x = fe_from_bytes(b);
    if (!fe_is_zero(x))
      EXPECT_EQ(fe_to_bytes(fe_mul(x, fe_invert(x))), fe_to_bytes(fe_from_u64(1)));
    EXPECT_EQ(fe_is_negative(x), (b[0] & 1) != 0);
  }
}

TEST_F(Ristretto255Test, FieldConstantsAndSqrtRatio) {
  using namespace curve25519;
  const Fe one = fe_from_u64(1);
  EXPECT_TRUE(fe_equal(fe_sq(kSqrtM1), fe_neg(one)));
  EXPECT_FALSE(fe_is_negative(kSqrtM1));
  EXPECT_TRUE(fe_equal(fe_mul(kEdwardsD, fe_from_u64(121666)), fe_neg(fe_from_u64(121665))));
  EXPECT_TRUE(fe_equal(kEdwardsD2, fe_add(kEdwardsD, kEdwardsD)));
  // RFC 9496 §4.1 gives d and SQRT_M1 in decimal; these are their little-endian encodings.
  EXPECT_EQ(hex(fe_to_bytes(kEdwardsD)),
            "a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");
  EXPECT_EQ(hex(fe_to_bytes(kSqrtM1)),
            "b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b");

  // SQRT_RATIO_M1 edge cases (the ristretto255 reference implementation's tests).
  const auto check = [](uint64_t u, uint64_t v, bool square, std::string_view root) {
    const SqrtRatio r = fe_sqrt_ratio_m1(fe_from_u64(u), fe_from_u64(v));
    EXPECT_EQ(r.was_square, square) << u << "/" << v;
    EXPECT_EQ(hex(fe_to_bytes(r.root)), root) << u << "/" << v;
  };
  const std::string zero(64, '0');
  check(0, 0, true, zero);
  check(0, 1, true, zero);
  check(1, 0, false, zero);
  check(2, 1, false, "3c5ff1b5d8e4113b871bd052f9e7bcd0582804c266ffb2d4f4203eb07fdb7c54");
  check(4, 1, true, "0200000000000000000000000000000000000000000000000000000000000000");
  check(1, 4, true, "f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff3f");
  // Random ratios: the root squares back to u/v or to SQRT_M1 u/v, and is non-negative.
  for (int i = 0; i < 100; ++i) {
    ByteArray<32> bu, bv;
    randombytes_buf(bu.data(), 32);
    randombytes_buf(bv.data(), 32);
    const Fe u = fe_from_bytes(bu), v = fe_from_bytes(bv);
    const SqrtRatio r = fe_sqrt_ratio_m1(u, v);
    const Fe lhs = fe_mul(fe_sq(r.root), v);
    EXPECT_TRUE(fe_equal(lhs, r.was_square ? u : fe_mul(u, kSqrtM1)));
    EXPECT_FALSE(fe_is_negative(r.root));
  }
}

// ---- ristretto255 ----

// RFC 9496 Appendix A.1: the encodings of 0 B, 1 B, ..., 15 B.
constexpr const char* kMultiplesOfGenerator[16] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
    "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
    "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
    "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
    "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
    "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
    "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
    "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
    "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
    "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
    "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
};

// RFC 9496 Appendix A.2: encodings every decoder must reject.
constexpr const char* kInvalidEncodings[] = {
    // Non-canonical field encodings.
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    // Negative field elements.
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    // Non-square x^2.
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    // Negative xy value.
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    // s = -1, which causes y = 0.
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

TEST_F(Ristretto255Test, Rfc9496MultiplesOfTheGenerator) {
  const Point& b = edwards25519::base_point();
  EXPECT_EQ(hex(ristretto255::encode(b)), kMultiplesOfGenerator[1]);
  Point acc = edwards25519::kIdentity;
  for (uint8_t i = 0; i < 16; ++i) {
    const ByteArray<32> expected = arr<32>(kMultiplesOfGenerator[i]);
    // Repeated addition, decode/encode round trip, scalar multiplications, libsodium.
    EXPECT_EQ(ristretto255::encode(acc), expected) << int{i};
    const auto decoded = ristretto255::decode(expected);
    ASSERT_TRUE(decoded.has_value()) << int{i};
    EXPECT_EQ(ristretto255::encode(*decoded), expected);
    EXPECT_TRUE(ristretto255::equal(*decoded, acc));
    EXPECT_EQ(ristretto255::is_identity(*decoded), i == 0);
    EXPECT_EQ(crypto_core_ristretto255_is_valid_point(expected.data()), 1);
    ByteArray<32> n{};
    n[0] = i;
    EXPECT_EQ(ristretto255::encode(edwards25519::double_scalar_mul_base(ByteArray<32>{}, b, n)),
              expected);
    EXPECT_EQ(ristretto255::encode(edwards25519::double_scalar_mul_base(n, b, ByteArray<32>{})),
              expected);
    if (i > 0) {
      ByteArray<32> sodium{};
      ASSERT_EQ(crypto_scalarmult_ristretto255_base(sodium.data(), n.data()), 0);
      EXPECT_EQ(sodium, expected);
    }
    acc = edwards25519::add(acc, b);
  }
}

TEST_F(Ristretto255Test, Rfc9496InvalidEncodingsAreRejected) {
  for (const char* h : kInvalidEncodings) {
    const ByteArray<32> enc = arr<32>(h);
    EXPECT_FALSE(ristretto255::decode(enc).has_value()) << h;
    EXPECT_EQ(crypto_core_ristretto255_is_valid_point(enc.data()), 0) << h;
  }
}

TEST_F(Ristretto255Test, DecodingAgreesWithLibsodium) {
  // Random valid points round-trip; their non-canonical twins are rejected.
  for (int i = 0; i < 300; ++i) {
    ByteArray<32> enc;
    crypto_core_ristretto255_random(enc.data());
    const auto p = ristretto255::decode(enc);
    ASSERT_TRUE(p.has_value()) << hex(enc);
    EXPECT_EQ(ristretto255::encode(*p), enc);
    ByteArray<32> high = enc;  // libsodium 1.0.18 accepts this one; RFC 9496 does not
    high[31] |= 0x80;
    EXPECT_FALSE(ristretto255::decode(high).has_value());
    // s -> p - s is odd, i.e. negative (s = 0 is the identity, which random() never returns).
    const ByteArray<32> negated =
        curve25519::fe_to_bytes(curve25519::fe_neg(curve25519::fe_from_bytes(enc)));
    EXPECT_FALSE(ristretto255::decode(negated).has_value());
  }
  // Random strings: the same verdict as libsodium's validity check.
  int valid = 0;
  for (int i = 0; i < 4000; ++i) {
    ByteArray<32> enc;
    randombytes_buf(enc.data(), enc.size());
    if (i % 2 == 0) enc[0] &= 0xfe;  // non-negative half the time
    if (i % 4 == 0) enc[31] &= 0x7f;
    // libsodium 1.0.18 ignores bit 255 (RFC 9496 requires s < p, so it must be clear).
    const bool sodium_valid =
        crypto_core_ristretto255_is_valid_point(enc.data()) == 1 && (enc[31] & 0x80) == 0;
    const auto p = ristretto255::decode(enc);
    ASSERT_EQ(p.has_value(), sodium_valid) << hex(enc);
    if (p) {
      ++valid;
      EXPECT_EQ(ristretto255::encode(*p), enc);
    }
  }
  EXPECT_GT(valid, 50);
}

TEST_F(Ristretto255Test, EncodingIgnoresTheTorsionCoset) {
  // Adding a 4-torsion point changes the Edwards point but not the ristretto255 element.
  const Fe one = curve25519::fe_from_u64(1);
  const Point t4{curve25519::kSqrtM1, Fe{}, one, Fe{}};      // (sqrt(-1), 0), of order 4
  const Point t2{Fe{}, curve25519::fe_neg(one), one, Fe{}};  // (0, -1), of order 2
  EXPECT_TRUE(ristretto255::is_identity(t4));
  EXPECT_TRUE(ristretto255::is_identity(t2));
  EXPECT_FALSE(edwards25519::is_identity(t4));
  EXPECT_EQ(ristretto255::encode(t4), ByteArray<32>{});
  for (int i = 0; i < 50; ++i) {
    ByteArray<32> enc;
    crypto_core_ristretto255_random(enc.data());
    const Point p = *ristretto255::decode(enc);
    for (const Point& q : {edwards25519::add(p, t4), edwards25519::add(p, t2),
                           edwards25519::sub(p, t4), edwards25519::add(p, edwards25519::dbl(t2))}) {
      EXPECT_EQ(ristretto255::encode(q), enc);
      EXPECT_TRUE(ristretto255::equal(p, q));
    }
    // A projectively rescaled representation encodes the same.
    const Fe z = curve25519::fe_from_u64(12345 + static_cast<uint64_t>(i));
    const Point scaled{curve25519::fe_mul(p.x, z), curve25519::fe_mul(p.y, z),
                       curve25519::fe_mul(p.z, z), curve25519::fe_mul(p.t, z)};
    EXPECT_EQ(ristretto255::encode(scaled), enc);
    EXPECT_FALSE(ristretto255::equal(p, edwards25519::add(p, edwards25519::base_point())));
    EXPECT_TRUE(ristretto255::is_identity(edwards25519::sub(p, scaled)));
  }
}

// ---- multi-scalar multiplication against libsodium ----

// n·P with libsodium, the identity as 32 zero bytes; n is reduced mod L first (libsodium only
// reads 255 bits).
ByteArray<32> sodium_mul(const ByteArray<32>& n, const ByteArray<32>& p) {
  uint8_t wide[64] = {};
  std::copy(n.begin(), n.end(), wide);
  ByteArray<32> reduced{}, out{};
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide);
  if (crypto_scalarmult_ristretto255(out.data(), reduced.data(), p.data()) != 0) out.fill(0);
  return out;
}

ByteArray<32> sodium_add(const ByteArray<32>& a, const ByteArray<32>& b) {
  ByteArray<32> out{};
  EXPECT_EQ(crypto_core_ristretto255_add(out.data(), a.data(), b.data()), 0);
  return out;
}

// Scalars that stress the NAF recoding: random reduced ones, full 256-bit ones, and edge values.
std::vector<ByteArray<32>> test_scalars() {
  std::vector<ByteArray<32>> out;
  ByteArray<32> s{};
  out.push_back(s);  // 0
  s[0] = 1;
  out.push_back(s);
  out.push_back(
      arr<32>("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"));  // L-1
  out.push_back(arr<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"));  // L
  s.fill(0xff);
  out.push_back(s);  // 2^256 - 1
  s.fill(0);
  s[16] = 1;
  out.push_back(s);  // 2^128
  s.fill(0x55);
  out.push_back(s);
  s.fill(0xaa);
  out.push_back(s);
  for (int i = 0; i < 24; ++i) {
    randombytes_buf(s.data(), s.size());
    if (i % 3 == 0) crypto_core_ristretto255_scalar_random(s.data());
    if (i % 3 == 1) std::fill(s.begin() + 16, s.end(), 0);  // 128-bit
    out.push_back(s);
  }
  return out;
}

TEST_F(Ristretto255Test, DoubleScalarMulMatchesLibsodium) {
  const ByteArray<32> base = arr<32>(kMultiplesOfGenerator[1]);
  const auto scalars = test_scalars();
  for (size_t i = 0; i < scalars.size(); ++i) {
    const ByteArray<32>& a = scalars[i];
    const ByteArray<32>& b = scalars[(i * 7 + 3) % scalars.size()];
    const ByteArray<32>& c = scalars[(i * 5 + 1) % scalars.size()];
    ByteArray<32> p_enc, q_enc;
    crypto_core_ristretto255_random(p_enc.data());
    crypto_core_ristretto255_random(q_enc.data());
    if (i == 3) p_enc.fill(0);  // the identity as an input point
    const Point p = *ristretto255::decode(p_enc);
    const Point q = *ristretto255::decode(q_enc);

    const ByteArray<32> ap = sodium_mul(a, p_enc), bq = sodium_mul(b, q_enc);
    const ByteArray<32> bb = sodium_mul(b, base), cb = sodium_mul(c, base);
    EXPECT_EQ(ristretto255::encode(edwards25519::double_scalar_mul_base(a, p, b)),
              sodium_add(ap, bb))
        << i;
    EXPECT_EQ(ristretto255::encode(edwards25519::double_scalar_mul(a, p, b, q)), sodium_add(ap, bq))
        << i;
    EXPECT_EQ(ristretto255::encode(edwards25519::triple_scalar_mul_base(a, p, b, q, c)),
              sodium_add(sodium_add(ap, bq), cb))
        << i;
  }
}

TEST_F(Ristretto255Test, MultiScalarMulMatchesLibsodium) {
  // Pippenger's window grows with the number of points: sizes that take windows of 2 to 9 bits,
  // the test scalars (zero, one, 2^128, 128-bit and full-size) and the identity among the points.
  const auto scalars = test_scalars();
  for (const size_t n :
       {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{33}, size_t{200}, size_t{1500}}) {
    std::vector<ByteArray<32>> chosen;
    std::vector<Point> points;
    ByteArray<32> expected{};  // the identity's encoding
    for (size_t i = 0; i < n; ++i) {
      const ByteArray<32>& a = scalars[(i * 11 + n) % scalars.size()];
      ByteArray<32> p_enc{};
      if (i % 17 != 5) crypto_core_ristretto255_random(p_enc.data());
      chosen.push_back(a);
      points.push_back(*ristretto255::decode(p_enc));
      expected = sodium_add(expected, sodium_mul(a, p_enc));
    }
    EXPECT_EQ(ristretto255::encode(edwards25519::multi_scalar_mul(chosen, points)), expected)
        << n << " points";
  }
}

// ---- short multiples ----

TEST_F(Ristretto255Test, ShortMultiplesOfScalars) {
  auto scalars = test_scalars();
  const ByteArray<32> order =
      arr<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  std::erase_if(scalars, [&order](const ByteArray<32>& k) {  // only reduced scalars are allowed
    return !std::lexicographical_compare(k.rbegin(), k.rend(), order.rbegin(), order.rend());
  });
  for (int i = 0; i < 200; ++i) {
    ByteArray<32> k;
    crypto_core_ristretto255_scalar_random(k.data());
    scalars.push_back(k);
  }
  ByteArray<32> small{};
  small[0] = 7;
  scalars.push_back(small);
  scalars.push_back(arr<32>("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"));
  for (const auto& k : scalars) {
    const scalar25519::ShortMultiple m = scalar25519::short_multiple(k);
    // u, t < 2^127, t != 0.
    EXPECT_TRUE(std::all_of(m.u.begin() + 16, m.u.end(), [](uint8_t b) { return b == 0; }));
    EXPECT_TRUE(std::all_of(m.t.begin() + 16, m.t.end(), [](uint8_t b) { return b == 0; }));
    EXPECT_LT(m.u[15], 0x80);
    EXPECT_LT(m.t[15], 0x80);
    EXPECT_FALSE(std::all_of(m.t.begin(), m.t.end(), [](uint8_t b) { return b == 0; }));
    // u = ±t k (mod L).
    ByteArray<32> tk{}, expected{};
    crypto_core_ristretto255_scalar_mul(tk.data(), m.t.data(), k.data());
    if (m.negative) {
      crypto_core_ristretto255_scalar_negate(expected.data(), tk.data());
    } else {
      expected = tk;
    }
    EXPECT_EQ(hex(m.u), hex(expected)) << hex(k);
  }
}

// ---- element derivation (hash-to-group) ----

// RFC 9496 Appendix A.3: the inputs are SHA-512 of these lines (checked below), the outputs the
// encodings of their elements.
struct HashToGroupVector {
  const char* label;
  const char* input;
  const char* output;
};
constexpr HashToGroupVector kHashToGroup[] = {
    {"Ristretto is traditionally a short shot of espresso coffee",
     "5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c1"
     "4d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6",
     "3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46"},
    {"made with the normal amount of ground coffee but extracted with",
     "f116b34b8f17ceb56e8732a60d913dd10cce47a6d53bee9204be8b44f6678b27"
     "0102a56902e2488c46120e9276cfe54638286b9e4b3cdb470b542d46c2068d38",
     "f26e5b6f7d362d2d2a94c5d0e7602cb4773c95a2e5c31a64f133189fa76ed61b"},
    {"about half the amount of water in the same amount of time",
     "8422e1bbdaab52938b81fd602effb6f89110e1e57208ad12d9ad767e2e25510c"
     "27140775f9337088b982d83d7fcf0b2fa1edffe51952cbe7365e95c86eaf325c",
     "006ccd2a9e6867e6a2c5cea83d3302cc9de128dd2a9a57dd8ee7b9d7ffe02826"},
    {"by using a finer grind.",
     "ac22415129b61427bf464e17baee8db65940c233b98afce8d17c57beeb7876c2"
     "150d15af1cb1fb824bbd14955f2b57d08d388aab431a391cfc33d5bafb5dbbaf",
     "f8f0c87cf237953c5890aec3998169005dae3eca1fbb04548c635953c817f92a"},
    {"This produces a concentrated shot of coffee per volume.",
     "165d697a1ef3d5cf3c38565beefcf88c0f282b8e7dbd28544c483432f1cec767"
     "5debea8ebb4e5fe7d6f6e5db15f15587ac4d4d4a1de7191e0c1ca6664abcc413",
     "ae81e7dedf20a497e10c304a765c1767a42d6e06029758d2d7e8ef7cc4c41179"},
    {"Just pulling a normal shot short will produce a weaker shot",
     "a836e6c9a9ca9f1e8d486273ad56a78c70cf18f0ce10abb1c7172ddd605d7fd2"
     "979854f47ae1ccf204a33102095b4200e5befc0465accc263175485f0e17ea5c",
     "e2705652ff9f5e44d3e841bf1c251cf7dddb77d140870d1ab2ed64f1a9ce8628"},
    {"and is not a Ristretto as some believe.",
     "2cdc11eaeb95daf01189417cdddbf95952993aa9cb9c640eb5058d09702c7462"
     "2c9965a697a3b345ec24ee56335b556e677b30e6f90ac77d781064f866a3c982",
     "80bd07262511cdde4863f8a7434cef696750681cb9510eea557088f76d9e5065"},
};

// RFC 9496 Appendix A.3: inputs whose halves are non-canonical or have bit 255 set, which all map
// to one element (the masking and the reduction mod p).
constexpr const char* kHashToGroupSameElement[] = {
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "1200000000000000000000000000000000000000000000000000000000000000",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "0000000000000000000000000000000000000000000000000000000000000080"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000"
    "1200000000000000000000000000000000000000000000000000000000000080",
};
constexpr const char* kHashToGroupSameElementOutput =
    "304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f";

ByteArray<32> sodium_from_hash(const ByteArray<64>& input) {
  ByteArray<32> out{};
  EXPECT_EQ(crypto_core_ristretto255_from_hash(out.data(), input.data()), 0);
  return out;
}

TEST_F(Ristretto255Test, Rfc9496HashToGroupVectors) {
  for (const HashToGroupVector& v : kHashToGroup) {
    const ByteArray<64> input = arr<64>(v.input);
    ByteArray<64> digest{};
    crypto_hash_sha512(digest.data(), reinterpret_cast<const unsigned char*>(v.label),
                       std::string_view(v.label).size());
    EXPECT_EQ(digest, input) << v.label;
    const Point p = ristretto255::from_uniform_bytes(input);
    EXPECT_EQ(hex(ristretto255::encode(p)), v.output) << v.label;
    EXPECT_EQ(hex(sodium_from_hash(input)), v.output) << v.label;
  }
  for (const char* h : kHashToGroupSameElement) {
    const ByteArray<64> input = arr<64>(h);
    EXPECT_EQ(hex(ristretto255::encode(ristretto255::from_uniform_bytes(input))),
              kHashToGroupSameElementOutput)
        << h;
    EXPECT_EQ(hex(sodium_from_hash(input)), kHashToGroupSameElementOutput) << h;
  }
}

TEST_F(Ristretto255Test, FromUniformBytesMatchesLibsodium) {
  std::vector<ByteArray<64>> inputs;
  // Halves at the edges of the field (0, 1, p - 1, p, p + 1, 2^255 - 1, all ones: bit 255 and
  // the reduction) and sqrt(-1), -sqrt(-1), d, each paired with every other.
  const std::vector<ByteArray<32>> halves = {
      ByteArray<32>{},
      arr<32>("0100000000000000000000000000000000000000000000000000000000000000"),
      arr<32>("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      arr<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      arr<32>("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      arr<32>("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
      arr<32>("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
      curve25519::fe_to_bytes(curve25519::kSqrtM1),
      curve25519::fe_to_bytes(curve25519::fe_neg(curve25519::kSqrtM1)),
      curve25519::fe_to_bytes(curve25519::kEdwardsD),
  };
  for (const auto& a : halves) {
    for (const auto& b : halves) {
      ByteArray<64> in{};
      std::copy(a.begin(), a.end(), in.begin());
      std::copy(b.begin(), b.end(), in.begin() + 32);
      inputs.push_back(in);
    }
  }
  for (int i = 0; i < 3000; ++i) {
    ByteArray<64> in;
    randombytes_buf(in.data(), in.size());
    inputs.push_back(in);
  }
  for (const ByteArray<64>& in : inputs) {
    const Point p = ristretto255::from_uniform_bytes(in);
    const ByteArray<32> enc = ristretto255::encode(p);
    ASSERT_EQ(hex(enc), hex(sodium_from_hash(in))) << hex(in);
    // A group element: its encoding decodes to the same element.
    const auto back = ristretto255::decode(enc);
    ASSERT_TRUE(back.has_value()) << hex(in);
    EXPECT_TRUE(ristretto255::equal(*back, p));
  }
}

}  // namespace
}  // namespace canary::crypto
