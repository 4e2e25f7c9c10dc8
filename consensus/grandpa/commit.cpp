#include "consensus/grandpa/commit.hpp"

namespace canary::consensus::grandpa {

CompactCommit to_compact(const Commit& commit) {
  CompactCommit compact;
  compact.target_hash = commit.target_hash;
  compact.target_number = commit.target_number;
  compact.precommits.reserve(commit.precommits.size());
  compact.auth_data.reserve(commit.precommits.size());
  for (const SignedPrecommit& signed_precommit : commit.precommits) {
    compact.precommits.push_back(signed_precommit.precommit);
    compact.auth_data.emplace_back(signed_precommit.signature, signed_precommit.id);
  }
  return compact;
}

Result<Commit, GrandpaError> from_compact(const CompactCommit& compact) {
  if (compact.precommits.empty() || compact.precommits.size() != compact.auth_data.size()) {
    return unexpected(GrandpaError::kMalformedCommit);
  }
  Commit commit;
  commit.target_hash = compact.target_hash;
  commit.target_number = compact.target_number;
  commit.precommits.reserve(compact.precommits.size());
  for (size_t i = 0; i < compact.precommits.size(); ++i) {
    commit.precommits.push_back(
        {compact.precommits[i], compact.auth_data[i].first, compact.auth_data[i].second});
  }
  return commit;
}

}  // namespace canary::consensus::grandpa
