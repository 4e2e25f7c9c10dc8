// FRAME's storage parameter (`parameter_types! { pub storage Name: T = default; }`): a runtime
// configuration value that lives in state rather than in code, so that a chain's genesis can set
// it without another runtime build (the Canary runtime's block time and epoch duration). The SCALE
// value sits under twox_128(":Name:"), outside every pallet's prefix, and the default applies while
// nothing is stored: a genesis that leaves the value out writes nothing, and the pallets' metadata
// stays FRAME's (a parameter is not a pallet storage item; the constants that show it are built
// from it at call time).
#pragma once

#include <string>
#include <string_view>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt {

template <FixedString Name, class V, V Default>
struct StorageParameter {
  static constexpr V kDefault = Default;

  static Bytes key() {
    std::string text = ":";
    text += Name.view();
    text += ":";
    const Hash128 hash =
        io::hashing::twox_128(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    return Bytes(hash.begin(), hash.end());
  }
  static V get() {
    const auto raw = io::storage::get(key());
    if (!raw) return Default;
    auto value = scale::decode<V>(*raw);
    if (!value) {
      // FRAME's `unhashed::get` logs and falls back to the default; only genesis writes it.
      io::log(io::LogLevel::kError, "runtime",
              "Corrupted state at :" + std::string(Name.view()) + ":");
      return Default;
    }
    return *value;
  }
  static void set(const V& value) { io::storage::set(key(), scale::encode(value)); }
};

}  // namespace canary::rt
