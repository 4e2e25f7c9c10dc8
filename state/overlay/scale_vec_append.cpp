#include "state/overlay/scale_vec_append.hpp"

#include <limits>

#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/scale/encoder.hpp"
#include "primitives/util/result.hpp"

namespace canary::state {

namespace {

// Writes the compact encoding of `count` over the first `old_size` bytes of `value`.
void replace_prefix(Bytes& value, size_t old_size, uint32_t count) {
  scale::Encoder prefix;
  scale::encode_compact(prefix, count);
  const Bytes& p = prefix.bytes();
  if (p.size() == old_size) {
    std::copy(p.begin(), p.end(), value.begin());
    return;
  }
  // The prefix grows at 2^6, 2^14 and 2^30 items: rare enough to shift the items.
  value.erase(value.begin(), value.begin() + static_cast<ptrdiff_t>(old_size));
  value.insert(value.begin(), p.begin(), p.end());
}

std::optional<ScaleVecPrefix> read_prefix(ByteSpan value) {
  scale::Decoder in(value);
  uint32_t count = scale::decode_compact<uint32_t>(in);
  if (!in.ok()) return std::nullopt;
  return ScaleVecPrefix{count, in.position()};
}

}  // namespace

std::optional<ScaleVecPrefix> appendable_prefix(ByteSpan value) {
  std::optional<ScaleVecPrefix> prefix = read_prefix(value);
  // A full vector cannot count one more item: the codec's checked_add fails and the value is
  // replaced (unreachable in practice: it would hold 2^32 - 1 items).
  if (prefix && prefix->count == std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return prefix;
}

void append_item(Bytes& value, ScaleVecPrefix prefix, ByteSpan item) {
  value.insert(value.end(), item.begin(), item.end());
  replace_prefix(value, prefix.size, prefix.count + 1);
}

void scale_vec_append(Bytes& value, ByteSpan item) {
  std::optional<ScaleVecPrefix> prefix = appendable_prefix(value);
  if (!prefix) {
    value = single_item_vec(item);
    return;
  }
  append_item(value, *prefix, item);
}

Bytes single_item_vec(ByteSpan item) {
  Bytes out;
  out.reserve(1 + item.size());
  out.push_back(0x04);  // Compact(1)
  out.insert(out.end(), item.begin(), item.end());
  return out;
}

void truncate_scale_vec(Bytes& value, uint32_t count, size_t items) {
  std::optional<ScaleVecPrefix> prefix = read_prefix(value);
  // Only ever called on vectors built by appending, whose prefix is valid.
  if (!prefix || value.size() < prefix->size + items) contract_violation();
  value.resize(prefix->size + items);
  replace_prefix(value, prefix->size, count);
}

}  // namespace canary::state
