#include "runtime/framework/extrinsic/era.hpp"

#include <algorithm>
#include <bit>

namespace canary::rt {

namespace {

uint64_t next_power_of_two(uint64_t v) {
  return v <= 1 ? 1 : uint64_t{1} << (64 - std::countl_zero(v - 1));
}

}  // namespace

Era Era::mortal(uint64_t period, uint64_t current) {
  const uint64_t p = std::clamp<uint64_t>(next_power_of_two(period), 4, 1 << 16);
  const uint64_t phase = current % p;
  const uint64_t quantize_factor = std::max<uint64_t>(p >> 12, 1);
  const uint64_t quantized_phase = phase / quantize_factor * quantize_factor;
  return {false, p, quantized_phase};
}

uint64_t Era::birth(uint64_t current) const {
  if (immortal) return 0;
  // (max(current, phase) - phase) / period * period + phase
  return (std::max(current, phase) - phase) / period * period + phase;
}

uint64_t Era::death(uint64_t current) const {
  if (immortal) return UINT64_MAX;
  return birth(current) + period;
}

uint16_t Era::encode_mortal() const {
  const uint64_t quantize_factor = std::max<uint64_t>(period >> 12, 1);
  const uint64_t log2 = std::countr_zero(period);
  const uint64_t low = std::clamp<uint64_t>(log2 - 1, 1, 15);
  return static_cast<uint16_t>(low | ((phase / quantize_factor) << 4));
}

void Era::scale_decode(scale::Decoder& in) {
  const uint8_t first = in.read_byte();
  if (!in.ok()) return;
  if (first == 0) {
    *this = Era{};
    return;
  }
  const uint8_t second = in.read_byte();
  if (!in.ok()) return;
  const uint16_t encoded = static_cast<uint16_t>(first | (uint16_t{second} << 8));
  const uint64_t decoded_period = uint64_t{2} << (encoded % (1 << 4));
  const uint64_t quantize_factor = std::max<uint64_t>(decoded_period >> 12, 1);
  const uint64_t decoded_phase = static_cast<uint64_t>(encoded >> 4) * quantize_factor;
  if (decoded_period >= 4 && decoded_phase < decoded_period) {
    *this = Era{false, decoded_period, decoded_phase};
  } else {
    in.fail(scale::DecodeError::kInvalidVariantIndex);
  }
}

void Era::type_info(meta::TypeBuilder& b) {
  b.path({"sp_runtime", "generic", "era", "Era"});
  b.variant(0, "Immortal");
  for (int i = 1; i <= 255; ++i) {
    b.variant(static_cast<uint8_t>(i), "Mortal" + std::to_string(i),
              {meta::field_of<uint8_t>(b.registry())});
  }
}

}  // namespace canary::rt
