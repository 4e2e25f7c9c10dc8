#include "state/storage/records.hpp"

#include <algorithm>
#include <cstring>

namespace canary::state::records {

namespace {

void put_u32_le(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t get_u32_le(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(in[i]) << (8 * i);
  return v;
}

void put_u32_be(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * (3 - i)));
}

uint32_t get_u32_be(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | in[i];
  return v;
}

}  // namespace

Bytes encode_u32(uint32_t v) {
  Bytes out(4);
  put_u32_le(out.data(), v);
  return out;
}

std::optional<uint32_t> decode_u32(ByteSpan data) {
  if (data.size() != 4) return std::nullopt;
  return get_u32_le(data.data());
}

Bytes encode_block_ref(const BlockRef& ref) {
  Bytes out(36);
  std::memcpy(out.data(), ref.hash.data(), 32);
  put_u32_le(out.data() + 32, ref.number);
  return out;
}

std::optional<BlockRef> decode_block_ref(ByteSpan data) {
  if (data.size() != 36) return std::nullopt;
  BlockRef ref;
  std::memcpy(ref.hash.data(), data.data(), 32);
  ref.number = get_u32_le(data.data() + 32);
  return ref;
}

std::optional<Hash256> decode_hash(ByteSpan data) {
  if (data.size() != 32) return std::nullopt;
  Hash256 h;
  std::memcpy(h.data(), data.data(), 32);
  return h;
}

Bytes encode_pruning(const PruningMode& mode) {
  Bytes out(5);
  out[0] = mode.archive ? 0 : 1;
  put_u32_le(out.data() + 1, mode.archive ? 0 : mode.window);
  return out;
}

std::optional<PruningMode> decode_pruning(ByteSpan data) {
  if (data.size() != 5) return std::nullopt;
  uint32_t window = get_u32_le(data.data() + 1);
  if (data[0] == 0 && window == 0) return PruningMode::archive_mode();
  if (data[0] == 1 && window != 0) return PruningMode::keep_last(window);
  return std::nullopt;
}

Bytes encode_refcount(uint32_t refs) {
  return encode_u32(refs);
}

std::optional<uint32_t> decode_refcount(ByteSpan data) {
  auto refs = decode_u32(data);
  if (!refs || *refs < 2) return std::nullopt;  // 1 is the absence of an entry, 0 no node
  return refs;
}

Bytes encode_hash_list(const std::vector<Hash256>& hashes) {
  Bytes out(hashes.size() * 32);
  for (size_t i = 0; i < hashes.size(); ++i) {
    std::memcpy(out.data() + 32 * i, hashes[i].data(), 32);
  }
  return out;
}

std::optional<std::vector<Hash256>> decode_hash_list(ByteSpan data) {
  if (data.size() % 32 != 0) return std::nullopt;
  std::vector<Hash256> out(data.size() / 32);
  for (size_t i = 0; i < out.size(); ++i) std::memcpy(out[i].data(), data.data() + 32 * i, 32);
  return out;
}

ByteArray<4> canonical_key(block::BlockNumber number) {
  ByteArray<4> key;
  put_u32_be(key.data(), number);
  return key;
}

std::optional<block::BlockNumber> decode_canonical_key(ByteSpan key) {
  if (key.size() != 4) return std::nullopt;
  return get_u32_be(key.data());
}

ByteArray<36> tree_key(const BlockRef& block) {
  ByteArray<36> key;
  put_u32_be(key.data(), block.number);
  std::memcpy(key.data() + 4, block.hash.data(), 32);
  return key;
}

std::optional<BlockRef> decode_tree_key(ByteSpan key) {
  if (key.size() != 36) return std::nullopt;
  BlockRef ref;
  ref.number = get_u32_be(key.data());
  std::memcpy(ref.hash.data(), key.data() + 4, 32);
  return ref;
}

ByteArray<33> journal_key(const block::BlockHash& block, JournalKind kind) {
  ByteArray<33> key;
  std::copy(block.begin(), block.end(), key.begin());
  key[32] = static_cast<uint8_t>(kind);
  return key;
}

}  // namespace canary::state::records
