#include "parachain/erasure_coding/reed_solomon.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "parachain/erasure_coding/additive_fft.hpp"
#include "parachain/erasure_coding/field.hpp"

namespace canary::erasure_coding {
namespace {

// Codewords processed together: one column each. Large enough that a twiddle's 1 KiB table
// serves many multiplies, small enough that a block of rows stays in the L2 cache.
constexpr size_t kEncodeTile = 256;
constexpr size_t kDecodeTile = 128;
// Above this many rows the decoder multiplies by the locator through logarithms instead of a
// table per row (a table per row would take n KiB).
constexpr size_t kMaxRowTables = 8192;

size_t next_lower_power_of_2(size_t x) {
  return std::bit_floor(x);
}
size_t next_higher_power_of_2(size_t x) {
  return std::bit_ceil(x);
}

Symbol load_be(const uint8_t* p) {
  return static_cast<Symbol>((p[0] << 8) | p[1]);
}
void store_be(uint8_t* p, Symbol s) {
  p[0] = static_cast<uint8_t>(s >> 8);
  p[1] = static_cast<uint8_t>(s);
}
// A row of symbols into consecutive big-endian pairs (vectorised by the compiler).
void store_row_be(uint8_t* out, const Symbol* row, size_t cols) {
  for (size_t t = 0; t < cols; ++t) {
    Symbol swapped = __builtin_bswap16(row[t]);
    std::memcpy(out + 2 * t, &swapped, 2);
  }
}

// novelpoly `eval_error_polynomial` (inc_reconstruct.rs), called with n = FIELD_SIZE as
// `ReedSolomon::reconstruct` does: the logarithms of the factors that undo the erasure locator,
// for the n = erased.size() codeword positions. The reference runs two Walsh transforms of the
// whole field; only their values mod 65535 matter (the product reduces mod 65535 and a logarithm
// of 65535 multiplies by g^0 like 0 does), so both shrink to size n: the transform of a vector
// supported on [0, n) is that of size n repeated, and the first n outputs of a transform are
// those of size n on the input folded onto [0, n) by adding its blocks. Same results, ~1/30 of
// the work.
std::vector<uint16_t> error_locator_logs(const std::vector<bool>& erased) {
  const FieldTables& t = field_tables();
  const size_t n = erased.size();
  std::vector<uint16_t> lw(n);
  for (size_t i = 0; i < n; ++i) lw[i] = erased[i] ? 1 : 0;
  walsh(lw.data(), n);
  std::vector<uint64_t> folded(n, 0);
  for (size_t block = 0; block < kFieldSize; block += n) {
    for (size_t i = 0; i < n; ++i)
      folded[i] += (uint32_t{lw[i]} * t.log_walsh[block + i]) % kOneMask;
  }
  for (size_t i = 0; i < n; ++i) lw[i] = static_cast<uint16_t>(folded[i] % kOneMask);
  walsh(lw.data(), n);
  for (size_t i = 0; i < n; ++i) {
    if (erased[i]) lw[i] = static_cast<uint16_t>(kOneMask - lw[i]);
  }
  return lw;
}

// Multiplies by g^log for one row: a table when rows are few, logarithms otherwise.
struct RowScale {
  std::optional<MulTable> table;
  uint32_t log = 0;

