// The NPoS solution type (runtime/framework/election/solution.hpp), Kusama's
// NposCompactSolution24 and small instances:
//  - the SDK's own tests of generate_solution_type! (polkadot-sdk
//    substrate/frame/election-provider-support/src/tests.rs @
//    49a25766dcd9a4bbaf7d32d0d81fb251eb904b86, module solution_type; its mock's TestSolution is
//    <VoterIndex = u32, TargetIndex = u16, Accuracy = Perbill, MaxVoters = 2_500>(16), and
//    p(x) = Perbill::from_percent(x)), ported value for value;
//  - the encoding: bytes worked out by hand from codec.rs' rules, and a solution encoded by
//    polkadot.js (@polkadot/types 16.5.6 with Kusama's metadata, spec 1_009_002, type 219);
//  - decoding what Rust's decoder refuses (truncation, non-canonical or out-of-range compacts,
//    length prefixes the input cannot hold) and accepts (more voters than MaxVoters);
//  - the metadata type against Kusama's (polkadot.js types-support kusama-types.json);
//  - round trips assignment → solution → bytes → solution → assignment, and score().
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/normalize.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/election/solution.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/npos/helpers.hpp"
#include "runtime/framework/npos/types.hpp"
#include "tests/support/hex.hpp"
#include "tests/unit/runtime/metadata_shapes.hpp"

namespace canary::rt::election {
namespace {

using arithmetic::Perbill;
using arithmetic::Percent;
using arithmetic::PerU16;
using test::hex;
using test::unhex;

using AccountId = uint64_t;
// The SDK mock's TestSolution (the SDK's is not #[compact]; ours always is).
using TestSolution = NposSolution<uint32_t, uint16_t, Perbill, 16, 2'500, "canary::TestSolution">;
using TestAssignment = npos::Assignment<AccountId, Perbill>;

Perbill p(uint32_t percent) {
  return Perbill::from_percent(percent);
}

template <class S, size_t K>
using Vote = typename S::template Vote<K>;

// Index lookups by position in a list, as the SDK's tests write them.
auto index_in(const std::vector<AccountId>& list) {
  return [&list](const AccountId& who) -> std::optional<size_t> {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i] == who) return i;
    }
    return std::nullopt;
  };
}
auto voter_index_in(const std::vector<AccountId>& list) {
  return [find = index_in(list)](const AccountId& who) -> std::optional<uint32_t> {
    const auto i = find(who);
    return i ? std::optional<uint32_t>(static_cast<uint32_t>(*i)) : std::nullopt;
  };
}
auto target_index_in(const std::vector<AccountId>& list) {
  return [find = index_in(list)](const AccountId& who) -> std::optional<uint16_t> {
    const auto i = find(who);
    return i ? std::optional<uint16_t>(static_cast<uint16_t>(*i)) : std::nullopt;
  };
}
template <class Index>
auto at_in(const std::vector<AccountId>& list) {
  return [&list](Index i) -> std::optional<AccountId> {
    return i < list.size() ? std::optional<AccountId>(list[i]) : std::nullopt;
  };
}
// Identity maps: voters are their index, targets their index as well (distinct types of index).
const auto kVoterAt = [](uint32_t v) -> std::optional<AccountId> { return v; };
const auto kTargetAt = [](uint16_t t) -> std::optional<AccountId> { return t; };

// --- The SDK's tests (tests.rs, module solution_type).

// from_and_into_assignment_works.
TEST(NposSolution, FromAndIntoAssignmentWorks) {
  const std::vector<AccountId> voters = {2, 4, 1, 5, 3};
  const std::vector<AccountId> targets = {10, 11, 20, 30, 31, 32, 40, 50, 51};
  const std::vector<TestAssignment> assignments = {
      {2, {{20, p(100)}}},
      {4, {{40, p(100)}}},
      {1, {{10, p(80)}, {11, p(20)}}},
      {5, {{50, p(85)}, {51, p(15)}}},
      {3, {{30, p(50)}, {31, p(25)}, {32, p(25)}}},
  };
  auto solution =
      TestSolution::from_assignment(assignments, voter_index_in(voters), target_index_in(targets));
  ASSERT_TRUE(solution.has_value());
  EXPECT_EQ(solution->voter_count(), assignments.size());
  EXPECT_EQ(solution->edge_count(), 9u);

  TestSolution expected;
  expected.votes<1>() = {{0, {}, 2}, {1, {}, 6}};
  expected.votes<2>() = {{2, {{{0, p(80)}}}, 1}, {3, {{{7, p(85)}}}, 8}};
  expected.votes<3>() = {{4, {{{3, p(50)}, {4, p(25)}}}, 5}};
  EXPECT_EQ(*solution, expected);
  EXPECT_EQ(solution->unique_targets(), (std::vector<uint16_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));

  auto back = solution->into_assignment(at_in<uint32_t>(voters), at_in<uint16_t>(targets));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, assignments);
}

