#include "network/protocols/light_request.hpp"

#include <algorithm>

#include "network/proto/light.pb.h"
#include "network/protocols/protobuf_util.hpp"
#include "primitives/scale/utf8.hpp"

namespace canary::network {

namespace pb = protobuf_util;

namespace {

// The handler's `Decode::decode(&mut request.block.as_ref())`: the front 32 bytes.
Result<block::BlockHash, ProtocolError> block_hash(const std::string& bytes) {
  block::BlockHash hash{};
  if (bytes.size() < hash.size()) return unexpected(ProtocolError::kInvalidBlockHash);
  std::copy_n(bytes.begin(), hash.size(), hash.begin());
  return hash;
}

std::vector<Bytes> keys_of(const google::protobuf::RepeatedPtrField<std::string>& keys) {
  std::vector<Bytes> out;
  out.reserve(static_cast<size_t>(keys.size()));
  for (const std::string& key : keys) out.push_back(pb::to_bytes(key));
  return out;
}

}  // namespace

Bytes encode_light_request(const LightRequest& request) {
  proto::LightRequest out;
  if (const auto* call = std::get_if<RemoteCallRequest>(&request)) {
    proto::RemoteCallRequest* m = out.mutable_remote_call_request();
    m->set_block(pb::to_string(call->block));
    m->set_method(call->method);
    m->set_data(pb::to_string(call->data));
  } else if (const auto* read = std::get_if<RemoteReadRequest>(&request)) {
    proto::RemoteReadRequest* m = out.mutable_remote_read_request();
    m->set_block(pb::to_string(read->block));
    for (const Bytes& key : read->keys) m->add_keys(pb::to_string(key));
  } else {
    const auto& child = std::get<RemoteReadChildRequest>(request);
    proto::RemoteReadChildRequest* m = out.mutable_remote_read_child_request();
    m->set_block(pb::to_string(child.block));
    m->set_storage_key(pb::to_string(child.storage_key));
    for (const Bytes& key : child.keys) m->add_keys(pb::to_string(key));
  }
  return pb::serialize(out);
}

Result<LightRequest, ProtocolError> decode_light_request(ByteSpan bytes) {
  if (bytes.size() > kMaxLightRequestSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::LightRequest in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  switch (in.request_case()) {
    case proto::LightRequest::kRemoteCallRequest: {
      const proto::RemoteCallRequest& m = in.remote_call_request();
      auto hash = block_hash(m.block());
      if (!hash) return unexpected(hash.error());
      if (!scale::is_valid_utf8(pb::as_span(m.method()))) {
        return unexpected(ProtocolError::kMalformedProtobuf);
      }
      return LightRequest{RemoteCallRequest{*hash, m.method(), pb::to_bytes(m.data())}};
    }
    case proto::LightRequest::kRemoteReadRequest: {
      const proto::RemoteReadRequest& m = in.remote_read_request();
      auto hash = block_hash(m.block());
      if (!hash) return unexpected(hash.error());
      return LightRequest{RemoteReadRequest{*hash, keys_of(m.keys())}};
    }
    case proto::LightRequest::kRemoteReadChildRequest: {
      const proto::RemoteReadChildRequest& m = in.remote_read_child_request();
      CANARY_TRY_ASSIGN(auto hash, block_hash(m.block()));
      return LightRequest{
          RemoteReadChildRequest{hash, pb::to_bytes(m.storage_key()), keys_of(m.keys())}};
    }
    case proto::LightRequest::kRemoteReadRequestV2:
      return unexpected(ProtocolError::kUnsupportedRequest);
    case proto::LightRequest::REQUEST_NOT_SET:
      break;
  }
  return unexpected(ProtocolError::kMissingVariant);
}

Bytes encode_light_response(const LightResponse& response) {
  proto::LightResponse out;
  if (const auto* call = std::get_if<RemoteCallResponse>(&response)) {
    proto::RemoteCallResponse* m = out.mutable_remote_call_response();
    if (call->proof) m->set_proof(pb::to_string(*call->proof));
  } else {
    const auto& read = std::get<RemoteReadResponse>(response);
    proto::RemoteReadResponse* m = out.mutable_remote_read_response();
    if (read.proof) m->set_proof(pb::to_string(*read.proof));
  }
  return pb::serialize(out);
}

Result<LightResponse, ProtocolError> decode_light_response(ByteSpan bytes) {
  if (bytes.size() > kMaxLightResponseSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::LightResponse in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  switch (in.response_case()) {
    case proto::LightResponse::kRemoteCallResponse: {
      RemoteCallResponse call;
      if (in.remote_call_response().has_proof()) {
        call.proof = pb::to_bytes(in.remote_call_response().proof());
      }
      return LightResponse{std::move(call)};
    }
    case proto::LightResponse::kRemoteReadResponse: {
      RemoteReadResponse read;
      if (in.remote_read_response().has_proof()) {
        read.proof = pb::to_bytes(in.remote_read_response().proof());
      }
      return LightResponse{std::move(read)};
    }
    case proto::LightResponse::RESPONSE_NOT_SET:
      break;
  }
  return unexpected(ProtocolError::kMissingVariant);
}

}  // namespace canary::network
