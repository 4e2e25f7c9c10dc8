// The systematic Reed-Solomon code of reed-solomon-novelpoly v2.0.0 (src/novel_poly_basis/mod.rs,
// src/field/inc_encode.rs, inc_reconstruct.rs) over GF(2^16), byte for byte: the wanted shard
// count n and payload shard count k are rounded to powers of two (n up, k down), the payload is
// cut into runs of 2·k bytes, each run's big-endian symbols (zero-padded) are encoded into a
// codeword of n_po2 symbols by IFFT + AFFT (`encode_low`), and symbol i of run r becomes bytes
// [2r, 2r + 2) of shard i. Only the first `wanted_n` shards are produced. Decoding finds the
// message symbols from any k_po2 shards with the erasure locator's evaluations (a Walsh transform
// in the logarithm domain) and the formal derivative (`decode_main`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::erasure_coding {

enum class RsError : uint8_t {
  kWantedShardCountTooLow,    // n < 2
  kWantedShardCountTooHigh,   // n rounds above 65536
  kWantedPayloadCountTooLow,  // k < 1
  kPayloadSizeIsZero,
  kNeedMoreShards,            // fewer than k_po2 shards present
  kInconsistentShardLengths,  // present shards differ in length
  kEmptyShard,
  kUnevenShardLength,  // a shard must hold whole 2-byte symbols
};

const char* to_string(RsError e);

// novelpoly `CodeParams::derive_parameters`.
struct CodeParams {
  size_t n = 0;         // the codeword length: n_po2
  size_t k = 0;         // the message length: k_po2
  size_t wanted_n = 0;  // the shards actually produced

  static Result<CodeParams, RsError> derive(size_t wanted_n, size_t wanted_k);

  // Bytes per shard for a payload: 2·ceil(ceil(len / 2) / k).
  size_t shard_len(size_t payload_size) const;
};

Result<std::vector<Bytes>, RsError> encode(const CodeParams& params, ByteSpan payload);

// From shards by index (nullopt = missing); entries past params.n are ignored and missing ones
// past the end count as absent. Returns k·shard_len bytes: the payload and a zero tail.
Result<Bytes, RsError> reconstruct(const CodeParams& params,
                                   std::span<const std::optional<ByteSpan>> shards);

// From the first k_po2 shards alone, which hold the payload itself (novelpoly
// `reconstruct_from_systematic`); longer lists are fine, only the first k_po2 are read.
Result<Bytes, RsError> reconstruct_from_systematic(const CodeParams& params,
                                                   std::span<const ByteSpan> shards);

}  // namespace canary::erasure_coding
