// `canary debug execute-block --fixture FILE` reads block fixtures from files: arbitrary text must
// give a value or an error naming the field, never a crash. What parses must hold a block whose
// header re-encodes to a header that decodes again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "node/cli/block_fixture.hpp"
#include "primitives/scale/scale.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary;
  auto fixture =
      cli::parse_block_fixture(std::string_view(reinterpret_cast<const char*>(bytes), size));
  if (!fixture) {
    if (fixture.error().empty()) __builtin_trap();
    return 0;
  }
  if (!scale::decode<block::Header>(scale::encode(fixture->block.header))) __builtin_trap();
  return 0;
}
