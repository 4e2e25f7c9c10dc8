// Availability erasure coding (parachain/erasure_coding): GF(2^16) and the additive FFT, the
// Reed-Solomon code against polkadot-sdk's chunks and roots (../shared/fixtures/erasure, produced
// by polkadot-erasure-coding) and against Lagrange interpolation over the same field, round trips
// from random threshold-sized subsets, chunk proofs, and every refusal.
#include "parachain/erasure_coding/erasure_coding.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "parachain/erasure_coding/additive_fft.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/field.hpp"
#include "parachain/erasure_coding/reed_solomon.hpp"
#include "primitives/hash/hash.hpp"
#include "tests/support/hex.hpp"

namespace canary::erasure_coding {
namespace {

using test::hex;
using test::unhex;

Bytes random_bytes(std::mt19937_64& rng, size_t len) {
  Bytes out(len);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// The data followed by zeros only, as the reference's reconstruction returns it.
void expect_data_then_zeros(const Bytes& got, const Bytes& data) {
  ASSERT_GE(got.size(), data.size());
  EXPECT_TRUE(std::equal(data.begin(), data.end(), got.begin()));
  EXPECT_TRUE(std::all_of(got.begin() + static_cast<ptrdiff_t>(data.size()), got.end(),
                          [](uint8_t b) { return b == 0; }));
}

// ---------------------------------------------------------------------------------------------
// Field

TEST(ErasureField, LogAndExpAreInverse) {
  const FieldTables& t = field_tables();
  EXPECT_EQ(t.log[0], kOneMask);
  for (size_t x = 1; x < kFieldSize; ++x) {
    ASSERT_LT(t.log[x], kOneMask);
    ASSERT_EQ(t.exp[t.log[x]], x);
  }
  EXPECT_EQ(t.exp[kOneMask], t.exp[0]);
  // The one of the field is the element whose logarithm is 0.
  Symbol one = t.exp[0];
  for (Symbol x : {Symbol{1}, Symbol{2}, Symbol{0x1234}, Symbol{0xffff}}) EXPECT_EQ(mul(x, one), x);
}

TEST(ErasureField, MultiplicationIsAFieldProduct) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20000; ++i) {
    auto a = static_cast<Symbol>(rng());
    auto b = static_cast<Symbol>(rng());
    auto c = static_cast<Symbol>(rng());
    ASSERT_EQ(mul(a, b), mul(b, a));
    ASSERT_EQ(mul(mul(a, b), c), mul(a, mul(b, c)));
    ASSERT_EQ(mul(a, b ^ c), mul(a, b) ^ mul(a, c));
    if (a != 0) ASSERT_EQ(mul(a, inverse(a)), field_tables().exp[0]);
  }
  EXPECT_EQ(mul(0, 5), 0);
  EXPECT_EQ(inverse(0), 0);
}

TEST(ErasureField, MulTableAgreesWithMul) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 50; ++i) {
    auto c = static_cast<Symbol>(rng());
    MulTable table = MulTable::of(c);
    for (int j = 0; j < 2000; ++j) {
      auto x = static_cast<Symbol>(rng());
      ASSERT_EQ(table(x), mul(x, c));
    }
  }
}

TEST(ErasureField, RowKernelsAgreeWithMul) {
  // Lengths around the 16-symbol SIMD width exercise the vector body and the scalar tail.
  std::mt19937_64 rng(13);
  for (size_t cols : {size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{100}, size_t{256}}) {
    auto c = static_cast<Symbol>(rng());
    MulTable table = MulTable::of(c);
    std::vector<Symbol> src(cols);
    std::vector<Symbol> dst(cols);
    for (auto& x : src) x = static_cast<Symbol>(rng());
    for (auto& x : dst) x = static_cast<Symbol>(rng());
    std::vector<Symbol> expected = dst;
    for (size_t t = 0; t < cols; ++t) expected[t] ^= mul(src[t], c);
    mul_add_row(dst.data(), src.data(), table, cols);
    ASSERT_EQ(dst, expected) << cols;
    for (size_t t = 0; t < cols; ++t) expected[t] = mul(expected[t], c);
    mul_row(dst.data(), table, cols);
    ASSERT_EQ(dst, expected) << cols;
  }
}