// solution_struct_is_codec (with our compact encoding).
TEST(NposSolution, SolutionStructIsCodec) {
  TestSolution solution;
  solution.votes<1>() = {{2, {}, 20}, {4, {}, 40}};
  solution.votes<2>() = {{1, {{{10, p(80)}}}, 11}, {5, {{{50, p(85)}}}, 51}};
  const Bytes encoded = scale::encode(solution);
  auto decoded = scale::decode<TestSolution>(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, solution);
  EXPECT_EQ(solution.encoded_size(), encoded.size());
  EXPECT_EQ(solution.voter_count(), 4u);
  EXPECT_EQ(solution.edge_count(), 2u + 4u);
  EXPECT_EQ(solution.unique_targets(), (std::vector<uint16_t>{10, 11, 20, 40, 50, 51}));
}

// remove_voter_works.
TEST(NposSolution, RemoveVoterWorks) {
  TestSolution solution;
  solution.votes<1>() = {{0, {}, 2}, {1, {}, 6}};
  solution.votes<2>() = {{2, {{{0, p(80)}}}, 1}, {3, {{{7, p(85)}}}, 8}};
  solution.votes<3>() = {{4, {{{3, p(50)}, {4, p(25)}}}, 5}};

  EXPECT_FALSE(solution.remove_voter(11));
  EXPECT_TRUE(solution.remove_voter(2));
  TestSolution expected;
  expected.votes<1>() = {{0, {}, 2}, {1, {}, 6}};
  expected.votes<2>() = {{3, {{{7, p(85)}}}, 8}};
  expected.votes<3>() = {{4, {{{3, p(50)}, {4, p(25)}}}, 5}};
  EXPECT_EQ(solution, expected);

  EXPECT_TRUE(solution.remove_voter(4));
  expected.votes<3>().clear();
  EXPECT_EQ(solution, expected);

  EXPECT_TRUE(solution.remove_voter(1));
  expected.votes<1>() = {{0, {}, 2}};
  EXPECT_EQ(solution, expected);
}

// unique_targets_len_edge_count_works: duplicate voters (99) are "not invalid per se".
TEST(NposSolution, UniqueTargetsLenEdgeCountWorks) {
  TestSolution solution;
  solution.votes<1>() = {{99, {}, 1}, {99, {}, 2}};
  solution.votes<2>() = {{99, {{{3, p(10)}}}, 7}, {99, {{{4, p(10)}}}, 8}};
  solution.votes<3>() = {{99, {{{11, p(10)}, {12, p(10)}}}, 13}};
  Vote<TestSolution, 16> last{99, {}, 67};
  for (auto& pair : last.distribution) pair = {66, p(10)};
  solution.votes<16>() = {last};
  EXPECT_EQ(solution.unique_targets(),
            (std::vector<uint16_t>{1, 2, 3, 4, 7, 8, 11, 12, 13, 66, 67}));
  EXPECT_EQ(solution.edge_count(), 2u + (2u * 2u) + 3u + 16u);
  EXPECT_EQ(solution.voter_count(), 6u);

  // This one has some duplicates.
  TestSolution duplicates;
  duplicates.votes<1>() = {{99, {}, 1}, {99, {}, 1}};
  duplicates.votes<2>() = {{99, {{{3, p(10)}}}, 7}, {99, {{{4, p(10)}}}, 8}};
  duplicates.votes<3>() = {{99, {{{11, p(10)}, {11, p(10)}}}, 13}};
  EXPECT_EQ(duplicates.unique_targets(), (std::vector<uint16_t>{1, 3, 4, 7, 8, 11, 13}));
  EXPECT_EQ(duplicates.edge_count(), 2u + (2u * 2u) + 3u);
  EXPECT_EQ(duplicates.voter_count(), 5u);
  // The first of the duplicate voter's votes goes (votes1 first).
  EXPECT_TRUE(duplicates.remove_voter(99));
  EXPECT_EQ(duplicates.votes<1>(), (std::vector<Vote<TestSolution, 1>>{{99, {}, 1}}));
  EXPECT_EQ(duplicates.voter_count(), 4u);
}

// solution_into_assignment_must_report_overflow.
TEST(NposSolution, IntoAssignmentMustReportOverflow) {
  TestSolution in_votes2;
  in_votes2.votes<2>() = {{0, {{{1, p(100)}}}, 2}};
  auto result = in_votes2.into_assignment(kVoterAt, kTargetAt);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), SolutionError::kSolutionWeightOverflow);

  TestSolution in_votes3;
  in_votes3.votes<3>() = {{0, {{{1, p(70)}, {2, p(80)}}}, 3}};
  result = in_votes3.into_assignment(kVoterAt, kTargetAt);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), SolutionError::kSolutionWeightOverflow);

  // Just below one leaves one part for the last target.
  TestSolution almost;
  almost.votes<3>() = {{0, {{{1, p(70)}, {2, Perbill::from_parts(299'999'999)}}}, 3}};
  result = almost.into_assignment(kVoterAt, kTargetAt);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->at(0).distribution.back(),
            std::make_pair(AccountId{3}, Perbill::from_parts(1)));
}

