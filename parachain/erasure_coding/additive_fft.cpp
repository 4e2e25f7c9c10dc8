#include "parachain/erasure_coding/additive_fft.hpp"

#include <memory>
#include <mutex>
#include <vector>

#include "primitives/util/check.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace canary::erasure_coding {
namespace {

constexpr size_t kSkewCount = kOneMask;

// novelpoly `AdditiveFFT::initalize`: the skews in additive form. The recurrence is replayed as
// written there (including its reuse of `base[m]` as a logarithm once row m is done), since the
// twiddles are part of the code's definition: other twiddles give other parity symbols.
std::unique_ptr<std::array<Symbol, kSkewCount>> build_skews() {
  const FieldTables& t = field_tables();
  auto skews = std::make_unique<std::array<Symbol, kSkewCount>>();
  skews->fill(0);
  std::array<uint32_t, kFieldBits - 1> base{};
  for (size_t i = 1; i < kFieldBits; ++i) base[i - 1] = uint32_t{1} << i;
  for (size_t m = 0; m + 1 < kFieldBits; ++m) {
    size_t step = size_t{1} << (m + 1);
    (*skews)[(size_t{1} << m) - 1] = 0;
    for (size_t i = m; i + 1 < kFieldBits; ++i) {
      size_t s = size_t{1} << (i + 1);
      for (size_t j = (size_t{1} << m) - 1; j < s; j += step) {
        (*skews)[j + s] = static_cast<Symbol>((*skews)[j] ^ base[i]);
      }
    }
    Symbol product = mul_log(static_cast<Symbol>(base[m]), t.log[static_cast<Symbol>(base[m] ^ 1)]);
    base[m] = kOneMask - t.log[product];
    for (size_t i = m + 1; i + 1 < kFieldBits; ++i) {
      uint32_t b = (uint32_t{t.log[static_cast<Symbol>(base[i] ^ 1)]} + base[m]) % kOneMask;
      base[i] = mul_log(static_cast<Symbol>(base[i]), b);
    }
  }
  return skews;
}

const std::array<Symbol, kSkewCount>& skews() {
  static const std::unique_ptr<std::array<Symbol, kSkewCount>> kTable = build_skews();
  return *kTable;
}

constexpr size_t kTableBlock = 1024;
constexpr size_t kTableBlocks = (kSkewCount + kTableBlock - 1) / kTableBlock;

struct SkewTableCache {
  std::array<std::once_flag, kTableBlocks> built;
  std::array<std::unique_ptr<MulTable[]>, kTableBlocks> blocks;
};

SkewTableCache& skew_table_cache() {
  static SkewTableCache cache;
  return cache;
}

}  // namespace

Symbol skew(size_t i) {
  CANARY_ASSERT(i < kSkewCount);
  return skews()[i];
}

const MulTable* skew_table(size_t i) {
  CANARY_ASSERT(i < kSkewCount);
  Symbol s = skews()[i];
  if (s == 0) return nullptr;
  SkewTableCache& cache = skew_table_cache();
  size_t block = i / kTableBlock;
  std::call_once(cache.built[block], [&] {
    size_t first = block * kTableBlock;
    size_t count = std::min(kTableBlock, kSkewCount - first);
    auto tables = std::make_unique<MulTable[]>(count);
    for (size_t k = 0; k < count; ++k) tables[k] = MulTable::of(skews()[first + k]);
    cache.blocks[block] = std::move(tables);
  });
  return &cache.blocks[block][i % kTableBlock];
}

void afft(std::span<Symbol> data, size_t size, size_t index) {
  CANARY_ASSERT(data.size() >= size && index + size <= kFieldSize);
  for (size_t depart = size >> 1; depart > 0; depart >>= 1) {
    for (size_t j = depart; j < size; j += depart << 1) {
      Symbol s = skew(j + index - 1);
      if (s != 0) {
        for (size_t i = j - depart; i < j; ++i) data[i] ^= mul(data[i + depart], s);
      }
      for (size_t i = j - depart; i < j; ++i) data[i + depart] ^= data[i];
    }
  }
}

void inverse_afft(std::span<Symbol> data, size_t size, size_t index) {
  CANARY_ASSERT(data.size() >= size && index + size <= kFieldSize);
  for (size_t depart = 1; depart < size; depart <<= 1) {
    for (size_t j = depart; j < size; j += depart << 1) {
      for (size_t i = j - depart; i < j; ++i) data[i + depart] ^= data[i];
      Symbol s = skew(j + index - 1);
      if (s != 0) {
        for (size_t i = j - depart; i < j; ++i) data[i] ^= mul(data[i + depart], s);
      }
    }
  }
}

void formal_derivative(std::span<Symbol> data) {
  size_t n = data.size();
  for (size_t i = 1; i < n; ++i) {
    size_t length = ((i ^ (i - 1)) + 1) >> 1;
    for (size_t j = i - length; j < i; ++j) {
      if (j + length < n) data[j] ^= data[j + length];
    }
  }
}

void xor_row(Symbol* dst, const Symbol* src, size_t cols) {
  for (size_t t = 0; t < cols; ++t) dst[t] ^= src[t];
}

