// Substrate's JSON forms of chain types, as serde writes them for the RPC answers:
//  - bytes and hashes: "0x"-prefixed lower-case hex (sp-core `bytes::serialize`, impl-serde);
//  - block numbers in headers: hex without leading zeros, "0x0" for zero (sp-runtime generic
//    header.rs `serialize_number`, U256 through impl-serde);
//  - digest items: the hex of each item's SCALE encoding (sp-runtime generic/digest.rs);
//  - extrinsics: the hex of the extrinsic *with* its compact length prefix (OpaqueExtrinsic
//    serializes its encoding, sp-runtime lib.rs);
//  - RuntimeVersion: sp-version's hand-written Serialize (systemVersion and stateVersion both);
//  - the chainHead runtime: rpc-spec-v2 chain_head/event.rs RuntimeEvent (apis as an object).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/bytes.hpp"
#include "rpc/jsonrpc/error.hpp"

namespace canary::node::rpc {

using ::canary::rpc::Json;

// "0x1a": hex without leading zeros ("0x0" for zero), as impl-serde writes U256.
std::string hex_number(uint64_t value);
std::string hex_number(u128 value);
// Decimal digits: how serde writes a balance as a string (pallet-transaction-payment
// serde_balance) and how a U256 prints with Debug.
std::string decimal_string(u128 value);

// {"parentHash","number","stateRoot","extrinsicsRoot","digest":{"logs":[..]}}
Json header_json(const block::Header& header);

// state_getRuntimeVersion: {"specName","implName","authoringVersion","specVersion",
// "implVersion","apis":[["0x<id>",version]..],"transactionVersion","systemVersion",
// "stateVersion"}.
Json runtime_version_json(const runtime::RuntimeVersion& version);

// chainHead's runtime: {"type":"valid","spec":{"specName","implName","specVersion",
// "implVersion","transactionVersion","apis":{"0x<id>":version,..}}}.
Json chain_head_runtime_json(const runtime::RuntimeVersion& version);

}  // namespace canary::node::rpc
