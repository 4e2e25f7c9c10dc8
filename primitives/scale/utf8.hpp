// UTF-8 validation with Rust's `str::from_utf8` rules (no overlong forms, no surrogates, nothing
// above U+10FFFF), because SCALE strings decode to Rust `String`s on the other side.
#pragma once

#include "primitives/util/bytes.hpp"

namespace canary::scale {

bool is_valid_utf8(ByteSpan text);

}  // namespace canary::scale
