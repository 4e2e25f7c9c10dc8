// Kusama's NposCompactSolution24 (runtime/framework/election/solution.hpp) decoded from arbitrary
// bytes, as a signed or unsigned ElectionProviderMultiPhase submission carries it. The first byte
// picks the index maps and the stakes; the rest is the solution. Nothing may crash, and:
//  - what decodes re-encodes to exactly the bytes it consumed (every compact is canonical and a
//    PerU16 share cannot saturate), and encoded_size() counts them;
//  - voter_count, edge_count and unique_targets agree with the fields;
//  - into_assignment fails exactly where the SDK's checks, in its order, say it must (an unknown
//    inner target, then the first K-1 shares summing to one or more, then an unknown last target
//    or voter), and otherwise lists votes1 first, each voter's shares summing to exactly one;
//  - with total index maps, from_assignment(into_assignment(x)) is x (so it encodes to the same
//    bytes) unless x has more voters than MaxVoters (TooManyVoters), and the index assignments
//    give the same solution;
//  - score() succeeds whenever into_assignment does, and its supports sum to the voters' stakes;
//  - remove_voter removes the first vote of that voter, in field order, and only that.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/election/solution.hpp"
#include "runtime/framework/npos/types.hpp"

namespace {

using namespace canary;
using canary::fuzz::check;
using canary::rt::arithmetic::PerU16;
using canary::rt::election::KusamaSolution;
using canary::rt::election::SolutionError;
namespace npos = canary::rt::npos;

// Voters are their index, targets their index above 2^32: one id space, no collisions.
using Id = uint64_t;
constexpr Id kTargetBase = Id{1} << 32;
using Assignment = npos::Assignment<Id, PerU16>;

// One entry per vote, in field order (votes1 first), read straight from the fields.
struct FlatVote {
  uint32_t voter;
  std::vector<std::pair<uint16_t, PerU16>> inner;
  uint16_t last;
};

std::vector<FlatVote> flatten(const KusamaSolution& solution) {
  std::vector<FlatVote> out;
  [&]<size_t... I>(std::index_sequence<I...>) {
    (
        [&] {
          for (const auto& vote : solution.votes<I + 1>()) {
            out.push_back({vote.voter,
                           std::vector<std::pair<uint16_t, PerU16>>(vote.distribution.begin(),
                                                                    vote.distribution.end()),
                           vote.last});
          }
        }(),
        ...);
  }(std::make_index_sequence<KusamaSolution::kLimit>{});
  return out;
}

// What into_assignment must answer, by the SDK's order of checks.
std::optional<SolutionError> expected_error(const std::vector<FlatVote>& votes, uint64_t voters,
                                            uint64_t targets) {
  for (const FlatVote& v : votes) {
    uint32_t sum = 0;
    for (const auto& [t, share] : v.inner) {
      sum += share.parts;
      if (t >= targets) return SolutionError::kSolutionInvalidIndex;
    }
    if (!v.inner.empty() && sum >= PerU16::kAccuracy) return SolutionError::kSolutionWeightOverflow;
    if (v.last >= targets || v.voter >= voters) return SolutionError::kSolutionInvalidIndex;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t config = data[0];
  const ByteSpan bytes(data + 1, size - 1);

  scale::Decoder in(bytes);
  const KusamaSolution solution = scale::decode_next<KusamaSolution>(in);
  if (!in.ok()) return 0;
  const size_t consumed = in.position();
  const Bytes again = scale::encode(solution);
  check(again.size() == consumed && std::equal(again.begin(), again.end(), bytes.begin()));
  check(solution.encoded_size() == consumed);

  const std::vector<FlatVote> votes = flatten(solution);
  size_t edges = 0;
  std::set<uint16_t> targets;
  for (const FlatVote& v : votes) {
    edges += v.inner.size() + 1;
    for (const auto& [t, share] : v.inner) targets.insert(t);
    targets.insert(v.last);
  }
  check(solution.voter_count() == votes.size());
  check(solution.edge_count() == edges);
  check(solution.unique_targets() == std::vector<uint16_t>(targets.begin(), targets.end()));

  // Index maps: total, or known only below bounds the config byte picks.
  const bool partial = (config & 1) != 0;
  const uint64_t voter_bound =
      partial ? static_cast<uint64_t>((config >> 1) & 7) * 3 : ~uint64_t{0};
  const uint64_t target_bound =
      partial ? static_cast<uint64_t>((config >> 4) & 7) * 5 : ~uint64_t{0};
  const auto voter_at = [&](uint32_t v) -> std::optional<Id> {
    return v < voter_bound ? std::optional<Id>(v) : std::nullopt;
  };
  const auto target_at = [&](uint16_t t) -> std::optional<Id> {
    return t < target_bound ? std::optional<Id>(kTargetBase + t) : std::nullopt;
  };
  const auto stake_of = [&](const Id& who) -> npos::VoteWeight {
    switch (config >> 6) {
      case 0:
        return 0;
      case 1:
        return who * 1'000 + 1;
      case 2:
        return ~npos::VoteWeight{0} - who;
      default:
        return (who * 0x9e37'79b9'7f4a'7c15ULL) >> (who % 64);
    }
  };

  auto assignments = solution.into_assignment(voter_at, target_at);
  const std::optional<SolutionError> expected = expected_error(votes, voter_bound, target_bound);
  auto score = solution.score(stake_of, voter_at, target_at);
  if (!assignments) {
    check(expected.has_value() && assignments.error() == *expected);
    check(!score && score.error() == *expected);
  } else {
    check(!expected.has_value());
    check(assignments->size() == votes.size());
    u128 total_stake = 0;
    for (size_t i = 0; i < votes.size(); ++i) {
      const Assignment& a = (*assignments)[i];
      const FlatVote& v = votes[i];
      check(a.who == v.voter);
      check(a.distribution.size() == v.inner.size() + 1);
      uint32_t sum = 0;
      for (size_t j = 0; j < v.inner.size(); ++j) {
        check(a.distribution[j].first == kTargetBase + v.inner[j].first);
        check(a.distribution[j].second == v.inner[j].second);
        sum += v.inner[j].second.parts;
      }
      check(a.distribution.back().first == kTargetBase + v.last);
      check(sum + a.distribution.back().second.parts == PerU16::kAccuracy);
      total_stake += stake_of(a.who);
    }
    // Normalised to each voter's stake, the supports add up to the stakes.
    check(score.has_value() && score->sum_stake == total_stake);

    if (!partial) {
      const auto voter_index = [](const Id& who) -> std::optional<uint32_t> {
        return who < kTargetBase ? std::optional<uint32_t>(static_cast<uint32_t>(who))
                                 : std::nullopt;
      };
      const auto target_index = [](const Id& who) -> std::optional<uint16_t> {
        return who >= kTargetBase && who - kTargetBase <= 0xffff
                   ? std::optional<uint16_t>(static_cast<uint16_t>(who - kTargetBase))
                   : std::nullopt;
      };
      auto back = KusamaSolution::from_assignment(*assignments, voter_index, target_index);
      if (votes.size() > KusamaSolution::kMaxVoters) {
        check(!back && back.error() == SolutionError::kTooManyVoters);
      } else {
        check(back.has_value() && *back == solution);
        check(scale::encode(*back) == again);
      }
      std::vector<KusamaSolution::IndexAssignmentOf> indexed;
      indexed.reserve(assignments->size());
      for (const Assignment& a : *assignments) {
        auto i = KusamaSolution::index_assignment(a, voter_index, target_index);
        check(i.has_value());
        indexed.push_back(std::move(*i));
      }
      auto from_indices = KusamaSolution::from_index_assignments(indexed);
      check(from_indices.has_value() && *from_indices == solution);
    }
  }

  // remove_voter: the first vote of a voter present, in field order; nothing for one absent.
  if (!votes.empty()) {
    const size_t pick = config % votes.size();
    const uint32_t voter = votes[pick].voter;
    size_t first = 0;
    while (votes[first].voter != voter) ++first;
    KusamaSolution removed = solution;
    check(removed.remove_voter(voter));
    std::vector<FlatVote> rest = votes;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(first));
    const std::vector<FlatVote> after = flatten(removed);
    check(after.size() == rest.size());
    for (size_t i = 0; i < after.size(); ++i) {
      check(after[i].voter == rest[i].voter && after[i].last == rest[i].last &&
            after[i].inner == rest[i].inner);
    }
  }
  uint32_t absent = 0;
  for (const FlatVote& v : votes) absent = std::max(absent, v.voter);
  if (absent < ~uint32_t{0}) {
    KusamaSolution copy = solution;
    check(!copy.remove_voter(votes.empty() ? 0 : absent + 1) && copy == solution);
  }
  return 0;
}
