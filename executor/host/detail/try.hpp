// Early return on error in the host function implementations (internal to executor/host/).
#pragma once

#include "primitives/util/result.hpp"

// Declares `var` as the value of `expr` (a Result), or returns its error from the enclosing
// function.
#define CANARY_HOST_TRY(var, expr)                                          \
  auto var##_outcome_ = (expr);                                             \
  if (!var##_outcome_) return ::canary::unexpected(var##_outcome_.error()); \
  auto& var = *var##_outcome_

