// A string usable as a template argument (C++20 class-type NTTP): storage item names, pallet
// names, and other compile-time names the framework needs both in keys and in metadata.
#pragma once

#include <cstddef>
#include <string_view>

namespace canary::rt {

template <size_t N>
struct FixedString {
  char chars[N]{};

  constexpr FixedString(const char (&text)[N]) {  // NOLINT(google-explicit-constructor)
    for (size_t i = 0; i < N; ++i) chars[i] = text[i];
  }
  constexpr std::string_view view() const { return {chars, N - 1}; }
  constexpr size_t size() const { return N - 1; }
};

}  // namespace canary::rt
