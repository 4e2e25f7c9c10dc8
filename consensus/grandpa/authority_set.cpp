#include "consensus/grandpa/authority_set.hpp"

#include <algorithm>
#include <tuple>

#include "consensus/grandpa/consensus_log.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

namespace {

Result<void, GrandpaError> check_authority_list(const AuthorityList& authorities) {
  if (authorities.empty()) return unexpected(GrandpaError::kEmptyAuthoritySet);
  for (const auto& authority : authorities) {
    if (authority.second == 0) return unexpected(GrandpaError::kZeroAuthorityWeight);
  }
  return {};
}

bool is_equal_or_descendant(const IsDescendant& is_descendant, const BlockHash& ancestor,
                            const BlockHash& block) {
  return ancestor == block || is_descendant(ancestor, block);
}

std::optional<PendingChange> change_announced_by(const BlockRef& block,
                                                 const block::Digest& digest) {
  // import.rs `check_new_change`: a forced change takes precedence over a scheduled one.
  if (auto forced = find_forced_change(digest)) {
    return PendingChange{std::move(forced->change.next_authorities), forced->change.delay,
                         block.number, block.hash, DelayBest{forced->median_last_finalized}};
  }
  if (auto scheduled = find_scheduled_change(digest)) {
    return PendingChange{std::move(scheduled->next_authorities), scheduled->delay, block.number,
                         block.hash, DelayFinalized{}};
  }
  return std::nullopt;
}

}  // namespace

Result<AuthoritySetTracker, GrandpaError> AuthoritySetTracker::genesis(
    const AuthorityList& authorities) {
  if (auto valid = check_authority_list(authorities); !valid) return unexpected(valid.error());
  AuthoritySetTracker tracker;
  tracker.current_authorities_ = authorities;
  return tracker;
}

std::optional<size_t> AuthoritySetTracker::parent_of(size_t change,
                                                     const IsDescendant& is_descendant) const {
  std::optional<size_t> parent;
  for (size_t other = 0; other < standard_.size(); ++other) {
    if (other == change || standard_[other].canon_height >= standard_[change].canon_height) {
      continue;
    }
    if (!is_descendant(standard_[other].canon_hash, standard_[change].canon_hash)) continue;
    if (!parent || standard_[other].canon_height > standard_[*parent].canon_height) parent = other;
  }
  return parent;
}

std::vector<size_t> AuthoritySetTracker::roots(const IsDescendant& is_descendant) const {
  std::vector<size_t> out;
  for (size_t change = 0; change < standard_.size(); ++change) {
    if (!parent_of(change, is_descendant)) out.push_back(change);
  }
  return out;
}

std::vector<size_t> AuthoritySetTracker::children_of(size_t change,
                                                     const IsDescendant& is_descendant) const {
  std::vector<size_t> out;
  for (size_t other = 0; other < standard_.size(); ++other) {
    if (parent_of(other, is_descendant) == change) out.push_back(other);
  }
  return out;
}

Result<void, GrandpaError> AuthoritySetTracker::add_pending_change(
    PendingChange change, const IsDescendant& is_descendant) {
  if (auto valid = check_authority_list(change.next_authorities); !valid) {
    return unexpected(valid.error());
  }
  if (std::holds_alternative<DelayBest>(change.delay_kind)) {
    // authorities.rs `add_forced_change`: at most one forced change per fork.
    for (const PendingChange& pending : forced_) {
      if (pending.canon_hash == change.canon_hash) {
        return unexpected(GrandpaError::kDuplicateAuthoritySetChange);
      }
      if (is_descendant(pending.canon_hash, change.canon_hash)) {
        return unexpected(GrandpaError::kMultiplePendingForcedChanges);
      }
    }
    auto key = [](const PendingChange& c) {
      return std::make_tuple(c.effective_number(), c.canon_height);
    };
    auto position = std::lower_bound(
        forced_.begin(), forced_.end(), change,
        [&](const PendingChange& a, const PendingChange& b) { return key(a) < key(b); });
    forced_.insert(position, std::move(change));
    return {};
  }
  // fork-tree `import`.
  if (best_finalized_number_ && change.canon_height <= *best_finalized_number_) {
    return unexpected(GrandpaError::kRevert);
  }
  for (const PendingChange& pending : standard_) {
    if (pending.canon_hash == change.canon_hash) {
      return unexpected(GrandpaError::kDuplicateAuthoritySetChange);
    }
  }
  standard_.push_back(std::move(change));
  return {};
}

