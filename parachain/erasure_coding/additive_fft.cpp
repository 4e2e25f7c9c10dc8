#include "parachain/erasure_coding/additive_fft.hpp"

#include <memory>
#include <mutex>
#include <vector>

#include "primitives/util/check.hpp"

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
  static const std::unique_ptr<std::array<Symbol, kSkewCount>> table = build_skews();
  return *table;
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

void mul_add_row(Symbol* dst, const Symbol* src, const MulTable& c, size_t cols) {
  for (size_t t = 0; t < cols; ++t) dst[t] ^= c(src[t]);
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
