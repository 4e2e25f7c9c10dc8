#pragma once

#include <string_view>

namespace canary::cli {

inline constexpr std::string_view kVersionString = "canary 0.1.0";

}  // namespace canary::cli
