// The backing group's table of statements (polkadot-sdk `polkadot/statement-table/src/generic.rs`):
// which candidates the validators of a group seconded or found valid, and when a candidate has
// enough votes to be backed. The statements are checked (signature, group) before they get here;
// the table keeps one vote per validator and candidate and reports the validators that vote twice
// or outside their group.
//
// Groups are named by the core they are assigned to, as polkadot-sdk's backing does since
// elastic scaling: a candidate is backed for a core by the group on that core.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/signed.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

enum class VoteKind : uint8_t {
  kSeconded,  // the validator proposes the candidate (an implicit validity vote)
  kValid,     // the validator checked a candidate another seconded (an explicit one)
};

struct Vote {
  ValidatorIndex validator = 0;
  VoteKind kind = VoteKind::kValid;
  protocol::ValidatorSignature signature{};
  bool operator==(const Vote&) const = default;
};

// A statement whose signature the caller checked. A Seconded one carries its candidate.
struct TableStatement {
  Hash256 candidate_hash{};
  Vote vote;
  std::optional<CommittedCandidateReceipt> candidate;  // kSeconded only
};

enum class TableError : uint8_t {
  kNotInGroup,          // the validator is not in the group of the candidate's core
  kUnknownGroup,        // no group is assigned to that core
  kUnknownCandidate,    // a Valid vote for a candidate nobody seconded here yet
  kMissingCandidate,    // a Seconded statement without its candidate, or with another one
  kDoubleVote,          // a second, different vote of a validator on one candidate
  kSecondingOverLimit,  // more candidates seconded by one validator than the limit allows
};
const char* to_string(TableError error);

// A candidate with enough votes (polkadot-sdk's AttestedCandidate): the votes in the group's
// validator order.
struct AttestedCandidate {
  CoreIndex core = 0;
  CommittedCandidateReceipt candidate;
  Hash256 candidate_hash{};
  std::vector<Vote> votes;
};

// polkadot-sdk's effective_minimum_backing_votes: a group smaller than the configured minimum
// backs with all of its members.
uint32_t effective_minimum_backing_votes(size_t group_size, uint32_t minimum_backing_votes);

class StatementTable {
 public:
  // The groups by the core they back for, and the runtime's minimum_backing_votes.
  // `seconding_limit`: how many candidates one validator may second at a relay parent
  // (polkadot-sdk allows one per claim-queue position under async backing).
  StatementTable(std::map<CoreIndex, std::vector<ValidatorIndex>> groups,
                 uint32_t minimum_backing_votes, size_t seconding_limit = 1);

  // Imports a statement for a candidate of `core`: true when the vote is new, false when the table
  // had it already.
  Result<bool, TableError> import(CoreIndex core, const TableStatement& statement);

  bool knows(const Hash256& candidate_hash) const { return candidates_.contains(candidate_hash); }
  const CommittedCandidateReceipt* candidate(const Hash256& candidate_hash) const;
  std::optional<CoreIndex> core_of(const Hash256& candidate_hash) const;
  // The votes on a candidate, in the order they arrived.
  std::vector<Vote> votes(const Hash256& candidate_hash) const;
  bool has_voted(const Hash256& candidate_hash, ValidatorIndex validator) const;

  // The candidate once it has effective_minimum_backing_votes votes of its group.
  std::optional<AttestedCandidate> attested(const Hash256& candidate_hash) const;
  std::vector<AttestedCandidate> all_attested() const;

  // Validators the table caught voting twice on a candidate (polkadot-sdk reports them as
  // misbehaviour; disputes will act on it).
  const std::set<ValidatorIndex>& misbehaving() const { return misbehaving_; }

 private:
  struct Entry {
    CoreIndex core = 0;
    CommittedCandidateReceipt candidate;
    std::vector<Vote> votes;
  };

  const std::vector<ValidatorIndex>* group(CoreIndex core) const;

  std::map<CoreIndex, std::vector<ValidatorIndex>> groups_;
  uint32_t minimum_backing_votes_;
  size_t seconding_limit_;
  std::map<Hash256, Entry> candidates_;
  std::map<ValidatorIndex, std::set<Hash256>> seconded_by_;
  std::set<ValidatorIndex> misbehaving_;
};

}  // namespace canary::parachain
