// parity-scale-codec's `OptionBool`: an optional bool in one byte (0 None, 1 Some(true),
// 2 Some(false)). Rust's generic `Option<bool>` is two bytes for Some and is std::optional<bool>.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/scale/decoder.hpp"

namespace canary::scale {

struct OptionBool {
  std::optional<bool> value;

  bool operator==(const OptionBool&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(!value.has_value() ? 0 : (*value ? 1 : 2));
  }
  void scale_decode(Decoder& in) {
    uint8_t tag = in.read_byte();
    if (tag > 2) {
      in.fail(DecodeError::kInvalidOptionTag);
      return;
    }
    value = tag == 0 ? std::nullopt : std::optional<bool>(tag == 1);
  }
};

}  // namespace canary::scale
