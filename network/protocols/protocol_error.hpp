// Why a Substrate protocol message (block announces, transactions, sync, state, light, warp sync,
// GRANDPA) was refused. Every decoder of network/protocols returns one of these; the connection
// layer decides what a refusal costs the peer (Substrate lowers its reputation or disconnects).
#pragma once

#include <cstdint>
#include <string_view>

#include "primitives/scale/decode_error.hpp"

namespace canary::network {

enum class ProtocolError : uint8_t {
  // Above the protocol's size limit (checked before anything is parsed).
  kMessageTooLarge,
  // SCALE bytes ended early.
  kTruncated,
  // SCALE bytes that are not a value of the type (bad tag, non-canonical compact, bad UTF-8...).
  kMalformedScale,
  // Bytes left after a complete SCALE message.
  kTrailingBytes,
  // Not a protobuf message of the protocol's schema (or a required proto2 field is missing).
  kMalformedProtobuf,
  // A roles byte with bits other than full (1), light (2) and authority (4).
  kInvalidRoles,
  // A block announcement whose state byte is neither Normal (0) nor Best (1).
  kInvalidBlockState,
  // A block request without `hash` or `number` to start from.
  kMissingStartBlock,
  // A block hash shorter than 32 bytes (or, in responses, not exactly 32 bytes).
  kInvalidBlockHash,
  // A block number shorter than 4 bytes.
  kInvalidBlockNumber,
  // A direction other than Ascending (0) and Descending (1).
  kInvalidDirection,
  // A block request asking for attribute bits Substrate does not define.
  kUnknownBlockAttributes,
  // A block response whose header does not decode.
  kInvalidHeader,
  // A block response whose body item is not one length-prefixed (opaque) extrinsic.
  kInvalidBody,
  // A block response whose `justifications` is not a SCALE Justifications.
  kInvalidJustifications,
  // A light or state request or response with no variant set.
  kMissingVariant,
  // A well-formed request of a kind we do not serve (light RemoteReadRequestV2).
  kUnsupportedRequest,
  // A state request resuming from more than two keys (top-level key, then child-trie key).
  kTooManyStartKeys,
};

std::string_view to_string(ProtocolError error);

// kNotEnoughData is kTruncated, kTrailingBytes stays, every other SCALE error is kMalformedScale.
ProtocolError from_scale_error(scale::DecodeError error);

}  // namespace canary::network
