// A chain for the node's GRANDPA tests: RocksDB at a directory, an empty genesis block, and
// GRANDPA's genesis record for the given authorities (which the node otherwise reads from the
// genesis runtime), so that GrandpaService::open starts from set 0.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "blockchain/chain.hpp"
#include "consensus/grandpa/authority_set.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/database.hpp"

namespace canary::node::testing {

inline Result<std::unique_ptr<blockchain::Chain>, std::string> grandpa_genesis_chain(
    const std::string& dir, const consensus::grandpa::AuthorityList& authorities) {
  state::DatabaseOptions options;
  options.sync = state::SyncPolicy::kNever;
  auto db = state::Database::open(dir, options);
  if (!db) return unexpected(db.error().message());
  state::BlockCommit genesis;
  genesis.header = block::genesis_header(block::kEmptyTrieRoot);
  genesis.body = scale::encode(std::vector<Bytes>{});
  if (auto committed = (*db)->commit(genesis); !committed) {
    return unexpected(committed.error().message());
  }
  auto tracker = consensus::grandpa::AuthoritySetTracker::genesis(authorities);
  if (!tracker) return unexpected(std::string("no GRANDPA genesis set"));
  if (auto written =
          (*db)->write_aux({state::AuxWrite{to_bytes(kGrandpaAuthoritySetKey), tracker->encode()}});
      !written) {
    return unexpected(written.error().message());
  }
  auto chain = blockchain::Chain::open(std::move(*db));
  if (!chain) return unexpected(chain.error().message());
  return std::move(*chain);
}

}  // namespace canary::node::testing
