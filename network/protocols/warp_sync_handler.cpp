#include "network/protocols/warp_sync_handler.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "consensus/grandpa/consensus_log.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network {

namespace {

namespace grandpa = consensus::grandpa;

// Room left for the fragments' vector length and `is_finished` (warp_proof.rs subtracts 50).
constexpr size_t kProofMargin = 50;

WarpProofError error(WarpProofErrorKind kind, std::string message) {
  return WarpProofError{kind, std::move(message)};
}

WarpProofError source_error(const WarpProofSourceError& e) {
  return error(WarpProofErrorKind::kSource, e.message);
}

// AuthoritySetChanges::iter_from: the index of the first change strictly after `number`, or none
// when the list cannot say which set `number` is in (it starts after set 0 and `number` is below
// its first entry: the node lacks the older records).
std::optional<size_t> first_change_after(const AuthoritySetChanges& changes,
                                         block::BlockNumber number) {
  const auto after =
      std::upper_bound(changes.begin(), changes.end(), number,
                       [](block::BlockNumber n, const auto& change) { return n < change.second; });
  const auto index = static_cast<size_t>(after - changes.begin());
  if (index == 0 && !changes.empty() && changes.front().first != 0) return std::nullopt;
  return index;
}

Result<grandpa::GrandpaJustification, WarpProofError> decode_justification(
    const Bytes& bytes, const std::string& what) {
  auto decoded = scale::decode<grandpa::GrandpaJustification>(bytes);
  if (!decoded) {
    return unexpected(error(WarpProofErrorKind::kInvalidJustification,
                            what + ": " + scale::to_string(decoded.error())));
  }
  return std::move(*decoded);
}

}  // namespace

Result<WarpSyncProof, WarpProofError> build_warp_sync_proof(const block::BlockHash& begin,
                                                            const WarpProofSource& source,
                                                            size_t max_size) {
  auto looked_up = source.block_number(begin);
  if (!looked_up) return unexpected(source_error(looked_up.error()));
  const std::optional<block::BlockNumber>& found = *looked_up;
  if (!found) {
    return unexpected(
        error(WarpProofErrorKind::kUnknownBlock, "Missing start block " + to_hex(begin)));
  }
  const block::BlockNumber begin_number = *found;
  if (begin_number > source.finalized_number()) {
    return unexpected(error(WarpProofErrorKind::kNotFinalized, "Start block is not finalized"));
  }
  auto canonical = source.finalized_hash(begin_number);
  if (!canonical) return unexpected(source_error(canonical.error()));
  if (*canonical != std::optional<block::BlockHash>(begin)) {
    return unexpected(error(WarpProofErrorKind::kNotInFinalizedChain,
                            "Start block is not in the finalized chain"));
  }

  // The best justification before the set changes: GRANDPA records both in one write, so a
  // finality between the two reads can only add a change above the justification's block (the
  // proof then ends with that change), never leave the justification signed by a set the proof
  // does not reach.
  auto best = source.best_justification();
  if (!best) return unexpected(source_error(best.error()));
  auto changes = source.authority_set_changes();
  if (!changes) return unexpected(source_error(changes.error()));
  const std::optional<size_t> first = first_change_after(*changes, begin_number);
  if (!first) {
    return unexpected(
        error(WarpProofErrorKind::kMissingData,
              "no authority set record covers block #" + std::to_string(begin_number)));
  }

  WarpSyncProof proof;
  size_t proofs_encoded_len = 0;
  bool limit_reached = false;
  for (size_t i = *first; i < changes->size(); ++i) {
    const block::BlockNumber last_block = (*changes)[i].second;
    const std::string what = "the last block #" + std::to_string(last_block) + " of set " +
                             std::to_string((*changes)[i].first);
    auto hash_at = source.finalized_hash(last_block);
    if (!hash_at) return unexpected(source_error(hash_at.error()));
    const std::optional<block::BlockHash>& hash = *hash_at;
    if (!hash) return unexpected(error(WarpProofErrorKind::kMissingData, what + ": no block"));
    auto header_of = source.header(*hash);
    if (!header_of) return unexpected(source_error(header_of.error()));
    std::optional<block::Header>& header = *header_of;
    if (!header) return unexpected(error(WarpProofErrorKind::kMissingData, what + ": no header"));
    // The last block of a set signals the next one; without the signal the set was replaced by a
    // forced change, and no justification hands over to the next set.
    if (!grandpa::find_scheduled_change(header->digest)) break;

    auto stored = source.grandpa_justification(*hash);
    if (!stored) return unexpected(source_error(stored.error()));
    const std::optional<Bytes>& bytes = *stored;
    if (!bytes) {
      return unexpected(error(WarpProofErrorKind::kMissingData, what + ": no justification"));
    }
    auto justification = decode_justification(*bytes, what);
    if (!justification) return unexpected(std::move(justification).error());

    WarpSyncFragment fragment{std::move(*header), std::move(*justification)};
    const size_t fragment_size = scale::encoded_size(fragment);
    if (max_size < kProofMargin || proofs_encoded_len + fragment_size >= max_size - kProofMargin) {
      limit_reached = true;
      break;
    }
    proofs_encoded_len += fragment_size;
    proof.proofs.push_back(std::move(fragment));
  }

  if (limit_reached) {
    proof.is_finished = false;
    return proof;
  }
  proof.is_finished = true;
  const std::optional<Bytes>& best_bytes = *best;
  if (!best_bytes) return proof;
  CANARY_TRY_ASSIGN(auto latest, decode_justification(*best_bytes, "the best justification"));
  const block::BlockNumber target = latest.commit.target_number;
  // Above the last set change proven, or (no change proven) at least the begin block. A last
  // change at the largest number leaves nothing above it (the limit would wrap to 0).
  if (proof.proofs.empty() ? target < begin_number
                           : target <= proof.proofs.back().justification.commit.target_number) {
    return proof;
  }
  auto header_of = source.header(latest.commit.target_hash);
  if (!header_of) return unexpected(source_error(header_of.error()));
  std::optional<block::Header>& header = *header_of;
  if (!header) {
    return unexpected(
        error(WarpProofErrorKind::kMissingData,
              "no header for the best justification's block #" + std::to_string(target)));
  }
  proof.proofs.push_back(WarpSyncFragment{std::move(*header), std::move(latest)});
  return proof;
}

}  // namespace canary::network