  static RowScale of(uint32_t log, bool use_table) {
    RowScale s;
    s.log = log;
    if (use_table) s.table = MulTable::of(field_tables().exp[log]);
    return s;
  }
  Symbol operator()(Symbol x) const { return table ? (*table)(x) : mul_log(x, log); }
};

}  // namespace

const char* to_string(RsError e) {
  switch (e) {
    case RsError::kWantedShardCountTooLow:
      return "the number of wanted shards must be at least 2";
    case RsError::kWantedShardCountTooHigh:
      return "the number of wanted shards exceeds 2^16";
    case RsError::kWantedPayloadCountTooLow:
      return "the number of payload shards must be at least 1";
    case RsError::kPayloadSizeIsZero:
      return "the payload is empty";
    case RsError::kNeedMoreShards:
      return "too few shards to recover the payload";
    case RsError::kInconsistentShardLengths:
      return "the shards differ in length";
    case RsError::kEmptyShard:
      return "a shard is empty";
    case RsError::kUnevenShardLength:
      return "a shard's length is odd";
  }
  return "unknown Reed-Solomon error";
}

Result<CodeParams, RsError> CodeParams::derive(size_t wanted_n, size_t wanted_k) {
  if (wanted_n < 2) return unexpected(RsError::kWantedShardCountTooLow);
  if (wanted_k < 1) return unexpected(RsError::kWantedPayloadCountTooLow);
  if (wanted_n > kFieldSize) return unexpected(RsError::kWantedShardCountTooHigh);
  CodeParams p;
  p.n = next_higher_power_of_2(wanted_n);
  p.k = next_lower_power_of_2(wanted_k);
  p.wanted_n = wanted_n;
  // novelpoly asserts that rounding never raises the code rate; encode_low needs k ≤ n / 2.
  if (p.k > p.n / 2) return unexpected(RsError::kWantedPayloadCountTooLow);
  return p;
}

size_t CodeParams::shard_len(size_t payload_size) const {
  size_t payload_symbols = (payload_size + 1) / 2;
  return ((payload_symbols + k - 1) / k) * 2;
}

Result<std::vector<Bytes>, RsError> encode(const CodeParams& params, ByteSpan payload) {
  if (payload.empty()) return unexpected(RsError::kPayloadSizeIsZero);
  const size_t k = params.k;
  const size_t shard_len = params.shard_len(payload.size());
  const size_t runs = shard_len / 2;
  const size_t blocks = (params.wanted_n + k - 1) / k;  // block 0 is the payload itself
  std::vector<Bytes> shards(params.wanted_n, Bytes(shard_len));

  const size_t tile = std::min(kEncodeTile, runs);
  std::vector<Symbol> message(k * tile);
  std::vector<Symbol> transformed(k * tile);
  std::vector<Symbol> parity(k * tile);
  const uint8_t* bytes = payload.data();
  const size_t len = payload.size();

  for (size_t r0 = 0; r0 < runs; r0 += tile) {
    const size_t cols = std::min(tile, runs - r0);
    Rows msg{message.data(), cols};
    // Run r's symbols, big-endian, the last run zero-padded (encode_sub; an odd final byte b is
    // the symbol b << 8).
    if ((r0 + cols) * 2 * k <= len) {
      for (size_t i = 0; i < k; ++i) {
        Symbol* row = msg.row(i);
        const uint8_t* in = bytes + r0 * 2 * k + 2 * i;
        for (size_t t = 0; t < cols; ++t) row[t] = load_be(in + t * 2 * k);
      }
    } else {
      for (size_t t = 0; t < cols; ++t) {
        for (size_t i = 0; i < k; ++i) {
          size_t off = (r0 + t) * 2 * k + 2 * i;
          uint8_t hi = off < len ? bytes[off] : 0;
          uint8_t lo = off + 1 < len ? bytes[off + 1] : 0;
          msg.row(i)[t] = static_cast<Symbol>((hi << 8) | lo);
        }
      }
    }
    for (size_t i = 0; i < k; ++i) store_row_be(shards[i].data() + 2 * r0, msg.row(i), cols);
    // encode_low: the message's coefficients once, then their evaluations at each shift.
    Rows coeffs{transformed.data(), cols};
    std::copy_n(message.data(), k * cols, transformed.data());
    inverse_afft(coeffs, k, 0);
    for (size_t b = 1; b < blocks; ++b) {
      const size_t shift = b * k;
      Rows par{parity.data(), cols};
      std::copy_n(transformed.data(), k * cols, parity.data());
      afft(par, k, shift);
      const size_t last = std::min(k, params.wanted_n - shift);
      for (size_t i = 0; i < last; ++i) {
        store_row_be(shards[shift + i].data() + 2 * r0, par.row(i), cols);
      }
    }
  }
  return shards;
}

Result<Bytes, RsError> reconstruct(const CodeParams& params,
                                   std::span<const std::optional<ByteSpan>> shards) {
  const size_t n = params.n;
  const size_t k = params.k;
  const size_t given = std::min(shards.size(), n);
  std::vector<bool> erased(n, true);
  size_t present = 0;
  for (size_t i = 0; i < given; ++i) {
    if (shards[i]) {
      erased[i] = false;
      ++present;
    }
  }
  if (present < k) return unexpected(RsError::kNeedMoreShards);
  size_t shard_len = 0;
  bool first = true;
  for (size_t i = 0; i < given; ++i) {
    if (!shards[i]) continue;
    if (first) {
      shard_len = shards[i]->size();
      if (shard_len == 0) return unexpected(RsError::kEmptyShard);
      first = false;
    } else if (shards[i]->size() != shard_len) {
      return unexpected(RsError::kInconsistentShardLengths);
    }
  }
  if (shard_len % 2 != 0) return unexpected(RsError::kUnevenShardLength);
  const size_t symbols = shard_len / 2;
  Bytes out(symbols * 2 * k);

  // Every message shard present: decoding would return them unchanged.
  bool systematic = std::none_of(erased.begin(), erased.begin() + static_cast<ptrdiff_t>(k),
                                 [](bool e) { return e; });
  if (systematic) {
    for (size_t i = 0; i < k; ++i) {
      const uint8_t* in = shards[i]->data();
      for (size_t p = 0; p < symbols; ++p) {
        out[(p * k + i) * 2] = in[2 * p];
        out[(p * k + i) * 2 + 1] = in[2 * p + 1];
      }
    }
    return out;
  }

  // decode_main per symbol position, on kDecodeTile positions at once.
  const std::vector<uint16_t> locator = error_locator_logs(erased);
  const bool tables = n <= kMaxRowTables;
  std::vector<RowScale> scale_in(n);
  std::vector<RowScale> scale_out(k);
  for (size_t i = 0; i < n; ++i) {
    if (!erased[i]) scale_in[i] = RowScale::of(locator[i], tables);
  }
  for (size_t i = 0; i < k; ++i) {
    if (erased[i]) scale_out[i] = RowScale::of(locator[i], tables);
  }

  const size_t tile = std::min(kDecodeTile, symbols);
  std::vector<Symbol> buffer(n * tile);
  for (size_t p0 = 0; p0 < symbols; p0 += tile) {
    const size_t cols = std::min(tile, symbols - p0);
    Rows rows{buffer.data(), cols};
    for (size_t i = 0; i < n; ++i) {
      Symbol* row = rows.row(i);
      if (erased[i]) {
        std::fill_n(row, cols, Symbol{0});
        continue;
      }
      const uint8_t* in = shards[i]->data() + 2 * p0;
      const RowScale& s = scale_in[i];
      for (size_t t = 0; t < cols; ++t) row[t] = s(load_be(in + 2 * t));
    }
    inverse_afft(rows, n, 0);
    formal_derivative(rows, n);
    afft_prefix(rows, n, k);
    for (size_t i = 0; i < k; ++i) {
      uint8_t* dst = out.data() + (p0 * k + i) * 2;
      if (erased[i]) {
        const Symbol* row = rows.row(i);
        const RowScale& s = scale_out[i];
        for (size_t t = 0; t < cols; ++t) store_be(dst + t * k * 2, s(row[t]));
      } else {
        const uint8_t* in = shards[i]->data() + 2 * p0;
        for (size_t t = 0; t < cols; ++t) {
          dst[t * k * 2] = in[2 * t];
          dst[t * k * 2 + 1] = in[2 * t + 1];
        }
      }
    }
  }
  return out;
}

Result<Bytes, RsError> reconstruct_from_systematic(const CodeParams& params,
                                                   std::span<const ByteSpan> shards) {
  const size_t k = params.k;
  if (shards.empty() || shards.size() < k) return unexpected(RsError::kNeedMoreShards);
  const size_t shard_len = shards[0].size();
  if (shard_len == 0) return unexpected(RsError::kEmptyShard);
  for (ByteSpan s : shards) {
    if (s.size() != shard_len) return unexpected(RsError::kInconsistentShardLengths);
  }
  if (shard_len % 2 != 0) return unexpected(RsError::kUnevenShardLength);
  Bytes out(shard_len * k);
  for (size_t i = 0; i < k; ++i) {
    const uint8_t* in = shards[i].data();
    for (size_t p = 0; p < shard_len / 2; ++p) {
      out[(p * k + i) * 2] = in[2 * p];
      out[(p * k + i) * 2 + 1] = in[2 * p + 1];
    }
  }
  return out;
}

}  // namespace canary::erasure_coding
