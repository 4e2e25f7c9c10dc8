// ElectionProviderMultiPhase's miner and feasibility check (runtime/pallets/
// election_provider_multi_phase/miner.hpp) on small snapshots, natively: a mined solution holds
// up, each check refuses what it must (the SDK's feasibility_check tests: round, winner count,
// voter and target indices, votes outside the voter's list, the claimed score, the untrusted
// minimum), the weight search gives the SDK's numbers, and trimming keeps a solution within its
// length. The pallet itself runs in CanaryScenario.ElectionSolutionMinedOffchainIsQueuedAndElected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/election/solution.hpp"
#include "runtime/framework/npos/phragmen.hpp"
#include "runtime/pallets/election_provider_multi_phase/miner.hpp"
#include "runtime/pallets/election_provider_multi_phase/types.hpp"

namespace canary::rt::pallets::election_provider_multi_phase {
namespace {

struct TestConfig {
  using Solution = election::KusamaSolution;
  static constexpr uint32_t kMaxVotesPerVoter = 24;
  static constexpr uint32_t kMaxWinners = 100;
  static constexpr uint32_t kMaxBackersPerWinner = 100;
  static inline uint32_t max_length = UINT32_MAX;
  static uint32_t miner_max_length() { return max_length; }
  static Weight miner_max_weight() { return Weight::from_parts(UINT64_MAX, UINT64_MAX); }
  // The SDK mock's `Complex` weight: 1,000 per active voter.
  static Weight solution_weight(uint32_t /*v*/, uint32_t /*t*/, uint32_t a, uint32_t /*d*/) {
    return Weight::from_parts(uint64_t{1000} * a, 0);
  }
};
using M = Miner<TestConfig>;
using Snapshot = RoundSnapshot<24>;
using Votes = BoundedVec<AccountId32, ConstU32<24>>;

AccountId32 account(uint8_t n) {
  AccountId32 a;
  a.bytes.fill(n);
  return a;
}

// The SDK mock's snapshot: targets 10, 20, 30, 40 (self-voting with their stakes) and four
// nominators; two seats.
Snapshot mock_snapshot() {
  Snapshot s;
  s.targets = {account(10), account(20), account(30), account(40)};
  const auto voter = [&](uint8_t who, VoteWeight stake, const std::vector<uint8_t>& targets) {
    Votes votes;
    for (const uint8_t t : targets) votes.items.push_back(account(t));
    s.voters.emplace_back(account(who), stake, votes);
  };
  voter(1, 10, {10, 20});
  voter(2, 20, {30, 40});
  voter(3, 30, {40});
  voter(4, 40, {10, 20, 30, 40});
  voter(10, 10, {10});
  voter(20, 20, {20});
  voter(30, 30, {30});
  voter(40, 40, {40});
  return s;
}

// The check's refusal, none if it passed.
std::optional<FeasibilityError> error_of(const Result<ReadySolution, FeasibilityError>& r) {
  if (r) return std::nullopt;
  return r.error();
}

RawSolution<TestConfig::Solution> mined_raw(const Snapshot& snapshot, uint32_t desired) {
  auto mined = M::mine_solution_with_snapshot(snapshot, desired);
  EXPECT_TRUE(mined.has_value());
  if (!mined) return {};
  return {mined->solution, mined->score, 1};
}

TEST(EpmMiner, AMinedSolutionIsFeasible) {
  const Snapshot snapshot = mock_snapshot();
  auto mined = M::mine_solution_with_snapshot(snapshot, 2);
  ASSERT_TRUE(mined.has_value());
  EXPECT_EQ(mined->size, (SolutionOrSnapshotSize{8, 4}));
  EXPECT_EQ(mined->trimmed_for_weight, 0u);
  EXPECT_EQ(mined->trimmed_for_length, 0u);
  EXPECT_EQ(mined->solution.unique_targets().size(), 2u);
  const RawSolution<TestConfig::Solution> raw{mined->solution, mined->score, 1};
  auto ready = M::feasibility_check(raw, ElectionCompute::kUnsigned, 2, snapshot, 1, std::nullopt);
  ASSERT_TRUE(ready.has_value()) << to_string(ready.error());
  EXPECT_EQ(ready->compute, ElectionCompute::kUnsigned);
  EXPECT_EQ(ready->score, mined->score);
  ASSERT_EQ(ready->supports.items.size(), 2u);
  // The supports add up to the score's sum, and the winners are the two best backed: 40 (its own
  // 40, and voters 2, 3, 4) and 30 or 20.
  npos::ExtendedBalance sum = 0;
  for (const auto& [winner, support] : ready->supports.items) sum += support.total;
  EXPECT_EQ(sum, mined->score.sum_stake);
  const bool has_40 = ready->supports.items[0].first == account(40) ||
                      ready->supports.items[1].first == account(40);
  EXPECT_TRUE(has_40);
}

TEST(EpmMiner, TheSameSeatsAsTheOnChainElection) {
  // Seq-Phragmén on chain and the miner's reduced solution elect the same winners.
  const Snapshot snapshot = mock_snapshot();
  std::vector<npos::VoterInput<AccountId32>> voters;
  voters.reserve(snapshot.voters.size());
  for (const auto& [who, stake, targets] : snapshot.voters)
    voters.push_back({who, stake, targets.items});
  auto onchain = npos::seq_phragmen<arithmetic::PerU16, AccountId32>(2, snapshot.targets, voters,
                                                                     std::nullopt);
  ASSERT_TRUE(onchain.has_value());
  const auto raw = mined_raw(snapshot, 2);
  auto ready = M::feasibility_check(raw, ElectionCompute::kUnsigned, 2, snapshot, 1, std::nullopt);
  ASSERT_TRUE(ready.has_value());
  std::vector<AccountId32> a;
  std::vector<AccountId32> b;
  for (const auto& [w, s] : onchain->winners) a.push_back(w);
  for (const auto& [w, s] : ready->supports.items) b.push_back(w);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(EpmFeasibility, WrongRoundIsRefused) {
  const Snapshot snapshot = mock_snapshot();
  auto raw = mined_raw(snapshot, 2);
  raw.round = 2;
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, snapshot, 1, std::nullopt)),
      FeasibilityError::kInvalidRound);
}

