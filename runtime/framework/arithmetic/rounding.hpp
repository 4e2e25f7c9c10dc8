// sp-arithmetic's rounding modes: every fixed-point and per-thing operation names the one FRAME
// uses, since a result one unit off is a different state root (sp-arithmetic per_things.rs).
#pragma once

#include <cstdint>

namespace canary::rt::arithmetic {

// sp-arithmetic Rounding (for unsigned quantities).
enum class Rounding : uint8_t { kUp, kDown, kNearestPrefUp, kNearestPrefDown };

}  // namespace canary::rt::arithmetic
