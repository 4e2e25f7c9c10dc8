// Early return on error for Result-returning code (what `?` is in Rust). Internal to state/.
#pragma once

#include "primitives/util/result.hpp"

// Evaluates `expr` (a Result); on error returns that error from the enclosing function.
#define CANARY_STATE_TRY(expr)                                                      \
  do {                                                                              \
    auto canary_state_try_ = (expr);                                                \
    if (!canary_state_try_) return ::canary::unexpected(canary_state_try_.error()); \
  } while (false)

// Declares `var` holding the value of `expr` (a Result), or returns its error.
#define CANARY_STATE_TRY_ASSIGN(var, expr)                                \
  auto var##_result_ = (expr);                                            \
  if (!var##_result_) return ::canary::unexpected(var##_result_.error()); \
  auto var = std::move(*var##_result_)
