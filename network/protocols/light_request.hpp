// `/<genesis>/light/2`, the light client protocol (polkadot-sdk sc-network-light
// light_client_requests/handler.rs and schema/light.v1.proto; network/proto/light.proto): a light
// client asks a full node for a storage read proof (top trie or one child trie) or an execution
// proof of a runtime call, at a block. The proofs are SCALE StorageProof (Vec<Vec<u8>>), kept as
// bytes here; an absent proof means the server could not answer (e.g. a pruned block).
//
// RFC-0009's RemoteReadRequestV2 is recognised and refused as kUnsupportedRequest (we do not serve
// it yet). Block hashes are read from the front of their bytes, as Substrate's handler does; the
// method name must be UTF-8 (a protobuf `string` upstream). Read requests without keys decode;
// Substrate's server refuses them (BadRequest), and a server here should too.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "network/protocols/protocol_error.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

inline constexpr size_t kMaxLightRequestSize = 1024 * 1024;
inline constexpr size_t kMaxLightResponseSize = 16 * 1024 * 1024;

struct RemoteCallRequest {
  block::BlockHash block{};
  std::string method;  // runtime API function, e.g. "Core_version"
  Bytes data;          // its SCALE parameters

  bool operator==(const RemoteCallRequest&) const = default;
};

struct RemoteReadRequest {
  block::BlockHash block{};
  std::vector<Bytes> keys;

  bool operator==(const RemoteReadRequest&) const = default;
};

struct RemoteReadChildRequest {
  block::BlockHash block{};
  // The child trie's prefixed key, ":child_storage:default:" ‖ name: polkadot-sdk's handler
  // reads it with ChildType::from_prefixed_key (smoldot's builder documents it unprefixed).
  Bytes storage_key;
  std::vector<Bytes> keys;

  bool operator==(const RemoteReadChildRequest&) const = default;
};

using LightRequest = std::variant<RemoteCallRequest, RemoteReadRequest, RemoteReadChildRequest>;

struct RemoteCallResponse {
  std::optional<Bytes> proof;

  bool operator==(const RemoteCallResponse&) const = default;
};

// The answer to RemoteReadRequest and RemoteReadChildRequest alike.
struct RemoteReadResponse {
  std::optional<Bytes> proof;

  bool operator==(const RemoteReadResponse&) const = default;
};

using LightResponse = std::variant<RemoteCallResponse, RemoteReadResponse>;

Bytes encode_light_request(const LightRequest& request);
Result<LightRequest, ProtocolError> decode_light_request(ByteSpan bytes);

Bytes encode_light_response(const LightResponse& response);
Result<LightResponse, ProtocolError> decode_light_response(ByteSpan bytes);

}  // namespace canary::network