TEST(ErasureField, LogMultiplyFoldsTheTopLogarithm) {
  // novelpoly's Multiplier(65535) multiplies by g^65535 = 1.
  for (Symbol x : {Symbol{1}, Symbol{77}, Symbol{0xfffe}}) EXPECT_EQ(mul_log(x, kOneMask), x);
  EXPECT_EQ(mul_log(0, 3), 0);
}

TEST(ErasureField, WalshTwiceScalesBySize) {
  // Over Z/65535 the transform is its own inverse up to the factor `size`.
  std::mt19937_64 rng(3);
  std::vector<uint16_t> v(64);
  for (auto& x : v) x = static_cast<uint16_t>(rng() % kOneMask);
  std::vector<uint16_t> w = v;
  walsh(w.data(), w.size());
  walsh(w.data(), w.size());
  for (size_t i = 0; i < v.size(); ++i) {
    ASSERT_EQ(w[i] % kOneMask, (uint32_t{v[i]} * 64) % kOneMask) << i;
  }
}

// ---------------------------------------------------------------------------------------------
// Additive FFT

TEST(ErasureFft, SkewsOfTheFirstGroupsAreZeroAtPowersOfTwoMinusOne) {
  // initalize() clears skews[2^m − 1]: the first group of every layer at index 0 has no twiddle.
  for (size_t m = 0; m + 1 < kFieldBits; ++m) EXPECT_EQ(skew((size_t{1} << m) - 1), 0) << m;
  EXPECT_EQ(skew_table(0), nullptr);
  EXPECT_NE(skew(2), 0);
  ASSERT_NE(skew_table(2), nullptr);
  EXPECT_EQ((*skew_table(2))(0x1234), mul(0x1234, skew(2)));
}

TEST(ErasureFft, InverseUndoesForward) {
  std::mt19937_64 rng(4);
  for (size_t size : {size_t{1}, size_t{2}, size_t{8}, size_t{256}, size_t{4096}}) {
    for (size_t index : {size_t{0}, size, 4 * size, kFieldSize - size}) {
      std::vector<Symbol> data(size);
      for (auto& x : data) x = static_cast<Symbol>(rng());
      std::vector<Symbol> work = data;
      afft(work, size, index);
      if (size >= 8) EXPECT_NE(work, data);
      inverse_afft(work, size, index);
      ASSERT_EQ(work, data) << size << " " << index;
      inverse_afft(work, size, index);
      afft(work, size, index);
      ASSERT_EQ(work, data) << size << " " << index;
    }
  }
}

