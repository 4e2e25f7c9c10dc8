// `/<genesis>/transactions/1` (sc-network-transactions lib.rs): a notification protocol, handshake
// the roles byte (roles.hpp), each notification a SCALE Vec of opaque extrinsics, i.e.
// Compact(n) ‖ (Compact(len) ‖ extrinsic bytes)*. We hold each extrinsic without its length
// prefix, as block::Block::extrinsics and the pool do.
#pragma once

#include <cstddef>
#include <vector>

#include "network/protocols/protocol_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// sc-network-transactions MAX_TRANSACTIONS_SIZE.
inline constexpr size_t kMaxTransactionsSize = 16 * 1024 * 1024;

Bytes encode_transactions(const std::vector<Bytes>& extrinsics);
Result<std::vector<Bytes>, ProtocolError> decode_transactions(ByteSpan bytes);

}  // namespace canary::network
