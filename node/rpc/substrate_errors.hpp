// The error objects Substrate's RPC modules answer with, so that clients (polkadot.js shows the
// message) see the same codes and texts:
//  - state/childstate (substrate/client/rpc-api/src/state/error.rs): base 4000; 4001 invalid
//    block range, 4002 "count exceeds maximum value", 4003 "Client error: <client error>";
//  - chain (chain/error.rs): base 3000; 3001 other ("<text>"), 3002 "Client error: ...";
//  - system (system/error.rs): 2001 not healthy, 2002 malformatted peer argument, internal
//    errors as -32603 with the bare message;
//  - frame rpc system / transaction payment (utils/frame/rpc/system, frame/transaction-payment/
//    rpc): 1 runtime error, 2 decode error, the description as message and the cause as data;
//  - rpc-spec-v2 (chain_head/error.rs, archive/error.rs): -32800 too many follow subscriptions,
//    -32801 invalid block, -32802 call without runtime, -32803 invalid continue, -32804
//    duplicate hashes, -32602 invalid parameter, -32603 internal.
// The client errors reproduce sp-blockchain's texts for the cases the node meets: an unknown block
// ("UnknownBlock: Header was not found in the database: 0x…", the state backend's
// header_metadata) and a pruned state ("UnknownBlock: State already discarded for 0x…").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "blockchain/blockchain_error.hpp"
#include "primitives/util/bytes.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Error;
using ::canary::rpc::Json;

inline constexpr int kStateInvalidBlockRangeCode = 4001;
inline constexpr int kStateInvalidCountCode = 4002;
inline constexpr int kStateClientCode = 4003;
inline constexpr int kChainOtherCode = 3001;
inline constexpr int kChainClientCode = 3002;
inline constexpr int kSystemNotHealthyCode = 2001;
inline constexpr int kSystemMalformattedPeerCode = 2002;
inline constexpr int kRuntimeErrorCode = 1;
inline constexpr int kDecodeErrorCode = 2;
inline constexpr int kReachedLimitsCode = -32800;
inline constexpr int kInvalidBlockCode = -32801;
inline constexpr int kInvalidRuntimeCallCode = -32802;
inline constexpr int kInvalidContinueCode = -32803;
inline constexpr int kInvalidDuplicateHashesCode = -32804;

// sp-blockchain's Display of the error a client read at `block` ran into.
std::string client_error_text(const blockchain::BlockchainError& error, const Hash256& block);
std::string unknown_block_text(const Hash256& block);

Error state_client_error(const std::string& text);  // 4003, "Client error: " + text
Error state_invalid_count(uint32_t value, uint32_t max);
Error state_invalid_block_range(const std::string& from, const std::string& to,
                                const std::string& details);
Error chain_client_error(const std::string& text);  // 3002
Error chain_other_error(std::string text);          // 3001
// The frame RPC errors: {code, description, data: cause}.
Error frame_error(int code, std::string description, std::string cause);

// rpc-spec-v2.
Error chain_head_reached_limits();
Error chain_head_invalid_block();
Error chain_head_invalid_runtime_call();
Error chain_head_invalid_continue();
Error chain_head_duplicate_hashes();
Error spec_v2_invalid_param(std::string_view what);  // -32602 "Invalid parameter: <what>"
Error spec_v2_internal(std::string_view what);       // -32603 "Internal error: <what>"

}  // namespace canary::node::rpc
