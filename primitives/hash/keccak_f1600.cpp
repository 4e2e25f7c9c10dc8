// Keccak-f[1600] (FIPS 202 §3.2-3.3), written out: the 25 lanes live in local variables, each
// round computes theta's column parities, then rho, pi and chi one output row at a time (pi
// sends lane (x, y) to (y, 2x + 3y), so output row y' gathers the lanes (x, y) with y = x' and
// x = 3 (y' - 3 x') mod 5), then iota. Two rounds per loop iteration ping-pong between the a and e
// lanes instead of copying. Portable C++ (also built for wasm32): no intrinsics.
#include "primitives/hash/keccak_f1600.hpp"

namespace canary::hash {

namespace {

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

constexpr uint64_t rotl(uint64_t x, int n) {
  return (x << n) | (x >> (64 - n));
}

}  // namespace

// Rotation offsets per lane x + 5 y (FIPS 202 Table 2):
//   y=0:  0  1 62 28 27   y=1: 36 44  6 55 20   y=2:  3 10 43 25 39
//   y=3: 41 45 15 21  8   y=4: 18  2 61 56 14
void keccak_f1600(uint64_t s[25]) {
  uint64_t a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4], a05 = s[5], a06 = s[6],
           a07 = s[7], a08 = s[8], a09 = s[9], a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13],
           a14 = s[14], a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19],
           a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
  uint64_t e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12, e13, e14, e15, e16, e17,
      e18, e19, e20, e21, e22, e23, e24;
  for (int round = 0; round < 24; round += 2) {
    {  // round: a -> e
      const uint64_t c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
      const uint64_t c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
      const uint64_t c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
      const uint64_t c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
      const uint64_t c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
      const uint64_t d0 = c4 ^ rotl(c1, 1);
      const uint64_t d1 = c0 ^ rotl(c2, 1);
      const uint64_t d2 = c1 ^ rotl(c3, 1);
      const uint64_t d3 = c2 ^ rotl(c4, 1);
      const uint64_t d4 = c3 ^ rotl(c0, 1);
      {
        const uint64_t b0 = a00 ^ d0;
        const uint64_t b1 = rotl(a06 ^ d1, 44);
        const uint64_t b2 = rotl(a12 ^ d2, 43);
        const uint64_t b3 = rotl(a18 ^ d3, 21);
        const uint64_t b4 = rotl(a24 ^ d4, 14);
        e00 = b0 ^ (~b1 & b2);
        e01 = b1 ^ (~b2 & b3);
        e02 = b2 ^ (~b3 & b4);
        e03 = b3 ^ (~b4 & b0);
        e04 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(a03 ^ d3, 28);
        const uint64_t b1 = rotl(a09 ^ d4, 20);
        const uint64_t b2 = rotl(a10 ^ d0, 3);
        const uint64_t b3 = rotl(a16 ^ d1, 45);
        const uint64_t b4 = rotl(a22 ^ d2, 61);
        e05 = b0 ^ (~b1 & b2);
        e06 = b1 ^ (~b2 & b3);
        e07 = b2 ^ (~b3 & b4);
        e08 = b3 ^ (~b4 & b0);
        e09 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(a01 ^ d1, 1);
        const uint64_t b1 = rotl(a07 ^ d2, 6);
        const uint64_t b2 = rotl(a13 ^ d3, 25);
        const uint64_t b3 = rotl(a19 ^ d4, 8);
        const uint64_t b4 = rotl(a20 ^ d0, 18);
        e10 = b0 ^ (~b1 & b2);
        e11 = b1 ^ (~b2 & b3);
        e12 = b2 ^ (~b3 & b4);
        e13 = b3 ^ (~b4 & b0);
        e14 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(a04 ^ d4, 27);
        const uint64_t b1 = rotl(a05 ^ d0, 36);
        const uint64_t b2 = rotl(a11 ^ d1, 10);
        const uint64_t b3 = rotl(a17 ^ d2, 15);
        const uint64_t b4 = rotl(a23 ^ d3, 56);
        e15 = b0 ^ (~b1 & b2);
        e16 = b1 ^ (~b2 & b3);
        e17 = b2 ^ (~b3 & b4);
        e18 = b3 ^ (~b4 & b0);
        e19 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(a02 ^ d2, 62);
        const uint64_t b1 = rotl(a08 ^ d3, 55);
        const uint64_t b2 = rotl(a14 ^ d4, 39);
        const uint64_t b3 = rotl(a15 ^ d0, 41);
        const uint64_t b4 = rotl(a21 ^ d1, 2);
        e20 = b0 ^ (~b1 & b2);
        e21 = b1 ^ (~b2 & b3);
        e22 = b2 ^ (~b3 & b4);
        e23 = b3 ^ (~b4 & b0);
        e24 = b4 ^ (~b0 & b1);
      }
      e00 ^= kRoundConstants[round];
    }
    {  // round + 1: e -> a
      const uint64_t c0 = e00 ^ e05 ^ e10 ^ e15 ^ e20;
      const uint64_t c1 = e01 ^ e06 ^ e11 ^ e16 ^ e21;
      const uint64_t c2 = e02 ^ e07 ^ e12 ^ e17 ^ e22;
      const uint64_t c3 = e03 ^ e08 ^ e13 ^ e18 ^ e23;
      const uint64_t c4 = e04 ^ e09 ^ e14 ^ e19 ^ e24;
      const uint64_t d0 = c4 ^ rotl(c1, 1);
      const uint64_t d1 = c0 ^ rotl(c2, 1);
      const uint64_t d2 = c1 ^ rotl(c3, 1);
      const uint64_t d3 = c2 ^ rotl(c4, 1);
      const uint64_t d4 = c3 ^ rotl(c0, 1);
      {
        const uint64_t b0 = e00 ^ d0;
        const uint64_t b1 = rotl(e06 ^ d1, 44);
        const uint64_t b2 = rotl(e12 ^ d2, 43);
        const uint64_t b3 = rotl(e18 ^ d3, 21);
        const uint64_t b4 = rotl(e24 ^ d4, 14);
        a00 = b0 ^ (~b1 & b2);
        a01 = b1 ^ (~b2 & b3);
        a02 = b2 ^ (~b3 & b4);
        a03 = b3 ^ (~b4 & b0);
        a04 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(e03 ^ d3, 28);
        const uint64_t b1 = rotl(e09 ^ d4, 20);
        const uint64_t b2 = rotl(e10 ^ d0, 3);
        const uint64_t b3 = rotl(e16 ^ d1, 45);
        const uint64_t b4 = rotl(e22 ^ d2, 61);
        a05 = b0 ^ (~b1 & b2);
        a06 = b1 ^ (~b2 & b3);
        a07 = b2 ^ (~b3 & b4);
        a08 = b3 ^ (~b4 & b0);
        a09 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(e01 ^ d1, 1);
        const uint64_t b1 = rotl(e07 ^ d2, 6);
        const uint64_t b2 = rotl(e13 ^ d3, 25);
        const uint64_t b3 = rotl(e19 ^ d4, 8);
        const uint64_t b4 = rotl(e20 ^ d0, 18);
        a10 = b0 ^ (~b1 & b2);
        a11 = b1 ^ (~b2 & b3);
        a12 = b2 ^ (~b3 & b4);
        a13 = b3 ^ (~b4 & b0);
        a14 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(e04 ^ d4, 27);
        const uint64_t b1 = rotl(e05 ^ d0, 36);
        const uint64_t b2 = rotl(e11 ^ d1, 10);
        const uint64_t b3 = rotl(e17 ^ d2, 15);
        const uint64_t b4 = rotl(e23 ^ d3, 56);
        a15 = b0 ^ (~b1 & b2);
        a16 = b1 ^ (~b2 & b3);
        a17 = b2 ^ (~b3 & b4);
        a18 = b3 ^ (~b4 & b0);
        a19 = b4 ^ (~b0 & b1);
      }
      {
        const uint64_t b0 = rotl(e02 ^ d2, 62);
        const uint64_t b1 = rotl(e08 ^ d3, 55);
        const uint64_t b2 = rotl(e14 ^ d4, 39);
        const uint64_t b3 = rotl(e15 ^ d0, 41);
        const uint64_t b4 = rotl(e21 ^ d1, 2);
        a20 = b0 ^ (~b1 & b2);
        a21 = b1 ^ (~b2 & b3);
        a22 = b2 ^ (~b3 & b4);
        a23 = b3 ^ (~b4 & b0);
        a24 = b4 ^ (~b0 & b1);
      }
      a00 ^= kRoundConstants[round + 1];
    }
  }
  s[0] = a00;
  s[1] = a01;
  s[2] = a02;
  s[3] = a03;
  s[4] = a04;
  s[5] = a05;
  s[6] = a06;
  s[7] = a07;
  s[8] = a08;
  s[9] = a09;
  s[10] = a10;
  s[11] = a11;
  s[12] = a12;
  s[13] = a13;
  s[14] = a14;
  s[15] = a15;
  s[16] = a16;
  s[17] = a17;
  s[18] = a18;
  s[19] = a19;
  s[20] = a20;
  s[21] = a21;
  s[22] = a22;
  s[23] = a23;
  s[24] = a24;
}

}  // namespace canary::hash
