// What can be learned from a runtime blob without running it: zstd-compressed `:code`
// (sp-maybe-compressed-blob: an 8-byte magic prefix, then a zstd frame, at most 50 MiB once
// decompressed) and the `runtime_version` / `runtime_apis` custom sections that sp-version embeds.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor {

enum class BlobError : uint8_t {
  kBadCompression,     // the zstd frame is corrupt or truncated
  kDecompressionBomb,  // more than kCodeBombLimit bytes once decompressed
  kNotWasm,            // no "\0asm" version 1 header
  kMalformedWasm,      // a section runs past the end or has a bad length
  kBadVersionSection,  // runtime_version / runtime_apis do not decode
};

const char* to_string(BlobError e);

inline constexpr std::array<uint8_t, 8> kZstdCodePrefix = {82, 188, 83, 118, 70, 219, 142, 5};
inline constexpr size_t kCodeBombLimit = size_t{50} * 1024 * 1024;

bool is_compressed_code(ByteSpan code);

// The Wasm bytes of `:code`: decompressed if it carries the prefix, else a copy. `bomb_limit`:
// the most bytes decompression may produce (sc-executor's CODE_BLOB_BOMB_LIMIT for runtimes;
// PVFs use polkadot-node-primitives' VALIDATION_CODE_BOMB_LIMIT, 12 MiB).
Result<Bytes, BlobError> uncompress_code(ByteSpan code, size_t bomb_limit = kCodeBombLimit);

// The payload of the first custom section with that name, if any.
Result<std::optional<ByteSpan>, BlobError> find_custom_section(ByteSpan wasm,
                                                               std::string_view name);

// The version embedded in the custom sections (sc-executor `read_embedded_version`): none when
// the blob has no `runtime_version` section (old runtimes; then only `Core_version` tells).
Result<std::optional<runtime::RuntimeVersion>, BlobError> read_embedded_version(ByteSpan wasm);

}  // namespace canary::executor
