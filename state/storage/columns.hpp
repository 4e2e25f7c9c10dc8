// The RocksDB column families of the database, one per kind of data, so that each gets the
// options its access pattern wants (bloom filters for point reads of hashes, ordered keys for the
// number-indexed ones) and can be compacted on its own. Names are part of the on-disk format.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace canary::state {

enum class Column : uint8_t {
  kMeta,            // metadata keys below
  kNodes,           // trie node / V1 value hash → bytes
  kNodeRefs,        // hash → reference count (u32 LE), pruning mode, only for counts of 2 or
                    // more: a stored node without an entry has exactly one reference
  kHeaders,         // block hash → SCALE header
  kBodies,          // block hash → SCALE Vec<extrinsic>, opaque
  kJustifications,  // block hash → SCALE Justifications, opaque
  kCanonical,       // number (u32 BE) → hash of the best chain's block
  kTree,            // number (u32 BE) ‖ hash → (): blocks above the finalized one, forks included
  kJournal,         // block hash ‖ 'i' | 'r' → node hashes (pruning journal, see records.hpp)
  kOffchain,        // offchain local storage by prefixed key (Database::offchain): the
                    // PERSISTENT kind under b"storage" (offchain_localStorage* RPCs)
  kAux,             // consensus records by key (sc-client-api `AuxStore`): BABE epochs and
                    // chain weights per block, GRANDPA's authority set and voter state
};

inline constexpr size_t kColumnCount = 11;

inline constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "meta",      "nodes", "node_refs", "headers",  "bodies", "justifications",
    "canonical", "tree",  "journal",   "offchain", "aux"};
static_assert(!kColumnNames.back().empty(), "a name for every column");
static_assert(static_cast<size_t>(Column::kAux) + 1 == kColumnCount);

constexpr std::string_view column_name(Column c) {
  return kColumnNames[static_cast<size_t>(c)];
}

// Keys of the meta column.
namespace meta_key {
inline constexpr std::string_view kSchemaVersion = "schema_version";  // u32
inline constexpr std::string_view kGenesis = "genesis";               // hash: which chain
inline constexpr std::string_view kPruning = "pruning";               // PruningMode
inline constexpr std::string_view kBest = "best";                     // BlockRef
inline constexpr std::string_view kFinalized = "finalized";           // BlockRef
inline constexpr std::string_view kOldestState = "oldest_state";      // u32
}  // namespace meta_key

}  // namespace canary::state
