// What GRANDPA asks of the node's block tree (finality-grandpa lib.rs `Chain`, voter/mod.rs
// `Environment::best_chain_containing`). The node answers synchronously from its block tree; the
// voter never stores blocks itself.
#pragma once

#include <optional>
#include <vector>

#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/block/header.hpp"

namespace canary::consensus::grandpa {

class ChainAccess {
 public:
  virtual ~ChainAccess() = default;

  // The hashes of the blocks strictly between `base` and `block`, newest first (block's parent
  // first, base's child last; empty when block is base's child). nullopt when `block` is not a
  // strict descendant of `base` or is unknown (sc-consensus-grandpa environment.rs `ancestry`).
  virtual std::optional<std::vector<BlockHash>> ancestry(const BlockHash& base,
                                                         const BlockHash& block) const = 0;

  // The block GRANDPA should vote for on the chain containing `base`: normally the best block
  // descending from it (or `base` itself). The node applies its voting rules here, e.g. it never
  // returns a block past a pending authority-set change (AuthoritySetTracker::current_limit).
  // nullopt when `base` is unknown.
  virtual std::optional<BlockRef> best_chain_containing(const BlockHash& base) const = 0;

  // The header of a known block; justifications carry the headers that link precommit targets.
  virtual std::optional<block::Header> header(const BlockHash& hash) const = 0;
};

// `block` equals `base` or descends from it, as far as `chain` knows.
inline bool is_equal_or_descendant_of(const ChainAccess& chain, const BlockHash& base,
                                      const BlockHash& block) {
  return base == block || chain.ancestry(base, block).has_value();
}

}  // namespace canary::consensus::grandpa