TEST(EpmFeasibility, WrongWinnerCountIsRefused) {
  const Snapshot snapshot = mock_snapshot();
  const auto raw = mined_raw(snapshot, 2);
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 3, snapshot, 1, std::nullopt)),
      FeasibilityError::kWrongWinnerCount);
}

TEST(EpmFeasibility, AClaimedScoreThatIsNotTheSupportsIsRefused) {
  const Snapshot snapshot = mock_snapshot();
  auto raw = mined_raw(snapshot, 2);
  raw.score.minimal_stake += 1;
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, snapshot, 1, std::nullopt)),
      FeasibilityError::kInvalidScore);
}

TEST(EpmFeasibility, AScoreNotAboveTheUntrustedMinimumIsRefused) {
  const Snapshot snapshot = mock_snapshot();
  const auto raw = mined_raw(snapshot, 2);
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, snapshot, 1, raw.score)),
      FeasibilityError::kUntrustedScoreTooLow);
  npos::ElectionScore lower = raw.score;
  lower.minimal_stake -= 1;
  EXPECT_TRUE(
      M::feasibility_check(raw, ElectionCompute::kSigned, 2, snapshot, 1, lower).has_value());
}

// A solution built by hand from (voter index, [(target index, share)]) pairs.
TestConfig::Solution solution_of(
    const Snapshot& snapshot,
    const std::vector<std::pair<AccountId32, std::vector<std::pair<AccountId32, uint16_t>>>>&
        votes) {
  std::vector<npos::Assignment<AccountId32, arithmetic::PerU16>> assignments;
  for (const auto& [who, distribution] : votes) {
    npos::Assignment<AccountId32, arithmetic::PerU16> a{who, {}};
    for (auto& [target, parts] : distribution) {
      a.distribution.emplace_back(target, arithmetic::PerU16::from_parts(parts));
    }
    assignments.push_back(std::move(a));
  }
  SnapshotIndex<24> index(snapshot);
  auto solution = TestConfig::Solution::from_assignment(
      std::span<const npos::Assignment<AccountId32, arithmetic::PerU16>>(assignments),
      [&](const AccountId32& who) { return index.voter_index(who); },
      [&](const AccountId32& who) -> std::optional<uint16_t> {
        auto i = index.target_index(who);
        if (!i) return std::nullopt;
        return static_cast<uint16_t>(*i);
      });
  EXPECT_TRUE(solution.has_value());
  return solution ? *solution : TestConfig::Solution{};
}

TEST(EpmFeasibility, AVoteOutsideTheVotersListIsRefused) {
  const Snapshot snapshot = mock_snapshot();
  // Voter 3 voted for 40 only; here it backs 30.
  const auto solution = solution_of(
      snapshot, {{account(3), {{account(30), 65535}}}, {account(40), {{account(40), 65535}}}});
  const RawSolution<TestConfig::Solution> raw{solution, {}, 1};
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, snapshot, 1, std::nullopt)),
      FeasibilityError::kInvalidVote);
}

TEST(EpmFeasibility, IndicesOutsideTheSnapshotAreRefused) {
  const Snapshot snapshot = mock_snapshot();
  Snapshot shorter = snapshot;
  // The solution names voter 40 (index 7) and target 40 (index 3); a snapshot without them has
  // neither index.
  const auto solution = solution_of(
      snapshot, {{account(40), {{account(40), 65535}}}, {account(30), {{account(30), 65535}}}});
  const RawSolution<TestConfig::Solution> raw{solution, {}, 1};
  shorter.voters.pop_back();
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, shorter, 1, std::nullopt)),
      FeasibilityError::kNposElection);
  shorter = snapshot;
  shorter.targets.pop_back();
  EXPECT_EQ(
      error_of(M::feasibility_check(raw, ElectionCompute::kSigned, 2, shorter, 1, std::nullopt)),
      FeasibilityError::kNposElection);
}

