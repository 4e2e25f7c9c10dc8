// The mortality of a transaction (sp-runtime generic::Era): immortal, or valid for `period` blocks
// (a power of two, 4..65536) from the block whose number is `phase` modulo the period. Encoded in
// one byte (0: immortal) or two (the period's log2 and the quantized phase packed in a u16).
#pragma once

#include <cstdint>
#include <string>

#include "primitives/scale/decoder.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

struct Era {
  bool immortal = true;
  uint64_t period = 0;
  uint64_t phase = 0;

  static Era make_immortal() { return {}; }
  // sp-runtime Era::mortal: the period rounded to a power of two in [4, 65536], the phase of
  // `current` quantized to the period's resolution.
  static Era mortal(uint64_t period, uint64_t current);

  // The first block in which a transaction with this era is valid, given the current block.
  uint64_t birth(uint64_t current) const;
  // The first block in which it is no longer valid.
  uint64_t death(uint64_t current) const;

  bool operator==(const Era&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    if (immortal) {
      out.put_byte(0);
      return;
    }
    const uint16_t encoded = encode_mortal();
    out.put_byte(static_cast<uint8_t>(encoded & 0xff));
    out.put_byte(static_cast<uint8_t>(encoded >> 8));
  }
  void scale_decode(scale::Decoder& in);
  static void type_info(meta::TypeBuilder& b);

 private:
  uint16_t encode_mortal() const;
};

}  // namespace canary::rt
