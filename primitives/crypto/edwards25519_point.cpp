// edwards25519 group law and variable-time double-scalar multiplication.
//
// Besides extended points, three internal representations avoid work inside the scalar
// multiplication loops (the classic ref10 arrangement):
//  - Projective (X:Y:Z), what a doubling needs as input (T is not used);
//  - Completed, the output of an addition or doubling before the final products: four values
//    E, F, G, H with x = E/G and y = H/F; 3 multiplications give a Projective point, 4 an
//    extended one;
//  - Cached (Y+X, Y-X, 2Z, 2dT) and AffineCached (y+x, y-x, 2dxy), a point prepared as the second
//    operand of an addition (the affine form saves one multiplication, Z being 1).
#include "primitives/crypto/edwards25519_point.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace canary::crypto::edwards25519 {
namespace {

using namespace curve25519;

constexpr Fe kOne = fe_from_u64(1);

struct Projective {
  Fe x, y, z;
};

struct Completed {
  Fe e, f, g, h;
};

struct Cached {
  Fe y_plus_x, y_minus_x, z2, t2d;
};

struct AffineCached {
  Fe y_plus_x, y_minus_x, t2d;
};

[[gnu::always_inline]] constexpr Point to_point(const Completed& c) {
  return {fe_mul(c.e, c.f), fe_mul(c.g, c.h), fe_mul(c.f, c.g), fe_mul(c.e, c.h)};
}

[[gnu::always_inline]] constexpr Projective to_projective(const Completed& c) {
  return {fe_mul(c.e, c.f), fe_mul(c.g, c.h), fe_mul(c.f, c.g)};
}

constexpr Cached to_cached(const Point& p) {
  return {fe_add(p.y, p.x), fe_sub(p.y, p.x), fe_add(p.z, p.z), fe_mul(p.t, kEdwardsD2)};
}

// Doubling (dbl-2008-hwcd, a = -1). With x = X/Z, y = Y/Z:
//   2P = (2xy / (y^2 - x^2), (y^2 + x^2) / (2 - y^2 + x^2))
// so E = 2XY = (X+Y)^2 - X^2 - Y^2, G = Y^2 - X^2, H = Y^2 + X^2, F = 2Z^2 - G.
[[gnu::always_inline]] constexpr Completed dbl_completed(const Fe& x, const Fe& y, const Fe& z) {
  const Fe xx = fe_sq(x);
  const Fe yy = fe_sq(y);
  const Fe zz = fe_sq(z);
  const Fe h = fe_add(yy, xx);  // loose
  const Fe g = fe_sub(yy, xx);
  const Fe e = fe_sub(fe_sq(fe_add(x, y)), h);
  const Fe f = fe_sub(fe_add(zz, zz), g);
  return {e, f, g, h};
}

// Addition (add-2008-hwcd-3, a = -1, k = 2d): A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2),
// C = T1 2d T2, D = Z1 2 Z2; E = B - A, F = D - C, G = D + C, H = B + A. Subtracting Q adds -Q,
// which swaps Y+X with Y-X and negates T (so F and G swap).
template <bool kSubtract>
[[gnu::always_inline]] constexpr Completed add_cached(const Point& p, const Cached& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), kSubtract ? q.y_plus_x : q.y_minus_x);
  const Fe b = fe_mul(fe_add(p.y, p.x), kSubtract ? q.y_minus_x : q.y_plus_x);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_mul(p.z, q.z2);
  const Fe e = fe_sub(b, a);
  const Fe h = fe_add(b, a);
  return kSubtract ? Completed{e, fe_add(d, c), fe_sub(d, c), h}
                   : Completed{e, fe_sub(d, c), fe_add(d, c), h};
}

// The same with Z2 = 1: D = 2 Z1.
template <bool kSubtract>
[[gnu::always_inline]] constexpr Completed add_affine(const Point& p, const AffineCached& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), kSubtract ? q.y_plus_x : q.y_minus_x);
  const Fe b = fe_mul(fe_add(p.y, p.x), kSubtract ? q.y_minus_x : q.y_plus_x);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_add(p.z, p.z);  // loose; d + c stays below 2^54
  const Fe e = fe_sub(b, a);
  const Fe h = fe_add(b, a);
  return kSubtract ? Completed{e, fe_add(d, c), fe_sub(d, c), h}
                   : Completed{e, fe_sub(d, c), fe_add(d, c), h};
}

