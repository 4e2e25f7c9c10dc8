#include "executor/runtime_blob.hpp"

#include <zstd.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace canary::executor {

const char* to_string(BlobError e) {
  switch (e) {
    case BlobError::kBadCompression:
      return "the compressed runtime code is not a valid zstd frame";
    case BlobError::kDecompressionBomb:
      return "the code decompresses past the bomb limit";
    case BlobError::kNotWasm:
      return "the runtime code is not a WebAssembly module";
    case BlobError::kMalformedWasm:
      return "the WebAssembly module's sections are malformed";
    case BlobError::kBadVersionSection:
      return "the runtime_version/runtime_apis custom sections do not decode";
  }
  return "unknown runtime blob error";
}

bool is_compressed_code(ByteSpan code) {
  return code.size() >= kZstdCodePrefix.size() &&
         std::equal(kZstdCodePrefix.begin(), kZstdCodePrefix.end(), code.begin());
}

Result<Bytes, BlobError> uncompress_code(ByteSpan code, size_t bomb_limit) {
  if (!is_compressed_code(code)) return Bytes(code.begin(), code.end());
  ByteSpan frame = code.subspan(kZstdCodePrefix.size());
  // A frame that declares its size (one-shot compressors write it) is judged before any
  // allocation: a bomb that says so is refused from its header.
  const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) return unexpected(BlobError::kBadCompression);
  const bool size_known = declared != ZSTD_CONTENTSIZE_UNKNOWN;
  if (size_known && declared > bomb_limit) return unexpected(BlobError::kDecompressionBomb);
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) return unexpected(BlobError::kBadCompression);
  // Decompress into pieces of fixed size (one piece of the declared size plus one byte when the
  // frame declares it): no buffer is ever reallocated, so a bomb costs at most the limit in
  // memory, not the 1.5-2x of a doubling vector. Output reaching limit + 1 bytes is a bomb.
  const size_t piece_size = size_known ? static_cast<size_t>(declared) + 1 : ZSTD_DStreamOutSize();
  std::vector<Bytes> pieces;
  size_t filled = 0;  // bytes written into pieces.back()
  size_t total = 0;
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  while (true) {
    if (total > bomb_limit) return unexpected(BlobError::kDecompressionBomb);
    if (pieces.empty() || filled == pieces.back().size()) {
      pieces.emplace_back(std::min(piece_size, bomb_limit + 1 - total));
      filled = 0;
    }
    Bytes& piece = pieces.back();
    ZSTD_outBuffer dst{piece.data() + filled, piece.size() - filled, 0};
    const size_t last = ZSTD_decompressStream(ctx.get(), &dst, &in);
    filled += dst.pos;
    total += dst.pos;
    if (ZSTD_isError(last)) return unexpected(BlobError::kBadCompression);
    if (last == 0 && in.pos == in.size) break;  // frame complete, input consumed
    if (dst.pos == 0 && in.pos == in.size) return unexpected(BlobError::kBadCompression);
  }
  pieces.back().resize(filled);
  if (total > bomb_limit) return unexpected(BlobError::kDecompressionBomb);
  if (pieces.size() == 1) return std::move(pieces.front());
  Bytes out;
  out.reserve(total);
  for (const Bytes& piece : pieces) out.insert(out.end(), piece.begin(), piece.end());
  return out;
}

namespace {

// Reads an unsigned LEB128 of at most 32 bits (the Wasm encoding of lengths and counts).
bool read_leb_u32(ByteSpan data, size_t& pos, uint32_t& value) {
  value = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= data.size()) return false;
    uint8_t byte = data[pos++];
    if (shift == 28 && (byte & 0x70) != 0) return false;  // beyond 32 bits
    value |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

Result<std::optional<ByteSpan>, BlobError> find_custom_section(ByteSpan wasm,
                                                               std::string_view name) {
  static constexpr uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (wasm.size() < 8 || !std::equal(kHeader, kHeader + 8, wasm.begin())) {
    return unexpected(BlobError::kNotWasm);
  }
  size_t pos = 8;
  while (pos < wasm.size()) {
    uint8_t id = wasm[pos++];
    uint32_t size = 0;
    if (!read_leb_u32(wasm, pos, size) || size > wasm.size() - pos) {
      return unexpected(BlobError::kMalformedWasm);
    }
    ByteSpan section = wasm.subspan(pos, size);
    pos += size;
    if (id != 0) continue;
    size_t at = 0;
    uint32_t name_len = 0;
    if (!read_leb_u32(section, at, name_len) || name_len > section.size() - at) {
      return unexpected(BlobError::kMalformedWasm);
    }
    std::string_view section_name(reinterpret_cast<const char*>(section.data() + at), name_len);
    if (section_name == name) return std::optional<ByteSpan>(section.subspan(at + name_len));
  }
  return std::optional<ByteSpan>();
}

Result<std::optional<runtime::RuntimeVersion>, BlobError> read_embedded_version(ByteSpan wasm) {
  auto version_section = find_custom_section(wasm, "runtime_version");
  if (!version_section) return unexpected(version_section.error());
  if (!version_section->has_value()) return std::optional<runtime::RuntimeVersion>();
  CANARY_TRY_ASSIGN(auto apis_section, find_custom_section(wasm, "runtime_apis"));

  std::vector<std::pair<runtime::ApiId, uint32_t>> apis;
  if (apis_section.has_value()) {
    auto decoded = runtime::decode_runtime_apis_section(*apis_section);
    if (!decoded) return unexpected(BlobError::kBadVersionSection);
    apis = std::move(*decoded);
  }
  uint32_t core = 1;
  for (const auto& [id, version] : apis) {
    if (id == runtime::kCoreApiId) core = version;
  }
  auto version = runtime::decode_runtime_version(**version_section, core);
  if (!version) return unexpected(BlobError::kBadVersionSection);
  // The embedded version carries an empty API list; the runtime_apis section provides it.
  version->apis = std::move(apis);
  return std::optional<runtime::RuntimeVersion>(std::move(*version));
}

}  // namespace canary::executor
