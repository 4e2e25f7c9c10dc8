#include "consensus/grandpa/vote_graph.hpp"

namespace canary::consensus::grandpa {

VoteGraph::VoteGraph(const BlockRef& base, size_t voter_count) : voter_count_(voter_count) {
  Node root;
  root.block = base;
  root.votes = {VoterBits(voter_count), VoterBits(voter_count)};
  nodes_.push_back(std::move(root));
  index_.emplace(base.hash, 0);
}

std::optional<size_t> VoteGraph::node_index(const BlockHash& hash) const {
  auto it = index_.find(hash);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const CumulativeVotes* VoteGraph::votes_of(const BlockHash& hash) const {
  auto index = node_index(hash);
  return index ? &nodes_[*index].votes : nullptr;
}

std::optional<VoteGraph::Attachment> VoteGraph::attachment_for(const BlockRef& target,
                                                               const ChainAccess& chain) const {
  Attachment attachment;
  if (auto known = node_index(target.hash)) {
    if (nodes_[*known].block.number != target.number) return std::nullopt;
    attachment.parent = *known;
    return attachment;
  }
  const BlockRef& graph_base = base();
  if (target.number <= graph_base.number) return std::nullopt;
  auto between = chain.ancestry(graph_base.hash, target.hash);
  // The ancestry must have exactly one block per number between base and target: a vote naming a
  // real hash with a made-up number must not enter the graph.
  if (!between || between->size() != target.number - graph_base.number - 1) return std::nullopt;

  BlockRef current = target;
  for (size_t i = 0;; ++i) {
    if (auto known = node_index(current.hash)) {
      if (nodes_[*known].block.number != current.number) return std::nullopt;
      attachment.parent = *known;
      return attachment;
    }
    attachment.new_blocks.push_back(current);
    if (i == between->size()) break;
    current = {(*between)[i], current.number - 1};
  }
  attachment.parent = 0;  // the oldest new block is the base's child
  return attachment;
}

bool VoteGraph::descends_from_base(const BlockRef& block, const ChainAccess& chain) const {
  return attachment_for(block, chain).has_value();
}

bool VoteGraph::insert(const BlockRef& target, size_t voter, Phase phase,
                       const ChainAccess& chain) {
  if (voter >= voter_count_) return false;
  auto attachment = attachment_for(target, chain);
  if (!attachment) return false;

  size_t parent = attachment->parent;
  for (auto it = attachment->new_blocks.rbegin(); it != attachment->new_blocks.rend(); ++it) {
    Node node;
    node.block = *it;
    node.parent = parent;
    node.votes = {VoterBits(voter_count_), VoterBits(voter_count_)};
    size_t index = nodes_.size();
    nodes_.push_back(std::move(node));
    nodes_[parent].children.push_back(index);
    index_.emplace(it->hash, index);
    parent = index;
  }

  // `parent` is now the target's node: the last one created, or the one that already existed.
  for (size_t at = parent; at != kNoParent; at = nodes_[at].parent) {
    CumulativeVotes& votes = nodes_[at].votes;
    (phase == Phase::kPrevote ? votes.prevoters : votes.precommitters).set(voter);
  }
  return true;
}

std::optional<BlockRef> VoteGraph::find_ancestor(const BlockRef& block,
                                                 const Condition& condition) const {
  auto start = node_index(block.hash);
  if (!start || nodes_[*start].block.number != block.number) return std::nullopt;
  for (size_t at = *start; at != kNoParent; at = nodes_[at].parent) {
    if (condition(nodes_[at].votes)) return nodes_[at].block;
  }
  return std::nullopt;
}

std::optional<BlockRef> VoteGraph::find_ghost(const std::optional<BlockRef>& current_best,
                                              const Condition& condition) const {
  size_t at = 0;
  if (current_best) {
    auto known = node_index(current_best->hash);
    if (known && nodes_[*known].block.number == current_best->number) at = *known;
  }
  if (!condition(nodes_[at].votes)) return std::nullopt;
  for (;;) {
    size_t next = kNoParent;
    for (size_t child : nodes_[at].children) {
      if (condition(nodes_[child].votes)) {
        next = child;
        break;
      }
    }
    if (next == kNoParent) break;
    at = next;
  }
  return nodes_[at].block;
}

bool VoteGraph::is_ancestor_or_equal(const BlockHash& ancestor, const BlockHash& block) const {
  auto from = node_index(block);
  auto to = node_index(ancestor);
  if (!from || !to) return false;
  for (size_t at = *from; at != kNoParent; at = nodes_[at].parent) {
    if (at == *to) return true;
    if (nodes_[at].block.number < nodes_[*to].block.number) return false;
  }
  return false;
}

}  // namespace canary::consensus::grandpa
