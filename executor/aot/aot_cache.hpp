// The on-disk cache of compiled modules: one file per cache key, `<cache_dir>/<key hex>.so`, the
// shared object followed by a footer of BLAKE2b-256(key || object) and a magic. Files are written
// to a temporary name in the same directory and renamed into place, so concurrent processes only
// ever see complete files; a truncated, corrupt or foreign file fails the footer check before
// anything loads it (mapping a truncated object could fault) and is rebuilt.
#pragma once

#include <string>

#include "executor/aot/aot_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

std::string cache_file_path(const std::string& cache_dir, const Hash256& key);

// Seals `object` with the footer and renames it into place.
Result<void, AotError> store_cache_file(const std::string& cache_dir, const Hash256& key,
                                        ByteSpan object);

enum class CacheLookup : uint8_t { kMissing, kValid, kRejected };

// Checks the file at `path`; a rejected file is removed. A verified file can be loaded by its name:
// files are only ever replaced whole (rename), by another build of the same key.
CacheLookup check_cache_file(const std::string& path, const Hash256& key);

}  // namespace canary::executor::aot
