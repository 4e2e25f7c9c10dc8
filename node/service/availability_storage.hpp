// The parachain availability store's records in the node's database (polkadot-sdk keeps them in
// its columns col_availability_meta and col_availability_data): what a validator stored of each
// candidate — the meta, the whole AvailableData when it backed it, its chunks with their proofs —
// survives a restart, so the validator still serves the chunks it holds and the store rebuilds its
// prune times from the records (parachain/availability/availability_store.hpp).
//
// The records are in the `aux` column under the prefix "parachains:av:", SCALE-encoded:
//   m ‖ candidate hash            the meta (state, time, inclusions, chunks held, bytes)
//   d ‖ candidate hash            the AvailableData
//   c ‖ candidate hash ‖ u32 BE   one ErasureChunk, by chunk index
// Each call is one batch. A read or write the database refuses is logged and counts as absent:
// the store's interface has no error channel, and losing a record only makes the validator answer
// NoSuchChunk, as polkadot-sdk's av-store does after a database error.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "parachain/availability/availability_store.hpp"
#include "state/storage/database.hpp"

namespace canary::node {

// `db` outlives the storage.
std::unique_ptr<parachain::AvailabilityStorage> make_database_availability_storage(
    state::Database& db);

// Which chunk each validator holds of a candidate: the core it was pending availability on, the
// validator count and whether RFC-47's mapping was on then (polkadot-sdk's av-store keys chunks
// by validator index for the same reason). A `/req_chunk/2` names a validator, and the candidate
// may have left its core long before, or before a restart: the mappings are kept beside the
// store's records (under "parachains:av:k") and read back when the node starts.
struct ChunkMapping {
  parachain::CoreIndex core = 0;
  uint32_t n_validators = 0;
  bool mapping_enabled = false;
  bool operator==(const ChunkMapping&) const = default;
  CANARY_SCALE_FIELDS(core, n_validators, mapping_enabled)
};

class ChunkMappings {
 public:
  // Reads the mappings kept in `db` (null: in memory only); `db` outlives this.
  explicit ChunkMappings(state::Database* db);

  // The first mapping noted for a candidate stays.
  void note(const Hash256& candidate, const ChunkMapping& mapping);
  // The chunk `validator` holds of the candidate, if its mapping is known.
  std::optional<parachain::ChunkIndex> chunk_of(const Hash256& candidate,
                                                parachain::ValidatorIndex validator) const;
  // Forgets (and deletes) the candidate's mapping: the store dropped the candidate
  // (AvailabilityStore::set_drop_listener).
  void forget(const Hash256& candidate);
  size_t size() const { return mappings_.size(); }

 private:
  state::Database* db_;
  std::map<Hash256, ChunkMapping> mappings_;
};

}  // namespace canary::node
