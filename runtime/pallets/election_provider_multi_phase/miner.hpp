// The election miner and the feasibility check of pallet_election_provider_multi_phase
// (polkadot-sdk substrate/frame/election-provider-multi-phase/src/unsigned.rs, `Miner`): pure
// functions of a round's snapshot, so that the offchain worker, the pallet's checks, the tests
// and `canary benchmark election` run the same code.
//
// The configuration C provides:
//   Solution                  the compact solution type (framework/election/solution.hpp;
//                             Kusama: NposCompactSolution24, PerU16 accuracy)
//   kMaxVotesPerVoter         the snapshot voters' bound (24)
//   kMaxWinners, kMaxBackersPerWinner
//   static uint32_t miner_max_length()   the longest solution the miner submits (bytes)
//   static Weight miner_max_weight()     the heaviest one (solution_weight below)
//   static Weight solution_weight(voters, targets, active_voters, desired_targets)
//
// Mining (mine_solution_with_snapshot): seq-Phragmén without balancing over the snapshot (the
// solver Kusama's OCW runs), the ratios to stakes, `reduce` (fewer edges, same totals), the
// voters sorted by stake (largest first, stable), back to ratios; then the weakest voters cut
// until the solution fits the weight and the length limits; the score computed from what is left.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/phragmen.hpp"
#include "runtime/framework/npos/reduce.hpp"
#include "runtime/framework/npos/types.hpp"
#include "runtime/framework/types/weight.hpp"
#include "runtime/pallets/election_provider_multi_phase/types.hpp"

namespace canary::rt::pallets::election_provider_multi_phase {

// unsigned::MinerError (the variants the miner and the offchain worker report).
enum class MinerError : uint8_t {
  kNposElections,
  kSnapshotUnavailable,
  kPoolSubmissionFailed,
  kPreDispatchChecksFailed,
  kFeasibility,
  kLock,
  kNoStoredSolution,
  kSolutionCallInvalid,
  kFailedToStoreSolution,
  kSolver,
};
inline std::string_view to_string(MinerError e) {
  switch (e) {
    case MinerError::kNposElections:
      return "NposElections";
    case MinerError::kSnapshotUnavailable:
      return "SnapshotUnAvailable";
    case MinerError::kPoolSubmissionFailed:
      return "PoolSubmissionFailed";
    case MinerError::kPreDispatchChecksFailed:
      return "PreDispatchChecksFailed";
    case MinerError::kFeasibility:
      return "Feasibility";
    case MinerError::kLock:
      return "Lock";
    case MinerError::kNoStoredSolution:
      return "NoStoredSolution";
    case MinerError::kSolutionCallInvalid:
      return "SolutionCallInvalid";
    case MinerError::kFailedToStoreSolution:
      return "FailedToStoreSolution";
    case MinerError::kSolver:
      return "Solver";
  }
  return "Solver";
}

// The snapshot's lookups (helpers.rs): a voter's index is its last position in the snapshot
// (generate_voter_cache: a BTreeMap filled in order), a target's its first (position()). Kept as
// sorted vectors searched by halving: one allocation each instead of a tree node per voter (the
// runtime's allocator is slow, and a snapshot has tens of thousands of voters).
template <uint32_t kMaxVotes>
class SnapshotIndex {
 public:
  explicit SnapshotIndex(const RoundSnapshot<kMaxVotes>& snapshot) : snapshot_(snapshot) {
    voter_index_.reserve(snapshot.voters.size());
    for (uint32_t i = 0; i < snapshot.voters.size(); ++i) {
      voter_index_.push_back({std::get<0>(snapshot.voters[i]), i});
    }
    std::sort(voter_index_.begin(), voter_index_.end());
    target_index_.reserve(snapshot.targets.size());
    for (uint32_t i = 0; i < snapshot.targets.size(); ++i) {
      target_index_.push_back({snapshot.targets[i], i});
    }
    std::sort(target_index_.begin(), target_index_.end());
  }