Result<std::optional<BlockImportOutcome::ForcedChangeApplied>, GrandpaError>
AuthoritySetTracker::apply_forced_changes(const BlockRef& best, const IsDescendant& is_descendant) {
  for (const PendingChange& change : forced_) {
    if (change.effective_number() > best.number) break;
    if (change.effective_number() != best.number) continue;
    if (!is_equal_or_descendant(is_descendant, change.canon_hash, best.hash)) continue;

    const BlockNumber median = std::get<DelayBest>(change.delay_kind).median_last_finalized;
    // A standard change on this fork that should have been enacted by the median finalized block
    // must be enacted first (authorities.rs `apply_forced_changes`).
    for (size_t root : roots(is_descendant)) {
      const PendingChange& standard = standard_[root];
      if (standard.effective_number() <= median &&
          is_descendant(standard.canon_hash, change.canon_hash)) {
        return unexpected(GrandpaError::kForcedChangeDependencyUnsatisfied);
      }
    }
    BlockImportOutcome::ForcedChangeApplied applied{median, set_id_ + 1, change.next_authorities};
    set_changes_.emplace_back(set_id_, median);
    current_authorities_ = change.next_authorities;
    set_id_ += 1;
    standard_.clear();  // new set, new changes
    forced_.clear();
    return std::optional(std::move(applied));
  }
  return std::optional<BlockImportOutcome::ForcedChangeApplied>();
}

Result<bool, GrandpaError> AuthoritySetTracker::enacts_standard_change(
    const BlockRef& block, const IsDescendant& is_descendant) const {
  if (best_finalized_number_ && block.number <= *best_finalized_number_) {
    return unexpected(GrandpaError::kRevert);
  }
  // fork-tree `finalizes_any_with_descendent_if` with effective == block number.
  for (size_t change = 0; change < standard_.size(); ++change) {
    const PendingChange& pending = standard_[change];
    if (pending.effective_number() != block.number ||
        !is_equal_or_descendant(is_descendant, pending.canon_hash, block.hash)) {
      continue;
    }
    for (size_t child : children_of(change, is_descendant)) {
      if (standard_[child].canon_height <= block.number &&
          is_equal_or_descendant(is_descendant, standard_[child].canon_hash, block.hash)) {
        return unexpected(GrandpaError::kUnfinalizedAncestor);
      }
    }
    return true;
  }
  return false;
}

Result<BlockImportOutcome, GrandpaError> AuthoritySetTracker::on_block_imported(
    const BlockRef& block, const block::Digest& digest, const IsDescendant& is_descendant) {
  AuthoritySetTracker next = *this;
  if (auto change = change_announced_by(block, digest)) {
    if (auto added = next.add_pending_change(std::move(*change), is_descendant); !added) {
      return unexpected(added.error());
    }
  }
  BlockImportOutcome outcome;
  CANARY_TRY_ASSIGN(auto forced, next.apply_forced_changes(block, is_descendant));
  if (auto& applied = forced; applied.has_value()) {
    outcome.forced_change = std::move(*applied);
  } else {
    // A block below the finalized one cannot enact anything; that is not an import error.
    if (!next.best_finalized_number_ || block.number > *next.best_finalized_number_) {
      CANARY_TRY_ASSIGN(auto enacts, next.enacts_standard_change(block, is_descendant));
      outcome.justification_required = enacts;
    }
  }
  *this = std::move(next);
  return outcome;
}