TEST(ErasureFft, RowsAgreeWithVectors) {
  std::mt19937_64 rng(5);
  const size_t size = 64;
  const size_t cols = 7;
  std::vector<Symbol> block(size * cols);
  for (auto& x : block) x = static_cast<Symbol>(rng());
  auto column = [&](const std::vector<Symbol>& b, size_t c) {
    std::vector<Symbol> v(size);
    for (size_t i = 0; i < size; ++i) v[i] = b[i * cols + c];
    return v;
  };
  auto check = [&](auto row_op, auto vector_op, const char* what) {
    std::vector<Symbol> rows = block;
    row_op(Rows{rows.data(), cols});
    for (size_t c = 0; c < cols; ++c) {
      std::vector<Symbol> v = column(block, c);
      vector_op(v);
      ASSERT_EQ(column(rows, c), v) << what << " column " << c;
    }
  };
  check([](const Rows& r) { afft(r, size, 128); },
        [](std::vector<Symbol>& v) { afft(v, size, 128); }, "afft");
  check([](const Rows& r) { inverse_afft(r, size, 0); },
        [](std::vector<Symbol>& v) { inverse_afft(v, size, 0); }, "inverse_afft");
  check([](const Rows& r) { formal_derivative(r, size); },
        [](std::vector<Symbol>& v) { formal_derivative(v); }, "formal_derivative");
  // The prefix transform computes the same first `wanted` outputs.
  for (size_t wanted : {size_t{1}, size_t{4}, size_t{16}, size}) {
    std::vector<Symbol> rows = block;
    afft_prefix(Rows{rows.data(), cols}, size, wanted);
    for (size_t c = 0; c < cols; ++c) {
      std::vector<Symbol> v = column(block, c);
      afft(v, size, 0);
      std::vector<Symbol> got = column(rows, c);
      ASSERT_TRUE(std::equal(v.begin(), v.begin() + static_cast<ptrdiff_t>(wanted), got.begin()))
          << wanted;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The code against polkadot-sdk's output and against interpolation

struct FixtureCase {
  size_t validators;
  Bytes data;
  std::vector<Bytes> chunks;
  Hash256 root;
};

std::vector<FixtureCase> fixture_cases() {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/erasure/novelpoly_small.json");
  auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  std::vector<FixtureCase> cases;
  if (json.is_discarded()) return cases;
  for (const auto& c : json["cases"]) {
    FixtureCase f;
    f.validators = c["validators"].get<size_t>();
    f.data = unhex(c["data"].get<std::string>());
    for (const auto& chunk : c["chunks"]) f.chunks.push_back(unhex(chunk.get<std::string>()));
    Bytes root = unhex(c["erasure_root"].get<std::string>());
    std::copy(root.begin(), root.end(), f.root.begin());
    cases.push_back(std::move(f));
  }
  return cases;
}

TEST(ErasureVectors, PolkadotChunksAndRoots) {
  auto cases = fixture_cases();
  ASSERT_EQ(cases.size(), 3u) << "fixture erasure/novelpoly_small.json missing or malformed";
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE(c.validators);
    auto chunks = obtain_chunks(c.validators, c.data);
    ASSERT_TRUE(chunks);
    ASSERT_EQ(chunks->size(), c.chunks.size());
    for (size_t i = 0; i < c.chunks.size(); ++i)
      EXPECT_EQ(hex((*chunks)[i]), hex(c.chunks[i])) << i;
    EXPECT_EQ(hex(erasure_root(*chunks)), hex(c.root));
    // And back, from every subset of threshold size.
    size_t k = recovery_threshold(c.validators).value();
    for (size_t mask = 0; mask < (size_t{1} << c.validators); ++mask) {
      if (static_cast<size_t>(std::popcount(mask)) != k) continue;
      std::vector<IndexedChunk> subset;
      for (size_t i = 0; i < c.validators; ++i) {
        if (mask & (size_t{1} << i)) subset.push_back({c.chunks[i], i});
      }
      auto back = reconstruct(c.validators, subset);
      ASSERT_TRUE(back) << mask;
      expect_data_then_zeros(*back, c.data);
    }
  }
}

// The codeword of message m is the polynomial of degree < k through (x_j, m_j), j < k, evaluated
// at every x_i, where x_i is the field element whose Cantor-basis coordinates are the bits of i.
// Computed here by Lagrange interpolation, independently of the FFT.
std::vector<Symbol> lagrange_codeword(const std::vector<Symbol>& message, size_t n) {
  size_t k = message.size();
  std::vector<Symbol> out(n);
  for (size_t x = 0; x < n; ++x) {
    Symbol acc = 0;
    for (size_t j = 0; j < k; ++j) {
      Symbol num = field_tables().exp[0];
      Symbol den = field_tables().exp[0];
      for (size_t m = 0; m < k; ++m) {
        if (m == j) continue;
        num = mul(num, static_cast<Symbol>(x ^ m));
        den = mul(den, static_cast<Symbol>(j ^ m));
      }
      acc ^= mul(message[j], mul(num, inverse(den)));
    }
    out[x] = acc;
  }
  return out;
}

TEST(ErasureVectors, ParityIsLagrangeInterpolation) {
  std::mt19937_64 rng(6);
  for (size_t validators : {size_t{4}, size_t{10}, size_t{25}, size_t{100}}) {
    CodeParams params =
        CodeParams::derive(validators, recovery_threshold(validators).value()).value();
    Bytes data = random_bytes(rng, 2 * params.k * 3);  // three runs
    auto shards = encode(params, data).value();
    for (size_t run = 0; run < 3; ++run) {
      std::vector<Symbol> message(params.k);
      for (size_t j = 0; j < params.k; ++j) {
        size_t off = run * 2 * params.k + 2 * j;
        message[j] = static_cast<Symbol>((data[off] << 8) | data[off + 1]);
      }
      std::vector<Symbol> expected = lagrange_codeword(message, validators);
      for (size_t i = 0; i < validators; ++i) {
        Symbol got = static_cast<Symbol>((shards[i][2 * run] << 8) | shards[i][2 * run + 1]);
        ASSERT_EQ(got, expected[i]) << validators << " run " << run << " shard " << i;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Round trips

TEST(ErasureRoundTrip, RandomThresholdSubsetsAndSystematic) {
  std::mt19937_64 rng(7);
  for (size_t n : {2, 3, 4, 5, 6, 10, 100, 1000, 1023, 1024, 1025}) {
    SCOPED_TRACE(n);
    size_t k = recovery_threshold(n).value();
    size_t k_po2 = systematic_recovery_threshold(n).value();
    EXPECT_EQ(k_po2, std::bit_floor(k));
    for (size_t len : {size_t{1}, size_t{2}, size_t{3}, size_t{1000}, size_t{12345}}) {
      Bytes data = random_bytes(rng, len);
      auto chunks = obtain_chunks(n, data).value();
      ASSERT_EQ(chunks.size(), n);
      size_t shard_len = 2 * (((len + 1) / 2 + k_po2 - 1) / k_po2);
      for (const Bytes& c : chunks) ASSERT_EQ(c.size(), shard_len);

      for (size_t pick : {k, k_po2}) {
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        std::vector<IndexedChunk> subset;
        subset.reserve(pick);
        for (size_t i = 0; i < pick; ++i) subset.push_back({chunks[order[i]], order[i]});
        auto back = reconstruct(n, subset);
        ASSERT_TRUE(back) << len << " " << pick;
        EXPECT_EQ(back->size(), k_po2 * shard_len);
        expect_data_then_zeros(*back, data);
      }
      // Only parity chunks (the last k_po2), when there are enough of them.
      if (n - k_po2 >= k_po2) {
        std::vector<IndexedChunk> parity;
        parity.reserve(k_po2);
        for (size_t i = n - k_po2; i < n; ++i) parity.push_back({chunks[i], i});
        auto back = reconstruct(n, parity);
        ASSERT_TRUE(back);
        expect_data_then_zeros(*back, data);
      }
      std::vector<ByteSpan> systematic(chunks.begin(),
                                       chunks.begin() + static_cast<ptrdiff_t>(k_po2));
      auto back = reconstruct_from_systematic(n, systematic);
      ASSERT_TRUE(back);
      expect_data_then_zeros(*back, data);
    }
  }
}

TEST(ErasureRoundTrip, LargeValidatorCounts) {
  std::mt19937_64 rng(8);
  for (size_t n : {4096, 65536}) {
    Bytes data = random_bytes(rng, 70001);
    auto chunks = obtain_chunks(n, data).value();
    ASSERT_EQ(chunks.size(), n);
    size_t k = recovery_threshold(n).value();
    std::vector<IndexedChunk> subset;
    subset.reserve(k);
    for (size_t i = n - k; i < n; ++i) subset.push_back({chunks[i], i});
    auto back = reconstruct(n, subset);
    ASSERT_TRUE(back) << n;
    expect_data_then_zeros(*back, data);
  }
}

TEST(ErasureRoundTrip, LaterDuplicateIndexWinsAndExtraEntriesAreIgnored) {
  std::mt19937_64 rng(9);
  Bytes data = random_bytes(rng, 500);
  auto chunks = obtain_chunks(10, data).value();
  Bytes wrong(chunks[0].size(), 0xaa);
  // The reference reads only the first n entries: the 11th (out of range) is never seen.
  std::vector<IndexedChunk> list = {{wrong, 0},     {chunks[0], 0}, {chunks[5], 5}, {chunks[7], 7},
                                    {chunks[9], 9}, {chunks[1], 1}, {chunks[2], 2}, {chunks[3], 3},
                                    {chunks[4], 4}, {chunks[6], 6}, {chunks[8], 99}};
  auto back = reconstruct(10, list);
  ASSERT_TRUE(back);
  expect_data_then_zeros(*back, data);
}

// ---------------------------------------------------------------------------------------------
// Proofs

TEST(ErasureProof, EveryChunkVerifies) {
  std::mt19937_64 rng(10);
  for (size_t n : {2, 3, 16, 17, 100, 1000}) {
    auto chunks = obtain_chunks(n, random_bytes(rng, 3000)).value();
    auto all = branches(chunks).value();
    EXPECT_EQ(all.root, erasure_root(chunks));
    ASSERT_EQ(all.proofs.size(), n);
    for (size_t i = 0; i < n; ++i) {
      const ChunkProof& proof = all.proofs[i];
      ASSERT_LE(proof.size(), kMaxProofNodes);
      ASSERT_TRUE(verify_chunk_proof(all.root, i, chunks[i], proof)) << n << " " << i;
      EXPECT_EQ(branch_hash(all.root, proof, i).value(), hash::blake2b_256(chunks[i]));
    }
    EXPECT_EQ(chunk_proof(chunks, n - 1).value(), all.proofs[n - 1]);
  }
}

TEST(ErasureProof, TamperingIsCaught) {
  std::mt19937_64 rng(11);
  const size_t n = 100;
  auto chunks = obtain_chunks(n, random_bytes(rng, 3000)).value();
  auto all = branches(chunks).value();
  const ChunkProof& proof = all.proofs[42];

  Bytes chunk = chunks[42];
  chunk[0] ^= 1;
  EXPECT_EQ(verify_chunk_proof(all.root, 42, chunk, proof).error(),
            ErasureError::kChunkHashMismatch);
  // Another index's chunk with this proof.
  EXPECT_FALSE(verify_chunk_proof(all.root, 43, chunks[42], proof));
  EXPECT_FALSE(verify_chunk_proof(all.root, 42, chunks[42], all.proofs[43]));
  // A flipped byte in any node.
  for (size_t node = 0; node < proof.size(); ++node) {
    ChunkProof bad = proof;
    bad[node][bad[node].size() / 2] ^= 0x10;
    EXPECT_FALSE(verify_chunk_proof(all.root, 42, chunks[42], bad)) << node;
  }
  // A missing node.
  ChunkProof shorter(proof.begin() + 1, proof.end());
  EXPECT_FALSE(verify_chunk_proof(all.root, 42, chunks[42], shorter));
  // Another root.
  Hash256 root = all.root;
  root[0] ^= 1;
  EXPECT_EQ(verify_chunk_proof(root, 42, chunks[42], proof).error(),
            ErasureError::kInvalidBranchProof);
  // An index with no chunk: the proof of the root path shows absence.
  EXPECT_EQ(branch_hash(all.root, all.proofs[0], 0x10000).error(),
            ErasureError::kBranchOutOfBounds);
  // Bounds of node primitives' Proof.
  EXPECT_EQ(branch_hash(all.root, {}, 42).error(), ErasureError::kProofOutOfBounds);
  ChunkProof too_many(9, proof[0]);
  EXPECT_EQ(branch_hash(all.root, too_many, 42).error(), ErasureError::kProofOutOfBounds);
  ChunkProof too_big = proof;
  too_big.push_back(Bytes(613, 0));
  EXPECT_EQ(branch_hash(all.root, too_big, 42).error(), ErasureError::kProofOutOfBounds);
  ChunkProof empty_node = proof;
  empty_node.push_back({});
  EXPECT_EQ(branch_hash(all.root, empty_node, 42).error(), ErasureError::kProofOutOfBounds);
  // Unneeded extra nodes are ignored, as the reference's MemoryDB does.
  ChunkProof extra = proof;
  extra.push_back(all.proofs[7].back());
  EXPECT_TRUE(verify_chunk_proof(all.root, 42, chunks[42], extra));
  EXPECT_EQ(chunk_proof(chunks, n).error(), ErasureError::kChunkIndexOutOfBounds);
}

// ---------------------------------------------------------------------------------------------
// Refusals

TEST(ErasureErrors, ValidatorCounts) {
  EXPECT_EQ(recovery_threshold(0).error(), ErasureError::kNotEnoughValidators);
  EXPECT_EQ(recovery_threshold(1).error(), ErasureError::kNotEnoughValidators);
  EXPECT_EQ(recovery_threshold(65537).error(), ErasureError::kTooManyValidators);
  EXPECT_EQ(recovery_threshold(2).value(), 1u);
  EXPECT_EQ(recovery_threshold(4).value(), 2u);
  EXPECT_EQ(recovery_threshold(1000).value(), 334u);
  EXPECT_EQ(recovery_threshold(65536).value(), 21846u);
  EXPECT_EQ(systematic_recovery_threshold(1000).value(), 256u);
  EXPECT_EQ(systematic_recovery_threshold(65536).value(), 16384u);
  Bytes data = {1, 2, 3};
  EXPECT_EQ(obtain_chunks(1, data).error(), ErasureError::kNotEnoughValidators);
  EXPECT_EQ(obtain_chunks(65537, data).error(), ErasureError::kTooManyValidators);
  EXPECT_EQ(obtain_chunks(10, {}).error(), ErasureError::kBadPayload);
  EXPECT_EQ(reconstruct(1, {}).error(), ErasureError::kNotEnoughValidators);

  CodeParams p = CodeParams::derive(1000, 334).value();
  EXPECT_EQ(p.n, 1024u);
  EXPECT_EQ(p.k, 256u);
  EXPECT_EQ(CodeParams::derive(1, 1).error(), RsError::kWantedShardCountTooLow);
  EXPECT_EQ(CodeParams::derive(10, 0).error(), RsError::kWantedPayloadCountTooLow);
  EXPECT_EQ(CodeParams::derive(70000, 5).error(), RsError::kWantedShardCountTooHigh);
  EXPECT_EQ(encode(p, {}).error(), RsError::kPayloadSizeIsZero);
}

TEST(ErasureErrors, BadChunkSets) {
  std::mt19937_64 rng(12);
  auto chunks = obtain_chunks(10, random_bytes(rng, 100)).value();
  std::vector<IndexedChunk> three = {{chunks[0], 0}, {chunks[1], 1}, {chunks[2], 2}};
  EXPECT_EQ(reconstruct(10, three).error(), ErasureError::kNotEnoughChunks);
  EXPECT_EQ(reconstruct(10, {}).error(), ErasureError::kNotEnoughChunks);
  std::vector<IndexedChunk> out_of_range = {{chunks[0], 10}};
  EXPECT_EQ(reconstruct(10, out_of_range).error(), ErasureError::kChunkIndexOutOfBounds);
  Bytes shorter(chunks[1].begin(), chunks[1].end() - 2);
  std::vector<IndexedChunk> ragged = {{chunks[0], 0}, {shorter, 1}, {chunks[2], 2}, {chunks[3], 3}};
  EXPECT_EQ(reconstruct(10, ragged).error(), ErasureError::kNonUniformChunks);
  Bytes odd(chunks[0].begin(), chunks[0].end() - 1);
  std::vector<IndexedChunk> uneven = {{odd, 0}};
  EXPECT_EQ(reconstruct(10, uneven).error(), ErasureError::kUnevenLength);
  Bytes empty;
  std::vector<IndexedChunk> empties = {{empty, 0}, {empty, 1}, {empty, 2}, {empty, 3}};
  EXPECT_EQ(reconstruct(10, empties).error(), ErasureError::kNonUniformChunks);

  std::vector<ByteSpan> sys = {chunks[0], chunks[1], chunks[2]};
  EXPECT_EQ(reconstruct_from_systematic(10, std::span<const ByteSpan>(sys).first(1)).error(),
            ErasureError::kNotEnoughChunks);
  EXPECT_EQ(reconstruct_from_systematic(10, {}).error(), ErasureError::kNotEnoughChunks);
  std::vector<ByteSpan> sys_ragged = {chunks[0], shorter};
  EXPECT_EQ(reconstruct_from_systematic(10, sys_ragged).error(), ErasureError::kNonUniformChunks);
  std::vector<ByteSpan> sys_odd = {odd, odd};
  EXPECT_EQ(reconstruct_from_systematic(10, sys_odd).error(), ErasureError::kUnevenLength);
  std::vector<ByteSpan> sys_empty = {empty, empty};
  EXPECT_EQ(reconstruct_from_systematic(10, sys_empty).error(), ErasureError::kNonUniformChunks);
  EXPECT_EQ(reconstruct_from_systematic(10, sys).error(), ErasureError::kNotEnoughChunks);
  // k_po2(10) = 4; further chunks are ignored.
  std::vector<ByteSpan> five = {chunks[0], chunks[1], chunks[2], chunks[3], chunks[4]};
  EXPECT_TRUE(reconstruct_from_systematic(10, five));
}

}  // namespace
}  // namespace canary::erasure_coding
