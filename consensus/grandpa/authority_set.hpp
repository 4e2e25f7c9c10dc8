// Which GRANDPA authority set is in charge, and the changes the runtime has announced
// (sc-consensus-grandpa authorities.rs `AuthoritySet`, import.rs `make_authorities_changes`,
// environment.rs `finalize_block`). The node feeds it every imported block (with its digest) and
// every finalized block, and answers ancestry questions through `IsDescendant`; the tracker does
// no I/O and keeps no blocks.
//
//  - A ScheduledChange announced in block A with delay d is a *standard* change: it is enacted
//    when a block of A's chain at height >= A + d is finalized, and only on forks containing A.
//    The new set starts at the finalized block that enacts it (set_id + 1), and that block's
//    justification must be stored: honest voters never vote past A + d before the change is
//    enacted (ChainAccess::best_chain_containing caps at current_limit), so normally that block
//    is exactly A + d. Changes on one fork are enacted in order; several competing forks may each
//    carry their own change, the ones off the finalized chain are dropped.
//  - A ForcedChange announced in A with delay d is enacted when block A + d of A's fork is
//    *imported*, without finality (used to recover a stalled set); the new voter starts from the
//    finalized block numbered min(median_last_finalized, local best finalized).
//
// The pending standard changes are kept as a flat list whose tree shape (fork-tree ForkTree in
// Substrate) is derived on demand from `IsDescendant`: lists are tiny (usually empty). The SCALE
// encoding of the tracker is Canary's own persistence format, not Substrate's aux-db layout.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

// True when `descendant` is a strict descendant of `ancestor` (false for equal hashes), for any
// block the node knows, including the block being imported.
using IsDescendant = std::function<bool(const BlockHash& ancestor, const BlockHash& descendant)>;

// Enacted on finality (authorities.rs DelayKind::Finalized).
struct DelayFinalized {
  static constexpr uint8_t kScaleIndex = 0;
  bool operator==(const DelayFinalized&) const = default;
  CANARY_SCALE_FIELDS()
};

// Enacted on import at depth `delay` (DelayKind::Best).
struct DelayBest {
  static constexpr uint8_t kScaleIndex = 1;
  BlockNumber median_last_finalized = 0;
  bool operator==(const DelayBest&) const = default;
  CANARY_SCALE_FIELDS(median_last_finalized)
};

struct PendingChange {
  AuthorityList next_authorities;
  BlockNumber delay = 0;
  BlockNumber canon_height = 0;  // the announcing block
  BlockHash canon_hash{};
  std::variant<DelayFinalized, DelayBest> delay_kind;

  // Saturating: a huge runtime-supplied delay means "never", not a wrapped small number.
  BlockNumber effective_number() const {
    uint64_t sum = uint64_t{canon_height} + delay;
    return sum > UINT32_MAX ? UINT32_MAX : static_cast<BlockNumber>(sum);
  }
  bool operator==(const PendingChange&) const = default;
  CANARY_SCALE_FIELDS(next_authorities, delay, canon_height, canon_hash, delay_kind)
};

struct BlockImportOutcome {
  // The block enacts a standard change once finalized: the node must obtain and keep its
  // justification (import.rs AppliedChanges::Standard).
  bool justification_required = false;
  // A forced change was enacted by this import; the tracker now holds the new set. The node
  // restarts the voter for `new_set_id` at its finalized block numbered
  // min(median_last_finalized, local best finalized).
  struct ForcedChangeApplied {
    BlockNumber median_last_finalized = 0;
    SetId new_set_id = 0;
    AuthorityList authorities;
  };
  std::optional<ForcedChangeApplied> forced_change;
};

struct FinalityOutcome {
  bool changed = false;  // the tracker state changed: persist it
  // A standard change was enacted by finalizing `enacted_at`: the new set starts there (the
  // voter restarts for `set_id` at round 1 with that block as base), and the block's
  // justification must be stored.
  struct NewAuthoritySet {
    BlockRef enacted_at;
    SetId set_id = 0;
    AuthorityList authorities;
  };
  std::optional<NewAuthoritySet> new_set;
};

class AuthoritySetTracker {
 public:
  // Set 0 with the chain's genesis authorities (`:grandpa_authorities`). Empty lists and zero
  // weights are refused (authorities.rs `invalid_authority_list`).
  static Result<AuthoritySetTracker, GrandpaError> genesis(const AuthorityList& authorities);

  SetId set_id() const { return set_id_; }
  const AuthorityList& current_authorities() const { return current_authorities_; }
  Result<VoterSet, GrandpaError> voter_set() const {
    return VoterSet::from_authorities(current_authorities_);
  }

  // Notes the FRNK changes a newly imported block announces (a forced change wins over a
  // scheduled one in the same block), then enacts a forced change that this block completes.
  // On error the tracker is unchanged and the block should not be imported.
  Result<BlockImportOutcome, GrandpaError> on_block_imported(const BlockRef& block,
                                                             const block::Digest& digest,
                                                             const IsDescendant& is_descendant);

  // Enacts the standard change `block` finalizes (if any) and drops changes on other forks.
  // Blocks must be finalized in increasing number; on error the tracker is unchanged.
  Result<FinalityOutcome, GrandpaError> on_block_finalized(const BlockRef& block,
                                                           const IsDescendant& is_descendant);

  // The lowest effective number >= `min` among the next standard changes of every fork: voters
  // must not vote past it until the change is enacted (authorities.rs `current_limit`).
  std::optional<BlockNumber> current_limit(BlockNumber min,
                                           const IsDescendant& is_descendant) const;

  const std::vector<PendingChange>& pending_standard_changes() const { return standard_; }
  const std::vector<PendingChange>& pending_forced_changes() const { return forced_; }
  // (set id, number of the last block of that set) for every enacted change.
  const std::vector<std::pair<SetId, BlockNumber>>& authority_set_changes() const {
    return set_changes_;
  }

  Bytes encode() const;
  static Result<AuthoritySetTracker, GrandpaError> decode(ByteSpan bytes);

  bool operator==(const AuthoritySetTracker&) const = default;
  CANARY_SCALE_FIELDS(current_authorities_, set_id_, standard_, forced_, set_changes_,
                      best_finalized_number_)

 private:
  AuthoritySetTracker() = default;

  Result<void, GrandpaError> add_pending_change(PendingChange change,
                                                const IsDescendant& is_descendant);
  Result<std::optional<BlockImportOutcome::ForcedChangeApplied>, GrandpaError> apply_forced_changes(
      const BlockRef& best, const IsDescendant& is_descendant);
  Result<bool, GrandpaError> enacts_standard_change(const BlockRef& block,
                                                    const IsDescendant& is_descendant) const;

  // Tree shape of the standard changes: the deepest change whose block is an ancestor.
  std::optional<size_t> parent_of(size_t change, const IsDescendant& is_descendant) const;
  std::vector<size_t> roots(const IsDescendant& is_descendant) const;
  std::vector<size_t> children_of(size_t change, const IsDescendant& is_descendant) const;

  AuthorityList current_authorities_;
  SetId set_id_ = 0;
  std::vector<PendingChange> standard_;
  std::vector<PendingChange> forced_;  // sorted by (effective number, announcing height)
  std::vector<std::pair<SetId, BlockNumber>> set_changes_;
  std::optional<BlockNumber> best_finalized_number_;
};

}  // namespace canary::consensus::grandpa