// helpers.rs: a voter repeated in the snapshot is found at its last position (the voter cache
// is a BTreeMap filled in order), a repeated target at its first (position()).
TEST(EpmSnapshotIndex, RepeatedAccountsAsTheSdk) {
  Snapshot s;
  s.targets = {account(30), account(10), account(30), account(20)};
  for (const uint8_t who : {5, 1, 5, 3, 5, 1}) {
    s.voters.emplace_back(account(who), VoteWeight{who} * 100 + VoteWeight{s.voters.size()},
                          Votes{});
  }
  const SnapshotIndex<24> index(s);
  EXPECT_EQ(index.voter_index(account(5)), 4u);
  EXPECT_EQ(index.voter_index(account(1)), 5u);
  EXPECT_EQ(index.voter_index(account(3)), 3u);
  EXPECT_EQ(index.voter_index(account(4)), std::nullopt);
  EXPECT_EQ(index.voter_index(account(0)), std::nullopt);
  EXPECT_EQ(index.voter_index(account(9)), std::nullopt);
  EXPECT_EQ(index.stake_of(account(5)), 504u);
  EXPECT_EQ(index.stake_of(account(4)), 0u);
  EXPECT_EQ(index.target_index(account(30)), 0u);
  EXPECT_EQ(index.target_index(account(10)), 1u);
  EXPECT_EQ(index.target_index(account(20)), 3u);
  EXPECT_EQ(index.target_index(account(40)), std::nullopt);
  EXPECT_EQ(index.target_index(account(1)), std::nullopt);
}

TEST(EpmMiner, MaximumVotersForWeightAsTheSdk) {
  // unsigned.rs find_max_voter_binary_search_works, 10 voters at 1,000 a voter.
  const SolutionOrSnapshotSize size{10, 0};
  const std::pair<uint64_t, uint32_t> cases[] = {
      {0, 0},    {1, 0},    {999, 0},  {1000, 1},    {1001, 1},    {1990, 1},    {1999, 1},
      {2000, 2}, {2001, 2}, {2010, 2}, {2990, 2},    {2999, 2},    {3000, 3},    {3333, 3},
      {5500, 5}, {7777, 7}, {9999, 9}, {10'000, 10}, {10'999, 10}, {11'000, 10}, {22'000, 10}};
  for (const auto& [limit, voters] : cases) {
    EXPECT_EQ(M::maximum_voter_for_weight(0, size, Weight::from_parts(limit, UINT64_MAX)), voters)
        << "limit " << limit;
  }
  EXPECT_EQ(M::maximum_voter_for_weight(0, {0, 0}, Weight::from_parts(1000, UINT64_MAX)), 0u);
}

TEST(EpmMiner, TrimmingKeepsTheSolutionWithinItsLength) {
  const Snapshot snapshot = mock_snapshot();
  auto full = M::mine_solution_with_snapshot(snapshot, 2);
  ASSERT_TRUE(full.has_value());
  const size_t full_size = scale::encode(full->solution).size();
  TestConfig::max_length = static_cast<uint32_t>(full_size - 1);
  auto trimmed = M::mine_solution_with_snapshot(snapshot, 2);
  TestConfig::max_length = UINT32_MAX;
  ASSERT_TRUE(trimmed.has_value());
  EXPECT_GT(trimmed->trimmed_for_length, 0u);
  EXPECT_LE(scale::encode(trimmed->solution).size(), full_size - 1);
  EXPECT_LT(trimmed->solution.voter_count(), full->solution.voter_count());
  // The weakest voters went: the score is recomputed from what is left.
  EXPECT_LE(trimmed->score.sum_stake, full->score.sum_stake);
}

TEST(EpmTypes, PhaseAndSizeEncodeAsFrame) {
  EXPECT_EQ(to_hex(scale::encode(Phase::off())), "0x00");
  EXPECT_EQ(to_hex(scale::encode(Phase::signed_phase())), "0x01");
  EXPECT_EQ(to_hex(scale::encode(Phase::unsigned_phase(true, 25))), "0x020119000000");
  EXPECT_EQ(to_hex(scale::encode(Phase::emergency())), "0x03");
  const auto decoded = scale::decode<Phase>(scale::encode(Phase::unsigned_phase(false, 7)));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, Phase::unsigned_phase(false, 7));
  EXPECT_FALSE(scale::decode<Phase>(Bytes{4}).has_value());
  EXPECT_EQ(to_hex(scale::encode(SolutionOrSnapshotSize{2, 1})), "0x0804");
}

}  // namespace
}  // namespace canary::rt::pallets::election_provider_multi_phase