// B: y = 4/5, x the non-negative root of x^2 = (y^2 - 1) / (d y^2 + 1).
constexpr Point compute_base_point() {
  const Fe y = fe_mul(fe_from_u64(4), fe_invert(fe_from_u64(5)));
  const Fe yy = fe_sq(y);
  const SqrtRatio x = fe_sqrt_ratio_m1(fe_sub(yy, kOne), fe_add(fe_mul(yy, kEdwardsD), kOne));
  return {x.root, y, kOne, fe_mul(x.root, y)};
}

constexpr Point kBasePoint = compute_base_point();

// Width-8 NAF digits are odd and below 128 in absolute value: the table holds B, 3B, ..., 127B.
constexpr int kBaseWindow = 8;
using BaseTable = std::array<AffineCached, 1u << (kBaseWindow - 2)>;

// The odd multiples of a point, normalised to Z = 1 with one shared inversion (Montgomery's
// trick).
constexpr BaseTable compute_affine_table(const Point& base) {
  std::array<Point, std::tuple_size_v<BaseTable>> multiples;
  const Cached b2 = to_cached(to_point(dbl_completed(base.x, base.y, base.z)));
  multiples[0] = base;
  for (size_t i = 1; i < multiples.size(); ++i) {
    multiples[i] = to_point(add_cached<false>(multiples[i - 1], b2));
  }
  std::array<Fe, std::tuple_size_v<BaseTable>> prefix;  // prefix[i] = z_0 ... z_(i-1)
  Fe acc = kOne;
  for (size_t i = 0; i < multiples.size(); ++i) {
    prefix[i] = acc;
    acc = fe_mul(acc, multiples[i].z);
  }
  Fe inv = fe_invert(acc);  // 1 / (z_0 ... z_(n-1))
  BaseTable table;
  for (size_t i = multiples.size(); i-- > 0;) {
    const Fe z_inv = fe_mul(inv, prefix[i]);
    inv = fe_mul(inv, multiples[i].z);
    const Fe x = fe_mul(multiples[i].x, z_inv);
    const Fe y = fe_mul(multiples[i].y, z_inv);
    table[i] = {fe_carry(fe_add(y, x)), fe_sub(y, x), fe_mul(fe_mul(x, y), kEdwardsD2)};
  }
  return table;
}

// 2^128 B, for splitting a full-size base scalar into two 128-bit halves.
constexpr Point compute_base_point_2_128() {
  Point p = kBasePoint;
  for (int i = 0; i < 128; ++i) p = to_point(dbl_completed(p.x, p.y, p.z));
  return p;
}

constexpr BaseTable kBaseTable = compute_affine_table(kBasePoint);
constexpr BaseTable kBase2To128Table = compute_affine_table(compute_base_point_2_128());

// Width-5 NAF digits for a variable point: P, 3P, ..., 15P.
constexpr int kPointWindow = 5;
using PointTable = std::array<Cached, 1u << (kPointWindow - 2)>;

PointTable odd_multiples(const Point& p) {
  PointTable table;
  const Cached p2 = to_cached(to_point(dbl_completed(p.x, p.y, p.z)));
  Point acc = p;
  table[0] = to_cached(acc);
  for (size_t i = 1; i < table.size(); ++i) {
    acc = to_point(add_cached<false>(acc, p2));
    table[i] = to_cached(acc);
  }
  return table;
}

// A 256-bit little-endian scalar as 64-bit words, with a zero word above for windows that reach
// past bit 255.
using ScalarWords = std::array<uint64_t, 5>;

ScalarWords scalar_words(const ByteArray<32>& s) {
  return {fe_detail::load64_le(s.data()), fe_detail::load64_le(s.data() + 8),
          fe_detail::load64_le(s.data() + 16), fe_detail::load64_le(s.data() + 24), 0};
}

// The bits of the scalar from `pos` up (at least `width` of them, width <= 64; zero past the top).
uint64_t bits_at(const ScalarWords& words, size_t pos, int width) {
  const size_t word = pos / 64, bit = pos % 64;
  if (word >= words.size()) return 0;
  uint64_t bits = words[word] >> bit;
  if (bit + static_cast<size_t>(width) > 64 && word + 1 < words.size()) {
    bits |= words[word + 1] << (64 - bit);
  }
  return bits;
}

