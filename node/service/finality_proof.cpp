#include "node/service/finality_proof.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "consensus/grandpa/justification.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

FinalityProofError client_error(std::string message) {
  return FinalityProofError{FinalityProofErrorKind::kClient, std::move(message)};
}

FinalityProofError client_error(const network::WarpProofSourceError& e) {
  return client_error(e.message);
}

// authorities.rs AuthoritySetChangeId.
struct Latest {};
struct InSet {
  block::BlockNumber last_block = 0;
};
struct Unknown {};
using SetOfBlock = std::variant<Latest, InSet, Unknown>;

// authorities.rs AuthoritySetChanges::get_set_id: past the last recorded set end the block is in
// the current set; otherwise the first set that ends at or after it, unless the records start
// after set 0 and the block is before them (missing data). An empty record list knows nothing.
SetOfBlock set_of(const network::AuthoritySetChanges& changes, block::BlockNumber block) {
  if (!changes.empty() && changes.back().second < block) return Latest{};
  const auto it =
      std::lower_bound(changes.begin(), changes.end(), block,
                       [](const auto& change, block::BlockNumber n) { return change.second < n; });
  if (it == changes.end()) return Unknown{};
  if (it == changes.begin() && it->first != 0) return Unknown{};
  return InSet{it->second};
}

Result<block::BlockHash, FinalityProofError> canonical_hash(const network::WarpProofSource& source,
                                                            block::BlockNumber number) {
  auto hash = source.finalized_hash(number);
  if (!hash) return unexpected(client_error(hash.error()));
  if (!*hash) {
    return unexpected(
        client_error("UnknownBlock: Expect block hash from id: " + std::to_string(number)));
  }
  return **hash;
}

}  // namespace

Result<std::optional<FinalityProof>, FinalityProofError> prove_finality(
    const network::WarpProofSource& source, block::BlockNumber block) {
  if (source.finalized_number() < block) {
    return unexpected(FinalityProofError{FinalityProofErrorKind::kBlockNotYetFinalized,
                                         "Block not yet finalized"});
  }
  auto changes = source.authority_set_changes();
  if (!changes) return unexpected(client_error(changes.error()));

  Bytes justification;
  block::BlockNumber justified = 0;
  const SetOfBlock set = set_of(*changes, block);
  if (std::holds_alternative<Unknown>(set)) {
    return unexpected(FinalityProofError{FinalityProofErrorKind::kBlockNotInAuthoritySetChanges,
                                         "Block not covered by authority set changes"});
  }
  if (std::holds_alternative<Latest>(set)) {
    auto best = source.best_justification();
    if (!best) return unexpected(client_error(best.error()));
    if (!*best) return std::optional<FinalityProof>{};
    auto decoded = scale::decode<consensus::grandpa::GrandpaJustification>(**best);
    if (!decoded) {
      return unexpected(
          client_error(std::string("the best GRANDPA justification does not decode: ") +
                       scale::to_string(decoded.error())));
    }
    justified = decoded->commit.target_number;
    justification = scale::encode(*decoded);
  } else {
    justified = std::get<InSet>(set).last_block;
    CANARY_TRY_ASSIGN(const block::BlockHash last_hash, canonical_hash(source, justified));
    auto stored = source.grandpa_justification(last_hash);
    if (!stored) return unexpected(client_error(stored.error()));
    if (!*stored) return std::optional<FinalityProof>{};
    justification = std::move(**stored);
  }

  FinalityProof proof;
  for (block::BlockNumber n = block + 1;
       n <= justified && n > block && proof.unknown_headers.size() < kMaxUnknownHeaders; ++n) {
    CANARY_TRY_ASSIGN(const block::BlockHash hash, canonical_hash(source, n));
    auto header = source.header(hash);
    if (!header) return unexpected(client_error(header.error()));
    if (!*header) {
      return unexpected(client_error("UnknownBlock: Expect header: " + to_hex(hash)));
    }
    proof.unknown_headers.push_back(std::move(**header));
  }
  CANARY_TRY_ASSIGN(proof.block, canonical_hash(source, justified));
  proof.justification = std::move(justification);
  return std::optional<FinalityProof>(std::move(proof));
}

}  // namespace canary::node
