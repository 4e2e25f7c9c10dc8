#include "parachain/erasure_coding/field.hpp"

#include <bit>
#include <memory>

namespace canary::erasure_coding {
namespace {

// novelpoly src/field/f2e16.rs: the tail of the irreducible polynomial and the Cantor basis, as
// polynomial-basis elements (BASE[i] = BASE[i+1]^2 + BASE[i+1]).
constexpr uint32_t kGenerator = 0x2D;
constexpr std::array<uint16_t, kFieldBits> kCantorBasis = {1,     44234, 15374, 5694, 50562, 60718,
                                                           37196, 16402, 27800, 4312, 27250, 47360,
                                                           64952, 64308, 65336, 39198};

std::unique_ptr<FieldTables> build_tables() {
  auto t = std::make_unique<FieldTables>();
  // Logarithms of the polynomial-basis elements, by walking the powers of x (exp_table's first
  // use in the generator); zero gets 65535.
  std::array<uint16_t, kFieldSize>& poly_log = t->exp;  // scratch, overwritten below
  uint32_t state = 1;
  for (uint32_t i = 0; i < kOneMask; ++i) {
    poly_log[state] = static_cast<uint16_t>(i);
    state <<= 1;
    if (state & kFieldSize) state = (state & kOneMask) ^ kGenerator;
  }
  poly_log[0] = kOneMask;
  // A Cantor-basis coordinate vector x names the element Σ x_i · BASE[i].
  t->log[0] = 0;
  for (size_t i = 0; i < kFieldBits; ++i) {
    for (size_t j = 0; j < (size_t{1} << i); ++j) {
      t->log[j + (size_t{1} << i)] = t->log[j] ^ kCantorBasis[i];
    }
  }
  for (size_t x = 0; x < kFieldSize; ++x) t->log[x] = poly_log[t->log[x]];
  for (size_t x = 0; x < kFieldSize; ++x) t->exp[t->log[x]] = static_cast<Symbol>(x);
  t->exp[kOneMask] = t->exp[0];

  t->log_walsh = t->log;
  t->log_walsh[0] = 0;
  walsh(t->log_walsh.data(), kFieldSize);
  return t;
}

}  // namespace

const FieldTables& field_tables() {
  static const std::unique_ptr<FieldTables> kTables = build_tables();
  return *kTables;
}

Symbol inverse(Symbol a) {
  if (a == 0) return 0;
  const FieldTables& t = field_tables();
  return t.exp[(kOneMask - t.log[a]) % kOneMask];
}

void walsh(uint16_t* data, size_t size) {
  for (size_t depart = 1; depart < size; depart <<= 1) {
    for (size_t j = 0; j < size; j += depart << 1) {
      for (size_t i = j; i < j + depart; ++i) {
        uint32_t a = data[i];
        uint32_t b = data[i + depart];
        uint32_t sum = a + b;
        uint32_t diff = a + kOneMask - b;
        data[i] = static_cast<uint16_t>((sum & kOneMask) + (sum >> kFieldBits));
        data[i + depart] = static_cast<uint16_t>((diff & kOneMask) + (diff >> kFieldBits));
      }
    }
  }
}

MulTable MulTable::of(Symbol c) {
  MulTable m;
  // Gray-code style: each entry is an earlier entry plus the product of one basis bit.
  std::array<Symbol, 8> lo_bits;
  std::array<Symbol, 8> hi_bits;
  for (size_t bit = 0; bit < 8; ++bit) {
    lo_bits[bit] = mul(static_cast<Symbol>(1u << bit), c);
    hi_bits[bit] = mul(static_cast<Symbol>(0x100u << bit), c);
  }
  m.lo[0] = 0;
  m.hi[0] = 0;
  for (size_t b = 1; b < 256; ++b) {
    auto low_bit = static_cast<size_t>(std::countr_zero(b));
    m.lo[b] = m.lo[b & (b - 1)] ^ lo_bits[low_bit];
    m.hi[b] = m.hi[b & (b - 1)] ^ hi_bits[low_bit];
  }
  for (size_t v = 0; v < 16; ++v) {
    std::array<Symbol, 4> products = {m.lo[v], m.lo[v << 4], m.hi[v], m.hi[v << 4]};
    for (size_t i = 0; i < 4; ++i) {
      m.nibble_lo[i][v] = static_cast<uint8_t>(products[i]);
      m.nibble_hi[i][v] = static_cast<uint8_t>(products[i] >> 8);
    }
  }
  return m;
}

}  // namespace canary::erasure_coding
