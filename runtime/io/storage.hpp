// The runtime's view of the state (sp-io `storage` and `default_child_storage`): the calls a
// pallet makes to read and write the state of the block being built or executed. Inside the
// wasm32 runtime they are host functions; in native builds (pallet unit tests, tools) they act on
// the overlay of the current native context (runtime/io/native_context.hpp).
#pragma once

#include <cstdint>
#include <optional>

#include "primitives/util/bytes.hpp"
#include "runtime/io/storage_cache.hpp"

namespace canary::rt::io {

enum class StateVersion : uint8_t { kV0 = 0, kV1 = 1 };

// What a limited prefix removal did (sp-io MultiRemovalResults).
struct RemovalResults {
  // Set when the limit stopped the removal (in the Wasm build without a position: the runtime
  // uses the host functions without cursors, so it is empty and the caller repeats the call).
  std::optional<Bytes> cursor;
  uint32_t backend = 0;  // keys removed from the committed state
  uint32_t unique = 0;   // keys removed, overlay and committed state together
  uint32_t loops = 0;    // committed keys visited
};

namespace storage {

// A read for decoding in place: the call's mirror entry of the key (storage_cache.hpp), whose
// value the caller decodes without a copy and whose decoded value it may set; or, for the keys
// and values the mirror does not keep, the value itself.
struct Lookup {
  StorageCache::Entry* entry = nullptr;  // valid while mirror_generation() stays the same
  std::optional<Bytes> value;            // when `entry` is null

  const std::optional<Bytes>& bytes() const { return entry != nullptr ? entry->value : value; }
};
Lookup lookup(ByteSpan key);
// The generation of the call's mirror (StorageCache::generation): the entries `lookup` and `set`
// give stay valid while it stays the same.
uint64_t mirror_generation();

std::optional<Bytes> get(ByteSpan key);
bool exists(ByteSpan key);
// Returns the mirror's entry now holding the value, or null if the mirror does not keep it.
StorageCache::Entry* set(ByteSpan key, ByteSpan value);
void clear(ByteSpan key);
// set() and clear() of the key of `entry`, an entry of the mirror's current generation (from
// `lookup`, `set` or a memo of them), which is not looked up again.
StorageCache::Entry* set(StorageCache::Entry& entry, ByteSpan value);
void clear(StorageCache::Entry& entry);
// Appends one SCALE-encoded item to the SCALE vector stored under `key` (a missing or undecodable
// value counts as the empty vector), without reading it into the runtime.
void append(ByteSpan key, ByteSpan encoded_item);
// Removes the keys starting with `prefix`, visiting at most `limit` committed keys. The cursor is
// only used natively.
RemovalResults clear_prefix(ByteSpan prefix, std::optional<uint32_t> limit = std::nullopt,
                            ByteSpan cursor = {});
std::optional<Bytes> next_key(ByteSpan key);
// The root of the state with every change so far.
Hash256 root(StateVersion version);

// Gives the host every write it has not seen yet. On wasm32 writes wait in the call's mirror until
// the host needs them (io/wasm_host.cpp), and the runtime's entry points call this before they
// return; natively every write reaches the overlay at once and this does nothing.
void flush_writes();

// Nested storage transactions: changes since the matching start are kept or dropped together.
void start_transaction();
void commit_transaction();
void rollback_transaction();

}  // namespace storage

namespace child_storage {

// Default child tries, named by their unprefixed storage key.
std::optional<Bytes> get(ByteSpan child, ByteSpan key);
bool exists(ByteSpan child, ByteSpan key);
void set(ByteSpan child, ByteSpan key, ByteSpan value);
void clear(ByteSpan child, ByteSpan key);
RemovalResults kill(ByteSpan child, std::optional<uint32_t> limit = std::nullopt);
std::optional<Bytes> next_key(ByteSpan child, ByteSpan key);
Hash256 root(ByteSpan child, StateVersion version);

}  // namespace child_storage

}  // namespace canary::rt::io
