// Phragmén's reduce (sp-npos-elections reduce.rs, node.rs): removes circulations from staked
// assignments so that the edges with stake form a forest, without changing any target's total
// backing or any voter's total stake. The offchain miner runs it before submitting a solution,
// since fewer edges make a smaller solution.
//
// reduce_4 first cancels cycles of length four (two voters who both vote for the same two
// targets). reduce_all then adds the edges one by one, voter by voter, to a forest of
// parent-linked nodes (one per voter and per target). An edge that closes a cycle gets the
// cycle's smallest weight moved around it, and the edge that reaches zero is dropped. Ties,
// orders and node re-rooting follow the SDK exactly, so the same input gives the SDK's output.
//
// The SDK assumes voters are unique, and panics on some inputs that break this. Here such
// inputs are refused: `reduce` returns nullopt when two assignments have the same voter, or when
// the SDK would panic (repeated targets in an assignment can do that). Nodes are indices into a
// vector and ids are compared as the SDK compares them: by value.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/npos/types.hpp"

namespace canary::rt::npos {

namespace detail {

// The distinct targets of the assignments, sorted: a target's dense index is its position.
template <class A>
class TargetIndex {
 public:
  explicit TargetIndex(const std::vector<StakedAssignment<A>>& assignments) {
    for (const auto& a : assignments) {
      for (const auto& [target, w] : a.distribution) targets_.push_back(target);
    }
    std::sort(targets_.begin(), targets_.end());
    targets_.erase(std::unique(targets_.begin(), targets_.end()), targets_.end());
  }
  uint32_t of(const A& target) const {
    return static_cast<uint32_t>(std::lower_bound(targets_.begin(), targets_.end(), target) -
                                 targets_.begin());
  }
  const A& who(uint32_t index) const { return targets_[index]; }
  size_t size() const { return targets_.size(); }

 private:
  std::vector<A> targets_;
};

// reduce_4's map from an ordered pair of targets (dense indices) to the assignment last seen
// voting for both. An election's winners are few (Kusama elects 1,000), so the pairs fit a dense
// table (4 bytes a pair: 4 MB for 1,000 targets) far smaller than a node-based map of the ~500,000
// pairs a Kusama-size election has, which matters in an offchain worker's bounded heap; past
// kDenseMaxTargets targets, a hash map.
class PairTable {
 public:
  static constexpr size_t kDenseMaxTargets = 1'024;
  static constexpr uint32_t kNone = ~uint32_t{0};

  explicit PairTable(size_t targets) : targets_(targets) {
    if (targets <= kDenseMaxTargets) dense_.assign(targets * targets, kNone);
  }
  // The value of (a, b), set to `value` first if there is none; whether it was set.
  std::pair<uint32_t*, bool> try_emplace(uint32_t a, uint32_t b, uint32_t value) {
    if (dense()) {
      uint32_t& slot = dense_[a * targets_ + b];
      const bool inserted = slot == kNone;
      if (inserted) slot = value;
      return {&slot, inserted};
    }
    const auto [it, inserted] = sparse_.try_emplace(key(a, b), value);
    return {&it->second, inserted};
  }
  void erase(uint32_t a, uint32_t b) {
    if (dense()) {
      dense_[a * targets_ + b] = kNone;
    } else {
      sparse_.erase(key(a, b));
    }
  }

 private:
  bool dense() const { return targets_ <= kDenseMaxTargets; }
  static uint64_t key(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }

