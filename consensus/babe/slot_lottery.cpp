#include "consensus/babe/slot_lottery.hpp"

#include <cmath>
#include <limits>

#include "primitives/crypto/babe_vrf_transcript.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::babe {

namespace {

// floor(2^128 · p) for a finite double p in (0, 1), exactly. A double is m · 2^e with an integer
// m < 2^53, so 2^128 · p = m · 2^(e + 128): a shift, no rounding (Substrate goes through
// BigRational::from_float, which is the same exact value).
Threshold scaled_floor(double p) {
  int exponent = 0;
  const double fraction = std::frexp(p, &exponent);  // p = fraction · 2^exponent, 0.5 <= f < 1
  const auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));  // exact, < 2^53
  const int shift = exponent - 53 + 128;  // p < 1 → exponent <= 0 → shift <= 75
  if (shift >= 0) return static_cast<Threshold>(mantissa) << shift;
  if (shift <= -64) return 0;
  return static_cast<Threshold>(mantissa >> -shift);
}

}  // namespace

crypto::Transcript make_vrf_transcript(const Randomness& randomness, Slot slot,
                                       uint64_t epoch_index) {
  return crypto::babe_vrf_transcript(randomness, slot, epoch_index);
}

Threshold primary_threshold(PrimaryProbability c, AuthorityWeight weight,
                            AuthorityWeight total_weight) {
  if (c.second == 0) return 0;
  // The same f64 operations, in the same order, as Substrate (u64 → f64 rounds to nearest).
  const double c_f = static_cast<double>(c.first) / static_cast<double>(c.second);
  const double theta = static_cast<double>(weight) / static_cast<double>(total_weight);
  if (!(theta > 0.0)) return 0;  // Substrate asserts; such an authority can never win
  const double p = 1.0 - std::pow(1.0 - c_f, theta);
  if (std::isnan(p) || p <= 0.0) return 0;
  if (p >= 1.0) return std::numeric_limits<Threshold>::max();
  return scaled_floor(p);
}

Threshold calculate_primary_threshold(PrimaryProbability c, std::span<const Authority> authorities,
                                      size_t authority_index) {
  if (authority_index >= authorities.size()) return 0;
  AuthorityWeight total = 0;
  for (const Authority& a : authorities) total += a.weight;
  return primary_threshold(c, authorities[authority_index].weight, total);
}

bool check_primary_threshold(const crypto::sr25519::VrfInOut& inout, Threshold threshold) {
  ByteArray<16> bytes{};
  crypto::sr25519::vrf_make_bytes(inout, as_bytes(kAuthoringScoreVrfContext), bytes);
  Threshold score = 0;
  for (size_t i = bytes.size(); i-- > 0;) score = (score << 8) | bytes[i];
  return score < threshold;
}

std::optional<size_t> secondary_slot_author(Slot slot, size_t authorities_count,
                                            const Randomness& randomness) {
  if (authorities_count == 0) return std::nullopt;
  const Hash256 hash = hash::blake2b_256(scale::encode(std::pair(randomness, slot)));
  // Horner's rule on the big-endian digits keeps the remainder below the modulus; the u128
  // accumulator cannot overflow (remainder < 2^64, times 256, plus a byte).
  const auto modulus = static_cast<u128>(authorities_count);
  u128 remainder = 0;
  for (uint8_t byte : hash) remainder = ((remainder << 8) | byte) % modulus;
  return static_cast<size_t>(remainder);
}

}  // namespace canary::consensus::babe
