// Small NPoS elections built from the bytes (runtime/framework/npos/): candidates and voters with
// repeated, unknown and duplicate targets, stakes from zero to u64::MAX, seq-Phragmén or PhragMMS,
// with or without balancing. Nothing may crash, and the outcome must hold together:
//  - at most one winner per seat: seq-Phragmén fills min(to_elect, candidates) seats (candidates
//    nobody approves included, as the SDK does); PhragMMS min(to_elect, candidates someone with
//    stake votes for);
//  - no assignment names a non-winner (but for PhragMMS voters with zero stake, as in the SDK),
//    and every assignment sums to exactly one;
//  - a voter's staked assignment sums to its stake up to the rounding of `ratio * stake`
//    (nearest: at most half a unit per edge), and exactly once normalised;
//  - the supports' totals are the sums of the staked assignments per target, and the score
//    computed from them agrees with one computed independently; no score is strictly better
//    than itself, and it survives SCALE;
//  - reduce keeps each voter's and target's total and leaves a forest;
//  - seq-Phragmén's core agrees with a literal transcription of the SDK's rounds
//    (tests/unit/runtime/npos_reference.hpp);
//  - in seq-Phragmén's core, each voter's edge weights sum to its budget and each candidate's
//    backed stake to the weights of the edges to it (before and after balancing).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/npos/npos.hpp"
#include "tests/unit/runtime/npos_reference.hpp"

