#include "parachain/collator/adder.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::parachain::adder {

Hash256 state_hash(uint64_t state) {
  return hash::keccak_256(scale::encode(state));
}

Head genesis_head() {
  return Head{0, Hash256{}, state_hash(0)};
}

const char* to_string(AdderError error) {
  switch (error) {
    case AdderError::kBadParentHead:
      return "the parent head is not an adder head";
    case AdderError::kBadBlockData:
      return "the block data is not an adder block";
    case AdderError::kStateMismatch:
      return "the block's state is not the parent's post-state";
  }
  return "unknown adder error";
}

namespace {

// Rust's `Decode::decode` on a slice, as the PVF reads its input: bytes after the value are left
// unread, not refused.
template <class T>
std::optional<T> decode_prefix(ByteSpan bytes) {
  scale::Decoder in(bytes);
  T value = scale::decode_next<T>(in);
  if (!in.ok()) return std::nullopt;
  return value;
}

}  // namespace

Result<Head, AdderError> execute(ByteSpan parent_head, ByteSpan block_data) {
  auto parent = decode_prefix<Head>(parent_head);
  if (!parent) return unexpected(AdderError::kBadParentHead);
  auto block = decode_prefix<Block>(block_data);
  if (!block) return unexpected(AdderError::kBadBlockData);
  if (state_hash(block->state) != parent->post_state) return unexpected(AdderError::kStateMismatch);
  // The PVF adds with wrapping, as Rust's u64::wrapping_add.
  const uint64_t new_state = block->state + block->add;
  return Head{parent->number + 1, hash::keccak_256(parent_head), state_hash(new_state)};
}

HeadData encode_head(const Head& head) {
  return HeadData{scale::encode(head)};
}

}  // namespace canary::parachain::adder
