// The Canary runtime's `development` chain for tests of the layers above the runtime (blockchain,
// node service, RPC): the runtime blob of the build, its genesis block (the runtime's
// GenesisBuilder, interpreted), a database in a directory holding just that genesis, and what a
// test needs to build blocks on it without BABE's lottery (a SecondaryPlain pre-digest, which the
// runtime accepts without checking the claim, and the slot's inherents).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/open_chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/codec.hpp"
#include "state/storage/database.hpp"

namespace canary::blockchain::testing {

#ifdef CANARY_RUNTIME_BLOB
inline Bytes canary_runtime_blob() {
  std::ifstream in(CANARY_RUNTIME_BLOB, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The genesis of the runtime's `development` preset; `spec`, when given, receives its storage.
inline Result<GenesisBlock, BlockchainError> dev_genesis(RuntimeHost& host,
                                                         state::ChainSpec* spec = nullptr) {
  auto storage = build_genesis_storage(host, canary_runtime_blob(), "development");
  if (!storage) return unexpected(std::move(storage).error());
  state::ChainSpec made;
  made.top = std::move(*storage);
  auto genesis = make_genesis_block(made);
  if (spec != nullptr) *spec = std::move(made);
  return genesis;
}
#endif

// A database at `path` holding `genesis`, opened as a Chain (null after a failed assertion).
inline std::unique_ptr<Chain> open_chain_at_genesis(const std::string& path,
                                                    const GenesisBlock& genesis) {
  state::DatabaseOptions o;
  o.sync = state::SyncPolicy::kNever;
  o.node_cache_bytes = 8 << 20;
  o.db_cache_bytes = 1 << 20;
  auto chain = open_chain(path, genesis, o);
  EXPECT_TRUE(chain) << chain.error().message();
  return chain ? std::move(*chain) : nullptr;
}

// A BABE SecondaryPlain pre-digest (authority index, slot).
inline block::DigestItem secondary_plain_pre_digest(uint32_t authority, uint64_t slot) {
  scale::Encoder e;
  e.put_byte(2);
  scale::encode_to(e, authority);
  scale::encode_to(e, slot);
  return block::DigestPreRuntime{block::kBabeEngineId, std::move(e).take()};
}

// The timestamp (the slot's start, 6 s slots), BABE slot and parachains (no content) inherents
// of a block on `parent`.
inline runtime::InherentData inherents_for_slot(uint64_t slot, const block::Header& parent) {
  runtime::InherentData data;
  data[runtime::kTimestampInherent] = scale::encode(uint64_t{slot * 6000});
  data[runtime::kBabeSlotInherent] = scale::encode(slot);
  data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content(parent);
  return data;
}

}  // namespace canary::blockchain::testing
