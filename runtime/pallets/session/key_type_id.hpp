// sp_core::crypto::KeyTypeId: what names a session key's role, in Session's keys and in the
// key-ownership proofs of equivocation reports (BABE's "babe", GRANDPA's "gran").
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets::session {

// sp_core::crypto::KeyTypeId: four ASCII bytes naming a key's role ("gran", "babe", "audi", …).
struct KeyTypeId {
  ByteArray<4> id{};
  auto operator<=>(const KeyTypeId&) const = default;
  CANARY_SCALE_FIELDS(id)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "crypto", "KeyTypeId"});
    b.typed_field<ByteArray<4>>(std::nullopt, "[u8; 4]");
  }
};
constexpr KeyTypeId key_type(const char (&name)[5]) {
  return KeyTypeId{{static_cast<uint8_t>(name[0]), static_cast<uint8_t>(name[1]),
                    static_cast<uint8_t>(name[2]), static_cast<uint8_t>(name[3])}};
}

}  // namespace canary::rt::pallets::session
