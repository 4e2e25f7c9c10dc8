// Commits: a target block and the signed precommits that finalize it (finality-grandpa lib.rs
// `Commit`, `CompactCommit`). The compact form, used by the `/grandpa/1` gossip, keeps the
// precommits and their (signature, id) pairs in two parallel vectors.
#pragma once

#include <utility>
#include <vector>

#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

struct Commit {
  BlockHash target_hash{};
  BlockNumber target_number = 0;
  std::vector<SignedPrecommit> precommits;

  BlockRef target() const { return {target_hash, target_number}; }
  bool operator==(const Commit&) const = default;
  CANARY_SCALE_FIELDS(target_hash, target_number, precommits)
};

using MultiAuthData = std::vector<std::pair<AuthoritySignature, AuthorityId>>;

struct CompactCommit {
  BlockHash target_hash{};
  BlockNumber target_number = 0;
  std::vector<Precommit> precommits;
  MultiAuthData auth_data;

  BlockRef target() const { return {target_hash, target_number}; }
  bool operator==(const CompactCommit&) const = default;
  CANARY_SCALE_FIELDS(target_hash, target_number, precommits, auth_data)
};

CompactCommit to_compact(const Commit& commit);

// finality-grandpa zips the two vectors and silently drops the excess; Substrate's gossip
// validator rejects such a commit (communication/gossip.rs `validate_commit_message`), and so do
// we: kMalformedCommit when the lengths differ or there is no precommit.
Result<Commit, GrandpaError> from_compact(const CompactCommit& compact);

}  // namespace canary::consensus::grandpa
