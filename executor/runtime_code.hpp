// The runtime of a state: `:code` and `:heappages` as sc-executor reads them
// (sp-core/src/traits.rs RuntimeCode, sc-executor `heap_pages`): the code hash names the runtime
// in caches, and a `:heappages` that is not a u64 counts as absent.
#pragma once

#include <cstdint>
#include <optional>

#include "executor/instance.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/storage_backend.hpp"
#include "state/overlay/storage_error.hpp"

namespace canary::executor {

struct RuntimeCode {
  Bytes code;  // `:code` as stored (possibly zstd-compressed)
  Hash256 hash{};
  std::optional<uint64_t> heap_pages;

  uint64_t heap_pages_or_default() const { return heap_pages.value_or(kDefaultHeapPages); }
};

struct RuntimeCodeError {
  enum class Kind : uint8_t { kNoCode, kStorage };
  Kind kind = Kind::kNoCode;
  state::StorageError storage{};

  std::string describe() const;
};

// From raw values (e.g. a chain spec's genesis).
RuntimeCode make_runtime_code(Bytes code, std::optional<ByteSpan> heap_pages_value);
// The same when the caller knows the code's hash (blake2b_256) already.
RuntimeCode make_runtime_code(Bytes code, const Hash256& hash,
                              std::optional<ByteSpan> heap_pages_value);

Result<RuntimeCode, RuntimeCodeError> runtime_code_from_state(state::StorageBackend& state);

}  // namespace canary::executor
