// The voters of a set and their weights (paritytech/finality-grandpa src/voter_set.rs). Voters are
// ordered by public key: that order gives every voter its index (the vote-graph bit positions) and
// picks each round's primary (the voter at index round % n). Repeated keys add up their weights
// and zero weights are dropped, as finality-grandpa does; an empty set or a total above u64 is an
// error.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

// The weight a supermajority needs: total − floor((total − 1) / 3), i.e. more than 2/3 of the
// total so that any two supermajorities overlap in more than the tolerated faulty third
// (voter_set.rs `threshold`; spec Definition "Finalizing Justification").
AuthorityWeight threshold_for(AuthorityWeight total_weight);

class VoterSet {
 public:
  static Result<VoterSet, GrandpaError> from_authorities(const AuthorityList& authorities);

  size_t size() const { return voters_.size(); }
  const AuthorityId& id(size_t index) const { return voters_[index].first; }
  AuthorityWeight weight(size_t index) const { return voters_[index].second; }
  std::optional<size_t> index_of(const AuthorityId& id) const;
  bool contains(const AuthorityId& id) const { return index_of(id).has_value(); }

  AuthorityWeight total_weight() const { return total_weight_; }
  AuthorityWeight threshold() const { return threshold_; }

  // finality-grandpa round.rs `primary_voter`: voters sorted by id, index round mod n.
  size_t primary_index(RoundNumber round) const {
    return static_cast<size_t>(round % voters_.size());
  }

  // Sorted by id, duplicates merged.
  const AuthorityList& voters() const { return voters_; }

  bool operator==(const VoterSet&) const = default;

 private:
  VoterSet() = default;

  AuthorityList voters_;
  AuthorityWeight total_weight_ = 0;
  AuthorityWeight threshold_ = 0;
};

}  // namespace canary::consensus::grandpa