// target_count_overflow_is_detected: 17 targets for a limit of 16.
TEST(NposSolution, TargetCountOverflowIsDetected) {
  TestAssignment assignment{1, {}};
  for (uint32_t i = 10; i < 27; ++i) assignment.distribution.emplace_back(i, p(i));
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a);
  };
  auto solution = TestSolution::from_assignment(std::vector<TestAssignment>{assignment},
                                                voter_index, target_index);
  ASSERT_FALSE(solution.has_value());
  EXPECT_EQ(solution.error(), SolutionError::kSolutionTargetOverflow);
  // 16 is the limit itself.
  assignment.distribution.pop_back();
  EXPECT_TRUE(TestSolution::from_assignment(std::vector<TestAssignment>{assignment}, voter_index,
                                            target_index)
                  .has_value());
}

// zero_target_count_is_ignored.
TEST(NposSolution, ZeroTargetCountIsIgnored) {
  const std::vector<AccountId> voters = {1, 2};
  const std::vector<AccountId> targets = {10, 11};
  const std::vector<TestAssignment> assignments = {{1, {{10, p(50)}, {11, p(50)}}}, {2, {}}};
  auto solution =
      TestSolution::from_assignment(assignments, voter_index_in(voters), target_index_in(targets));
  ASSERT_TRUE(solution.has_value());
  TestSolution expected;
  expected.votes<2>() = {{0, {{{0, p(50)}}}, 1}};
  EXPECT_EQ(*solution, expected);
}

// from_assignment_fail_too_many_voters (the SDK draws 24 voters at random for a bound of 20;
// here they are counted exactly, the empty assignments included as in Rust's
// `assignments.len() as u32 > MaxVoters`).
TEST(NposSolution, FromAssignmentFailsWithTooManyVoters) {
  using Bounded = NposSolution<uint32_t, uint16_t, Perbill, 16, 20, "canary::Bounded">;
  std::vector<TestAssignment> assignments;
  assignments.reserve(21);
  for (AccountId v = 0; v < 19; ++v) assignments.push_back({v, {{v % 5, p(100)}}});
  assignments.push_back({19, {}});
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a);
  };
  auto ok = Bounded::from_assignment(assignments, voter_index, target_index);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->voter_count(), 19u);

  assignments.push_back({20, {}});
  auto too_many = Bounded::from_assignment(assignments, voter_index, target_index);
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error(), SolutionError::kTooManyVoters);
  // TryFrom<&[IndexAssignment]> has no such bound.
  std::vector<Bounded::IndexAssignmentOf> indexed;
  for (const auto& a : assignments) {
    auto i = Bounded::index_assignment(a, voter_index, target_index);
    ASSERT_TRUE(i.has_value());
    indexed.push_back(*i);
  }
  auto from_indices = Bounded::from_index_assignments(indexed);
  ASSERT_TRUE(from_indices.has_value());
  EXPECT_EQ(*from_indices, *ok);
}

// max_encoded_len_exact / _upper_bound: <u32, u32, Perbill, MaxVoters = 4>(3) is
// 3 · 1 + 4 · (4 + 2 · (4 + 4) + 4) = 99 bytes, what the SDK's non-compact encoding of 4 voters
// with 3 targets takes exactly. Kusama: 24 + 12,500 · (4 + 23 · (2 + 2) + 2).
TEST(NposSolution, MaxEncodedLenIsTheSdks) {
  using Exact = NposSolution<uint32_t, uint32_t, Perbill, 3, 4, "canary::Exact">;
  static_assert(Exact::max_encoded_len() == 99);
  static_assert(KusamaSolution::max_encoded_len() == 1'225'024);
  Exact solution;
  solution.votes<3>() = {{1, {{{10, p(50)}, {11, p(20)}}}, 12},
                         {2, {{{20, p(50)}, {21, p(20)}}}, 22},
                         {3, {{{30, p(50)}, {31, p(20)}}}, 32},
                         {4, {{{40, p(50)}, {41, p(20)}}}, 42}};
  // Compact, the same solution is smaller than the bound.
  EXPECT_LT(scale::encode(solution).size(), Exact::max_encoded_len());
}

