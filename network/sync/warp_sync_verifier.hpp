// Verifies a GRANDPA WarpSyncProof (`/sync/warp`) from an authority set the verifier trusts: what
// a warp-syncing client does with a server's answer (smoldot lib/src/sync/warp_sync/verifier.rs,
// polkadot-sdk warp_proof.rs `WarpSyncProof::verify`), and what the tests use to check the proofs
// our server builds (network/protocols/warp_sync_handler.hpp).
//
// Fragment by fragment, in order, starting from (set_id, authorities):
//  - the justification's target must be the fragment's header (hash and number);
//  - the justification must be valid for the current set (consensus/grandpa's
//    verify_justification: signatures for its round and the set id, the threshold, the ancestry);
//  - the header's digest names the next set: its first FRNK ScheduledChange (what Substrate's
//    verifier reads), else its first ForcedChange (smoldot also accepts those); the set id goes up
//    by one. Only the last fragment of a finished proof may lack one (it proves the latest
//    finalized block rather than a hand-off).
// An empty proof is valid when it is finished (nothing was finalized past the begin block) and an
// error otherwise (smoldot's EmptyProof). The delay of a change is not checked (neither verifier
// does: a server only sends the block that ends a set). Added: a change to a list that is no valid
// voter set (empty, weights overflowing) is refused at the fragment that announces it, instead of
// failing at the next one (or, for the last fragment, never).
//
// On an error the fragments before the failing one stay proven: the error carries what they
// proved, so that a client can keep that progress and ask another peer from there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "consensus/grandpa/grandpa_error.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "network/protocols/warp_sync.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// What a proof (or its verified prefix) proves: the authority set in charge after its last
// fragment, and that fragment's header (none when no fragment was verified).
struct WarpSyncProgress {
  consensus::grandpa::SetId set_id = 0;
  consensus::grandpa::AuthorityList authorities;
  std::optional<block::Header> last_header;
  size_t fragments = 0;  // fragments verified
  // The proof reached the latest finalized block the server had (the requester is done);
  // false also for an error's verified prefix.
  bool is_finished = false;

  bool operator==(const WarpSyncProgress&) const = default;
};

enum class WarpSyncVerifyErrorKind : uint8_t {
  kEmptyProof,                 // no fragment in a proof that is not finished
  kTargetMismatch,             // the justification is not for the fragment's header
  kInvalidJustification,       // the justification fails for the current set (see `grandpa`)
  kMissingAuthoritySetChange,  // a fragment that must hand over to a new set does not
  kInvalidAuthoritySet,  // the trusted or an announced set is no valid voter set (see `grandpa`)
};

struct WarpSyncVerifyError {
  WarpSyncVerifyErrorKind kind = WarpSyncVerifyErrorKind::kEmptyProof;
  size_t fragment = 0;  // index of the refused fragment
  std::optional<consensus::grandpa::GrandpaError> grandpa;
  WarpSyncProgress verified;  // what the fragments before it proved
};

const char* to_string(WarpSyncVerifyErrorKind kind);

Result<WarpSyncProgress, WarpSyncVerifyError> verify_warp_sync_proof(
    const WarpSyncProof& proof, consensus::grandpa::SetId set_id,
    const consensus::grandpa::AuthorityList& authorities);

}  // namespace canary::network
