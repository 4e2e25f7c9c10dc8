// The additive FFT of Lin, Chung and Han ("Novel Polynomial Basis and Its Application to
// Reed-Solomon Erasure Codes", FOCS 2014) exactly as reed-solomon-novelpoly v2.0.0 runs it
// (src/field/inc_afft.rs: `AdditiveFFT::initalize`, `afft`, `inverse_afft`, `formal_derivative`):
// evaluations of a polynomial in the novel basis at the points of the subspace shifted by
// `index`, with the butterfly twiddles ("skews") of that file.
//
// Each transform comes twice: on one vector of symbols (the reference, used by the tests and for
// small inputs), and on a block of rows, where every row holds the same position of many
// independent codewords (one per column). The row form applies one twiddle to a whole row with a
// byte-table multiply, which is what makes encoding megabytes fast (reed_solomon.cpp).
#pragma once

#include <cstddef>
#include <span>

#include "parachain/erasure_coding/field.hpp"

namespace canary::erasure_coding {

// The twiddle of butterfly group `i` (0 ≤ i < 65535) as a field element; 0 means "no multiply".
Symbol skew(size_t i);

// Its multiplication table, or nullptr when the skew is 0. Built on first use, a thousand at a
// time, and kept for the life of the process (64 MiB if every one is ever used).
const MulTable* skew_table(size_t i);

// On one vector: data.size() ≥ size, size a power of two, index + size ≤ 65536.
void afft(std::span<Symbol> data, size_t size, size_t index);
void inverse_afft(std::span<Symbol> data, size_t size, size_t index);
// novelpoly's `formal_derivative` (its second loop never runs and is left out).
void formal_derivative(std::span<Symbol> data);

// A block of `row_count` rows of `cols` symbols each, row-major.
struct Rows {
  Symbol* data;
  size_t cols;

  Symbol* row(size_t i) const { return data + i * cols; }
};

void afft(const Rows& rows, size_t size, size_t index);
void inverse_afft(const Rows& rows, size_t size, size_t index);
void formal_derivative(const Rows& rows, size_t size);
// The AFFT at index 0 when only rows [0, wanted) of the result are needed (wanted a power of two
// ≤ size): the other outputs are left unspecified, at about a third of the work for wanted =
// size / 4. Used by the decoder, which only reads the message positions.
void afft_prefix(const Rows& rows, size_t size, size_t wanted);

// Row kernels: dst ^= src; dst ^= c·src; dst = c·dst.
void xor_row(Symbol* dst, const Symbol* src, size_t cols);
void mul_add_row(Symbol* dst, const Symbol* src, const MulTable& c, size_t cols);
void mul_row(Symbol* dst, const MulTable& c, size_t cols);

}  // namespace canary::erasure_coding
