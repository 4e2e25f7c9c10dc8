#include "parachain/backing/statement_table.hpp"

#include <algorithm>

namespace canary::parachain {

const char* to_string(TableError error) {
  switch (error) {
    case TableError::kNotInGroup:
      return "the validator is not in the candidate's backing group";
    case TableError::kUnknownGroup:
      return "no backing group is assigned to the candidate's core";
    case TableError::kUnknownCandidate:
      return "a validity vote for a candidate nobody seconded";
    case TableError::kMissingCandidate:
      return "a Seconded statement without its candidate";
    case TableError::kDoubleVote:
      return "a validator voted twice on one candidate";
    case TableError::kSecondingOverLimit:
      return "a validator seconded more candidates than allowed";
  }
  return "unknown statement table error";
}

uint32_t effective_minimum_backing_votes(size_t group_size, uint32_t minimum_backing_votes) {
  return static_cast<uint32_t>(std::min<size_t>(group_size, minimum_backing_votes));
}

StatementTable::StatementTable(std::map<CoreIndex, std::vector<ValidatorIndex>> groups,
                               uint32_t minimum_backing_votes, size_t seconding_limit)
    : groups_(std::move(groups)),
      minimum_backing_votes_(minimum_backing_votes),
      seconding_limit_(seconding_limit) {}

const std::vector<ValidatorIndex>* StatementTable::group(CoreIndex core) const {
  auto it = groups_.find(core);
  return it == groups_.end() ? nullptr : &it->second;
}

Result<bool, TableError> StatementTable::import(CoreIndex core, const TableStatement& statement) {
  const std::vector<ValidatorIndex>* members = group(core);
  if (members == nullptr) return unexpected(TableError::kUnknownGroup);
  const Vote& vote = statement.vote;
  if (std::find(members->begin(), members->end(), vote.validator) == members->end()) {
    return unexpected(TableError::kNotInGroup);
  }

  auto it = candidates_.find(statement.candidate_hash);
  if (vote.kind == VoteKind::kSeconded) {
    if (!statement.candidate ||
        candidate_hash(statement.candidate->to_plain()) != statement.candidate_hash) {
      return unexpected(TableError::kMissingCandidate);
    }
    std::set<Hash256>& seconded = seconded_by_[vote.validator];
    if (!seconded.contains(statement.candidate_hash) && seconded.size() >= seconding_limit_) {
      misbehaving_.insert(vote.validator);
      return unexpected(TableError::kSecondingOverLimit);
    }
    if (it == candidates_.end()) {
      it = candidates_.emplace(statement.candidate_hash, Entry{core, *statement.candidate, {}})
               .first;
    }
  } else if (it == candidates_.end()) {
    return unexpected(TableError::kUnknownCandidate);
  }
  Entry& entry = it->second;
  // A candidate belongs to the core it was first seconded for; votes for it as another core's
  // come from validators outside its group.
  if (entry.core != core) return unexpected(TableError::kNotInGroup);

  for (const Vote& existing : entry.votes) {
    if (existing.validator != vote.validator) continue;
    if (existing == vote) return false;
    misbehaving_.insert(vote.validator);
    return unexpected(TableError::kDoubleVote);
  }
  if (vote.kind == VoteKind::kSeconded)
    seconded_by_[vote.validator].insert(statement.candidate_hash);
  entry.votes.push_back(vote);
  return true;
}

const CommittedCandidateReceipt* StatementTable::candidate(const Hash256& candidate_hash) const {
  auto it = candidates_.find(candidate_hash);
  return it == candidates_.end() ? nullptr : &it->second.candidate;
}

std::optional<CoreIndex> StatementTable::core_of(const Hash256& candidate_hash) const {
  auto it = candidates_.find(candidate_hash);
  if (it == candidates_.end()) return std::nullopt;
  return it->second.core;
}

std::vector<Vote> StatementTable::votes(const Hash256& candidate_hash) const {
  auto it = candidates_.find(candidate_hash);
  return it == candidates_.end() ? std::vector<Vote>{} : it->second.votes;
}

bool StatementTable::has_voted(const Hash256& candidate_hash, ValidatorIndex validator) const {
  auto it = candidates_.find(candidate_hash);
  if (it == candidates_.end()) return false;
  return std::any_of(it->second.votes.begin(), it->second.votes.end(),
                     [validator](const Vote& v) { return v.validator == validator; });
}

std::optional<AttestedCandidate> StatementTable::attested(const Hash256& candidate_hash) const {
  auto it = candidates_.find(candidate_hash);
  if (it == candidates_.end()) return std::nullopt;
  const Entry& entry = it->second;
  const std::vector<ValidatorIndex>* members = group(entry.core);
  if (members == nullptr) return std::nullopt;
  if (entry.votes.size() <
      effective_minimum_backing_votes(members->size(), minimum_backing_votes_)) {
    return std::nullopt;
  }
  AttestedCandidate out{entry.core, entry.candidate, candidate_hash, {}};
  // In the group's order, which the runtime's validator_indices bit field follows.
  for (ValidatorIndex member : *members) {
    for (const Vote& vote : entry.votes) {
      if (vote.validator == member) out.votes.push_back(vote);
    }
  }
  return out;
}

std::vector<AttestedCandidate> StatementTable::all_attested() const {
  std::vector<AttestedCandidate> out;
  for (const auto& [hash, entry] : candidates_) {
    if (auto attested_candidate = attested(hash)) out.push_back(std::move(*attested_candidate));
  }
  return out;
}

}  // namespace canary::parachain
