// The server side of `/<genesis>/light/2`: the answer polkadot-sdk's LightClientRequestHandler
// (sc-network-light light_client_requests/handler.rs) gives to a light client's request, computed
// from a LightStateSource. Sans-IO: serve_light_request takes the request's bytes and returns the
// response's, or why the request gets none (the substream is reset).
//
// Substrate's rules, kept:
//  - a remote call answers with the execution proof of the call on the block's state, a remote
//    read with the read proof of the keys, a remote child read with the proof of the keys in the
//    child trie (and of the child's root); the proof is a SCALE StorageProof (Vec<Vec<u8>>, each
//    node once, in byte order);
//  - anything that goes wrong while proving (unknown block, pruned state, the runtime call
//    fails, a child storage key of another child trie type) gives a response without proof;
//  - a read or child read without keys, or a request without any variant, is a bad request:
//    no response, and the peer loses reputation (kBadLightRequest, Substrate's -(1 << 12));
//  - bytes that are not a request get no response and cost nothing.
// Added:
//  - a child read's key may also be the child trie's unprefixed name: smoldot's runtime service
//    sends it so (light-base runtime_service.rs storage-on-demand), where Substrate would answer
//    without proof. A key that starts with ":child_storage:default:" is read as prefixed, as
//    Substrate reads it; one under ":child_storage:" of another type is refused (no proof).
//  - a proof whose response would exceed kMaxLightResponseSize (what the peer accepts) is not
//    sent: the response has no proof.
// Not here: Substrate's wall-clock limit on a remote call (execution_timeout), which needs an
// interruptible runtime.
#pragma once

#include <cstdint>

#include "network/protocols/light_request.hpp"
#include "network/protocols/light_state_source.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

enum class LightRequestRefusal : uint8_t {
  kMalformed,    // not a light request (Substrate: a decode error, no reputation change)
  kBadRequest,   // a request without variant, or a read without keys (Substrate: BadRequest)
  kUnsupported,  // RFC-0009's RemoteReadRequestV2, which we do not serve
};

const char* to_string(LightRequestRefusal refusal);

// The response to a decoded request; refuses only reads without keys (kBadRequest).
Result<LightResponse, LightRequestRefusal> build_light_response(const LightRequest& request,
                                                                LightStateSource& source);

// Decodes `request`, answers it and encodes the response.
Result<Bytes, LightRequestRefusal> serve_light_request(ByteSpan request, LightStateSource& source);

}  // namespace canary::network