// index_assignments_generate_same_solution_as_plain_assignments (on a generated set).
TEST(NposSolution, IndexAssignmentsGenerateTheSameSolution) {
  std::vector<TestAssignment> assignments;
  for (AccountId v = 0; v < 300; ++v) {
    TestAssignment a{1000 + v, {}};
    const size_t k = v % 17;  // 0 (skipped) to 16 targets
    for (size_t i = 0; i < k; ++i) {
      a.distribution.emplace_back((v * 7 + i * 13) % 97, Perbill::from_parts(1'000'000 * i));
    }
    assignments.push_back(a);
  }
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a - 1000);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a);
  };
  auto solution = TestSolution::from_assignment(assignments, voter_index, target_index);
  ASSERT_TRUE(solution.has_value());
  std::vector<TestSolution::IndexAssignmentOf> indexed;
  indexed.reserve(assignments.size());
  for (const auto& a : assignments) {
    indexed.push_back(TestSolution::index_assignment(a, voter_index, target_index).value());
  }
  auto from_indices = TestSolution::from_index_assignments(indexed);
  ASSERT_TRUE(from_indices.has_value());
  EXPECT_EQ(*from_indices, *solution);
  EXPECT_EQ(solution->voter_count(), 300u - 300u / 17u - 1u);  // v % 17 == 0 skipped
  EXPECT_EQ(scale::encode(*from_indices), scale::encode(*solution));
}

TEST(NposSolution, UnknownIndicesAreInvalid) {
  const std::vector<AccountId> voters = {1};
  const std::vector<AccountId> targets = {10, 11};
  const auto from = [&](const std::vector<TestAssignment>& a) {
    return TestSolution::from_assignment(a, voter_index_in(voters), target_index_in(targets));
  };
  EXPECT_EQ(from({{2, {{10, p(100)}}}}).error(), SolutionError::kSolutionInvalidIndex);
  EXPECT_EQ(from({{1, {{12, p(100)}}}}).error(), SolutionError::kSolutionInvalidIndex);
  EXPECT_EQ(from({{1, {{12, p(50)}, {10, p(50)}}}}).error(), SolutionError::kSolutionInvalidIndex);
  EXPECT_EQ(from({{1, {{10, p(50)}, {12, p(50)}}}}).error(), SolutionError::kSolutionInvalidIndex);
  EXPECT_EQ(TestSolution::index_assignment(TestAssignment{1, {{12, p(100)}}},
                                           voter_index_in(voters), target_index_in(targets))
                .error(),
            SolutionError::kSolutionInvalidIndex);

  TestSolution solution;
  solution.votes<1>() = {{0, {}, 1}};
  const auto into = [&](const TestSolution& s) {
    return s.into_assignment(at_in<uint32_t>(voters), at_in<uint16_t>(targets));
  };
  EXPECT_TRUE(into(solution).has_value());
  solution.votes<1>() = {{1, {}, 1}};  // no voter 1
  EXPECT_EQ(into(solution).error(), SolutionError::kSolutionInvalidIndex);
  solution.votes<1>() = {{0, {}, 2}};  // no target 2
  EXPECT_EQ(into(solution).error(), SolutionError::kSolutionInvalidIndex);
  // An unknown first target is reported before the shares' overflow, as in Rust.
  solution.votes<1>().clear();
  solution.votes<2>() = {{0, {{{5, p(100)}}}, 1}};
  EXPECT_EQ(into(solution).error(), SolutionError::kSolutionInvalidIndex);
  solution.votes<2>() = {{0, {{{0, p(100)}}}, 5}};
  EXPECT_EQ(into(solution).error(), SolutionError::kSolutionWeightOverflow);
}

TEST(NposSolution, ErrorNamesAreRusts) {
  EXPECT_STREQ(to_string(SolutionError::kSolutionWeightOverflow), "SolutionWeightOverflow");
  EXPECT_STREQ(to_string(SolutionError::kSolutionTargetOverflow), "SolutionTargetOverflow");
  EXPECT_STREQ(to_string(SolutionError::kSolutionInvalidIndex), "SolutionInvalidIndex");
  EXPECT_STREQ(to_string(SolutionError::kArithmeticError), "ArithmeticError");
  EXPECT_STREQ(to_string(SolutionError::kTooManyVoters), "TooManyVoters");
  EXPECT_EQ(to_solution_error(npos::Error::kArithmeticError), SolutionError::kArithmeticError);
}

// --- Round trips.

