// The runtime's JSON reader on arbitrary text (genesis configurations come from chain specs and
// RPC callers): it must never crash or recurse without bound, and whatever it accepts must write
// back to text that reads as the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/framework/json/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary::rt;
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  auto value = json::parse(text);
  if (!value) return 0;
  const std::string written = json::write(*value);
  auto again = json::parse(written);
  if (!again || json::write(*again) != written) __builtin_trap();
  return 0;
}
