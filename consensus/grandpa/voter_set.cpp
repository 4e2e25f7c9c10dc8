#include "consensus/grandpa/voter_set.hpp"

#include <algorithm>

namespace canary::consensus::grandpa {

AuthorityWeight threshold_for(AuthorityWeight total_weight) {
  AuthorityWeight faulty = total_weight == 0 ? 0 : (total_weight - 1) / 3;
  return total_weight - faulty;
}

Result<VoterSet, GrandpaError> VoterSet::from_authorities(const AuthorityList& authorities) {
  VoterSet set;
  for (const auto& [id, weight] : authorities) {
    if (weight == 0) continue;
    if (set.total_weight_ > UINT64_MAX - weight) {
      return unexpected(GrandpaError::kAuthorityWeightOverflow);
    }
    set.total_weight_ += weight;
    set.voters_.emplace_back(id, weight);
  }
  if (set.voters_.empty()) return unexpected(GrandpaError::kEmptyAuthoritySet);

  std::sort(set.voters_.begin(), set.voters_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  AuthorityList merged;
  for (const auto& voter : set.voters_) {
    if (!merged.empty() && merged.back().first == voter.first) {
      merged.back().second += voter.second;  // cannot overflow: bounded by the checked total
    } else {
      merged.push_back(voter);
    }
  }
  set.voters_ = std::move(merged);
  set.threshold_ = threshold_for(set.total_weight_);
  return set;
}

std::optional<size_t> VoterSet::index_of(const AuthorityId& id) const {
  auto it =
      std::lower_bound(voters_.begin(), voters_.end(), id,
                       [](const auto& voter, const AuthorityId& key) { return voter.first < key; });
  if (it == voters_.end() || it->first != id) return std::nullopt;
  return static_cast<size_t>(it - voters_.begin());
}

}  // namespace canary::consensus::grandpa
