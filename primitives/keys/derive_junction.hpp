// One step of a Substrate HDKD derivation path ("//Alice", "/1"), as sp-core `DeriveJunction`.
// The 32-byte chain code is the SCALE encoding of the junction's value, zero-padded, or the
// BLAKE2b-256 of that encoding when it is longer than 32 bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "primitives/util/bytes.hpp"

namespace canary::keys {

struct DeriveJunction {
  bool hard = false;
  ByteArray<32> chain_code{};

  bool operator==(const DeriveJunction&) const = default;

  // The junction for an integer index (SCALE u64, little-endian).
  static DeriveJunction soft_index(uint64_t index);
  static DeriveJunction hard_index(uint64_t index);
  // The junction for a string (SCALE `str`: compact length, then the bytes).
  static DeriveJunction soft_string(std::string_view value);
  static DeriveJunction hard_string(std::string_view value);

  // sp-core `DeriveJunction::from(&str)`: a path element as the SURI parser yields it, without the
  // separating '/'; a leading '/' marks it hard ("/Alice" is the `//Alice` junction). The rest is
  // an integer if Rust's `u64::from_str` accepts it (decimal, optional '+', leading zeros allowed,
  // no overflow), otherwise a string.
  static DeriveJunction from_path_element(std::string_view element);
};

}  // namespace canary::keys