// Width-w non-adjacent form of a 256-bit scalar: digits odd and in (-2^(w-1), 2^(w-1)) or zero,
// any nonzero digit followed by at least w - 1 zeros, sum digit[i] 2^i = the scalar. One digit
// more than the scalar has bits, for the final carry. Scanning from the bottom: an even window
// (carry included) moves on by one bit; an odd one becomes a digit, taken negative when the
// window is at least 2^(w-1), which leaves a carry of 1 into the next window.
using Naf = std::array<int8_t, 257>;

template <int W>
Naf naf(const ByteArray<32>& s) {
  static_assert(W >= 2 && W <= 8);
  constexpr uint64_t kWidth = uint64_t{1} << W;
  const ScalarWords words = scalar_words(s);
  Naf digits{};
  uint64_t carry = 0;
  size_t pos = 0;
  while (pos < digits.size()) {
    const uint64_t window = carry + (bits_at(words, pos, W) & (kWidth - 1));
    if ((window & 1) == 0) {
      ++pos;
      continue;
    }
    if (window < kWidth / 2) {
      digits[pos] = static_cast<int8_t>(window);
      carry = 0;
    } else {
      digits[pos] = static_cast<int8_t>(static_cast<int>(window) - static_cast<int>(kWidth));
      carry = 1;
    }
    pos += W;
  }
  return digits;
}

int top_digit(const Naf& a) {
  int i = static_cast<int>(a.size()) - 1;
  while (i >= 0 && a[static_cast<size_t>(i)] == 0) --i;
  return i;
}

// c += digit * (the point whose odd multiples the table holds), for a nonzero digit.
void add_digit(Completed& c, int digit, const PointTable& table) {
  const Point p = to_point(c);
  c = digit > 0 ? add_cached<false>(p, table[static_cast<size_t>(digit / 2)])
                : add_cached<true>(p, table[static_cast<size_t>(-digit / 2)]);
}

void add_digit(Completed& c, int digit, const BaseTable& table) {
  const Point p = to_point(c);
  c = digit > 0 ? add_affine<false>(p, table[static_cast<size_t>(digit / 2)])
                : add_affine<true>(p, table[static_cast<size_t>(-digit / 2)]);
}

// One scalar of a multi-scalar multiplication: its NAF digits and the odd multiples of its point.
template <typename Table>
struct Term {
  Naf digits;
  const Table& table;
};

// Straus' interleaving: one doubling chain from the top digit down, adding table entries for the
// nonzero digits of every scalar.
template <typename... Tables>
Point straus(const Term<Tables>&... terms) {
  int i = -1;
  ((i = std::max(i, top_digit(terms.digits))), ...);
  if (i < 0) return kIdentity;
  Projective r{Fe{}, kOne, kOne};
  for (;; --i) {
    Completed c = dbl_completed(r.x, r.y, r.z);
    const auto k = static_cast<size_t>(i);
    ((terms.digits[k] != 0 ? add_digit(c, terms.digits[k], terms.table) : void()), ...);
    if (i == 0) return to_point(c);
    r = to_projective(c);
  }
}

// The windows of c bits a signed-digit decomposition of a 256-bit scalar needs: 257 bits, for the
// final carry.
size_t pippenger_windows(int c) {
  return (257 + static_cast<size_t>(c) - 1) / static_cast<size_t>(c);
}