  std::optional<uint32_t> voter_index(const AccountId32& who) const {
    // The last of equal accounts: sorted by position too, it is just before the upper bound.
    auto it = std::upper_bound(voter_index_.begin(), voter_index_.end(), who, AccountBefore{});
    if (it == voter_index_.begin() || std::prev(it)->who != who) return std::nullopt;
    return std::prev(it)->position;
  }
  std::optional<uint32_t> target_index(const AccountId32& who) const {
    auto it = std::lower_bound(target_index_.begin(), target_index_.end(), who, AccountBefore{});
    if (it == target_index_.end() || it->who != who) return std::nullopt;
    return it->position;
  }
  std::optional<AccountId32> voter_at(uint64_t index) const {
    if (index >= snapshot_.voters.size()) return std::nullopt;
    return std::get<0>(snapshot_.voters[index]);
  }
  std::optional<AccountId32> target_at(uint64_t index) const {
    if (index >= snapshot_.targets.size()) return std::nullopt;
    return snapshot_.targets[index];
  }
  // stake_of_fn: the voter's weight, 0 for who is not a voter.
  VoteWeight stake_of(const AccountId32& who) const {
    auto index = voter_index(who);
    return index ? std::get<1>(snapshot_.voters[*index]) : 0;
  }

 private:
  struct Entry {
    AccountId32 who;
    uint32_t position = 0;
    auto operator<=>(const Entry&) const = default;
  };
  struct AccountBefore {
    bool operator()(const Entry& e, const AccountId32& who) const { return e.who < who; }
    bool operator()(const AccountId32& who, const Entry& e) const { return who < e.who; }
  };

  const RoundSnapshot<kMaxVotes>& snapshot_;
  std::vector<Entry> voter_index_;   // by account, then position
  std::vector<Entry> target_index_;  // by account, then position
};

template <class C>
struct Miner {
  using Solution = typename C::Solution;
  using Accuracy = typename Solution::Accuracy;
  using Assignment = npos::Assignment<AccountId32, Accuracy>;
  static constexpr uint32_t kMaxVotes = C::kMaxVotesPerVoter;
  using Snapshot = RoundSnapshot<kMaxVotes>;
  using Index = SnapshotIndex<kMaxVotes>;

  struct Mined {
    Solution solution;
    ElectionScore score;
    SolutionOrSnapshotSize size;
    size_t trimmed_for_weight = 0;
    size_t trimmed_for_length = 0;
  };

  // mine_solution_with_snapshot with the SequentialPhragmen solver (no balancing).
  static Result<Mined, MinerError> mine_solution_with_snapshot(const Snapshot& snapshot,
                                                               uint32_t desired_targets) {
    // Views of the snapshot's votes, not copies: the miner runs in the offchain worker's heap.
    std::vector<npos::VoterView<AccountId32>> voters;
    voters.reserve(snapshot.voters.size());
    for (const auto& [who, weight, targets] : snapshot.voters) {
      voters.push_back({who, weight, std::span<const AccountId32>(targets.items)});
    }
    auto elected = npos::seq_phragmen<Accuracy, AccountId32, npos::VoterView<AccountId32>>(
        desired_targets, std::span<const AccountId32>(snapshot.targets),
        std::span<const npos::VoterView<AccountId32>>(voters), std::nullopt);
    if (!elected) return unexpected(MinerError::kSolver);
    voters = {};
    return prepare_election_result(std::move(elected->assignments), snapshot, desired_targets);
  }

  // prepare_election_result_with_snapshot: reduce, sort, trim, encode, score.
  static Result<Mined, MinerError> prepare_election_result(std::vector<Assignment> assignments,
                                                           const Snapshot& snapshot,
                                                           uint32_t desired_targets) {
    const Index index(snapshot);
    const auto stake_of = [&index](const AccountId32& who) { return index.stake_of(who); };
    auto staked = npos::assignment_ratio_to_staked_normalized(
        std::span<const Assignment>(assignments), stake_of);
    if (!staked) return unexpected(MinerError::kNposElections);
    // Freed now, so that the ratios made again below reuse its blocks (the runtime's allocator
    // reuses a freed block only for one of the same size).
    assignments = {};
    // Reduced before sorting, so that the reduction cannot change the order.
    if (!npos::reduce(*staked)) return unexpected(MinerError::kNposElections);
    sort_by_stake_descending(*staked, index);
    auto sorted = npos::assignment_staked_to_ratio_normalized<Accuracy>(
        std::span<const npos::StakedAssignment<AccountId32>>(*staked));
    if (!sorted) return unexpected(MinerError::kNposElections);

    Mined mined;
    mined.size = {static_cast<uint32_t>(snapshot.voters.size()),
                  static_cast<uint32_t>(snapshot.targets.size())};
    std::vector<Assignment>& kept = *sorted;
    const uint32_t for_weight =
        maximum_voter_for_weight(desired_targets, mined.size, C::miner_max_weight());
    if (kept.size() > for_weight) {
      mined.trimmed_for_weight = kept.size() - for_weight;
      kept.resize(for_weight);
    }
    auto for_length = maximum_voters_for_length(C::miner_max_length(), kept, index);
    if (!for_length) return unexpected(MinerError::kNposElections);
    if (kept.size() > *for_length) {
      mined.trimmed_for_length = kept.size() - *for_length;
      kept.resize(*for_length);
    }
    auto solution = to_solution(kept, index);
    if (!solution) return unexpected(MinerError::kNposElections);
    auto score = score_of(*solution, index);
    if (!score) return unexpected(MinerError::kNposElections);
    mined.solution = std::move(*solution);
    mined.score = *score;
    return mined;
  }

