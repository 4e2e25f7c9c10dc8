// Decodes arbitrary bytes as one of several SCALE types (chosen by the first byte). Decoding must
// never crash or read out of bounds, and every type here has exactly one encoding per value, so a
// successful decode must re-encode to the very same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;

struct Unit {
  static constexpr uint8_t kScaleIndex = 7;
  CANARY_SCALE_FIELDS()
};
struct WithData {
  static constexpr uint8_t kScaleIndex = 2;
  std::vector<uint8_t> data;
  uint32_t n = 0;
  CANARY_SCALE_FIELDS(data, scale::compact(n))
};
using Indexed = std::variant<Unit, WithData>;

struct Header {
  Hash256 parent{};
  uint32_t number = 0;
  std::vector<Indexed> digest;
  std::optional<bool> flag;
  CANARY_SCALE_FIELDS(parent, scale::compact(number), digest, flag)
};

template <class T>
void round_trip(ByteSpan data) {
  auto decoded = scale::decode<T>(data, 1 << 16);
  if (!decoded) return;
  Bytes again = scale::encode(*decoded);
  if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
    __builtin_trap();
  }
}

template <class T>
void decode_only(ByteSpan data) {
  auto decoded = scale::decode<T>(data, 1 << 16);
  if (decoded) (void)scale::encode(*decoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  ByteSpan data(bytes + 1, size - 1);
  switch (bytes[0] % 12) {
    case 0:
      round_trip<scale::Compact<uint32_t>>(data);
      break;
    case 1:
      round_trip<scale::Compact<u128>>(data);
      break;
    case 2:
      round_trip<std::vector<uint64_t>>(data);
      break;
    case 3:
      round_trip<std::string>(data);
      break;
    case 4:
      round_trip<std::vector<std::optional<bool>>>(data);
      break;
    case 5:
      round_trip<std::tuple<uint8_t, bool, std::optional<uint16_t>>>(data);
      break;
    case 6:
      round_trip<Header>(data);
      break;
    case 7:
      round_trip<std::vector<Indexed>>(data);
      break;
    case 8:
      round_trip<Result<std::vector<std::string>, uint8_t>>(data);
      break;
    case 9:
      // Maps and bit sequences accept more than one encoding of a value (unsorted or repeated
      // keys, unused bits): only decoding is checked.
      decode_only<std::map<std::string, uint32_t>>(data);
      break;
    case 10:
      decode_only<scale::BitVec>(data);
      break;
    default:
      round_trip<std::vector<std::vector<uint8_t>>>(data);
      break;
  }
  return 0;
}
