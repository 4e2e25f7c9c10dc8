// Reads of one block for the RPC methods, with Substrate's failure texts: the state of a block
// (or of the best block when the call names none), a runtime call on it, its runtime version.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/result.hpp"

namespace canary::node::rpc {

// The block a call names, or the best block (sc-rpc `block_or_best`).
block::BlockHash block_or_best(const blockchain::Chain& chain,
                               const std::optional<block::BlockHash>& hash);

// The header of a block the node keeps; nullopt for an unknown block and for a failed read
// (subscription feeds, which have nobody to report an error to).
std::optional<block::Header> header_if_known(const blockchain::Chain& chain,
                                             const block::BlockHash& hash);

// The state of `hash`; the error is sp-blockchain's text ("UnknownBlock: ...").
Result<blockchain::BlockState, std::string> state_at(const blockchain::Chain& chain,
                                                     const block::BlockHash& hash);

// The text sp-api's ApiError gives for the same failures, as runtime-API based methods
// (state_getRuntimeVersion, state_getMetadata, payment_*, system_*) report them:
// "Api called for an unknown Block: <sp-blockchain's text without its prefix>".
std::string runtime_api_error_text(const blockchain::BlockchainError& error,
                                   const block::BlockHash& hash);

// A runtime call at `hash` through the runtime API (errors as runtime_api_error_text), bounded by
// `fuel` (RpcContext::call_fuel).
Result<Bytes, std::string> runtime_api_call(const blockchain::Chain& chain,
                                            blockchain::RuntimeHost& host,
                                            std::optional<uint64_t> fuel,
                                            const block::BlockHash& hash, std::string_view method,
                                            ByteSpan args);

Result<runtime::RuntimeVersion, std::string> runtime_version_at(const blockchain::Chain& chain,
                                                                blockchain::RuntimeHost& host,
                                                                const block::BlockHash& hash);

}  // namespace canary::node::rpc
