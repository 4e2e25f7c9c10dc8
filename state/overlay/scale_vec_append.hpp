// ext_storage_append: the stored value is taken as a SCALE Vec and the item (already SCALE
// encoded by the runtime) is added at its end, without decoding the items that are there
// (sp-state-machine ext.rs `StorageAppend`; parity-scale-codec `EncodeAppend::append_or_new`).
// Only the Compact<u32> length prefix is checked: a value that starts with a canonical one counts
// as a vector of that many items, whatever follows. Any other value (absent, empty, or starting
// with a non-canonical length) is replaced by the one-item vector [item].
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"

namespace canary::state {

struct ScaleVecPrefix {
  uint32_t count = 0;
  size_t size = 0;  // bytes of the Compact<u32> prefix
};

// The length prefix of `value`, if it has a valid one that still leaves room for one more item.
std::optional<ScaleVecPrefix> appendable_prefix(ByteSpan value);

// Appends `item` to the vector `value` whose prefix is `prefix`.
void append_item(Bytes& value, ScaleVecPrefix prefix, ByteSpan item);

// The value ext_storage_append leaves behind, in place.
void scale_vec_append(Bytes& value, ByteSpan item);

// The one-item vector [item].
Bytes single_item_vec(ByteSpan item);

// Turns `value`, a vector that starts with `items` bytes of items (and may hold more after them),
// into the vector of `count` items made of those bytes alone: undoes appends.
void truncate_scale_vec(Bytes& value, uint32_t count, size_t items);

}  // namespace canary::state
