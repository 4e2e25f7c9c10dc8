// Negative compile tests of the runtime composition's checks (runtime/framework/
// composition_checks.hpp, origins/origin_caller.hpp). Compiled once per CANARY_CHECK value by
// ctest (tests/CMakeLists.txt, compile_fail.*): 0 is the valid runtime and must compile; every
// other value breaks one rule and must fail with that rule's message.
#include <cstdint>
#include <string_view>
#include <tuple>
#include <variant>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/storage.hpp"

namespace canary::rt::compile_fail {

template <uint8_t I, FixedString N>
struct Plain {
  static constexpr uint8_t kIndex = I;
  static constexpr std::string_view kName = N.view();
  static constexpr std::string_view kCrate = "pallet_plain";
};

template <uint8_t I, std::string_view const& N>
struct Item {
  static constexpr uint8_t kScaleIndex = I;
  static constexpr std::string_view kName = N;
  static constexpr auto fields() { return std::tuple{}; }
  CANARY_DESCRIBED()
};
inline constexpr std::string_view kA = "a";
inline constexpr std::string_view kB = "b";

#if CANARY_CHECK == 5
enum class FullError : uint8_t { kSecond, kFirst };  // out of the order of the names
#elif CANARY_CHECK == 6
enum class FullError : uint8_t { kFirst, kSecond, kThird };  // kThird has no name
#else
enum class FullError : uint8_t { kFirst, kSecond };
#endif

// A pallet with calls, events and errors; the CANARY_CHECK values below break one of them.
template <uint8_t I, FixedString N>
struct Full : Plain<I, N> {
#if CANARY_CHECK == 3
  using Call = std::variant<Item<0, kA>, Item<0, kB>>;  // two calls at index 0
#else
  using Call = std::variant<Item<0, kA>, Item<1, kB>>;
#endif
#if CANARY_CHECK == 4
  using Event = std::variant<Item<0, kA>, Item<1, kA>>;  // two events named "a"
#else
  using Event = std::variant<Item<0, kA>, Item<1, kB>>;
#endif
  using Error = FullError;
  static constexpr ErrorInfo kErrors[] = {{"First", ""}, {"Second", ""}};

  using Value = StorageValue<Full, "Value", uint32_t>;
#if CANARY_CHECK == 10
  using Other = StorageValue<Full, "Value", uint64_t>;  // a second item named "Value"
#elif CANARY_CHECK == 11
  using Other = StorageValue<Plain<I, N>, "Other", uint64_t>;  // declared for another pallet
#else
  using Other = StorageValue<Full, "Other", uint64_t>;
#endif
  using Storage = std::tuple<Value, Other>;
};

// A pallet whose Error enum is declared inside its template, where its names cannot be read.
template <uint8_t I, FixedString N>
struct NestedErrors : Plain<I, N> {
  enum class Error : uint8_t { kFirst };
  static constexpr ErrorInfo kErrors[] = {{"First", ""}};
};

// A pallet with an origin of its own.
template <uint8_t I, FixedString N>
struct WithOrigin : Plain<I, N> {
  struct PalletOrigin {
    uint8_t value = 0;
    CANARY_SCALE_FIELDS(value)
  };
};

#if CANARY_CHECK == 1
using Pallets = Composition<"t", Plain<0, "System">, Full<3, "Full">, Plain<3, "Other">>;
#elif CANARY_CHECK == 2
using Pallets = Composition<"t", Plain<0, "System">, Full<3, "Full">, Plain<4, "Full">>;
#elif CANARY_CHECK == 7
// One pallet origin puts Void at position 2, where this pallet's origin would be.
using Pallets = Composition<"t", Plain<0, "System">, Full<3, "Full">, WithOrigin<2, "Council">>;
#elif CANARY_CHECK == 8
using Pallets = Composition<"t", Plain<0, "Sys">, Full<3, "Full">>;
#elif CANARY_CHECK == 9
using Pallets = Composition<"t", Plain<0, "System">, NestedErrors<3, "Nested">>;
#else
using Pallets = Composition<"t", Plain<0, "System">, Full<3, "Full">, WithOrigin<13, "Council">>;
#endif

// What every runtime does: run its hooks (instantiates the checks), and name an origin (as
// Utility.dispatch_as does).
Weight run_hooks() {
  return Pallets::on_initialize(1);
}
Pallets::OriginCaller root_caller() {
  return {Origin::root()};
}

}  // namespace canary::rt::compile_fail