// Pippenger's window: c minimising the additions, pippenger_windows(c) windows of n bucket
// insertions and ~2^c additions to sum the 2^(c-1) buckets.
int pippenger_window(size_t n) {
  int best = 2;
  uint64_t best_cost = UINT64_MAX;
  for (int c = 2; c <= 15; ++c) {
    const uint64_t cost = pippenger_windows(c) * (n + (uint64_t{1} << c));
    if (cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  return best;
}

// The scalar's signed radix-2^c digits, in [-2^(c-1), 2^(c-1)), least significant first; the
// last window takes the final carry.
void signed_digits(const ByteArray<32>& s, int c, std::span<int16_t> out) {
  const ScalarWords words = scalar_words(s);
  const uint64_t width = uint64_t{1} << c;
  uint64_t carry = 0;
  for (size_t w = 0; w < out.size(); ++w) {
    const uint64_t value = (bits_at(words, w * static_cast<size_t>(c), c) & (width - 1)) + carry;
    if (value >= width / 2) {
      out[w] = static_cast<int16_t>(static_cast<int64_t>(value) - static_cast<int64_t>(width));
      carry = 1;
    } else {
      out[w] = static_cast<int16_t>(value);
      carry = 0;
    }
  }
}

}  // namespace

const Point& base_point() {
  return kBasePoint;
}

Point add(const Point& p, const Point& q) {
  return to_point(add_cached<false>(p, to_cached(q)));
}

Point sub(const Point& p, const Point& q) {
  return to_point(add_cached<true>(p, to_cached(q)));
}

Point dbl(const Point& p) {
  return to_point(dbl_completed(p.x, p.y, p.z));
}

Point neg(const Point& p) {
  return {fe_neg(p.x), p.y, p.z, fe_neg(p.t)};
}

bool is_identity(const Point& p) {
  return fe_is_zero(p.x) && fe_equal(p.y, p.z);
}

ByteArray<32> compress(const Point& p) {
  const Fe z_inv = fe_invert(p.z);
  ByteArray<32> out = fe_to_bytes(fe_mul(p.y, z_inv));
  if (fe_is_negative(fe_mul(p.x, z_inv))) out[31] |= 0x80;
  return out;
}

Point double_scalar_mul_base(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b) {
  const PointTable table = odd_multiples(p);
  return straus(Term<PointTable>{naf<kPointWindow>(a), table},
                Term<BaseTable>{naf<kBaseWindow>(b), kBaseTable});
}

Point double_scalar_mul(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b,
                        const Point& q) {
  const PointTable table_p = odd_multiples(p);
  const PointTable table_q = odd_multiples(q);
  return straus(Term<PointTable>{naf<kPointWindow>(a), table_p},
                Term<PointTable>{naf<kPointWindow>(b), table_q});
}

Point triple_scalar_mul_base(const ByteArray<32>& a, const Point& p, const ByteArray<32>& b,
                             const Point& q, const ByteArray<32>& c) {
  ByteArray<32> c_low{}, c_high{};
  std::copy(c.begin(), c.begin() + 16, c_low.begin());
  std::copy(c.begin() + 16, c.end(), c_high.begin());
  const PointTable table_p = odd_multiples(p);
  const PointTable table_q = odd_multiples(q);
  return straus(Term<PointTable>{naf<kPointWindow>(a), table_p},
                Term<PointTable>{naf<kPointWindow>(b), table_q},
                Term<BaseTable>{naf<kBaseWindow>(c_low), kBaseTable},
                Term<BaseTable>{naf<kBaseWindow>(c_high), kBase2To128Table});
}

Point multi_scalar_mul(std::span<const ByteArray<32>> scalars, std::span<const Point> points) {
  const size_t n = std::min(scalars.size(), points.size());
  if (n == 0) return kIdentity;
  const int c = pippenger_window(n);
  const size_t windows = pippenger_windows(c);
  std::vector<int16_t> digits(n * windows);
  std::vector<Cached> cached(n);
  for (size_t i = 0; i < n; ++i) {
    signed_digits(scalars[i], c, std::span(digits).subspan(i * windows, windows));
    cached[i] = to_cached(points[i]);
  }
  // A bucket holds the sum of the points whose digit is its index + 1 (or minus them).
  std::vector<Point> buckets(size_t{1} << (c - 1));
  std::vector<bool> filled(buckets.size());
  Point result = kIdentity;
  for (size_t w = windows; w-- > 0;) {
    if (w + 1 != windows) {
      for (int i = 0; i < c; ++i) result = dbl(result);
    }
    std::fill(filled.begin(), filled.end(), false);
    for (size_t i = 0; i < n; ++i) {
      const int digit = digits[i * windows + w];
      if (digit == 0) continue;
      const auto b = static_cast<size_t>((digit > 0 ? digit : -digit) - 1);
      const Point& base = filled[b] ? buckets[b] : kIdentity;
      buckets[b] = digit > 0 ? to_point(add_cached<false>(base, cached[i]))
                             : to_point(add_cached<true>(base, cached[i]));
      filled[b] = true;
    }
    // sum over k of (k + 1) bucket[k], as running sums from the top bucket down.
    Point running = kIdentity, sum = kIdentity;
    bool started = false;
    for (size_t b = buckets.size(); b-- > 0;) {
      if (filled[b]) {
        running = started ? add(running, buckets[b]) : buckets[b];
        started = true;
      }
      if (started) sum = add(sum, running);
    }
    result = add(result, sum);
  }
  return result;
}

}  // namespace canary::crypto::edwards25519