Result<FinalityOutcome, GrandpaError> AuthoritySetTracker::on_block_finalized(
    const BlockRef& block, const IsDescendant& is_descendant) {
  if (best_finalized_number_ && block.number <= *best_finalized_number_) {
    return unexpected(GrandpaError::kRevert);
  }
  AuthoritySetTracker next = *this;
  FinalityOutcome outcome;

  // fork-tree `finalize_with_descendent_if`: the first root on the finalized chain whose change
  // is due is enacted, unless a later change of its fork is also finalized (out of order).
  std::optional<size_t> enacted;
  for (size_t root : next.roots(is_descendant)) {
    const PendingChange& change = next.standard_[root];
    if (change.effective_number() > block.number ||
        !is_equal_or_descendant(is_descendant, change.canon_hash, block.hash)) {
      continue;
    }
    for (size_t child : next.children_of(root, is_descendant)) {
      if (next.standard_[child].canon_height <= block.number &&
          is_equal_or_descendant(is_descendant, next.standard_[child].canon_hash, block.hash)) {
        return unexpected(GrandpaError::kUnfinalizedAncestor);
      }
    }
    enacted = root;
    break;
  }
  std::optional<PendingChange> enacted_change;
  if (enacted) {
    enacted_change = std::move(next.standard_[*enacted]);
    next.standard_.erase(next.standard_.begin() + static_cast<std::ptrdiff_t>(*enacted));
  }

  // Keep the roots on the finalized chain (announced below it but not due yet, or above it) with
  // their subtrees; drop every other fork.
  std::vector<BlockHash> dropped_roots;
  for (size_t root : next.roots(is_descendant)) {
    const PendingChange& change = next.standard_[root];
    const bool keep =
        (change.canon_height > block.number && is_descendant(block.hash, change.canon_hash)) ||
        (change.canon_height == block.number && change.canon_hash == block.hash) ||
        is_descendant(change.canon_hash, block.hash);
    if (!keep) dropped_roots.push_back(change.canon_hash);
  }
  if (!dropped_roots.empty()) {
    std::erase_if(next.standard_, [&](const PendingChange& change) {
      for (const BlockHash& root : dropped_roots) {
        if (is_equal_or_descendant(is_descendant, root, change.canon_hash)) return true;
      }
      return false;
    });
  }
  next.best_finalized_number_ = block.number;
  outcome.changed = enacted.has_value() || !dropped_roots.empty();

  if (outcome.changed) {
    // Forced changes survive only if they are above the finalized block on its chain.
    std::erase_if(next.forced_, [&](const PendingChange& change) {
      return !(change.effective_number() > block.number &&
               is_descendant(block.hash, change.canon_hash));
    });
  }
  if (enacted_change) {
    next.set_changes_.emplace_back(next.set_id_, block.number);
    next.current_authorities_ = std::move(enacted_change->next_authorities);
    next.set_id_ += 1;
    outcome.new_set =
        FinalityOutcome::NewAuthoritySet{block, next.set_id_, next.current_authorities_};
  }
  *this = std::move(next);
  return outcome;
}

std::optional<BlockNumber> AuthoritySetTracker::current_limit(
    BlockNumber min, const IsDescendant& is_descendant) const {
  // Roots only: a change announced on top of another one is never due before it.
  std::optional<BlockNumber> limit;
  for (size_t root : roots(is_descendant)) {
    const BlockNumber effective = standard_[root].effective_number();
    if (effective >= min && (!limit || effective < *limit)) limit = effective;
  }
  return limit;
}

Bytes AuthoritySetTracker::encode() const {
  return scale::encode(*this);
}

Result<AuthoritySetTracker, GrandpaError> AuthoritySetTracker::decode(ByteSpan bytes) {
  AuthoritySetTracker tracker;
  scale::Decoder in(bytes);
  scale::decode_from(in, tracker);
  if (!in.ok() || in.remaining() != 0) return unexpected(GrandpaError::kMalformedState);
  if (!check_authority_list(tracker.current_authorities_)) {
    return unexpected(GrandpaError::kMalformedState);
  }
  return tracker;
}

}  // namespace canary::consensus::grandpa
