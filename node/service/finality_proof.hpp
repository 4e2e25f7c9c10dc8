// GRANDPA finality proofs for `grandpa_proveFinality` (sc-consensus-grandpa finality_proof.rs
// FinalityProofProvider::prove_finality): for a finalized block number N, the justification of
// the last block of the authority set N is in (kept with that block when the set ended), or of
// the latest finalized block (GRANDPA's best justification) when N is in the current set, with
// the headers (N; F] linking N to the justified block F (at most 100 000).
//
// The rule is Substrate's, including its corners: N above the finalized block fails
// (BlockNotYetFinalized); a node whose authority set records cannot place N fails
// (BlockNotInAuthoritySetChanges) — which is every N while no set change was ever finalized, as
// the record list is empty then; a set end without a stored justification (a forced change) or
// no best justification yet answers no proof (nullopt).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "network/protocols/warp_proof_source.hpp"
#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

// finality_proof.rs FinalityProof, SCALE-encoded as the RPC answers it.
struct FinalityProof {
  block::BlockHash block{};                    // F, the justified block
  Bytes justification;                         // SCALE GrandpaJustification of F
  std::vector<block::Header> unknown_headers;  // (N; F], ascending

  bool operator==(const FinalityProof&) const = default;
  CANARY_SCALE_FIELDS(block, justification, unknown_headers)
};

enum class FinalityProofErrorKind {
  kBlockNotYetFinalized,
  kBlockNotInAuthoritySetChanges,
  kClient,  // reading the chain failed, or a stored record does not decode
};

struct FinalityProofError {
  FinalityProofErrorKind kind;
  std::string message;  // FinalityProofError's Display: "Block not yet finalized", ...
};

// finality_proof.rs MAX_UNKNOWN_HEADERS.
inline constexpr size_t kMaxUnknownHeaders = 100'000;

Result<std::optional<FinalityProof>, FinalityProofError> prove_finality(
    const network::WarpProofSource& source, block::BlockNumber block);

}  // namespace canary::node
