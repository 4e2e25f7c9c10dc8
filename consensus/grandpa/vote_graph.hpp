// The blocks a round's votes point at, from the round base up, with the voters whose vote covers
// each block: a vote for B counts for B and every ancestor of B down to the base (finality-grandpa
// src/vote_graph.rs). Unlike finality-grandpa, which compresses vote-less runs of blocks into the
// edges between "vote nodes", every block between the base and a voted block is a node here: the
// GHOST and ancestor searches then walk plain parent/child links, at the cost of one node (two
// voter bitsets) per unfinalized block that someone voted on or above.
//
// Cumulative votes are sets of voter indices rather than weights so that a round can count an
// equivocator's weight on every block (round/context.rs merges equivocators the same way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/grandpa_types.hpp"

namespace canary::consensus::grandpa {

enum class Phase : uint8_t { kPrevote, kPrecommit };

// A set of voter indices (positions in the VoterSet).
class VoterBits {
 public:
  VoterBits() = default;
  explicit VoterBits(size_t voter_count) : words_((voter_count + 63) / 64, 0) {}

  void set(size_t index) { words_[index / 64] |= uint64_t{1} << (index % 64); }
  bool test(size_t index) const { return (words_[index / 64] >> (index % 64)) & 1U; }
  const std::vector<uint64_t>& words() const { return words_; }

 private:
  std::vector<uint64_t> words_;
};

// The voters whose prevote / precommit covers one block.
struct CumulativeVotes {
  VoterBits prevoters;
  VoterBits precommitters;

  const VoterBits& of(Phase phase) const {
    return phase == Phase::kPrevote ? prevoters : precommitters;
  }
};

class VoteGraph {
 public:
  using Condition = std::function<bool(const CumulativeVotes&)>;

  VoteGraph(const BlockRef& base, size_t voter_count);

  const BlockRef& base() const { return nodes_[0].block; }
  bool contains(const BlockHash& hash) const { return index_.count(hash) != 0; }

  // `block` is the base or descends from it, with a number consistent with its ancestry (a vote
  // naming a known hash with a wrong number is refused).
  bool descends_from_base(const BlockRef& block, const ChainAccess& chain) const;

  // Counts `voter`'s `phase` vote on `target` and on every block down to the base. False (and no
  // change) when the target does not descend from the base as far as `chain` knows.
  bool insert(const BlockRef& target, size_t voter, Phase phase, const ChainAccess& chain);

  // The highest block on the chain from the base to `block` (inclusive) whose cumulative votes
  // satisfy `condition`; nullopt when `block` is not in the graph or no such block exists
  // (vote_graph.rs `find_ancestor`).
  std::optional<BlockRef> find_ancestor(const BlockRef& block, const Condition& condition) const;

  // GHOST: from `current_best` (if it is in the graph, else from the base) descend while a child
  // satisfies `condition`, taking the first such child in insertion order; nullopt when the
  // starting block fails the condition (vote_graph.rs `find_ghost`). `condition` must be
  // monotone: if it holds for a block it holds for its ancestors.
  std::optional<BlockRef> find_ghost(const std::optional<BlockRef>& current_best,
                                     const Condition& condition) const;

  // `ancestor` is `block` or one of its ancestors, both in the graph.
  bool is_ancestor_or_equal(const BlockHash& ancestor, const BlockHash& block) const;

  const CumulativeVotes* votes_of(const BlockHash& hash) const;

 private:
  static constexpr size_t kNoParent = SIZE_MAX;

  struct Node {
    BlockRef block;
    size_t parent = kNoParent;
    std::vector<size_t> children;  // in insertion order
    CumulativeVotes votes;
  };

  // The graph nodes to create for `target` (newest first) and the node they hang from; nullopt if
  // the target is not a consistent descendant of the base.
  struct Attachment {
    std::vector<BlockRef> new_blocks;
    size_t parent = 0;
  };
  std::optional<Attachment> attachment_for(const BlockRef& target, const ChainAccess& chain) const;

  std::optional<size_t> node_index(const BlockHash& hash) const;

  std::vector<Node> nodes_;  // nodes_[0] is the base
  std::map<BlockHash, size_t> index_;
  size_t voter_count_;
};

}  // namespace canary::consensus::grandpa
