// The byte layout of the database's keys and records, apart from the data stored verbatim
// (trie nodes, encoded headers, bodies, justifications). Decoders see bytes read back from disk,
// which may be damaged: they return nothing for anything but a well-formed record, and the caller
// reports the database as corrupt (fuzz/fuzz_storage_records.cpp).
//
// Numbers in keys are big-endian so that RocksDB's byte order is numeric order; numbers in values
// are little-endian like SCALE.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "state/storage/block_ref.hpp"
#include "state/storage/pruning_mode.hpp"

namespace canary::state::records {

// --- values ---

// u32 little-endian: schema version, oldest kept state.
Bytes encode_u32(uint32_t v);
std::optional<uint32_t> decode_u32(ByteSpan data);

// hash ‖ number (u32 LE): best and finalized block.
Bytes encode_block_ref(const BlockRef& ref);
std::optional<BlockRef> decode_block_ref(ByteSpan data);

// A 32-byte hash: the genesis hash, a canonical-index entry.
std::optional<Hash256> decode_hash(ByteSpan data);

// mode (0 archive, 1 window) ‖ window (u32 LE).
Bytes encode_pruning(const PruningMode& mode);
std::optional<PruningMode> decode_pruning(ByteSpan data);

// A reference count in node_refs: only counts of 2 or more are stored.
Bytes encode_refcount(uint32_t refs);
std::optional<uint32_t> decode_refcount(ByteSpan data);

// A pruning journal: node hashes back to back (a hash appears once per reference).
Bytes encode_hash_list(const std::vector<Hash256>& hashes);
std::optional<std::vector<Hash256>> decode_hash_list(ByteSpan data);

// --- keys ---

// Canonical index: number (u32 BE) → hash.
ByteArray<4> canonical_key(block::BlockNumber number);
std::optional<block::BlockNumber> decode_canonical_key(ByteSpan key);

// Unfinalized blocks: number (u32 BE) ‖ hash → empty.
ByteArray<36> tree_key(const BlockRef& block);
std::optional<BlockRef> decode_tree_key(ByteSpan key);

// Pruning journal of a block: hash ‖ kind.
enum class JournalKind : uint8_t {
  kInserted = 'i',  // nodes the block's state added to its parent's (undone if it is discarded)
  kRemoved = 'r',   // nodes of the parent's state the block's state no longer has (freed when
                    // the block's parent leaves the pruning window)
};
ByteArray<33> journal_key(const block::BlockHash& block, JournalKind kind);

}  // namespace canary::state::records
