// GRANDPA's JSON-RPC methods besides grandpa_roundState (author_methods.hpp), as
// sc-consensus-grandpa-rpc serves them:
//
//  - grandpa_proveFinality(block: u32): the hex SCALE FinalityProof of finality_proof.hpp, or
//    null; failures are error 4 "GRANDPA prove finality rpc failed: <FinalityProofError>".
//  - grandpa_subscribeJustifications / grandpa_unsubscribeJustifications: a
//  `grandpa_justifications`
//    notification (hex SCALE GrandpaJustification) for every block GRANDPA finalizes.
#pragma once

#include <memory>

#include "blockchain/chain.hpp"
#include "node/service/grandpa_service.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node {

// sc-consensus-grandpa-rpc error.rs ErrorCode::ProveFinality.
inline constexpr int kGrandpaProveFinalityErrorCode = 4;

// `grandpa` null: no justification is ever notified (the chain has no GRANDPA service). Otherwise
// this installs its justification listener; the registry's handlers and the listener share the
// subscriber list, so either may outlive the other.
void register_grandpa_methods(::canary::rpc::MethodRegistry& registry,
                              const blockchain::Chain& chain, GrandpaService* grandpa);

}  // namespace canary::node
