// What removing many keys at once reports (clear_prefix, a child trie's kill):
// sp-externalities `MultiRemovalResults`, from which the host functions derive their results.
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "state/trie/kill_storage_result.hpp"

namespace canary::state {

struct RemovalResult {
  // Set when the limit stopped the removal: the first backend key left, to resume from (the
  // cursor of ext_storage_clear_prefix_version_3).
  std::optional<Bytes> cursor;
  // Backend keys deleted that the overlay had not deleted already.
  uint32_t backend = 0;
  // Keys deleted: the overlay's written keys that had a value, plus `backend`.
  uint32_t unique = 0;
  // Backend keys visited, deleted already or not: what the limit counts.
  uint32_t loops = 0;

  // What ext_storage_clear_prefix_version_2 and the child kill / clear_prefix functions return:
  // the count is `loops` (sp-io `impl From<MultiRemovalResults> for KillStorageResult`).
  KillStorageResult kill_storage_result() const { return {!cursor.has_value(), loops}; }
};

}  // namespace canary::state