namespace {

void mul_add_row_portable(Symbol* dst, const Symbol* src, const MulTable& c, size_t cols) {
  for (size_t t = 0; t < cols; ++t) dst[t] ^= c(src[t]);
}

#if defined(__x86_64__)
// Sixteen products at once: each 16-bit lane's four nibbles index the constant's nibble tables
// with a byte shuffle (the lane's high byte is 0, which looks up c·0 = 0), as in ISA-L and
// Leopard. Chosen at run time, since the build targets baseline x86-64.
__attribute__((target("avx2"))) void mul_add_row_avx2(Symbol* dst, const Symbol* src,
                                                      const MulTable& c, size_t cols) {
#define CANARY_NIBBLE_TABLE(t) \
  _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>((t).data())))
  const __m256i lo0 = CANARY_NIBBLE_TABLE(c.nibble_lo[0]),
                lo1 = CANARY_NIBBLE_TABLE(c.nibble_lo[1]);
  const __m256i lo2 = CANARY_NIBBLE_TABLE(c.nibble_lo[2]),
                lo3 = CANARY_NIBBLE_TABLE(c.nibble_lo[3]);
  const __m256i hi0 = CANARY_NIBBLE_TABLE(c.nibble_hi[0]),
                hi1 = CANARY_NIBBLE_TABLE(c.nibble_hi[1]);
  const __m256i hi2 = CANARY_NIBBLE_TABLE(c.nibble_hi[2]),
                hi3 = CANARY_NIBBLE_TABLE(c.nibble_hi[3]);
#undef CANARY_NIBBLE_TABLE
  const __m256i mask = _mm256_set1_epi16(0x000f);
  size_t t = 0;
  for (; t + 16 <= cols; t += 16) {
    __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + t));
    __m256i n0 = _mm256_and_si256(x, mask);
    __m256i n1 = _mm256_and_si256(_mm256_srli_epi16(x, 4), mask);
    __m256i n2 = _mm256_and_si256(_mm256_srli_epi16(x, 8), mask);
    __m256i n3 = _mm256_srli_epi16(x, 12);
    __m256i lo = _mm256_xor_si256(
        _mm256_xor_si256(_mm256_shuffle_epi8(lo0, n0), _mm256_shuffle_epi8(lo1, n1)),
        _mm256_xor_si256(_mm256_shuffle_epi8(lo2, n2), _mm256_shuffle_epi8(lo3, n3)));
    __m256i hi = _mm256_xor_si256(
        _mm256_xor_si256(_mm256_shuffle_epi8(hi0, n0), _mm256_shuffle_epi8(hi1, n1)),
        _mm256_xor_si256(_mm256_shuffle_epi8(hi2, n2), _mm256_shuffle_epi8(hi3, n3)));
    __m256i product = _mm256_or_si256(lo, _mm256_slli_epi16(hi, 8));
    __m256i* out = reinterpret_cast<__m256i*>(dst + t);
    _mm256_storeu_si256(out, _mm256_xor_si256(_mm256_loadu_si256(out), product));
  }
  mul_add_row_portable(dst + t, src + t, c, cols - t);
}
#endif

using MulAddRow = void (*)(Symbol*, const Symbol*, const MulTable&, size_t);

MulAddRow select_mul_add_row() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) return mul_add_row_avx2;
#endif
  return mul_add_row_portable;
}

}  // namespace

void mul_add_row(Symbol* dst, const Symbol* src, const MulTable& c, size_t cols) {
  // Chosen on first use (not at static initialisation, whose order across files is unspecified).
  static const MulAddRow kMulAddRow = select_mul_add_row();
  kMulAddRow(dst, src, c, cols);
}

void mul_row(Symbol* dst, const MulTable& c, size_t cols) {
  for (size_t t = 0; t < cols; ++t) dst[t] = c(dst[t]);
}

void afft(const Rows& rows, size_t size, size_t index) {
  CANARY_ASSERT(index + size <= kFieldSize);
  for (size_t depart = size >> 1; depart > 0; depart >>= 1) {
    for (size_t j = depart; j < size; j += depart << 1) {
      if (const MulTable* s = skew_table(j + index - 1)) {
        for (size_t i = j - depart; i < j; ++i) {
          mul_add_row(rows.row(i), rows.row(i + depart), *s, rows.cols);
        }
      }
      for (size_t i = j - depart; i < j; ++i) xor_row(rows.row(i + depart), rows.row(i), rows.cols);
    }
  }
}

void inverse_afft(const Rows& rows, size_t size, size_t index) {
  CANARY_ASSERT(index + size <= kFieldSize);
  for (size_t depart = 1; depart < size; depart <<= 1) {
    for (size_t j = depart; j < size; j += depart << 1) {
      for (size_t i = j - depart; i < j; ++i) xor_row(rows.row(i + depart), rows.row(i), rows.cols);
      if (const MulTable* s = skew_table(j + index - 1)) {
        for (size_t i = j - depart; i < j; ++i) {
          mul_add_row(rows.row(i), rows.row(i + depart), *s, rows.cols);
        }
      }
    }
  }
}

void formal_derivative(const Rows& rows, size_t size) {
  for (size_t i = 1; i < size; ++i) {
    size_t length = ((i ^ (i - 1)) + 1) >> 1;
    for (size_t j = i - length; j < i && j + length < size; ++j) {
      xor_row(rows.row(j), rows.row(j + length), rows.cols);
    }
  }
}

void afft_prefix(const Rows& rows, size_t size, size_t wanted) {
  CANARY_ASSERT(wanted > 0 && wanted <= size && size <= kFieldSize);
  size_t depart = size >> 1;
  // While the halves are at least `wanted` long, only the first group's upper update reaches the
  // wanted outputs: rows [0, depart) absorb c·rows [depart, 2·depart); nothing else is read again.
  for (; depart >= wanted && depart > 0; depart >>= 1) {
    if (const MulTable* s = skew_table(depart - 1)) {
      for (size_t i = 0; i < depart; ++i) {
        mul_add_row(rows.row(i), rows.row(i + depart), *s, rows.cols);
      }
    }
  }
  afft(rows, wanted, 0);
}

}  // namespace canary::erasure_coding