  // Rust's sort_by_key(Reverse(stake)): stable, largest stake first.
  static void sort_by_stake_descending(std::vector<npos::StakedAssignment<AccountId32>>& staked,
                                       const Index& index) {
    std::vector<std::pair<VoteWeight, size_t>> keys;
    keys.reserve(staked.size());
    for (size_t i = 0; i < staked.size(); ++i) keys.emplace_back(index.stake_of(staked[i].who), i);
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<npos::StakedAssignment<AccountId32>> sorted;
    sorted.reserve(staked.size());
    for (const auto& [stake, i] : keys) sorted.push_back(std::move(staked[i]));
    staked = std::move(sorted);
  }

  static Result<Solution, MinerError> to_solution(std::span<const Assignment> assignments,
                                                  const Index& index) {
    auto solution = Solution::from_assignment(
        assignments, [&index](const AccountId32& who) { return index.voter_index(who); },
        [&index](const AccountId32& who) -> std::optional<uint16_t> {
          auto i = index.target_index(who);
          if (!i || *i > UINT16_MAX) return std::nullopt;
          return static_cast<uint16_t>(*i);
        });
    if (!solution) return unexpected(MinerError::kNposElections);
    return std::move(*solution);
  }

  // The solution's score as the chain computes it (NposSolution::score).
  static Result<ElectionScore, MinerError> score_of(const Solution& solution, const Index& index) {
    auto assignments =
        solution.into_assignment([&index](uint64_t i) { return index.voter_at(i); },
                                 [&index](uint64_t i) { return index.target_at(i); });
    if (!assignments) return unexpected(MinerError::kNposElections);
    const auto stake_of = [&index](const AccountId32& who) { return index.stake_of(who); };
    auto staked = npos::assignment_ratio_to_staked_normalized(
        std::span<const Assignment>(*assignments), stake_of);
    if (!staked) return unexpected(MinerError::kNposElections);
    return npos::evaluate(
        npos::to_supports(std::span<const npos::StakedAssignment<AccountId32>>(*staked)));
  }

  // trim_assignments_length's search: the most voters (a prefix) whose solution encodes within
  // `max_length` bytes.
  static std::optional<size_t> maximum_voters_for_length(uint32_t max_length,
                                                         std::span<const Assignment> assignments,
                                                         const Index& index) {
    const auto size_of = [&](size_t voters) -> std::optional<size_t> {
      auto solution = to_solution(assignments.first(voters), index);
      if (!solution) return std::nullopt;
      return solution->encoded_size();
    };
    size_t high = assignments.size();
    size_t low = 0;
    if (high == low) return 0;
    while (high - low > 1) {
      const size_t test = (high + low) / 2;
      auto size = size_of(test);
      if (!size) return std::nullopt;
      if (*size <= max_length) {
        low = test;
      } else {
        high = test;
      }
    }
    if (low < assignments.size()) {
      auto size = size_of(low + 1);
      if (!size) return std::nullopt;
      if (*size <= max_length) return low + 1;
    }
    return low;
  }

