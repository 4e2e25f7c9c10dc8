// Whether this build runs under AddressSanitizer, for the few places that must behave differently
// there: it reserves terabytes of address space for its shadow memory (no RLIMIT_AS leaves room),
// it must be told about stack switches, and it slows in-process work about twofold (wall-clock
// budgets of tests). One definition, so that those places cannot disagree about the build.
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CANARY_ADDRESS_SANITIZER 1
#endif
#elif defined(__SANITIZE_ADDRESS__)
#define CANARY_ADDRESS_SANITIZER 1
#endif

namespace canary {

#ifdef CANARY_ADDRESS_SANITIZER
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace canary
