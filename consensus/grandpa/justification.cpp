#include "consensus/grandpa/justification.hpp"

#include <map>
#include <memory>
#include <set>

#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/commit_validation.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

namespace {

// The chain as far as a justification's headers tell it (justification.rs `AncestryChain`).
class AncestryChain final : public ChainAccess {
 public:
  explicit AncestryChain(const std::vector<block::Header>& headers) {
    for (const block::Header& header : headers) headers_.emplace(block::hash_of(header), &header);
  }

  std::optional<std::vector<BlockHash>> ancestry(const BlockHash& base,
                                                 const BlockHash& block) const override {
    if (base == block) return std::nullopt;
    std::vector<BlockHash> route;
    BlockHash current = block;
    // Each step consumes a distinct header, so a malformed proof cannot make this loop forever.
    for (size_t steps = 0; steps <= headers_.size(); ++steps) {
      auto it = headers_.find(current);
      if (it == headers_.end()) return std::nullopt;
      current = it->second->parent_hash;
      if (current == base) return route;
      route.push_back(current);
    }
    return std::nullopt;
  }

  std::optional<BlockRef> best_chain_containing(const BlockHash&) const override {
    return std::nullopt;
  }

  std::optional<block::Header> header(const BlockHash& hash) const override {
    auto it = headers_.find(hash);
    if (it == headers_.end()) return std::nullopt;
    return *it->second;
  }

 private:
  std::map<BlockHash, const block::Header*> headers_;
};

const Precommit* lowest_target(const std::vector<SignedPrecommit>& precommits) {
  const Precommit* lowest = nullptr;
  for (const SignedPrecommit& signed_precommit : precommits) {
    if (lowest == nullptr || signed_precommit.precommit.target_number < lowest->target_number) {
      lowest = &signed_precommit.precommit;
    }
  }
  return lowest;
}

}  // namespace

Result<void, GrandpaError> verify_justification(const GrandpaJustification& justification,
                                                SetId set_id, const VoterSet& voters) {
  const Commit& commit = justification.commit;
  AncestryChain chain(justification.votes_ancestries);

  auto shared_voters = std::make_shared<const VoterSet>(voters);
  if (auto valid = validate_commit(commit, shared_voters, chain); !valid) {
    return unexpected(valid.error());
  }
  if (auto signed_ok = verify_commit_signatures(commit, justification.round, set_id); !signed_ok) {
    return unexpected(signed_ok.error());
  }

  // validate_commit found a voter precommit, so there is a lowest target.
  const BlockHash base = lowest_target(commit.precommits)->target_hash;
  std::set<BlockHash> visited;
  for (const SignedPrecommit& signed_precommit : commit.precommits) {
    const BlockHash& target = signed_precommit.precommit.target_hash;
    if (target == base) continue;
    auto route = chain.ancestry(base, target);
    if (!route) return unexpected(GrandpaError::kInvalidAncestry);
    visited.insert(target);
    visited.insert(route->begin(), route->end());
  }

  std::set<BlockHash> provided;
  for (const block::Header& header : justification.votes_ancestries) {
    provided.insert(block::hash_of(header));
  }
  if (visited != provided) return unexpected(GrandpaError::kUnusedAncestry);
  return {};
}

Result<GrandpaJustification, GrandpaError> decode_and_verify_justification(ByteSpan bytes,
                                                                           const BlockRef& target,
                                                                           SetId set_id,
                                                                           const VoterSet& voters) {
  auto justification = scale::decode<GrandpaJustification>(bytes);
  if (!justification) return unexpected(GrandpaError::kMalformedJustification);
  if (justification->commit.target() != target) return unexpected(GrandpaError::kWrongTarget);
  if (auto valid = verify_justification(*justification, set_id, voters); !valid) {
    return unexpected(valid.error());
  }
  return std::move(*justification);
}

Result<GrandpaJustification, GrandpaError> make_justification(RoundNumber round,
                                                              const Commit& commit,
                                                              const HeaderLookup& header_of) {
  const Precommit* base = lowest_target(commit.precommits);
  if (base == nullptr) return unexpected(GrandpaError::kMalformedCommit);

  GrandpaJustification justification;
  justification.round = round;
  justification.commit = commit;
  std::set<BlockHash> included;
  for (const SignedPrecommit& signed_precommit : commit.precommits) {
    BlockHash current = signed_precommit.precommit.target_hash;
    while (current != base->target_hash) {
      auto header = header_of(current);
      if (!header) return unexpected(GrandpaError::kMissingHeader);
      // Walking from a higher target must meet the base before going below its number.
      if (header->number <= base->target_number) {
        return unexpected(GrandpaError::kInvalidAncestry);
      }
      BlockHash parent = header->parent_hash;
      if (included.insert(current).second) {
        justification.votes_ancestries.push_back(std::move(*header));
      }
      current = parent;
    }
  }
  return justification;
}

}  // namespace canary::consensus::grandpa
