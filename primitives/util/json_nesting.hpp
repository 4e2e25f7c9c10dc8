// How deep a JSON text nests, checked before it is parsed. serde_json stops at 128 levels
// ("recursion limit exceeded"), so a Substrate node refuses deeper requests and chain specs; we
// refuse them too, and must: nlohmann's parser does not recurse, but copying, comparing and
// writing a parsed value do, and a deep enough document would exhaust the stack.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace canary {

inline constexpr std::size_t kSerdeJsonRecursionLimit = 128;

// One linear scan of the brackets outside strings. Only its verdict on well-formed JSON matters;
// anything else is refused by the parser afterwards.
inline bool json_nesting_exceeds(std::string_view text,
                                 std::size_t max_depth = kSerdeJsonRecursionLimit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// The refusal of such a document, for `what` ("the chain spec"), in the words every reader uses.
inline std::string json_nesting_error(std::string_view what) {
  return std::string(what) + " nests arrays and objects deeper than " +
         std::to_string(kSerdeJsonRecursionLimit) + " levels";
}

}  // namespace canary
