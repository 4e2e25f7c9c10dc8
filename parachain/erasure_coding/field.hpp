// GF(2^16) as reed-solomon-novelpoly v2.0.0 computes it (src/field/f2e16.rs, inc_log_mul.rs and
// the table generator inc_gen_field_tables.rs): the quotient by x^16 + x^5 + x^3 + x^2 + 1
// (generator tail 0x2D), with every element written in the Cantor basis listed there. That basis
// is what makes the additive FFT of Lin, Chung and Han work; a symbol on the wire (two big-endian
// bytes of a chunk) is such a Cantor-basis coordinate vector, so these tables decide the bytes.
//
// Addition is XOR. Multiplication goes through discrete logarithms: log[x] in [0, 65534] for
// x != 0 and log[0] = 65535 (novelpoly's convention); exp[] is its inverse with exp[65535] =
// exp[0] (= the field's one), so that a sum of logarithms folded once (mod 65535, with 65535
// standing for 0) indexes it directly.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace canary::erasure_coding {

using Symbol = uint16_t;

inline constexpr size_t kFieldBits = 16;
inline constexpr size_t kFieldSize = size_t{1} << kFieldBits;
// The order of the multiplicative group; also the logarithm novelpoly gives to zero.
inline constexpr uint32_t kOneMask = kFieldSize - 1;

struct FieldTables {
  std::array<uint16_t, kFieldSize> log;
  std::array<Symbol, kFieldSize> exp;
  // The Walsh-Hadamard transform of `log` (with log[0] taken as 0), in the logarithm domain: the
  // constant part of the erasure locator's evaluation (novelpoly LOG_WALSH).
  std::array<uint16_t, kFieldSize> log_walsh;
};

// Built on first use (thread-safe static initialisation), ~1 ms.
const FieldTables& field_tables();

// a · g^log_b, where `log_b` may be 65535 (≡ 0): novelpoly's Additive::mul(Multiplier).
inline Symbol mul_log(Symbol a, uint32_t log_b) {
  if (a == 0) return 0;
  const FieldTables& t = field_tables();
  uint32_t sum = uint32_t{t.log[a]} + log_b;
  return t.exp[(sum & kOneMask) + (sum >> kFieldBits)];
}

// The field product a · b.
inline Symbol mul(Symbol a, Symbol b) {
  if (b == 0) return 0;
  return mul_log(a, field_tables().log[b]);
}

// The multiplicative inverse; inverse(0) is 0.
Symbol inverse(Symbol a);

// The fast Walsh-Hadamard transform over Z/65535 that novelpoly runs in the logarithm domain
// (`walsh_plain`): for each butterfly, (a, b) → (a + b, a − b) mod 65535 with 65535 kept as a
// representative of zero where the fold leaves it. `size` is a power of two ≤ data's length.
void walsh(uint16_t* data, size_t size);

// Multiplication by one fixed constant as two byte-indexed tables: multiplying by a constant is
// linear over GF(2), so c·x = lo[x & 0xff] ^ hi[x >> 8]. 1 KiB, built from 16 products. The same
// products by nibble (nibble_lo[i][v] / nibble_hi[i][v]: the low / high byte of c·(v << 4i)) are
// what a SIMD byte shuffle looks up (additive_fft.cpp).
struct MulTable {
  std::array<Symbol, 256> lo;
  std::array<Symbol, 256> hi;
  alignas(16) std::array<std::array<uint8_t, 16>, 4> nibble_lo;
  alignas(16) std::array<std::array<uint8_t, 16>, 4> nibble_hi;

  static MulTable of(Symbol c);

  Symbol operator()(Symbol x) const { return lo[x & 0xff] ^ hi[x >> 8]; }
};

}  // namespace canary::erasure_coding
