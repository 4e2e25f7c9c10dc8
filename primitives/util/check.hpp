// Invariants written as code, after Bitcoin Core's Assume/Assert (src/util/check.h):
//
//  - CANARY_ASSERT(cond): a condition whose failure means the process cannot go on safely (memory
//    or consensus state is corrupt). Aborts with the condition, file and line, in every build.
//  - CANARY_ASSUME(cond): a condition that holds by construction, where a failure can still be
//    handled (the code around it returns "no value" or an error). Fatal in debug builds — the
//    sanitizer build and the fuzzers among them — so that tests and fuzzing catch the broken
//    invariant; in release builds it evaluates to `cond` and the caller handles it:
//
//      if (!CANARY_ASSUME(end > start)) return std::nullopt;
//
// Both work on wasm32 (no message there: the trap is the report).
#pragma once

#include <cstdlib>

#if !defined(__wasm__)
#include <cstdio>
#endif

namespace canary::detail {

[[noreturn]] inline void check_failed(const char* kind, const char* condition, const char* file,
                                      int line) {
#if !defined(__wasm__)
  std::fprintf(stderr, "%s:%d: %s(%s) failed\n", file, line, kind, condition);
  std::fflush(stderr);
#else
  (void)kind, (void)condition, (void)file, (void)line;
#endif
  std::abort();
}

// Whether CANARY_ASSUME is fatal: debug builds (NDEBUG unset) and fuzzing builds.
#if !defined(NDEBUG) || defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
inline constexpr bool kAssumeIsFatal = true;
#else
inline constexpr bool kAssumeIsFatal = false;
#endif

inline bool assume(bool holds, const char* condition, const char* file, int line) {
  if constexpr (kAssumeIsFatal) {
    if (!holds) check_failed("CANARY_ASSUME", condition, file, line);
  }
  return holds;
}

}  // namespace canary::detail

#define CANARY_ASSERT(cond)   \
  (static_cast<bool>(cond)    \
       ? static_cast<void>(0) \
       : ::canary::detail::check_failed("CANARY_ASSERT", #cond, __FILE__, __LINE__))

#define CANARY_ASSUME(cond) \
  ::canary::detail::assume(static_cast<bool>(cond), #cond, __FILE__, __LINE__)