namespace {

using namespace canary;
namespace npos = canary::rt::npos;
using canary::rt::arithmetic::Perbill;
using Id = uint32_t;

using canary::fuzz::check;

class Reader : public canary::fuzz::ByteReader {
 public:
  using ByteReader::ByteReader;
  uint64_t stake() {
    switch (byte() % 5) {
      case 0:
        return 0;
      case 1:
        return byte() % 4;
      case 2:
        return ~uint64_t{0} - byte() % 4;
      case 3: {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
        return v;
      }
      default:
        return static_cast<uint64_t>(byte()) * 1'000 + byte();
    }
  }
};

void check_core(const npos::Election<Id>& election) {
  std::vector<u128> backing(election.candidates.size(), 0);
  for (const auto& v : election.voters) {
    u128 sum = 0;
    for (const auto& e : v.edges) {
      sum += e.weight;
      backing[e.candidate] += e.weight;
      check(election.is_elected(e));
    }
    if (!v.edges.empty()) check(sum == v.budget);
  }
  for (size_t c = 0; c < election.candidates.size(); ++c) {
    check(election.candidates[c].backed_stake == backing[c]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  Reader in(ByteSpan(bytes, size));
  const uint8_t mode = in.byte();
  const bool use_phragmms = (mode & 1) != 0;
  std::optional<npos::BalancingConfig> balancing;
  if ((mode & 2) != 0) {
    balancing = npos::BalancingConfig{static_cast<size_t>(1 + (mode >> 2) % 4),
                                      static_cast<u128>((mode >> 4) % 3)};
  }
  const size_t to_elect = in.byte() % 10;

  std::vector<Id> candidates(in.byte() % 10);
  for (Id& c : candidates) c = 100 + in.byte() % 12;
  std::vector<npos::VoterInput<Id>> voters(in.byte() % 14);
  std::map<Id, uint64_t> stake_of;
  for (auto& v : voters) {
    v.who = in.byte() % 40;
    v.stake = in.stake();
    v.targets.resize(in.byte() % 6);
    for (Id& t : v.targets) t = 100 + in.byte() % 16;
  }
  // A voter id given twice: the fuzzer decides, the stake lookups below need one stake per id.
  for (const auto& v : voters) stake_of.emplace(v.who, v.stake);
  for (auto& v : voters) v.stake = stake_of[v.who];

  auto result = use_phragmms
                    ? npos::phragmms<Perbill, Id>(to_elect, candidates, voters, balancing)
                    : npos::seq_phragmen<Perbill, Id>(to_elect, candidates, voters, balancing);
  check(result.has_value());

  // Seats.
  const auto election = npos::setup_inputs<Id>(candidates, voters);
  size_t expected_winners = std::min(to_elect, candidates.size());
  if (use_phragmms) {
    size_t approved = 0;
    for (const auto& c : election.candidates) approved += c.approval_stake > 0 ? 1 : 0;
    expected_winners = std::min(to_elect, approved);
  }
  check(result->winners.size() == expected_winners);

  // Assignments name winners only and sum to one. Except, as in the SDK, a PhragMMS voter with
  // zero stake: its edges keep weight 0 and from_rational(0, 0) is one, so it gets all its
  // targets (normalised), winners or not; its stake spreads nothing.
  std::vector<Id> winners;
  for (const auto& [who, backing] : result->winners) winners.push_back(who);
  for (const auto& a : result->assignments) {
    uint64_t parts = 0;
    const bool zero_stake = stake_of.at(a.who) == 0;
    for (const auto& [target, p] : a.distribution) {
      const bool winner = std::find(winners.begin(), winners.end(), target) != winners.end();
      check(winner || (use_phragmms && zero_stake));
      parts += p.deconstruct();
    }
    check(parts == Perbill::kAccuracy);
  }

  // Staked assignments: the voter's stake up to rounding, exactly once normalised.
  const auto stake = [&stake_of](const Id& who) { return stake_of.at(who); };
  const std::span<const npos::Assignment<Id, Perbill>> ratios(result->assignments);
  const auto staked = npos::assignment_ratio_to_staked(ratios, stake);
  std::map<Id, u128> per_target;
  for (const auto& a : staked) {
    u128 sum = 0;
    for (const auto& [target, w] : a.distribution) {
      sum += w;
      per_target[target] += w;
    }
    const u128 budget = stake(a.who);
    const u128 slack = a.distribution.size();
    check(sum <= budget + slack && sum + slack >= budget);
  }
  const auto normalized = npos::assignment_ratio_to_staked_normalized(ratios, stake);
  check(normalized.has_value());
  for (const auto& a : *normalized) check(a.total() == stake(a.who));

  // Supports and score.
  const auto supports = npos::to_supports(std::span<const npos::StakedAssignment<Id>>(staked));
  check(supports.size() == per_target.size());
  npos::ElectionScore independent{~u128{0}, 0, 0};
  for (const auto& [target, support] : supports) {
    check(per_target.count(target) == 1 && per_target.at(target) == support.total);
    u128 sum = 0;
    for (const auto& [who, w] : support.voters) sum += w;
    check(sum == support.total);
    independent.minimal_stake = std::min(independent.minimal_stake, support.total);
    independent.sum_stake = rt::arithmetic::saturating_add(independent.sum_stake, support.total);
    independent.sum_stake_squared = rt::arithmetic::saturating_add(
        independent.sum_stake_squared,
        rt::arithmetic::saturating_mul(support.total, support.total));
  }
  const npos::ElectionScore score = npos::evaluate(supports);
  check(score == independent);
  check(!npos::is_score_better(score, score, Perbill::zero()));
  check(!npos::is_score_better(score, score, Perbill::from_percent(1)));
  const auto decoded = scale::decode<npos::ElectionScore>(scale::encode(score));
  check(decoded.has_value() && *decoded == score);

  // reduce keeps every voter's and target's total and leaves no cycle (fewer edges than nodes
  // in each component).
  // Zero stakes dropped first (they are no edge); two assignments of one voter are refused.
  auto reduced = *normalized;
  std::map<Id, size_t> assignments_of;
  bool duplicate_voter = false;
  for (auto& a : reduced) {
    std::erase_if(a.distribution, [](const auto& entry) { return entry.second == 0; });
    duplicate_voter = duplicate_voter || ++assignments_of[a.who] > 1;
  }
  const auto removed = npos::reduce(reduced);
  check(removed.has_value() == !duplicate_voter);
  if (!removed) reduced.clear();
  std::map<Id, u128> reduced_targets;
  std::map<std::pair<Id, bool>, std::pair<Id, bool>> up;
  const auto find = [&up](std::pair<Id, bool> x) {
    while (true) {
      const auto it = up.find(x);
      if (it == up.end()) return x;
      x = it->second;
    }
  };
  for (size_t i = 0; i < reduced.size(); ++i) {
    check(reduced[i].who == (*normalized)[i].who && reduced[i].total() == (*normalized)[i].total());
    for (const auto& [target, w] : reduced[i].distribution) {
      check(w > 0);
      reduced_targets[target] += w;
      const auto x = find({reduced[i].who, true});
      const auto y = find({target, false});
      check(x != y);
      up[x] = y;
    }
  }
  std::map<Id, u128> normalized_targets;
  for (const auto& a : *normalized) {
    for (const auto& [target, w] : a.distribution) {
      if (w > 0) normalized_targets[target] += w;
    }
  }
  check(!removed || reduced_targets == normalized_targets);

  // seq-Phragmén's core state, and the same as the SDK's rounds transcribed literally.
  if (!use_phragmms) {
    auto core = election;
    check(npos::seq_phragmen_core(to_elect, core).has_value());
    check_core(core);
    auto reference = election;
    check(npos::testing::reference_seq_phragmen_core(to_elect, reference));
    for (size_t c = 0; c < core.candidates.size(); ++c) {
      const auto& x = core.candidates[c];
      const auto& y = reference.candidates[c];
      check(x.elected == y.elected && x.round == y.round && x.backed_stake == y.backed_stake);
      check(!x.elected || x.score == y.score);
    }
    for (size_t v = 0; v < core.voters.size(); ++v) {
      const auto& x = core.voters[v].edges;
      const auto& y = reference.voters[v].edges;
      check(x.size() == y.size());
      for (size_t e = 0; e < x.size(); ++e) {
        check(x[e].candidate == y[e].candidate && x[e].weight == y[e].weight);
      }
    }
    if (balancing) {
      npos::balance(core, *balancing);
      check_core(core);
    }
  }
  return 0;
}
