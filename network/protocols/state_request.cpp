#include "network/protocols/state_request.hpp"

#include <algorithm>
#include <string>

#include "network/proto/state.pb.h"
#include "network/protocols/protobuf_util.hpp"

namespace canary::network {

namespace pb = protobuf_util;

Bytes encode_state_request(const StateRequest& request) {
  proto::StateRequest out;
  out.set_block(pb::to_string(request.block));
  for (const Bytes& key : request.start) out.add_start(pb::to_string(key));
  out.set_no_proof(request.no_proof);
  return pb::serialize(out);
}

Result<StateRequest, ProtocolError> decode_state_request(ByteSpan bytes) {
  if (bytes.size() > kMaxStateRequestSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::StateRequest in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  StateRequest request;
  // Substrate: `Decode::decode(&mut request.block.as_ref())`, the front 32 bytes.
  if (in.block().size() < request.block.size()) {
    return unexpected(ProtocolError::kInvalidBlockHash);
  }
  std::copy_n(in.block().begin(), request.block.size(), request.block.begin());
  if (static_cast<size_t>(in.start_size()) > kMaxStateStartKeys) {
    return unexpected(ProtocolError::kTooManyStartKeys);
  }
  for (const std::string& key : in.start()) request.start.push_back(pb::to_bytes(key));
  request.no_proof = in.no_proof();
  return request;
}

Bytes encode_state_response(const StateResponse& response) {
  proto::StateResponse out;
  for (const KeyValueStateEntry& trie : response.entries) {
    proto::KeyValueStateEntry* entry = out.add_entries();
    entry->set_state_root(pb::to_string(trie.state_root));
    for (const StateEntry& kv : trie.entries) {
      proto::StateEntry* e = entry->add_entries();
      e->set_key(pb::to_string(kv.key));
      e->set_value(pb::to_string(kv.value));
    }
    entry->set_complete(trie.complete);
  }
  out.set_proof(pb::to_string(response.proof));
  return pb::serialize(out);
}

Result<StateResponse, ProtocolError> decode_state_response(ByteSpan bytes) {
  if (bytes.size() > kMaxStateResponseSize) return unexpected(ProtocolError::kMessageTooLarge);
  proto::StateResponse in;
  if (!pb::parse(in, bytes)) return unexpected(ProtocolError::kMalformedProtobuf);
  StateResponse response;
  response.entries.reserve(static_cast<size_t>(in.entries_size()));
  for (const proto::KeyValueStateEntry& entry : in.entries()) {
    KeyValueStateEntry trie;
    trie.state_root = pb::to_bytes(entry.state_root());
    trie.entries.reserve(static_cast<size_t>(entry.entries_size()));
    for (const proto::StateEntry& kv : entry.entries()) {
      trie.entries.push_back(StateEntry{pb::to_bytes(kv.key()), pb::to_bytes(kv.value())});
    }
    trie.complete = entry.complete();
    response.entries.push_back(std::move(trie));
  }
  response.proof = pb::to_bytes(in.proof());
  return response;
}

}  // namespace canary::network
