// What the `/sync/warp` server reads from the node: the finalized chain, stored GRANDPA
// justifications and GRANDPA's records (which blocks ended each authority set, the justification
// of the latest finalized block). A read-only view, like BlockSource, so that the proof logic
// (warp_sync_handler.hpp) stays sans-IO and is tested over an in-memory chain; the node implements
// it over blockchain::Chain and its aux column (node/service/warp_sync_server.hpp), which this
// library must not link. Every answer may fail with a storage error, which fails the request
// being served, never the node.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct WarpProofSourceError {
  std::string message;
};

// (set id, number of the last block of that set), ascending: sc-consensus-grandpa's
// AuthoritySetChanges, as consensus/grandpa's AuthoritySetTracker records them.
using AuthoritySetChanges = std::vector<std::pair<consensus::grandpa::SetId, block::BlockNumber>>;

class WarpProofSource {
 public:
  virtual ~WarpProofSource() = default;

  // The number of any stored block (forks included), none when unknown.
  virtual Result<std::optional<block::BlockNumber>, WarpProofSourceError> block_number(
      const block::BlockHash& hash) const = 0;
  virtual block::BlockNumber finalized_number() const = 0;
  // The finalized chain's block at `number` (at most finalized_number()).
  virtual Result<std::optional<block::BlockHash>, WarpProofSourceError> finalized_hash(
      block::BlockNumber number) const = 0;
  virtual Result<std::optional<block::Header>, WarpProofSourceError> header(
      const block::BlockHash& hash) const = 0;
  // The block's stored GRANDPA justification (its `FRNK` entry of Justifications), SCALE bytes.
  virtual Result<std::optional<Bytes>, WarpProofSourceError> grandpa_justification(
      const block::BlockHash& hash) const = 0;
  virtual Result<AuthoritySetChanges, WarpProofSourceError> authority_set_changes() const = 0;
  // The justification of the latest block GRANDPA finalized (aux_schema.rs best_justification),
  // SCALE bytes; none before the first finality.
  virtual Result<std::optional<Bytes>, WarpProofSourceError> best_justification() const = 0;
};

}  // namespace canary::network