  size_t targets_;
  std::vector<uint32_t> dense_;
  std::unordered_map<uint64_t, uint32_t> sparse_;
};

// The first entry of `distribution` for `target`, or its size.
template <class A>
size_t position_of(const std::vector<std::pair<A, ExtendedBalance>>& distribution,
                   const A& target) {
  for (size_t i = 0; i < distribution.size(); ++i) {
    if (distribution[i].first == target) return i;
  }
  return distribution.size();
}

}  // namespace detail

// Cancels the 4-cycles (reduce_4); the number of edges removed, or nullopt where the SDK panics.
// Assignments must have distinct voters (reduce checks).
template <class A>
std::optional<uint32_t> reduce_4(std::vector<StakedAssignment<A>>& assignments) {
  const detail::TargetIndex<A> index(assignments);
  // (v1, v2) in a voter's order -> the assignment last seen voting for both.
  detail::PairTable combinations(index.size());
  uint32_t num_changed = 0;

  for (size_t ai = 0; ai < assignments.size(); ++ai) {
    std::vector<A> ids;
    ids.reserve(assignments[ai].distribution.size());
    for (const auto& [target, w] : assignments[ai].distribution) ids.push_back(target);

    for (size_t i = 0; i < ids.size(); ++i) {
      for (size_t j = i + 1; j < ids.size(); ++j) {
        const A& v1 = ids[i];
        const A& v2 = ids[j];
        const uint32_t t1 = index.of(v1);
        const uint32_t t2 = index.of(v2);
        const auto [slot, inserted] = combinations.try_emplace(t1, t2, static_cast<uint32_t>(ai));
        if (inserted) continue;
        uint32_t& other = *slot;

        const auto in_pair = [&](const A& t) { return t == v1 || t == v2; };
        // Whether this voter still votes for both (an earlier cycle may have removed one).
        std::vector<std::pair<A, ExtendedBalance>> who_votes;
        for (const auto& entry : assignments[ai].distribution) {
          if (in_pair(entry.first)) who_votes.push_back(entry);
        }
        if (who_votes.size() != 2) continue;

        std::vector<std::pair<A, ExtendedBalance>> other_votes;
        for (const auto& entry : assignments[other].distribution) {
          if (in_pair(entry.first)) other_votes.push_back(entry);
        }
        if (other_votes.size() < 2) {
          // Not a cycle (any more): this voter takes the pair over.
          other = static_cast<uint32_t>(ai);
          continue;
        }
        if (other_votes.size() != 2) continue;
        // Align the two voters' edges: [who v, who v', other v, other v'].
        if (!(other_votes[0].first == who_votes[0].first))
          std::swap(other_votes[0], other_votes[1]);

        ExtendedBalance min_value = arithmetic::kU128Max;
        size_t min_index = 0;
        const std::pair<A, ExtendedBalance>* cycle[4] = {&who_votes[0], &who_votes[1],
                                                         &other_votes[0], &other_votes[1]};
        for (size_t c = 0; c < 4; ++c) {
          if (cycle[c]->second <= min_value) {
            min_value = cycle[c]->second;
            min_index = c;
          }
        }
        size_t increase[2];
        size_t decrease[2];
        decrease[0] = min_index;
        if (min_index < 2) {
          const size_t sibling = 1 - min_index;
          increase[0] = sibling;
          decrease[1] = sibling + 2;
          increase[1] = min_index + 2;
        } else {
          const size_t sibling = 3 - min_index % 2;
          increase[0] = sibling;
          decrease[1] = sibling - 2;
          increase[1] = min_index - 2;
        }
        const size_t who_index = ai;
        const size_t other_index = other;
        const auto voter_of = [&](size_t c) { return c < 2 ? who_index : other_index; };
        for (const size_t c : increase) {
          auto& dist = assignments[voter_of(c)].distribution;
          const size_t at = detail::position_of(dist, cycle[c]->first);
          if (at < dist.size())
            dist[at].second = arithmetic::saturating_add(dist[at].second, min_value);
        }
        bool who_removed = false;
        bool other_removed = false;
        for (const size_t c : decrease) {
          auto& dist = assignments[voter_of(c)].distribution;
          const size_t at = detail::position_of(dist, cycle[c]->first);
          if (at == dist.size()) continue;
          const ExtendedBalance next = arithmetic::saturating_sub(dist[at].second, min_value);
          if (next == 0) {
            dist.erase(dist.begin() + static_cast<std::ptrdiff_t>(at));
            (c < 2 ? who_removed : other_removed) = true;
            ++num_changed;
          } else {
            dist[at].second = next;
          }
        }
        if (!who_removed && other_removed) {
          other = static_cast<uint32_t>(ai);
        } else if (who_removed && other_removed) {
          combinations.erase(t1, t2);
        } else if (!who_removed && !other_removed) {
          return std::nullopt;  // the SDK panics: "Duplicate voter (or other corrupt input)."
        }
      }
    }
  }
  return num_changed;
}

// Cancels every remaining cycle (reduce_all); the number of edges removed. Assignments must have
// distinct voters (reduce checks).
template <class A>
uint32_t reduce_all(std::vector<StakedAssignment<A>>& assignments) {
  const detail::TargetIndex<A> index(assignments);
  const size_t n_voters = assignments.size();
  constexpr uint32_t kNone = ~uint32_t{0};
  // Nodes: voter i is node i, target t is node n_voters + t.
  const size_t n_nodes = n_voters + index.size();
  std::vector<uint32_t> parent(n_nodes, kNone);
  std::vector<bool> exists(n_nodes, false);
  std::vector<uint32_t> visited_stamp(n_nodes, 0);
  uint32_t stamp = 0;
  const auto is_voter = [n_voters](uint32_t node) { return node < n_voters; };
  const auto who = [&](uint32_t node) -> const A& {
    return is_voter(node) ? assignments[node].who : index.who(node - n_voters);
  };
  const auto target_node = [&](const A& target) {
    return static_cast<uint32_t>(n_voters + index.of(target));
  };
  // The path from `start` to its root (Node::root): stops before a node seen already.
  const auto root_path = [&](uint32_t start) {
    std::vector<uint32_t> path{start};
    ++stamp;
    visited_stamp[start] = stamp;
    uint32_t current = start;
    while (parent[current] != kNone) {
      const uint32_t next = parent[current];
      if (visited_stamp[next] == stamp) break;
      path.push_back(next);
      visited_stamp[next] = stamp;
      current = next;
    }
    return path;
  };

  uint32_t num_changed = 0;
  for (size_t ai = 0; ai < n_voters; ++ai) {
    const auto voter_node = static_cast<uint32_t>(ai);
    size_t dist_index = 0;
    while (dist_index < assignments[ai].distribution.size()) {
      const A target = assignments[ai].distribution[dist_index].first;
      const uint32_t t_node = target_node(target);
      const bool voter_exists = exists[voter_node];
      const bool target_exists = exists[t_node];
      exists[voter_node] = true;
      exists[t_node] = true;
      if (!voter_exists || !target_exists) {
        if (!voter_exists && target_exists) {
          parent[voter_node] = t_node;
        } else {
          parent[t_node] = voter_node;
        }
        ++dist_index;
        continue;
      }

      const std::vector<uint32_t> voter_path = root_path(voter_node);
      const std::vector<uint32_t> target_path = root_path(t_node);
      if (voter_path.back() != target_path.back()) {
        // merge: the shorter path reversed, hung under the longer one's start.
        const auto& shorter = voter_path.size() <= target_path.size() ? voter_path : target_path;
        const auto& longer = voter_path.size() <= target_path.size() ? target_path : voter_path;
        for (size_t k = 0; k + 1 < shorter.size(); ++k) parent[shorter[k + 1]] = shorter[k];
        parent[shorter[0]] = longer[0];
        ++dist_index;
        continue;
      }

      // The cycle: [target, ..., common root, ..., voter].
      size_t common = 0;
      while (common < voter_path.size() && common < target_path.size() &&
             voter_path[voter_path.size() - 1 - common] ==
                 target_path[target_path.size() - 1 - common]) {
        ++common;
      }
      std::vector<uint32_t> cycle(
          target_path.begin(),
          target_path.begin() + static_cast<std::ptrdiff_t>(
                                    std::min(target_path.size(), target_path.size() - common + 1)));
      const size_t voter_part = voter_path.size() - common;
      for (size_t k = voter_part; k > 0; --k) cycle.push_back(voter_path[k - 1]);
      const size_t len = cycle.size();
      const auto next_index = [len](size_t i) { return i + 1 < len ? i + 1 : 0; };
      const auto prev_index = [len](size_t i) { return i > 0 ? i - 1 : len - 1; };

      // The smallest edge weight around the cycle (the first one found of equal ones).
      ExtendedBalance min_value = arithmetic::kU128Max;
      std::optional<size_t> min_index;
      uint32_t min_direction = 0;  // 1: the edge to the next node, 0: to the previous
      const A* min_voter = nullptr;
      const A* min_target = nullptr;
      for (size_t i = 0; i < len; ++i) {
        if (!is_voter(cycle[i])) continue;
        const auto& dist = assignments[cycle[i]].distribution;
        for (const uint32_t direction : {1U, 0U}) {
          const uint32_t other = cycle[direction == 1 ? next_index(i) : prev_index(i)];
          const size_t at = detail::position_of(dist, who(other));
          if (at < dist.size() && dist[at].second < min_value) {
            min_value = dist[at].second;
            min_index = i;
            min_direction = direction;
            min_voter = &who(cycle[i]);
            min_target = &who(other);
          }
        }
      }
      if (!min_index) break;  // unreachable in the SDK too ("This must be a bug."): next voter
      const A min_edge[2] = {*min_voter, *min_target};

      const size_t target_chunk = target_path.size() - common;
      const bool min_chain_in_voter = *min_index + min_direction > target_chunk;
      bool should_inc_counter = true;
      const bool start_add = ((*min_index % 2) + min_direction) % 2 == 1;
      std::vector<std::pair<uint32_t, uint32_t>> additional_removed;
      for (size_t i = 0; i < len; ++i) {
        if (!is_voter(cycle[i])) continue;
        auto& dist = assignments[cycle[i]].distribution;
        for (const uint32_t direction : {0U, 1U}) {
          const size_t neighbour_index = direction == 1 ? next_index(i) : prev_index(i);
          const size_t at = detail::position_of(dist, who(cycle[neighbour_index]));
          if (at == dist.size()) continue;
          // Towards the previous node: add on even positions when starting with an add; towards
          // the next one, the opposite.
          const bool add = ((i % 2 == 0) == start_add) == (direction == 0);
          const ExtendedBalance w = dist[at].second;
          const ExtendedBalance next = add ? arithmetic::saturating_add(w, min_value)
                                           : arithmetic::saturating_sub(w, min_value);
          if (next == 0) {
            if (cycle[i] == ai) should_inc_counter = false;
            dist.erase(dist.begin() + static_cast<std::ptrdiff_t>(at));
            ++num_changed;
            if (!(i == *min_index && min_direction == direction)) {
              additional_removed.emplace_back(cycle[i], cycle[neighbour_index]);
            }
          } else {
            dist[at].second = next;
          }
        }
      }

      // Re-root so that the forest follows the remaining edges, unless the removed edge is the
      // one just added (the cycle's last element towards its first).
      const bool should_reorg = !(*min_index == len - 1 && min_direction == 1);
      if (should_reorg) {
        const auto in_min_edge = [&](uint32_t node) {
          return who(node) == min_edge[0] || who(node) == min_edge[1];
        };
        const auto& path = min_chain_in_voter ? voter_path : target_path;
        for (size_t k = 0; k + 1 < path.size(); ++k) {
          if (in_min_edge(path[k]) && in_min_edge(path[k + 1])) break;
          parent[path[k + 1]] = path[k];
        }
        if (min_chain_in_voter) {
          parent[voter_node] = t_node;
        } else {
          parent[t_node] = voter_node;
        }
      }
      for (const auto& [r1, r2] : additional_removed) {
        if (parent[r1] == r2) {
          parent[r1] = kNone;
        } else if (parent[r2] == r1) {
          parent[r2] = kNone;
        }
      }
      if (should_inc_counter) ++dist_index;
    }
  }
  return num_changed;
}

// reduce: reduce_4 then reduce_all; the number of edges removed, or nullopt for assignments the
// SDK assumes away (two with the same voter) or panics on. Totals per voter and per target are
// kept.
template <class A>
std::optional<uint32_t> reduce(std::vector<StakedAssignment<A>>& assignments) {
  std::vector<const A*> voters;
  voters.reserve(assignments.size());
  for (const auto& a : assignments) voters.push_back(&a.who);
  std::sort(voters.begin(), voters.end(), [](const A* x, const A* y) { return *x < *y; });
  for (size_t i = 1; i < voters.size(); ++i) {
    if (*voters[i - 1] == *voters[i]) return std::nullopt;
  }
  const auto four = reduce_4(assignments);
  if (!four) return std::nullopt;
  return *four + reduce_all(assignments);
}

}  // namespace canary::rt::npos