// Normalised PerU16 assignments of 1 to 24 targets, as a miner makes them: from_assignment,
// SCALE both ways and into_assignment give them back, votes1 first.
TEST(NposSolution, KusamaRoundTrip) {
  using Asg = npos::Assignment<AccountId, PerU16>;
  std::vector<Asg> assignments;
  uint32_t seed = 7;
  const auto next = [&seed] {
    seed = seed * 1'103'515'245u + 12'345u;
    return seed >> 8;
  };
  for (AccountId v = 0; v < 500; ++v) {
    Asg a{v * 3, {}};
    const size_t k = 1 + next() % 24;
    std::vector<PerU16> shares;
    shares.reserve(k);
    for (size_t i = 0; i < k; ++i) shares.push_back(PerU16::from_parts(1 + next() % 4000));
    auto normalized = arithmetic::normalize<PerU16>(std::span<const PerU16>(shares), PerU16::one());
    ASSERT_TRUE(normalized.has_value());
    for (size_t i = 0; i < k; ++i)
      a.distribution.emplace_back(70'000 + next() % 2'000, (*normalized)[i]);
    assignments.push_back(a);
  }
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a - 70'000);
  };
  const auto voter_at = [](uint32_t v) -> std::optional<AccountId> { return v; };
  const auto target_at = [](uint16_t t) -> std::optional<AccountId> { return 70'000 + t; };

  auto solution = KusamaSolution::from_assignment(assignments, voter_index, target_index);
  ASSERT_TRUE(solution.has_value());
  const Bytes bytes = scale::encode(*solution);
  EXPECT_EQ(solution->encoded_size(), bytes.size());
  auto decoded = scale::decode<KusamaSolution>(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, *solution);
  auto back = decoded->into_assignment(voter_at, target_at);
  ASSERT_TRUE(back.has_value());
  // into_assignment lists votes1 first, then votes2, …: the same assignments, stably by size.
  std::vector<Asg> expected;
  for (size_t k = 1; k <= 24; ++k) {
    for (const Asg& a : assignments) {
      if (a.distribution.size() == k) expected.push_back(a);
    }
  }
  EXPECT_EQ(*back, expected);
}

// A zero share survives among the first K-1 (from_assignment copies it); a zero last share does
// not: from_assignment drops the last share, so the others sum to one and into_assignment refuses
// the vote (the SDK's behaviour).
TEST(NposSolution, ZeroSharesRoundTripOnlyBeforeTheLast) {
  using Asg = npos::Assignment<AccountId, PerU16>;
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a);
  };
  const std::vector<Asg> zero_first = {{1, {{2, PerU16::zero()}, {3, PerU16::one()}}}};
  auto solution = KusamaSolution::from_assignment(zero_first, voter_index, target_index);
  ASSERT_TRUE(solution.has_value());
  auto back = solution->into_assignment(kVoterAt, kTargetAt);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, zero_first);

  const std::vector<Asg> zero_last = {{1, {{2, PerU16::one()}, {3, PerU16::zero()}}}};
  solution = KusamaSolution::from_assignment(zero_last, voter_index, target_index);
  ASSERT_TRUE(solution.has_value());
  EXPECT_EQ(solution->into_assignment(kVoterAt, kTargetAt).error(),
            SolutionError::kSolutionWeightOverflow);

  // Shares that do not sum to one come back normalised: the last takes what is left.
  const std::vector<Asg> short_sum = {
      {1, {{2, PerU16::from_parts(100)}, {3, PerU16::from_parts(5)}}}};
  solution = KusamaSolution::from_assignment(short_sum, voter_index, target_index);
  ASSERT_TRUE(solution.has_value());
  back = solution->into_assignment(kVoterAt, kTargetAt);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->at(0).distribution.back().second, PerU16::from_parts(65'535 - 100));
}

// --- score().

// The SDK test's assignments with stakes 100, 200 and 1,000: the supports are 100 (20), 200 (40),
// 800 and 200 (10, 11), 850 and 150 (50, 51), 500, 250 and 250 (30, 31, 32).
TEST(NposSolution, ScoreIsTheSupportsEvaluation) {
  const std::vector<AccountId> voters = {2, 4, 1, 5, 3};
  const std::vector<AccountId> targets = {10, 11, 20, 30, 31, 32, 40, 50, 51};
  TestSolution solution;
  solution.votes<1>() = {{0, {}, 2}, {1, {}, 6}};
  solution.votes<2>() = {{2, {{{0, p(80)}}}, 1}, {3, {{{7, p(85)}}}, 8}};
  solution.votes<3>() = {{4, {{{3, p(50)}, {4, p(25)}}}, 5}};
  const auto stake_of = [](const AccountId& who) -> npos::VoteWeight {
    return who == 2 ? 100 : who == 4 ? 200 : 1'000;
  };
  auto score = solution.score(stake_of, at_in<uint32_t>(voters), at_in<uint16_t>(targets));
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->minimal_stake, 100u);
  EXPECT_EQ(score->sum_stake, 3'300u);
  EXPECT_EQ(score->sum_stake_squared, 1'850'000u);

  // Errors of into_assignment come through.
  EXPECT_EQ(
      solution.score(stake_of, at_in<uint32_t>(voters), at_in<uint16_t>(std::vector<AccountId>{}))
          .error(),
      SolutionError::kSolutionInvalidIndex);
}

