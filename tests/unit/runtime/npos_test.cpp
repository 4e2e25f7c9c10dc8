// sp-npos-elections in C++ (runtime/framework/npos/): the held-out vectors of the
// staking/governance reference page §1.1 (cases A–H, from the SDK's tests.rs and phragmms.rs),
// sp-arithmetic's normalize and tcmp tests, and edge cases (no voters, more seats than
// candidates, zero stakes, voters without a valid target). Ids are small integers, as in the
// SDK's tests.
#include "runtime/framework/npos/npos.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/arithmetic/normalize.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "tests/unit/runtime/npos_reference.hpp"

namespace canary::rt {
namespace {

using arithmetic::Perbill;
using arithmetic::Percent;
using arithmetic::PerU16;
using arithmetic::Rational128;
using npos::Assignment;
using npos::BalancingConfig;
using npos::ElectionScore;
using npos::ExtendedBalance;
using npos::StakedAssignment;
using npos::Support;
using npos::VoteWeight;

using Id = uint64_t;
using Voters = std::vector<npos::VoterInput<Id>>;
using Winners = std::vector<std::pair<Id, ExtendedBalance>>;
using Edges = std::vector<std::pair<Id, ExtendedBalance>>;

constexpr uint64_t kU64Max = ~uint64_t{0};

Perbill pb(uint32_t parts) {
  return Perbill::from_parts(parts);
}

npos::ElectionResult<Id, Perbill> seq(size_t to_elect, const std::vector<Id>& candidates,
                                      const Voters& voters,
                                      std::optional<BalancingConfig> balancing = std::nullopt) {
  auto result = npos::seq_phragmen<Perbill, Id>(to_elect, candidates, voters, balancing);
  EXPECT_TRUE(result.has_value());
  return result.has_value() ? std::move(*result) : npos::ElectionResult<Id, Perbill>{};
}

template <class P>
npos::ElectionResult<Id, P> mms(size_t to_elect, const std::vector<Id>& candidates,
                                const Voters& voters,
                                std::optional<BalancingConfig> balancing = std::nullopt) {
  auto result = npos::phragmms<P, Id>(to_elect, candidates, voters, balancing);
  EXPECT_TRUE(result.has_value());
  return result.has_value() ? std::move(*result) : npos::ElectionResult<Id, P>{};
}

// The stake of each voter of the input.
auto stake_of(const Voters& voters) {
  std::map<Id, VoteWeight> stakes;
  for (const auto& v : voters) stakes[v.who] = v.stake;
  return [stakes](const Id& who) {
    const auto it = stakes.find(who);
    return it == stakes.end() ? VoteWeight{0} : it->second;
  };
}

template <class P>
std::vector<StakedAssignment<Id>> staked_of(const npos::ElectionResult<Id, P>& result,
                                            const Voters& voters) {
  return npos::assignment_ratio_to_staked(std::span<const Assignment<Id, P>>(result.assignments),
                                          stake_of(voters));
}

// Every assignment sums to exactly one.
template <class P>
void expect_assignments_sum(const npos::ElectionResult<Id, P>& result) {
  for (const auto& a : result.assignments) {
    uint64_t sum = 0;
    for (const auto& [target, p] : a.distribution) sum += p.deconstruct();
    EXPECT_EQ(sum, P::kAccuracy) << "voter " << a.who;
  }
}

// (who, budget, [(target, weight)]) of each voter of an election.
std::vector<std::tuple<Id, ExtendedBalance, Edges>> voter_edges(const npos::Election<Id>& e) {
  std::vector<std::tuple<Id, ExtendedBalance, Edges>> out;
  for (const auto& v : e.voters) {
    Edges edges;
    for (const auto& edge : v.edges) edges.emplace_back(e.target_of(edge), edge.weight);
    out.emplace_back(v.who, v.budget, edges);
  }
  return out;
}

// (who, elected, round, backed_stake) of each candidate.
std::vector<std::tuple<Id, bool, size_t, ExtendedBalance>> candidate_state(
    const npos::Election<Id>& e) {
  std::vector<std::tuple<Id, bool, size_t, ExtendedBalance>> out;
  out.reserve(e.candidates.size());
  for (const auto& c : e.candidates) out.emplace_back(c.who, c.elected, c.round, c.backed_stake);
  return out;
}

Edges edges_of(const npos::Election<Id>& e, Id voter) {
  for (const auto& v : e.voters) {
    if (v.who != voter) continue;
    Edges edges;
    for (const auto& edge : v.edges) edges.emplace_back(e.target_of(edge), edge.weight);
    return edges;
  }
  return {};
}

ElectionScore score(u128 a, u128 b, u128 c) {
  return {a, b, c};
}

const std::vector<Id> kCandidates123 = {1, 2, 3};
const Voters kPocVoters = {{10, 10, {1, 2}}, {20, 20, {1, 3}}, {30, 30, {2, 3}}};

// --- Case A: phragmen_poc_works.

TEST(NposSeqPhragmen, PocWorks) {
  const auto result = seq(2, kCandidates123, kPocVoters);
  EXPECT_EQ(result.winners, (Winners{{3, 35}, {2, 25}}));
  using A = Assignment<Id, Perbill>;
  EXPECT_EQ(result.assignments,
            (std::vector<A>{{10, {{2, Perbill::one()}}},
                            {20, {{3, Perbill::one()}}},
                            {30, {{2, pb(500'000'000)}, {3, pb(500'000'000)}}}}));

  const auto staked = staked_of(result, kPocVoters);
  EXPECT_EQ(staked, (std::vector<StakedAssignment<Id>>{
                        {10, {{2, 10}}}, {20, {{3, 20}}}, {30, {{2, 15}, {3, 15}}}}));
  const auto supports = npos::to_supports(std::span<const StakedAssignment<Id>>(staked));
  EXPECT_EQ(supports, (npos::Supports<Id>{{2, Support<Id>{25, {{10, 10}, {30, 15}}}},
                                          {3, Support<Id>{35, {{20, 20}, {30, 15}}}}}));
  EXPECT_EQ(npos::evaluate(supports), score(25, 60, 1850));
}

TEST(NposSeqPhragmen, CorePocWorks) {
  auto election = npos::setup_inputs<Id>(kCandidates123, kPocVoters);
  ASSERT_TRUE(npos::seq_phragmen_core(2, election).has_value());
  EXPECT_EQ(voter_edges(election),
            (std::vector<std::tuple<Id, ExtendedBalance, Edges>>{
                {10, 10, {{2, 10}}}, {20, 20, {{3, 20}}}, {30, 30, {{2, 15}, {3, 15}}}}));
  EXPECT_EQ(candidate_state(election), (std::vector<std::tuple<Id, bool, size_t, ExtendedBalance>>{
                                           {1, false, 0, 0}, {2, true, 1, 25}, {3, true, 0, 35}}));
}

TEST(NposSeqPhragmen, DeducesTheAccountTypeFromVectors) {
  const auto result = npos::seq_phragmen<Perbill>(2, kCandidates123, kPocVoters, std::nullopt);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->winners, (Winners{{3, 35}, {2, 25}}));
  const auto mms_result = npos::phragmms<Perbill>(2, kCandidates123, kPocVoters, std::nullopt);
  ASSERT_TRUE(mms_result.has_value());
  EXPECT_EQ(npos::setup_inputs(kCandidates123, kPocVoters).voters.size(), 3U);
}

// Views of targets the caller owns (the offchain miner's snapshot) elect as copies do.
TEST(NposSeqPhragmen, VoterViewsElectAsInputsDo) {
  std::vector<npos::VoterView<Id>> views;
  for (const auto& v : kPocVoters)
    views.push_back({v.who, v.stake, std::span<const Id>(v.targets)});
  const auto from_views = npos::seq_phragmen<Perbill, Id, npos::VoterView<Id>>(
      2, std::span<const Id>(kCandidates123), std::span<const npos::VoterView<Id>>(views),
      std::nullopt);
  const auto from_inputs = npos::seq_phragmen<Perbill>(2, kCandidates123, kPocVoters, std::nullopt);
  ASSERT_TRUE(from_views.has_value());
  ASSERT_TRUE(from_inputs.has_value());
  EXPECT_EQ(from_views->winners, from_inputs->winners);
  EXPECT_EQ(from_views->assignments, from_inputs->assignments);
}

TEST(NposSeqPhragmen, CoreWithoutEdges) {
  const Voters voters = {{10, 10, {}}, {20, 20, {}}, {30, 30, {}}};
  const auto election = npos::setup_inputs<Id>(kCandidates123, voters);
  EXPECT_TRUE(election.voters.empty());
  EXPECT_EQ(candidate_state(election), (std::vector<std::tuple<Id, bool, size_t, ExtendedBalance>>{
                                           {1, false, 0, 0}, {2, false, 0, 0}, {3, false, 0, 0}}));
}

// --- Case B: phragmen_poc_works_with_balancing, and PhragMMS basic_election_works.

TEST(NposSeqPhragmen, PocWorksWithBalancing) {
  const auto result = seq(2, kCandidates123, kPocVoters, BalancingConfig{4, 0});
  EXPECT_EQ(result.winners, (Winners{{3, 30}, {2, 30}}));
  using A = Assignment<Id, Perbill>;
  const std::vector<A> expected = {{10, {{2, Perbill::one()}}},
                                   {20, {{3, Perbill::one()}}},
                                   {30, {{2, pb(666'666'666)}, {3, pb(333'333'334)}}}};
  EXPECT_EQ(result.assignments, expected);
  const auto staked = staked_of(result, kPocVoters);
  EXPECT_EQ(staked, (std::vector<StakedAssignment<Id>>{
                        {10, {{2, 10}}}, {20, {{3, 20}}}, {30, {{2, 20}, {3, 10}}}}));
  const auto supports = npos::to_supports(std::span<const StakedAssignment<Id>>(staked));
  EXPECT_EQ(supports, (npos::Supports<Id>{{2, Support<Id>{30, {{10, 10}, {30, 20}}}},
                                          {3, Support<Id>{30, {{20, 20}, {30, 10}}}}}));
  EXPECT_EQ(npos::evaluate(supports), score(30, 60, 1800));

  const auto mms_result = mms<Perbill>(2, kCandidates123, kPocVoters, BalancingConfig{2, 0});
  EXPECT_EQ(mms_result.winners, (Winners{{3, 30}, {2, 30}}));
  EXPECT_EQ(mms_result.assignments, expected);
}

// --- Case C: balancing_core_works.

TEST(NposBalancing, CoreWorks) {
  const std::vector<Id> candidates = {1, 2, 3, 4, 5};
  const Voters voters = {{10, 10, {1, 2}},
                         {20, 20, {1, 3}},
                         {30, 30, {1, 2, 3, 4}},
                         {40, 40, {1, 3, 4, 5}},
                         {50, 50, {2, 4, 5}}};
  auto election = npos::setup_inputs<Id>(candidates, voters);
  ASSERT_TRUE(npos::seq_phragmen_core(4, election).has_value());
  const size_t iterations = npos::balance(election, BalancingConfig{4, 0});
  EXPECT_GT(iterations, 0U);
  EXPECT_EQ(voter_edges(election), (std::vector<std::tuple<Id, ExtendedBalance, Edges>>{
                                       {10, 10, {{1, 9}, {2, 1}}},
                                       {20, 20, {{1, 9}, {3, 11}}},
                                       {30, 30, {{1, 8}, {2, 7}, {3, 8}, {4, 7}}},
                                       {40, 40, {{1, 11}, {3, 18}, {4, 11}}},
                                       {50, 50, {{2, 30}, {4, 20}}}}));
  EXPECT_EQ(candidate_state(election),
            (std::vector<std::tuple<Id, bool, size_t, ExtendedBalance>>{{1, true, 1, 37},
                                                                        {2, true, 2, 38},
                                                                        {3, true, 3, 37},
                                                                        {4, true, 0, 38},
                                                                        {5, false, 0, 0}}));
}

TEST(NposBalancing, ZeroIterationsDoNothing) {
  auto election = npos::setup_inputs<Id>(kCandidates123, kPocVoters);
  ASSERT_TRUE(npos::seq_phragmen_core(2, election).has_value());
  const auto before = voter_edges(election);
  EXPECT_EQ(npos::balance(election, BalancingConfig{0, 0}), 0U);
  EXPECT_EQ(voter_edges(election), before);
}

// --- Case D: phragmen_self_votes_should_be_kept.

TEST(NposSeqPhragmen, SelfVotesAreKept) {
  const std::vector<Id> candidates = {5, 10, 20, 30};
  const Voters voters = {{5, 5, {5}}, {10, 10, {10}}, {20, 20, {20}}, {1, 8, {10, 20}}};
  const auto result = seq(2, candidates, voters);
  EXPECT_EQ(result.winners, (Winners{{20, 24}, {10, 14}}));
  using A = Assignment<Id, Perbill>;
  EXPECT_EQ(
      result.assignments,
      (std::vector<A>{{10, {{10, Perbill::one()}}},
                      {20, {{20, Perbill::one()}}},
                      {1, {{10, Perbill::from_percent(50)}, {20, Perbill::from_percent(50)}}}}));
  const auto staked = staked_of(result, voters);
  const auto supports = npos::to_supports(std::span<const StakedAssignment<Id>>(staked));
  EXPECT_EQ(supports, (npos::Supports<Id>{{10, Support<Id>{14, {{10, 10}, {1, 4}}}},
                                          {20, Support<Id>{24, {{20, 20}, {1, 4}}}}}));
}

// --- Case E: duplicate targets and the small cases of tests.rs.

TEST(NposSeqPhragmen, DuplicateTargetIsIgnored) {
  const Voters voters = {{10, 100, {1, 1, 2, 3}}, {20, 100, {2, 3}}, {30, 50, {1, 1, 2}}};
  const auto result = seq(2, kCandidates123, voters);
  EXPECT_EQ(result.winners, (Winners{{2, 140}, {3, 110}}));
  std::vector<std::pair<Id, std::vector<Id>>> targets;
  for (const auto& a : result.assignments) {
    std::vector<Id> t;
    t.reserve(a.distribution.size());
    for (const auto& [who, p] : a.distribution) t.push_back(who);
    targets.emplace_back(a.who, t);
  }
  EXPECT_EQ(targets,
            (std::vector<std::pair<Id, std::vector<Id>>>{{10, {2, 3}}, {20, {2, 3}}, {30, {2}}}));
}

TEST(NposSeqPhragmen, DuplicateTargetIsIgnoredWhenWinner) {
  const Voters voters = {{10, 100, {1, 1, 2, 3}}, {20, 100, {1, 2}}};
  const auto result = seq(2, kCandidates123, voters);
  EXPECT_EQ(result.winners, (Winners{{1, 100}, {2, 100}}));
  std::vector<std::pair<Id, std::vector<Id>>> targets;
  for (const auto& a : result.assignments) {
    std::vector<Id> t;
    t.reserve(a.distribution.size());
    for (const auto& [who, p] : a.distribution) t.push_back(who);
    targets.emplace_back(a.who, t);
  }
  EXPECT_EQ(targets, (std::vector<std::pair<Id, std::vector<Id>>>{{10, {1, 2}}, {20, {1, 2}}}));
}

TEST(NposSeqPhragmen, ElectHasNoEntryBarrier) {
  const Voters voters = {{1, 10, {10}}, {2, 10, {20}}};
  const auto result = seq(3, {10, 20, 30}, voters);
  // 30 is elected with stake 0; the caller strips it.
  EXPECT_EQ(result.winners, (Winners{{10, 10}, {20, 10}, {30, 0}}));
}

TEST(NposSeqPhragmen, LargeScaleTest2) {
  const Voters voters = {
      {50, 1'000'000'000'000'000'000ULL, {2, 4}}, {2, 4'000'000, {2}}, {4, 4'000'000, {4}}};
  const auto result = seq(2, {2, 4}, voters);
  EXPECT_EQ(result.winners,
            (Winners{{2, 500'000'000'005'000'000ULL}, {4, 500'000'000'003'000'000ULL}}));
  using A = Assignment<Id, Perbill>;
  EXPECT_EQ(result.assignments, (std::vector<A>{{50, {{2, pb(500'000'000)}, {4, pb(500'000'000)}}},
                                                {2, {{2, Perbill::one()}}},
                                                {4, {{4, Perbill::one()}}}}));
  expect_assignments_sum(result);
}

TEST(NposSeqPhragmen, LargeScaleTest) {
  const std::vector<Id> candidates = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24};
  const std::map<Id, VoteWeight> stakes = {{2, 1},
                                           {4, 100},
                                           {6, 1'000'000},
                                           {8, 100'000'000'001'000},
                                           {10, 100'000'000'002'000},
                                           {12, 100'000'000'003'000},
                                           {14, 400'000'000'000'000},
                                           {16, 400'000'000'001'000},
                                           {18, 18'000'000'000'000'000},
                                           {20, 20'000'000'000'000'000},
                                           {22, 500'000'000'000'100'000},
                                           {24, 500'000'000'000'200'000}};
  Voters voters = {{50, 990'000'000'000'000'000ULL, candidates}};
  for (const Id c : candidates) voters.push_back({c, stakes.at(c), {c}});
  const auto result = seq(2, candidates, voters);
  ASSERT_EQ(result.winners.size(), 2U);
  EXPECT_EQ(result.winners[0].first, 24U);
  EXPECT_EQ(result.winners[1].first, 22U);
  expect_assignments_sum(result);
}

TEST(NposSeqPhragmen, AccuracyOnLargeScaleOnlyCandidates) {
  const std::vector<Id> candidates = {1, 2, 3, 4, 5};
  const Voters voters = {{1, kU64Max - 1, {1}},
                         {2, kU64Max - 4, {2}},
                         {3, kU64Max - 5, {3}},
                         {4, kU64Max - 3, {4}},
                         {5, kU64Max - 2, {5}}};
  const auto result = seq(2, candidates, voters);
  EXPECT_EQ(result.winners, (Winners{{1, u128{18'446'744'073'709'551'614ULL}},
                                     {5, u128{18'446'744'073'709'551'613ULL}}}));
  EXPECT_EQ(result.assignments.size(), 2U);
  expect_assignments_sum(result);
}

TEST(NposSeqPhragmen, AccuracyOnLargeScaleVotersAndCandidates) {
  const std::vector<Id> candidates = {1, 2, 3, 4, 5};
  const Voters voters = {{13, kU64Max - 10, {1, 3, 5}}, {14, kU64Max, {2, 4}},
                         {1, kU64Max - 1, {1}},         {2, kU64Max - 4, {2}},
                         {3, kU64Max - 5, {3}},         {4, kU64Max - 3, {4}},
                         {5, kU64Max - 2, {5}}};
  const auto result = seq(2, candidates, voters);
  // 36893488147419103226 and 36893488147419103219: 2^65 + 250 and 2^65 + 243.
  const u128 two_65 = u128{1} << 65;
  EXPECT_EQ(result.winners, (Winners{{2, two_65 - 6}, {1, two_65 - 13}}));
  using A = Assignment<Id, Perbill>;
  EXPECT_EQ(result.assignments, (std::vector<A>{{13, {{1, Perbill::one()}}},
                                                {14, {{2, Perbill::one()}}},
                                                {1, {{1, Perbill::one()}}},
                                                {2, {{2, Perbill::one()}}}}));
}

TEST(NposSeqPhragmen, AccuracyOnSmallScale) {
  // Self votes (40 with nothing), and the same stakes through other voters.
  const std::vector<Id> candidates = {40, 10, 20, 30};
  const Voters self = {{40, 0, {40}}, {10, 1, {10}}, {20, 2, {20}}, {30, 1, {30}}};
  EXPECT_EQ(seq(3, candidates, self).winners, (Winners{{20, 2}, {10, 1}, {30, 1}}));
  const Voters others = {{1, 1, {10}}, {2, 2, {20}}, {3, 1, {30}}, {4, 0, {40}}};
  const auto result = seq(3, candidates, others);
  EXPECT_EQ(result.winners, (Winners{{20, 2}, {10, 1}, {30, 1}}));
  expect_assignments_sum(result);
}

// --- Case F: PhragMMS.

TEST(NposPhragmms, BasicElectionManualWorks) {
  auto election = npos::setup_inputs<Id>(kCandidates123, kPocVoters);

  auto winner = npos::calculate_max_score<Percent>(election);
  ASSERT_TRUE(winner.has_value());
  EXPECT_EQ(election.candidates[*winner].who, 3U);
  EXPECT_EQ(election.candidates[*winner].score, Rational128::from_integer(50));
  npos::apply_elected(election, *winner);
  EXPECT_EQ(edges_of(election, 30), (Edges{{2, 0}, {3, 30}}));
  EXPECT_EQ(edges_of(election, 20), (Edges{{1, 0}, {3, 20}}));
  election.candidates[*winner].elected = true;
  election.candidates[*winner].round = 0;
  npos::balance(election, BalancingConfig{10, 0});

  winner = npos::calculate_max_score<Percent>(election);
  ASSERT_TRUE(winner.has_value());
  EXPECT_EQ(election.candidates[*winner].who, 2U);
  EXPECT_EQ(election.candidates[*winner].score, Rational128::from_integer(25));
  npos::apply_elected(election, *winner);
  EXPECT_EQ(edges_of(election, 30), (Edges{{2, 15}, {3, 15}}));
  EXPECT_EQ(edges_of(election, 20), (Edges{{1, 0}, {3, 20}}));
  EXPECT_EQ(edges_of(election, 10), (Edges{{1, 0}, {2, 10}}));
  election.candidates[*winner].elected = true;
  election.candidates[*winner].round = 0;
  npos::balance(election, BalancingConfig{10, 0});
  EXPECT_EQ(edges_of(election, 30), (Edges{{2, 20}, {3, 10}}));
  EXPECT_EQ(edges_of(election, 20), (Edges{{1, 0}, {3, 20}}));
  EXPECT_EQ(edges_of(election, 10), (Edges{{1, 0}, {2, 10}}));
}

TEST(NposPhragmms, LinearVotingExampleWorks) {
  const std::vector<Id> candidates = {11, 21, 31, 41, 51, 61, 71};
  const Voters voters = {{2, 2000, {11}},      {4, 1000, {11, 21}},   {6, 1000, {21, 31}},
                         {8, 1000, {31, 41}},  {110, 1000, {41, 51}}, {120, 1000, {51, 61}},
                         {130, 1000, {61, 71}}};
  const auto result = mms<Perbill>(4, candidates, voters, BalancingConfig{2, 0});
  EXPECT_EQ(result.winners, (Winners{{11, 3000}, {31, 2000}, {51, 1500}, {61, 1500}}));
}

TEST(NposPhragmms, LargeBalanceWontOverflow) {
  Voters voters;
  for (Id i = 0; i < 1000; ++i) voters.push_back({10 + i, kU64Max, {1, 2, 3}});
  voters.push_back({2, kU64Max, {1, 3}});
  const auto result = mms<Perbill>(2, kCandidates123, voters, BalancingConfig{2, 0});
  ASSERT_EQ(result.winners.size(), 2U);
  EXPECT_EQ(result.winners[0].first, 1U);
  EXPECT_EQ(result.winners[1].first, 3U);
}

TEST(NposPhragmms, NeverElectsWithoutApproval) {
  const Voters voters = {{1, 10, {10}}};
  const auto result = mms<Perbill>(3, {10, 20, 30}, voters);
  EXPECT_EQ(result.winners, (Winners{{10, 10}}));
}

TEST(NposPhragmms, ZeroStakeVoterKeepsEveryTarget) {
  // As in the SDK: PhragMMS never removes edges, and a zero budget makes every edge's ratio
  // from_rational(0, 0) = one, normalised over all its targets, elected or not.
  Voters voters = kPocVoters;
  voters[0].stake = 0;
  const auto result = mms<Perbill>(1, kCandidates123, voters);
  EXPECT_EQ(result.winners, (Winners{{3, 50}}));
  ASSERT_FALSE(result.assignments.empty());
  EXPECT_EQ(result.assignments[0],
            (Assignment<Id, Perbill>{10, {{1, pb(500'000'000)}, {2, pb(500'000'000)}}}));
}

TEST(NposPhragmms, WinnersAreSortedByRound) {
  const std::vector<Id> candidates = {1, 2, 3, 4, 5};
  const Voters voters = {{10, 10, {1, 2}}, {20, 20, {2, 3}}, {30, 30, {3, 4}}, {40, 40, {4, 5}}};
  auto election = npos::setup_inputs<Id>(candidates, voters);
  ASSERT_TRUE(npos::seq_phragmen_core(3, election).has_value());
  const auto winners = npos::winners_by_round(election, 3);
  ASSERT_EQ(winners.size(), 3U);
  for (size_t i = 0; i < winners.size(); ++i) {
    for (const auto& c : election.candidates) {
      if (c.who == winners[i].first) EXPECT_EQ(c.round, i);
    }
  }
}

// --- Case G: ElectionScore ordering and threshold comparison.

bool better(ElectionScore a, ElectionScore b, Perbill epsilon) {
  return npos::is_score_better(a, b, epsilon);
}

TEST(NposScore, LexicographicalNoEpsilon) {
  const Perbill e = Perbill::zero();
  EXPECT_TRUE(better(score(12, 10, 35), score(10, 20, 30), e));
  EXPECT_FALSE(better(score(9, 30, 10), score(10, 20, 30), e));
  EXPECT_TRUE(better(score(10, 25, 40), score(10, 20, 30), e));
  EXPECT_FALSE(better(score(10, 20, 40), score(10, 20, 30), e));
}

TEST(NposScore, WithEpsilon) {
  const Perbill e = Perbill::from_percent(1);
  const ElectionScore base = score(1000, 5000, 100000);
  EXPECT_FALSE(better(score(1009, 5000, 100000), base, e));
  EXPECT_FALSE(better(score(1010, 5000, 100000), base, e));
  EXPECT_TRUE(better(score(1011, 5000, 100000), base, e));
  EXPECT_FALSE(better(score(999, 6000, 100000), base, e));
  EXPECT_FALSE(better(score(1005, 5000, 100000), base, e));
  EXPECT_FALSE(better(score(1005, 5050, 100000), base, e));
  EXPECT_TRUE(better(score(1005, 5051, 100000), base, e));
  EXPECT_FALSE(better(score(1005, 5025, 100000), base, e));
  EXPECT_FALSE(better(score(1005, 5025, 99000), base, e));
  EXPECT_TRUE(better(score(1005, 5025, 98999), base, e));
}

u128 u128_from_decimal(const char* digits) {
  u128 v = 0;
  for (const char* p = digits; *p != 0; ++p) v = v * 10 + static_cast<u128>(*p - '0');
  return v;
}

TEST(NposScore, LargeKusamaValues) {
  const ElectionScore initial = score(12488167277027543ULL, 5559266368032409496ULL,
                                      u128_from_decimal("118749283262079244270992278287436446"));
  const ElectionScore claim = score(12488167277027543ULL, 5559266368032409496ULL,
                                    u128_from_decimal("118700736389524721358337889258988054"));
  for (uint32_t n = 1; n <= 4; ++n) {
    EXPECT_TRUE(better(claim, initial, Perbill::from_rational(n, 10'000))) << n;
  }
  EXPECT_FALSE(better(claim, initial, Perbill::from_rational(5, 10'000)));
}

TEST(NposScore, OrdWorks) {
  const ElectionScore s = score(10, 5, 15);
  EXPECT_EQ(s, score(10, 5, 15));
  EXPECT_NE(s, score(9, 5, 15));
  EXPECT_NE(s, score(10, 5, 14));
  EXPECT_GT(s, score(8, 5, 25));
  EXPECT_GT(s, score(9, 20, 5));
  EXPECT_GT(s, score(10, 4, 25));
  EXPECT_GT(s, score(10, 4, 5));
  EXPECT_GT(s, score(10, 5, 16));
  EXPECT_GT(s, score(10, 5, 25));
}

TEST(NposScore, ScaleIsThreeU128) {
  const ElectionScore s = score(1, 2, 3);
  const Bytes encoded = scale::encode(s);
  ASSERT_EQ(encoded.size(), 48U);
  EXPECT_EQ(encoded[0], 1);
  EXPECT_EQ(encoded[16], 2);
  EXPECT_EQ(encoded[32], 3);
  ElectionScore decoded;
  scale::Decoder in(encoded);
  decoded.scale_decode(in);
  EXPECT_TRUE(in.ok());
  EXPECT_EQ(decoded, s);
}

TEST(NposScore, SupportsScaleRoundTrip) {
  const npos::Supports<Id> supports = {{2, Support<Id>{25, {{10, 10}, {30, 15}}}},
                                       {3, Support<Id>{35, {{20, 20}, {30, 15}}}}};
  const Bytes encoded = scale::encode(supports);
  // Vec: compact 2; (u64 2, u128 25, compact 2, (u64 10, u128 10), (u64 30, u128 15)), ...
  ASSERT_EQ(encoded.size(), 1 + 2 * (8 + 16 + 1 + 2 * (8 + 16)));
  EXPECT_EQ(encoded[0], 8);
  const auto decoded = scale::decode<npos::Supports<Id>>(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, supports);
}

TEST(NposScore, TypeInfo) {
  meta::Registry r;
  const meta::TypeId score_id = r.id<ElectionScore>();
  EXPECT_EQ(r.types()[score_id].path,
            (std::vector<std::string>{"sp_npos_elections", "ElectionScore"}));
  EXPECT_EQ(std::get<meta::CompositeDef>(r.types()[score_id].def).fields.size(), 3U);
  const meta::TypeId support_id = r.id<Support<AccountId32>>();
  EXPECT_EQ(r.types()[support_id].path, (std::vector<std::string>{"sp_npos_elections", "Support"}));
  const auto& fields = std::get<meta::CompositeDef>(r.types()[support_id].def).fields;
  ASSERT_EQ(fields.size(), 2U);
  EXPECT_EQ(fields[0].type, r.id<u128>());
  EXPECT_EQ(fields[1].type, (r.id<std::vector<std::pair<AccountId32, u128>>>()));
}

TEST(NposScore, EvaluateEmptyAndSaturating) {
  EXPECT_EQ(npos::evaluate(npos::Supports<Id>{}), score(arithmetic::kU128Max, 0, 0));
  const u128 big = u128{1} << 127;
  const npos::Supports<Id> supports = {{1, Support<Id>{big, {}}}, {2, Support<Id>{big, {}}}};
  EXPECT_EQ(npos::evaluate(supports), score(big, arithmetic::kU128Max, arithmetic::kU128Max));
}

// --- Case H: assignment conversion and normalisation.

TEST(NposAssignment, ConvertWorks) {
  const StakedAssignment<Id> staked{1, {{20, 100}, {30, 25}}};
  const auto assignment = staked.into_assignment<Perbill>();
  EXPECT_EQ(assignment,
            (Assignment<Id, Perbill>{
                1, {{20, Perbill::from_percent(80)}, {30, Perbill::from_percent(20)}}}));
  EXPECT_EQ(assignment.into_staked(125), staked);
}

TEST(NposAssignment, ConvertWillNotNormalize) {
  EXPECT_EQ(
      (Assignment<Id, Perbill>{1, {{2, Perbill::from_percent(33)}, {3, Perbill::from_percent(66)}}})
          .into_staked(100),
      (StakedAssignment<Id>{1, {{2, 33}, {3, 66}}}));
  EXPECT_EQ((StakedAssignment<Id>{
                 1, {{2, 333'333'333'333'333}, {3, 333'333'333'333'333}, {4, 666'666'666'666'333}}})
                .into_assignment<Perbill>(),
            (Assignment<Id, Perbill>{
                1, {{2, pb(250'000'000)}, {3, pb(250'000'000)}, {4, pb(499'999'999)}}}));
}

TEST(NposAssignment, CanNormalize) {
  Assignment<Id, Perbill> a{1, {{2, pb(330'000'000)}, {3, pb(660'000'000)}}};
  EXPECT_TRUE(a.try_normalize());
  EXPECT_EQ(a, (Assignment<Id, Perbill>{1, {{2, pb(340'000'000)}, {3, pb(660'000'000)}}}));
  StakedAssignment<Id> s{1, {{2, 33}, {3, 66}}};
  EXPECT_TRUE(s.try_normalize(100));
  EXPECT_EQ(s, (StakedAssignment<Id>{1, {{2, 34}, {3, 66}}}));
}

TEST(NposAssignment, VoterNormalizeOps) {
  // Edges of weights 30, 33, 30 to unelected candidates: all of them normalised.
  {
    npos::Election<Id> e;
    e.candidates = {{10}, {20}, {30}};
    npos::Voter<Id> v{1, {{0, {}, 30}, {1, {}, 33}, {2, {}, 30}}, 100, {}};
    EXPECT_TRUE(e.try_normalize(v));
    EXPECT_EQ(v.edges[0].weight, 34U);
    EXPECT_EQ(v.edges[1].weight, 33U);
    EXPECT_EQ(v.edges[2].weight, 33U);
  }
  // Only the elected ones (20, 30).
  {
    npos::Election<Id> e;
    e.candidates = {{10}, {20}, {30}};
    e.candidates[1].elected = true;
    e.candidates[2].elected = true;
    npos::Voter<Id> v{1, {{0, {}, 30}, {1, {}, 33}, {2, {}, 30}}, 100, {}};
    EXPECT_TRUE(e.try_normalize_elected(v));
    EXPECT_EQ(v.edges[0].weight, 30U);
    EXPECT_EQ(v.edges[1].weight, 34U);
    EXPECT_EQ(v.edges[2].weight, 66U);
    EXPECT_EQ(e.candidates[1].backed_stake, 34U);
    EXPECT_EQ(e.candidates[2].backed_stake, 66U);
  }
}

TEST(NposAssignment, HelpersConvertBothWays) {
  using A = Assignment<Id, Perbill>;
  const std::vector<A> ratios = {
      {1, {{10, Perbill::from_percent(50)}, {20, Perbill::from_percent(50)}}},
      {2, {{10, Perbill::from_percent(33)}, {20, Perbill::from_percent(67)}}}};
  const auto stake = [](const Id&) { return VoteWeight{100}; };
  const auto staked = npos::assignment_ratio_to_staked(std::span<const A>(ratios), stake);
  EXPECT_EQ(staked, (std::vector<StakedAssignment<Id>>{{1, {{10, 50}, {20, 50}}},
                                                       {2, {{10, 33}, {20, 67}}}}));
  const auto back = npos::assignment_staked_to_ratio_normalized<Perbill>(
      std::span<const StakedAssignment<Id>>(staked));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, ratios);
  const std::vector<A> short_of_one = {{3, {{10, pb(330'000'000)}, {20, pb(660'000'000)}}}};
  const auto normalized =
      npos::assignment_ratio_to_staked_normalized(std::span<const A>(short_of_one), stake);
  ASSERT_TRUE(normalized.has_value());
  EXPECT_EQ(*normalized, (std::vector<StakedAssignment<Id>>{{3, {{10, 34}, {20, 66}}}}));
}

// --- sp-arithmetic normalize and tcmp (lib.rs tests).

template <class T>
std::vector<T> norm(std::vector<T> input, T target) {
  auto out = arithmetic::normalize<T>(std::span<const T>(input), target);
  EXPECT_TRUE(out.has_value());
  return out.has_value() ? *out : std::vector<T>{};
}

TEST(NposNormalize, WorksForAllTypes) {
  EXPECT_EQ(norm<uint8_t>({8, 9, 7, 10}, 40), (std::vector<uint8_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint16_t>({8, 9, 7, 10}, 40), (std::vector<uint16_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({8, 9, 7, 10}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint64_t>({8, 9, 7, 10}, 40), (std::vector<uint64_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<u128>({8, 9, 7, 10}, 40), (std::vector<u128>{10, 10, 10, 10}));
}

TEST(NposNormalize, FailsOnLargeSum) {
  const std::vector<uint8_t> fits(255, 1);
  EXPECT_TRUE(arithmetic::normalize<uint8_t>(std::span<const uint8_t>(fits), 10).has_value());
  const std::vector<uint8_t> overflows(256, 1);
  const auto out = arithmetic::normalize<uint8_t>(std::span<const uint8_t>(overflows), 10);
  ASSERT_FALSE(out.has_value());
  EXPECT_STREQ(out.error(), "sum of input cannot fit in `T`");
}

TEST(NposNormalize, SubtractionDoesNotUnderflow) {
  EXPECT_EQ(norm<uint8_t>({1, 100, 100}, 10), (std::vector<uint8_t>{1, 9, 0}));
  EXPECT_EQ(norm<uint8_t>({1, 8, 9}, 1), (std::vector<uint8_t>{0, 1, 0}));
}

TEST(NposNormalize, AllLessOrEqual) {
  EXPECT_EQ(norm<uint32_t>({8, 9, 7, 10}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({7, 7, 7, 7}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({7, 7, 7, 10}, 40), (std::vector<uint32_t>{11, 11, 8, 10}));
  EXPECT_EQ(norm<uint32_t>({7, 8, 7, 10}, 40), (std::vector<uint32_t>{11, 8, 11, 10}));
  EXPECT_EQ(norm<uint32_t>({7, 7, 8, 10}, 40), (std::vector<uint32_t>{11, 11, 8, 10}));
  EXPECT_EQ(norm<uint32_t>({8, 11, 9, 10}, 40), (std::vector<uint32_t>{10, 11, 9, 10}));
  EXPECT_EQ(norm<uint32_t>({10, 7, 10, 10}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({10, 10, 7, 10}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({10, 10, 10, 7}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
}

TEST(NposNormalize, AllGreaterOrEqual) {
  EXPECT_EQ(norm<uint32_t>({12, 11, 13, 10}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({13, 13, 13, 13}, 40), (std::vector<uint32_t>{10, 10, 10, 10}));
  EXPECT_EQ(norm<uint32_t>({13, 13, 13, 10}, 40), (std::vector<uint32_t>{12, 9, 9, 10}));
  EXPECT_EQ(norm<uint32_t>({13, 12, 13, 10}, 40), (std::vector<uint32_t>{9, 12, 9, 10}));
  EXPECT_EQ(norm<uint32_t>({13, 13, 12, 10}, 40), (std::vector<uint32_t>{9, 9, 12, 10}));
}

TEST(NposNormalize, PerThings) {
  const std::vector<Perbill> thirds(3, Perbill::from_percent(33));
  auto out = arithmetic::normalize<Perbill>(std::span<const Perbill>(thirds), Perbill::one());
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, (std::vector<Perbill>{pb(333'333'334), pb(333'333'333), pb(333'333'333)}));
  const std::vector<Perbill> mixed = {Perbill::from_percent(20), Perbill::from_percent(15),
                                      Perbill::from_percent(30)};
  out = arithmetic::normalize<Perbill>(std::span<const Perbill>(mixed), Perbill::one());
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, (std::vector<Perbill>{pb(316'666'668), pb(383'333'332), pb(300'000'000)}));
  const std::vector<PerU16> forties(3, PerU16::from_percent(40));
  const auto u16s = arithmetic::normalize<PerU16>(std::span<const PerU16>(forties), PerU16::one());
  ASSERT_TRUE(u16s.has_value());
  EXPECT_EQ(*u16s, (std::vector<PerU16>(3, PerU16::from_parts(21845))));
}

TEST(NposNormalize, Tcmp) {
  const uint32_t b = 115;
  const uint32_t e = Perbill::from_percent(10).mul_ceil(b);
  for (const uint32_t x : {103U, 104U, 115U, 120U, 126U, 127U}) {
    EXPECT_EQ(arithmetic::tcmp(x, b, e), std::strong_ordering::equal) << x;
  }
  EXPECT_EQ(arithmetic::tcmp(128U, b, e), std::strong_ordering::greater);
  EXPECT_EQ(arithmetic::tcmp(102U, b, e), std::strong_ordering::less);
  const uint32_t tiny = Perbill::from_parts(100) * b;  // 0: plain comparison
  for (const uint32_t x : {102U, 103U, 115U, 127U, 128U}) {
    EXPECT_EQ(arithmetic::tcmp(x, b, tiny), x <=> b) << x;
  }
}

// --- Edge cases.

TEST(NposEdgeCases, NoVoters) {
  const auto result = seq(2, kCandidates123, {});
  // Nobody approves anyone: the first candidates fill the seats with nothing behind them.
  EXPECT_EQ(result.winners, (Winners{{1, 0}, {2, 0}}));
  EXPECT_TRUE(result.assignments.empty());
  EXPECT_TRUE(mms<Perbill>(2, kCandidates123, {}).winners.empty());
}

TEST(NposEdgeCases, NoCandidates) {
  const auto result = seq(2, {}, kPocVoters);
  EXPECT_TRUE(result.winners.empty());
  EXPECT_TRUE(result.assignments.empty());
}

TEST(NposEdgeCases, MoreSeatsThanCandidates) {
  const auto result = seq(10, kCandidates123, kPocVoters);
  ASSERT_EQ(result.winners.size(), 3U);
  ExtendedBalance total = 0;
  for (const auto& [who, stake] : result.winners) total += stake;
  EXPECT_EQ(total, 60U);
  expect_assignments_sum(result);
  const auto mms_result = mms<Perbill>(10, kCandidates123, kPocVoters);
  EXPECT_EQ(mms_result.winners.size(), 3U);
}

TEST(NposEdgeCases, ZeroSeats) {
  const auto result = seq(0, kCandidates123, kPocVoters);
  EXPECT_TRUE(result.winners.empty());
  EXPECT_TRUE(result.assignments.empty());
}

TEST(NposEdgeCases, AllZeroStakes) {
  const Voters voters = {{10, 0, {1, 2}}, {20, 0, {3}}};
  const auto result = seq(2, kCandidates123, voters);
  EXPECT_EQ(result.winners, (Winners{{1, 0}, {2, 0}}));
  EXPECT_TRUE(result.assignments.empty());
  EXPECT_TRUE(mms<Perbill>(2, kCandidates123, voters).winners.empty());
}

TEST(NposEdgeCases, VoterForNobodyValidIsDropped) {
  Voters voters = kPocVoters;
  voters.push_back({40, 1000, {7, 8, 7}});
  const auto election = npos::setup_inputs<Id>(kCandidates123, voters);
  EXPECT_EQ(election.voters.size(), 3U);
  const auto result = seq(2, kCandidates123, voters);
  EXPECT_EQ(result.winners, (Winners{{3, 35}, {2, 25}}));
  EXPECT_EQ(result.assignments.size(), 3U);
}

TEST(NposEdgeCases, DuplicateCandidateTakesTheVotesOnTheLastEntry) {
  // Candidate 2 listed twice: its votes go to the second entry, the first has no approval.
  const std::vector<Id> candidates = {1, 2, 3, 2};
  const auto election = npos::setup_inputs<Id>(candidates, kPocVoters);
  EXPECT_EQ(election.candidates[1].approval_stake, 0U);
  EXPECT_EQ(election.candidates[3].approval_stake, 40U);
  const auto result = seq(2, candidates, kPocVoters);
  EXPECT_EQ(result.winners, (Winners{{3, 35}, {2, 25}}));
}

// --- The incremental seq-Phragmén against a literal transcription of the SDK's rounds (every
// score recomputed from every edge each round, edges matched to the winner by id), on random
// elections with repeated candidates, duplicate and unknown targets, zero and huge stakes.

struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
};

TEST(NposSeqPhragmen, IncrementalMatchesTheSdkRounds) {
  SplitMix rng{42};
  for (int iteration = 0; iteration < 400; ++iteration) {
    const size_t n_candidates = rng.below(12);
    std::vector<Id> candidates;
    candidates.reserve(n_candidates);
    for (size_t i = 0; i < n_candidates; ++i) candidates.push_back(100 + rng.below(14));
    Voters voters;
    const size_t n_voters = rng.below(20);
    for (size_t i = 0; i < n_voters; ++i) {
      VoteWeight stake = 0;
      switch (rng.below(4)) {
        case 0:
          stake = rng.below(3);
          break;
        case 1:
          stake = rng.below(1000);
          break;
        case 2:
          stake = rng.next();
          break;
        default:
          stake = kU64Max - rng.below(10);
          break;
      }
      std::vector<Id> targets;
      const size_t n_targets = rng.below(6);
      targets.reserve(n_targets);
      for (size_t t = 0; t < n_targets; ++t) targets.push_back(100 + rng.below(16));
      voters.push_back({rng.below(200), stake, targets});
    }
    const size_t to_elect = rng.below(n_candidates + 3);
    auto fast = npos::setup_inputs<Id>(candidates, voters);
    auto slow = fast;
    ASSERT_TRUE(npos::seq_phragmen_core(to_elect, fast).has_value());
    ASSERT_TRUE(npos::testing::reference_seq_phragmen_core(to_elect, slow));
    ASSERT_EQ(candidate_state(fast), candidate_state(slow)) << "iteration " << iteration;
    ASSERT_EQ(voter_edges(fast), voter_edges(slow)) << "iteration " << iteration;
    for (size_t c = 0; c < fast.candidates.size(); ++c) {
      if (fast.candidates[c].elected) {
        ASSERT_EQ(fast.candidates[c].score, slow.candidates[c].score) << "iteration " << iteration;
      }
    }
  }
}

// --- reduce (reduce.rs tests), and the totals it must keep on random assignments.

using Staked = std::vector<StakedAssignment<Id>>;

TEST(NposReduce, Basic4CycleWorks) {
  Staked assignments = {{1, {{10, 25}, {20, 75}}}, {2, {{10, 50}, {20, 50}}}};
  EXPECT_EQ(npos::reduce_4(assignments), std::optional<uint32_t>(1));
  EXPECT_EQ(assignments, (Staked{{1, {{20, 100}}}, {2, {{10, 75}, {20, 25}}}}));
}

const Staked kReduceInput = {{1, {{10, 10}}},
                             {2, {{10, 15}, {20, 5}}},
                             {3, {{20, 15}, {40, 15}}},
                             {4, {{20, 10}, {30, 10}, {40, 20}}},
                             {5, {{20, 20}, {30, 10}, {40, 20}}}};
const Staked kReduceOutput = {{1, {{10, 10}}},
                              {2, {{10, 15}, {20, 5}}},
                              {3, {{20, 30}}},
                              {4, {{40, 40}}},
                              {5, {{20, 15}, {30, 20}, {40, 15}}}};

TEST(NposReduce, BasicReduceAllCyclesWorks) {
  Staked assignments = kReduceInput;
  EXPECT_EQ(npos::reduce_all(assignments), 3U);
  EXPECT_EQ(assignments, kReduceOutput);
}

TEST(NposReduce, BasicReduceWorks) {
  Staked assignments = kReduceInput;
  EXPECT_EQ(npos::reduce(assignments), std::optional<uint32_t>(3));
  EXPECT_EQ(assignments, kReduceOutput);
}

TEST(NposReduce, DealsWithSelfVotes) {
  Staked assignments = kReduceInput;
  assignments.push_back({10, {{10, 100}}});
  assignments.push_back({20, {{20, 200}}});
  EXPECT_EQ(npos::reduce(assignments), std::optional<uint32_t>(3));
  Staked expected = kReduceOutput;
  expected.push_back({10, {{10, 100}}});
  expected.push_back({20, {{20, 200}}});
  EXPECT_EQ(assignments, expected);
}

TEST(NposReduce, ThreeCommonVotesSameWeight) {
  Staked assignments = {{4, {{1000000, 100}, {1000002, 100}, {1000004, 100}}},
                        {5, {{1000000, 100}, {1000002, 100}, {1000004, 100}}}};
  EXPECT_TRUE(npos::reduce_4(assignments).has_value());
  EXPECT_EQ(assignments,
            (Staked{{4, {{1000000, 200}, {1000004, 100}}}, {5, {{1000002, 200}, {1000004, 100}}}}));
}

TEST(NposReduce, RefusesDuplicateVoters) {
  Staked assignments = {
      {1, {{10, 10}, {20, 10}}}, {1, {{10, 15}, {20, 5}}}, {2, {{10, 15}, {20, 15}}}};
  EXPECT_FALSE(npos::reduce(assignments).has_value());
}

TEST(NposReduce, DealsWithDuplicateTargets) {
  Staked assignments = {{1, {{10, 15}, {20, 5}}}, {2, {{10, 15}, {20, 15}, {10, 1}, {20, 1}}}};
  EXPECT_TRUE(npos::reduce(assignments).has_value());
  EXPECT_EQ(assignments, (Staked{{1, {{10, 20}}}, {2, {{10, 10}, {20, 20}, {10, 1}, {20, 1}}}}));
}

// reduce_4 keeps its pairs in a dense table up to PairTable::kDenseMaxTargets targets and in a
// hash map past them: the same input with enough idle targets added (voters of one target each,
// which make no pair) takes the other path and must reduce the same way.
TEST(NposReduce, ManyTargetsReduceAsFew) {
  SplitMix rng{11};
  for (int iteration = 0; iteration < 50; ++iteration) {
    Staked few;
    for (size_t v = 0; v < 10; ++v) {
      StakedAssignment<Id> a{static_cast<Id>(v), {}};
      for (size_t t = 0; t < 4; ++t) {
        const Id target = 100 + rng.below(6);
        if (std::any_of(a.distribution.begin(), a.distribution.end(),
                        [&](const auto& e) { return e.first == target; })) {
          continue;
        }
        a.distribution.emplace_back(target, 1 + rng.below(100));
      }
      few.push_back(std::move(a));
    }
    Staked many = few;
    for (size_t i = 0; i < npos::detail::PairTable::kDenseMaxTargets + 10; ++i) {
      many.push_back({static_cast<Id>(10'000 + i), {{static_cast<Id>(20'000 + i), 5}}});
    }
    const auto reduced_few = npos::reduce(few);
    const auto reduced_many = npos::reduce(many);
    ASSERT_EQ(reduced_few, reduced_many) << iteration;
    many.resize(few.size());
    ASSERT_EQ(few, many) << iteration;
  }
}

TEST(NposReduce, BoundIsKept) {
  Staked assignments = {{1, {{103, 72}, {101, 53}, {100, 83}, {102, 38}}},
                        {2, {{103, 18}, {101, 36}, {102, 54}, {100, 94}}},
                        {3, {{100, 96}, {101, 35}, {102, 52}, {103, 69}}},
                        {4, {{102, 34}, {100, 47}, {103, 91}, {101, 73}}}};
  const uint32_t reduced = npos::reduce_all(assignments);
  EXPECT_LE(16 - reduced, 4U + 4U);
}

// Per-voter and per-target totals of staked assignments.
std::pair<std::map<Id, u128>, std::map<Id, u128>> totals(const Staked& assignments) {
  std::map<Id, u128> voters;
  std::map<Id, u128> targets;
  for (const auto& a : assignments) {
    for (const auto& [t, w] : a.distribution) {
      voters[a.who] += w;
      targets[t] += w;
    }
  }
  return {voters, targets};
}

TEST(NposReduce, KeepsTotalsAndLeavesAForest) {
  SplitMix rng{7};
  for (int iteration = 0; iteration < 300; ++iteration) {
    Staked assignments;
    const size_t n_voters = rng.below(12);
    for (size_t v = 0; v < n_voters; ++v) {
      StakedAssignment<Id> a{static_cast<Id>(v), {}};
      std::vector<Id> targets;
      const size_t n = rng.below(6);
      for (size_t t = 0; t < n; ++t) {
        const Id target = 100 + rng.below(8);
        if (std::find(targets.begin(), targets.end(), target) != targets.end()) continue;
        targets.push_back(target);
        a.distribution.emplace_back(target, 1 + rng.below(rng.below(2) == 0 ? 5 : 1000));
      }
      assignments.push_back(std::move(a));
    }
    const auto before = totals(assignments);
    const auto reduced = npos::reduce(assignments);
    ASSERT_TRUE(reduced.has_value()) << iteration;
    ASSERT_EQ(totals(assignments), before) << iteration;
    // A forest: edges < nodes, per connected component (union-find over voters and targets).
    std::map<std::pair<Id, bool>, std::pair<Id, bool>> up;
    std::function<std::pair<Id, bool>(std::pair<Id, bool>)> find =
        [&](std::pair<Id, bool> x) -> std::pair<Id, bool> {
      auto it = up.find(x);
      if (it == up.end() || it->second == x) return x;
      return it->second = find(it->second);
    };
    for (const auto& a : assignments) {
      for (const auto& [t, w] : a.distribution) {
        ASSERT_GT(w, 0U);
        auto x = find({a.who, true});
        auto y = find({t, false});
        ASSERT_NE(x, y) << "cycle left, iteration " << iteration;
        up[x] = y;
      }
    }
  }
}

}  // namespace
}  // namespace canary::rt
