// sp-runtime's SignedBlock in serde's JSON form, both ways: what chain_getBlock answers and what
// `export-blocks` writes / `import-blocks` reads (sc-service chain_ops, serde_json):
//   {"block":{"header":{"parentHash","number","stateRoot","extrinsicsRoot","digest":{"logs"}},
//             "extrinsics":["0x<opaque extrinsic, length prefix included>",…]},
//    "justifications":null | [[[engine id bytes],[proof bytes]],…]}
// (Justifications is Vec<([u8; 4], Vec<u8>)>, which serde writes as arrays of numbers.)
#pragma once

#include <string>

#include "primitives/block/header.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/util/result.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Json;

Json signed_block_json(const block::SignedBlock& block);

// The inverse of header_json; errors name the offending field.
Result<block::Header, std::string> header_from_json(const Json& json);
Result<block::SignedBlock, std::string> signed_block_from_json(const Json& json);

}  // namespace canary::node::rpc
