// The other Substrate protocol inputs: `/light/2` requests and responses, `/state/2` requests and
// responses, `/sync/warp` requests and proofs, `/grandpa/1` notifications, `/transactions/1`
// notifications and SCALE Justifications. Every input gives a value or an error, never a crash.
// The SCALE formats are canonical (what decodes re-encodes to the same bytes); the protobuf ones
// are checked as decode(encode(x)) == x.
#include <cstddef>
#include <cstdint>

#include "network/protocols/grandpa_notification.hpp"
#include "network/protocols/light_request.hpp"
#include "network/protocols/state_request.hpp"
#include "network/protocols/transactions.hpp"
#include "network/protocols/warp_sync.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;
using namespace canary::network;

template <class T, class Encode, class Decode>
void round_trip(const T& value, Encode encode, Decode decode) {
  auto again = decode(encode(value));
  if (!again || !(*again == value)) __builtin_trap();
}

template <class T, class Encode>
void same_bytes(const T& value, Encode encode, const Bytes& input) {
  if (encode(value) != input) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan input(bytes, size);
  const Bytes same(input.begin(), input.end());
  if (auto request = decode_light_request(input)) {
    round_trip(*request, encode_light_request, decode_light_request);
  }
  if (auto response = decode_light_response(input)) {
    round_trip(*response, encode_light_response, decode_light_response);
  }
  if (auto request = decode_state_request(input)) {
    round_trip(*request, encode_state_request, decode_state_request);
  }
  if (auto response = decode_state_response(input)) {
    round_trip(*response, encode_state_response, decode_state_response);
  }
  if (auto begin = decode_warp_sync_request(input)) {
    same_bytes(*begin, encode_warp_sync_request, same);
  }
  if (auto proof = decode_warp_sync_proof(input)) same_bytes(*proof, encode_warp_sync_proof, same);
  if (auto message = decode_grandpa_notification(input)) {
    same_bytes(*message, encode_grandpa_notification, same);
  }
  if (auto extrinsics = decode_transactions(input)) {
    same_bytes(*extrinsics, encode_transactions, same);
  }
  // BlockData.justifications and what the database stores.
  if (auto justifications = scale::decode<block::Justifications>(input)) {
    if (scale::encode(*justifications) != same) __builtin_trap();
  }
  return 0;
}
