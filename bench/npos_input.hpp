// The election input of the NPoS benchmarks (npos_bench.cpp): the one `canary benchmark election`
// runs (runtime/tools/election_reference.hpp: Kusama's bounds, 12,500 voters with 24 nominations
// each over 2,000 candidates electing 1,000, seeded), in the runtime's own types.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "runtime/framework/npos/types.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/tools/election_reference.hpp"

namespace canary::bench {

inline constexpr size_t kVoters = rt::tools::kKusamaVoters;
inline constexpr size_t kNominations = rt::tools::kKusamaNominations;
inline constexpr size_t kCandidates = rt::tools::kKusamaCandidates;
inline constexpr size_t kToElect = rt::tools::kKusamaToElect;

struct NposInput {
  std::vector<rt::AccountId32> candidates;
  std::vector<rt::npos::VoterInput<rt::AccountId32>> voters;
};

inline rt::AccountId32 account_of(const rt::tools::AccountBytes& bytes) {
  rt::AccountId32 id;
  std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
  return id;
}

inline NposInput make_input(size_t voters = kVoters, size_t candidates = kCandidates) {
  const rt::tools::ElectionInput input = rt::tools::random_election(voters, candidates);
  NposInput out;
  out.candidates.reserve(input.candidates.size());
  for (const auto& c : input.candidates) out.candidates.push_back(account_of(c));
  out.voters.reserve(input.voters.size());
  for (const auto& v : input.voters) {
    rt::npos::VoterInput<rt::AccountId32> voter{account_of(v.who), v.stake, {}};
    voter.targets.reserve(v.targets.size());
    for (const auto& t : v.targets) voter.targets.push_back(account_of(t));
    out.voters.push_back(std::move(voter));
  }
  return out;
}

}  // namespace canary::bench