  // maximum_voter_for_weight: the most active voters whose solution_weight stays within
  // `max_weight`, between 0 and size.voters (the SDK's binary search, then its final steps).
  static uint32_t maximum_voter_for_weight(uint32_t desired_winners, SolutionOrSnapshotSize size,
                                           Weight max_weight) {
    if (size.voters < 1) return size.voters;
    const uint32_t max_voters = std::max<uint32_t>(size.voters, 1);
    uint32_t voters = max_voters;
    const auto weight_with = [&](uint32_t active) {
      return C::solution_weight(size.voters, size.targets, active, desired_winners);
    };
    uint32_t step = voters / 2;
    Weight current = weight_with(voters);
    while (step > 0) {
      uint32_t next = 0;
      if (current.all_lt(max_weight)) {
        const uint64_t up = uint64_t{voters} + step;
        if (up >= max_voters) break;
        next = static_cast<uint32_t>(up);
      } else if (current.any_gt(max_weight)) {
        if (voters < step) break;
        next = voters - step;
      } else {
        return voters;  // one component exactly at the limit
      }
      if (next == voters) return next;
      voters = next;
      step /= 2;
      current = weight_with(voters);
    }
    while (voters < max_voters && weight_with(voters + 1).all_lt(max_weight)) ++voters;
    while (voters > 0 && weight_with(voters).any_gt(max_weight)) --voters;
    return std::min(voters, size.voters);
  }

  // Miner::feasibility_check: the round, exactly desired_targets winners (at most MaxWinners), a
  // score above the untrusted minimum, every index and vote in the snapshot, and the claimed
  // score the one the supports give.
  static Result<ReadySolution, FeasibilityError> feasibility_check(
      const RawSolution<Solution>& raw, ElectionCompute compute, uint32_t desired_targets,
      const Snapshot& snapshot, uint32_t current_round,
      std::optional<ElectionScore> minimum_untrusted_score) {
    if (raw.round != current_round) return unexpected(FeasibilityError::kInvalidRound);
    if (raw.solution.unique_targets().size() != desired_targets) {
      return unexpected(FeasibilityError::kWrongWinnerCount);
    }
    if (desired_targets > C::kMaxWinners) {
      return unexpected(FeasibilityError::kTooManyDesiredTargets);
    }
    if (minimum_untrusted_score &&
        !raw.score.strict_threshold_better(*minimum_untrusted_score, arithmetic::Perbill::zero())) {
      return unexpected(FeasibilityError::kUntrustedScoreTooLow);
    }
    const Index index(snapshot);
    auto assignments =
        raw.solution.into_assignment([&index](uint64_t i) { return index.voter_at(i); },
                                     [&index](uint64_t i) { return index.target_at(i); });
    if (!assignments) return unexpected(FeasibilityError::kNposElection);
    for (const Assignment& assignment : *assignments) {
      auto voter = index.voter_index(assignment.who);
      if (!voter) return unexpected(FeasibilityError::kInvalidVoter);
      const auto& votes = std::get<2>(snapshot.voters[*voter]).items;
      for (const auto& [target, share] : assignment.distribution) {
        if (std::find(votes.begin(), votes.end(), target) == votes.end()) {
          return unexpected(FeasibilityError::kInvalidVote);
        }
      }
    }
    const auto stake_of = [&index](const AccountId32& who) { return index.stake_of(who); };
    auto staked = npos::assignment_ratio_to_staked_normalized(
        std::span<const Assignment>(*assignments), stake_of);
    if (!staked) return unexpected(FeasibilityError::kNposElection);
    const npos::Supports<AccountId32> supports =
        npos::to_supports(std::span<const npos::StakedAssignment<AccountId32>>(*staked));
    if (npos::evaluate(supports) != raw.score) return unexpected(FeasibilityError::kInvalidScore);
    ReadySolution ready;
    ready.score = raw.score;
    ready.compute = compute;
    ready.supports.items.reserve(supports.size());
    for (const auto& [target, support] : supports) {
      // Within MaxWinners by the winner count; within MaxBackersPerWinner or not bounded.
      if (support.voters.size() > C::kMaxBackersPerWinner) {
        return unexpected(FeasibilityError::kBoundedConversionFailed);
      }
      ready.supports.items.emplace_back(target, BoundedSupport{support.total, support.voters});
    }
    return ready;
  }
};

}  // namespace canary::rt::pallets::election_provider_multi_phase