// PerU16 thirds of 1,000: 21,845/65,535 · 1,000 rounds to 333 and the last 43,690 parts to 667
// (nearest), which already sum to the stake.
TEST(NposSolution, ScoreRoundsSharesToStakes) {
  KusamaSolution solution;
  solution.votes<2>() = {{0, {{{0, PerU16::from_parts(21'845)}}}, 1}};
  const auto stake_of = [](const AccountId&) -> npos::VoteWeight { return 1'000; };
  auto score = solution.score(stake_of, kVoterAt, kTargetAt);
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->minimal_stake, 333u);
  EXPECT_EQ(score->sum_stake, 1'000u);
  EXPECT_EQ(score->sum_stake_squared, 333u * 333u + 667u * 667u);
  // An empty solution: no supports, the minimum of nothing is u128::MAX.
  auto empty = KusamaSolution{}.score(stake_of, kVoterAt, kTargetAt);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, (npos::ElectionScore{arithmetic::kU128Max, 0, 0}));
}

// --- SCALE.

// By hand from codec.rs: votes1 = [(1, 2)]: length 1 (04), Compact<u32> 1 (04), Compact<u16> 2
// (08). votes2 = [(64, [(3, 16384 parts)], 4)]: length 1 (04), 64 in two-byte mode
// ((64 << 2) | 1 = 0x0101, little endian 01 01), 3 (0c), 16,384 in four-byte mode
// ((16384 << 2) | 2 = 0x00010002: 02 00 01 00), 4 (10). votes3..votes24 empty: 22 × 00.
TEST(NposSolution, KusamaEncodingByHand) {
  KusamaSolution solution;
  solution.votes<1>() = {{1, {}, 2}};
  solution.votes<2>() = {{64, {{{3, PerU16::from_parts(16'384)}}}, 4}};
  const std::string expected =
      "040408"
      "0401010c0200010010" +
      std::string(22 * 2, '0');
  EXPECT_EQ(hex(scale::encode(solution)), expected);
  EXPECT_EQ(solution.encoded_size(), expected.size() / 2);
  auto decoded = scale::decode<KusamaSolution>(unhex(expected));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, solution);
  // The empty solution: 24 empty vectors.
  EXPECT_EQ(hex(scale::encode(KusamaSolution{})), std::string(48, '0'));
}

// polkadot.js: registry.createType('Lookup219', value).toHex() with Kusama's metadata for
// {votes1: [[0, 2], [70000, 300]], votes2: [[5, [1, 32768], 3]],
//  votes3: [[16384, [[7, 65535], [8, 0]], 9]],
//  votes24: [[1073741824, [[0, 0], [2000, 100], …, [44000, 2200]] (i·2000, i·100), 65535]]}.
constexpr std::string_view kPolkadotJsSolution =
    "080008c2450400b104041404020002000c04020001001cfeff03002000240000000000000000000000000000000000"
    "0000000403000000400000411f9101813e2103c15db104017d4106419cd10781bb6109c1daf10a01fa810c42190100"
    "110e82380100a10fc2570100311102770100c11242960100511482b50100e115c2d40100711702f401000119421302"
    "00911a82320200211cc2510200b11d02710200411f42900200d12082af02006122feff0300";

KusamaSolution polkadot_js_solution() {
  KusamaSolution s;
  s.votes<1>() = {{0, {}, 2}, {70'000, {}, 300}};
  s.votes<2>() = {{5, {{{1, PerU16::from_parts(32'768)}}}, 3}};
  s.votes<3>() = {{16'384, {{{7, PerU16::one()}, {8, PerU16::zero()}}}, 9}};
  Vote<KusamaSolution, 24> big{1u << 30, {}, 65'535};
  for (uint16_t i = 0; i < 23; ++i) {
    big.distribution[i] = {static_cast<uint16_t>(i * 2'000), PerU16::from_parts(i * 100)};
  }
  s.votes<24>() = {big};
  return s;
}

TEST(NposSolution, KusamaEncodingMatchesPolkadotJs) {
  const KusamaSolution solution = polkadot_js_solution();
  EXPECT_EQ(hex(scale::encode(solution)), kPolkadotJsSolution);
  EXPECT_EQ(solution.encoded_size(), kPolkadotJsSolution.size() / 2);
  auto decoded = scale::decode<KusamaSolution>(unhex(kPolkadotJsSolution));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, solution);
  EXPECT_EQ(solution.voter_count(), 5u);
  EXPECT_EQ(solution.edge_count(), 2u + 2u + 3u + 24u);
}

TEST(NposSolution, DecodingStopsAtTheSolution) {
  // Trailing bytes are the caller's: a Decoder reads exactly the solution.
  Bytes bytes = unhex(kPolkadotJsSolution);
  bytes.push_back(0xff);
  scale::Decoder in(bytes);
  const auto solution = scale::decode_next<KusamaSolution>(in);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in.remaining(), 1u);
  EXPECT_EQ(solution, polkadot_js_solution());
}

TEST(NposSolution, DecodingRefusesWhatRustRefuses) {
  const Bytes full = unhex(kPolkadotJsSolution);
  // Every truncation.
  for (size_t n = 0; n < full.size(); ++n) {
    EXPECT_FALSE(scale::decode<KusamaSolution>(ByteSpan(full.data(), n)).has_value()) << n;
  }
  const std::string empty_rest = std::string(23 * 2, '0');  // votes2..votes24 empty
  const auto decode = [&](const std::string& votes1) {
    return scale::decode<KusamaSolution>(unhex(votes1 + empty_rest));
  };
  EXPECT_TRUE(decode("040408").has_value());
  // Non-canonical compacts: voter 1 in two-byte mode; a length of 1 in two-byte mode.
  EXPECT_EQ(decode("04050008").error(), scale::DecodeError::kNonCanonicalCompact);
  EXPECT_EQ(decode("05000408").error(), scale::DecodeError::kNonCanonicalCompact);
  // A target above u16::MAX (65,536 in four-byte mode), a voter above u32::MAX.
  EXPECT_EQ(decode("040402000400").error(), scale::DecodeError::kCompactOutOfRange);
  EXPECT_EQ(decode("04070000000001"
                   "08")
                .error(),
            scale::DecodeError::kCompactOutOfRange);
  // Lengths the input cannot back are refused before any allocation: 1,000 votes in 23 bytes,
  // 2^30 - 1 votes, u32::MAX, and a u64 length.
  EXPECT_EQ(decode("a10f").error(), scale::DecodeError::kNotEnoughData);  // 1,000 votes
  EXPECT_FALSE(decode("feffffff").has_value());
  EXPECT_FALSE(decode("03ffffffff").has_value());
  EXPECT_FALSE(decode("13ffffffffffffffff").has_value());
  // A length one vote too long for what follows (each votes1 entry is at least 2 bytes).
  const std::string two_votes =
      "08"
      "0408"
      "0c10";
  EXPECT_TRUE(decode(two_votes).has_value());
  EXPECT_EQ(scale::decode<KusamaSolution>(unhex("0c04080c10" + empty_rest)).error(),
            scale::DecodeError::kNotEnoughData);
}

// Rust's decoder has no MaxVoters check (codec.rs): 12,501 voters decode; from_assignment of
// their assignments is what refuses them.
TEST(NposSolution, DecodingAcceptsMoreThanMaxVoters) {
  KusamaSolution solution;
  for (uint32_t v = 0; v <= KusamaSolution::kMaxVoters; ++v)
    solution.votes<1>().push_back({v, {}, 0});
  const Bytes bytes = scale::encode(solution);
  auto decoded = scale::decode<KusamaSolution>(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->voter_count(), 12'501u);
  auto assignments = decoded->into_assignment(kVoterAt, kTargetAt);
  ASSERT_TRUE(assignments.has_value());
  const auto voter_index = [](const AccountId& a) -> std::optional<uint32_t> {
    return static_cast<uint32_t>(a);
  };
  const auto target_index = [](const AccountId& a) -> std::optional<uint16_t> {
    return static_cast<uint16_t>(a);
  };
  EXPECT_EQ(KusamaSolution::from_assignment(*assignments, voter_index, target_index).error(),
            SolutionError::kTooManyVoters);
  assignments->pop_back();
  EXPECT_TRUE(KusamaSolution::from_assignment(*assignments, voter_index, target_index).has_value());
}

// Compact<Perbill> above the accuracy saturates to one (PerThing's CompactAs::decode_from is
// from_parts), so its re-encoding differs; PerU16's accuracy is u16::MAX, so it cannot.
TEST(NposSolution, CompactSharesSaturate) {
  TestSolution solution;
  solution.votes<2>() = {{0, {{{1, Perbill::one()}}}, 2}};
  Bytes bytes = scale::encode(solution);
  // 10^9 + 1 parts in four-byte mode: ((10^9 + 1) << 2 | 2) is 4,000,000,006 = 0xee6b2806.
  const std::string one = hex(scale::encode(scale::Compact<uint32_t>{1'000'000'000}));
  const std::string above = hex(scale::encode(scale::Compact<uint32_t>{1'000'000'001}));
  std::string text = hex(bytes);
  text.replace(text.find(one), one.size(), above);
  auto decoded = scale::decode<TestSolution>(unhex(text));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, solution);
}

// --- Metadata.

// Kusama's NposCompactSolution24 (type 219 of metadata 1_009_002) by the script in
// treasury_test.cpp, run with NODE_PATH=tests/interop/node_modules on
// @polkadot/types-support/metadata/v15/kusama-types.json, `shapes([219])`.
constexpr std::string_view kKusamaShapes =
    "0: staging_kusama_runtime::NposCompactSolution24<> {"
    "votes1:_:#1,votes2:_:#7,votes3:_:#12,votes4:_:#15,votes5:_:#18,votes6:_:#21,"
    "votes7:_:#24,votes8:_:#27,votes9:_:#30,votes10:_:#33,votes11:_:#36,"
    "votes12:_:#39,votes13:_:#42,votes14:_:#45,votes15:_:#48,votes16:_:#51,"
    "votes17:_:#54,votes18:_:#57,votes19:_:#60,votes20:_:#63,votes21:_:#66,"
    "votes22:_:#69,votes23:_:#72,votes24:_:#75}"
    R"(
1: <> Vec<#2>
2: <> (#3,#5)
3: <> Compact<#4>
4: <> prim:u32
5: <> Compact<#6>
6: <> prim:u16
7: <> Vec<#8>
8: <> (#3,#9,#5)
9: <> (#5,#10)
10: <> Compact<#11>
11: sp_arithmetic::per_things::PerU16<> {_:u16:#6}
12: <> Vec<#13>
13: <> (#3,#14,#5)
14: <> [#9;2]
15: <> Vec<#16>
16: <> (#3,#17,#5)
17: <> [#9;3]
18: <> Vec<#19>
19: <> (#3,#20,#5)
20: <> [#9;4]
21: <> Vec<#22>
22: <> (#3,#23,#5)
23: <> [#9;5]
24: <> Vec<#25>
25: <> (#3,#26,#5)
26: <> [#9;6]
27: <> Vec<#28>
28: <> (#3,#29,#5)
29: <> [#9;7]
30: <> Vec<#31>
31: <> (#3,#32,#5)
32: <> [#9;8]
33: <> Vec<#34>
34: <> (#3,#35,#5)
35: <> [#9;9]
36: <> Vec<#37>
37: <> (#3,#38,#5)
38: <> [#9;10]
39: <> Vec<#40>
40: <> (#3,#41,#5)
41: <> [#9;11]
42: <> Vec<#43>
43: <> (#3,#44,#5)
44: <> [#9;12]
45: <> Vec<#46>
46: <> (#3,#47,#5)
47: <> [#9;13]
48: <> Vec<#49>
49: <> (#3,#50,#5)
50: <> [#9;14]
51: <> Vec<#52>
52: <> (#3,#53,#5)
53: <> [#9;15]
54: <> Vec<#55>
55: <> (#3,#56,#5)
56: <> [#9;16]
57: <> Vec<#58>
58: <> (#3,#59,#5)
59: <> [#9;17]
60: <> Vec<#61>
61: <> (#3,#62,#5)
62: <> [#9;18]
63: <> Vec<#64>
64: <> (#3,#65,#5)
65: <> [#9;19]
66: <> Vec<#67>
67: <> (#3,#68,#5)
68: <> [#9;20]
69: <> Vec<#70>
70: <> (#3,#71,#5)
71: <> [#9;21]
72: <> Vec<#73>
73: <> (#3,#74,#5)
74: <> [#9;22]
75: <> Vec<#76>
76: <> (#3,#77,#5)
77: <> [#9;23])";

TEST(NposSolution, MetadataIsKusamas) {
  meta::Registry registry;
  const meta::TypeId id = registry.id<KusamaSolution>();
  EXPECT_EQ(shapes(registry, {id}), std::string(kKusamaShapes) + "\n");
  const meta::TypeDescription& type = registry.types()[id];
  EXPECT_EQ(type.path,
            (std::vector<std::string>{"staging_kusama_runtime", "NposCompactSolution24"}));
  EXPECT_TRUE(type.docs.empty());
  const auto& fields = std::get<meta::CompositeDef>(type.def).fields;
  ASSERT_EQ(fields.size(), 24u);
  for (size_t k = 1; k <= 24; ++k) {
    EXPECT_EQ(fields[k - 1].name, "votes" + std::to_string(k));
    EXPECT_FALSE(fields[k - 1].type_name.has_value());
  }
}

TEST(NposSolution, MetadataTakesThePathAndLimit) {
  using Small = NposSolution<uint16_t, uint8_t, Percent, 3, 10,
                             "pallet_election_provider_multi_phase::mock::TestNposSolution">;
  meta::Registry registry;
  const meta::TypeId id = registry.id<Small>();
  EXPECT_EQ(registry.types()[id].path,
            (std::vector<std::string>{"pallet_election_provider_multi_phase", "mock",
                                      "TestNposSolution"}));
  EXPECT_EQ(shapes(registry, {id}),
            "0: pallet_election_provider_multi_phase::mock::TestNposSolution<> "
            "{votes1:_:#1,votes2:_:#7,votes3:_:#12}\n"
            "1: <> Vec<#2>\n"
            "2: <> (#3,#5)\n"
            "3: <> Compact<#4>\n"
            "4: <> prim:u16\n"
            "5: <> Compact<#6>\n"
            "6: <> prim:u8\n"
            "7: <> Vec<#8>\n"
            "8: <> (#3,#9,#5)\n"
            "9: <> (#5,#10)\n"
            "10: <> Compact<#11>\n"
            "11: sp_arithmetic::per_things::Percent<> {_:u8:#6}\n"
            "12: <> Vec<#13>\n"
            "13: <> (#3,#14,#5)\n"
            "14: <> [#9;2]\n");
}

}  // namespace
}  // namespace canary::rt::election
