// What ext_storage_clear_prefix_version_2 and ext_default_child_storage_clear_prefix_version_2 /
// storage_kill_version_3 return: SCALE `enum KillStorageResult { AllRemoved(u32),
// SomeRemaining(u32) }` (sp-io `KillStorageResult`), the number counting removed keys.
#pragma once

#include <cstdint>

#include "primitives/util/bytes.hpp"
#include "state/trie/trie.hpp"

namespace canary::state {

struct KillStorageResult {
  bool all_removed = true;
  uint32_t removed = 0;

  static KillStorageResult from(const ClearPrefixResult& r) { return {r.all_removed, r.removed}; }

  Bytes encode() const {
    Bytes out{static_cast<uint8_t>(all_removed ? 0 : 1)};
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(removed >> (8 * i)));
    return out;
  }
};

}  // namespace canary::state
