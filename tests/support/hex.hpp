// Hex in test expectations: `hex(bytes)` without the 0x prefix (as test vectors print them) and
// `unhex(text)` for literals known to be valid (a malformed literal is a bug in the test).
#pragma once

#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"

namespace canary::test {

inline std::string hex(ByteSpan data) {
  return to_hex(data, false);
}

inline Bytes unhex(std::string_view text) {
  return from_hex(text).value();
}

}  // namespace canary::test
