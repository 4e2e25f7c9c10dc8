// The trie layout versions. V1 stores values of at least 33 bytes outside the node, by hash; V0
// always inlines them. Only the encoding changes; the set of entries is the same.
// (paritytech/polkadot-sdk substrate/primitives/storage/src/lib.rs `StateVersion`,
// `TRIE_VALUE_NODE_THRESHOLD`; w3f/polkadot-spec docs/chap-state.md "Hashed Subvalue".)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace canary::state {

enum class StateVersion : uint8_t { kV0 = 0, kV1 = 1 };

// Values of this many bytes or more are hashed under V1. The spec says "larger than 32 bytes".
inline constexpr size_t kHashedValueThreshold = 33;

constexpr bool hashes_value(StateVersion version, size_t value_size) {
  return version == StateVersion::kV1 && value_size >= kHashedValueThreshold;
}

// The host API passes the version as a u8; anything but 0 or 1 is invalid.
constexpr std::optional<StateVersion> state_version_from_u8(uint8_t v) {
  if (v == 0) return StateVersion::kV0;
  if (v == 1) return StateVersion::kV1;
  return std::nullopt;
}

}  // namespace canary::state
