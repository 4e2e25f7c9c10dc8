// Why bytes from a parachain peer were refused: every decoder of parachain/protocol returns one of
// these. The caller (the network bridge, a request handler) decides what a refusal costs the peer;
// polkadot-sdk's bridge charges "Malformed Network-bridge message" for any of them
// (polkadot/node/network/bridge/src/lib.rs MALFORMED_MESSAGE_COST).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "primitives/scale/decode_error.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::protocol {

enum class WireError : uint8_t {
  // Above the protocol's size limit (checked before anything is parsed, and when encoding).
  kTooLarge,
  // SCALE bytes ended early.
  kTruncated,
  // SCALE bytes that are not a value of the type (unknown variant, bad magic, non-canonical
  // compact...).
  kMalformedScale,
  // Bytes left after a complete message (polkadot-sdk decodes with decode_all).
  kTrailingBytes,
  // A well-formed message of a kind Canary does not implement yet (approval distribution).
  kUnsupported,
  // An erasure chunk proof of no node, more than 8 nodes, or a node empty or over 612 bytes:
  // node primitives' `Proof` refuses to decode it (polkadot/node/primitives/src/lib.rs).
  kProofOutOfBounds,
};

std::string_view to_string(WireError error);

// kNotEnoughData is kTruncated, kTrailingBytes stays, every other SCALE error is kMalformedScale.
WireError from_scale_error(scale::DecodeError error);

// One whole T from `bytes`, refused when longer than `max_size` or followed by anything. Every
// length prefix is capped at the input's size, so a few bytes cannot make the decoder reserve
// room for millions of elements; a prefix above that cap promises more than the input holds, so
// it is reported as kTruncated.
template <class T>
Result<T, WireError> decode_bounded(ByteSpan bytes, size_t max_size) {
  if (bytes.size() > max_size) return unexpected(WireError::kTooLarge);
  auto decoded = scale::decode<T>(bytes, std::max<size_t>(1, bytes.size()));
  if (!decoded) {
    if (decoded.error() == scale::DecodeError::kLengthTooLarge) {
      return unexpected(WireError::kTruncated);
    }
    return unexpected(from_scale_error(decoded.error()));
  }
  return std::move(*decoded);
}

// SCALE(value), refused when longer than `max_size` (a peer would refuse it).
template <class T>
Result<Bytes, WireError> encode_bounded(const T& value, size_t max_size) {
  if (scale::encoded_size(value) > max_size) return unexpected(WireError::kTooLarge);
  return scale::encode(value);
}

}  // namespace canary::parachain::protocol
