// `/light/2`, `/state/2`, `/sync/warp` and `/grandpa/1` framing.
//  - Light and state requests: the layouts smoldot builds (network/codec/storage_call_proof.rs
//    build_call_proof_request / build_storage_proof_request / build_child_storage_proof_request,
//    state_request.rs build_state_request), written out by hand, decoded by us.
//  - Warp sync: a WarpSyncProof assembled from real parts (Kusama #1's header and smoldot's real
//    justification, real_vectors.hpp) in sc-consensus-grandpa's WarpSyncProof layout.
//  - GRANDPA: smoldot's network/codec/grandpa.rs `basic_decode_neighbor` notification.
#include <gtest/gtest.h>

#include "network/protocols/grandpa_notification.hpp"
#include "network/protocols/light_request.hpp"
#include "network/protocols/state_request.hpp"
#include "network/protocols/warp_sync.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/unit/network/real_vectors.hpp"

namespace canary::network {
namespace {

using testing::hex_bytes;

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A protobuf length-delimited field with a one-byte tag.
Bytes field(uint8_t tag, const Bytes& payload) {
  Bytes out{tag};
  size_t n = payload.size();
  while (n >= 0x80) {
    out.push_back(static_cast<uint8_t>(n | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<uint8_t>(n));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

block::BlockHash kusama_one_hash() {
  return from_hex_fixed<32>(testing::kKusamaBlockOneHashHex).value();
}

Bytes hash_bytes() {
  const auto h = kusama_one_hash();
  return Bytes(h.begin(), h.end());
}

TEST(LightRequest, SmoldotCallProofRequest) {
  // Request { remote_call_request(1): { block(2), method(3), data(4) } }.
  const Bytes bytes = field(
      0x0a, cat({field(0x12, hash_bytes()), field(0x1a, text("Core_version")), field(0x22, {})}));
  auto request = decode_light_request(bytes);
  ASSERT_TRUE(request) << to_string(request.error());
  const auto& call = std::get<RemoteCallRequest>(*request);
  EXPECT_EQ(call.block, kusama_one_hash());
  EXPECT_EQ(call.method, "Core_version");
  EXPECT_TRUE(call.data.empty());
  EXPECT_EQ(encode_light_request(*request), bytes);
}

TEST(LightRequest, SmoldotStorageAndChildProofRequests) {
  // remote_read_request(2): { block(2), keys(3)* }.
  const Bytes read = field(0x12, cat({field(0x12, hash_bytes()), field(0x1a, text(":code")),
                                      field(0x1a, Bytes{0x26, 0xaa})}));
  auto request = decode_light_request(read);
  ASSERT_TRUE(request) << to_string(request.error());
  EXPECT_EQ(std::get<RemoteReadRequest>(*request).keys,
            (std::vector<Bytes>{text(":code"), Bytes{0x26, 0xaa}}));
  EXPECT_EQ(encode_light_request(*request), read);
  // remote_read_child_request(4): { block(2), storage_key(3), keys(6)* }.
  const Bytes child =
      field(0x22, cat({field(0x12, hash_bytes()), field(0x1a, text(":child_storage:default:child")),
                       field(0x32, Bytes{1})}));
  auto child_request = decode_light_request(child);
  ASSERT_TRUE(child_request) << to_string(child_request.error());
  const auto& c = std::get<RemoteReadChildRequest>(*child_request);
  EXPECT_EQ(c.storage_key, text(":child_storage:default:child"));
  EXPECT_EQ(c.keys, std::vector<Bytes>{Bytes{1}});
  EXPECT_EQ(encode_light_request(*child_request), child);
}

TEST(LightRequest, RefusesBadRequests) {
  // Required fields (proto2): a call without data.
  EXPECT_EQ(decode_light_request(
                field(0x0a, cat({field(0x12, hash_bytes()), field(0x1a, text("Core_version"))})))
                .error(),
            ProtocolError::kMalformedProtobuf);
  // A method that is not UTF-8 (a `string` upstream).
  EXPECT_EQ(decode_light_request(field(0x0a, cat({field(0x12, hash_bytes()),
                                                  field(0x1a, Bytes{0xff}), field(0x22, {})})))
                .error(),
            ProtocolError::kMalformedProtobuf);
  EXPECT_EQ(decode_light_request(field(0x12, field(0x12, Bytes(31, 0)))).error(),
            ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_light_request(Bytes{}).error(), ProtocolError::kMissingVariant);
  // RFC-0009 RemoteReadRequestV2 (field 6, block in field 1) is recognised, not served.
  EXPECT_EQ(decode_light_request(field(0x32, field(0x0a, hash_bytes()))).error(),
            ProtocolError::kUnsupportedRequest);
  EXPECT_EQ(decode_light_request(Bytes(kMaxLightRequestSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

TEST(LightResponse, ProofPresentAbsentAndEmpty) {
  // Response { remote_read_response(2): { proof(2) } }: smoldot's decode path.
  const Bytes proof = scale::encode(std::vector<Bytes>{Bytes{1, 2, 3}});
  const Bytes read = field(0x12, field(0x12, proof));
  auto response = decode_light_response(read);
  ASSERT_TRUE(response) << to_string(response.error());
  EXPECT_EQ(std::get<RemoteReadResponse>(*response).proof, proof);
  EXPECT_EQ(encode_light_response(*response), read);
  // No proof: the server could not answer.
  auto missing = decode_light_response(field(0x0a, {}));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(std::get<RemoteCallResponse>(*missing).proof);
  EXPECT_EQ(encode_light_response(*missing), field(0x0a, {}));
  // An empty proof is still a proof (proto2 keeps presence).
  const Bytes empty = field(0x0a, field(0x12, {}));
  EXPECT_EQ(std::get<RemoteCallResponse>(decode_light_response(empty).value()).proof, Bytes{});
  EXPECT_EQ(encode_light_response(decode_light_response(empty).value()), empty);
  EXPECT_EQ(decode_light_response(Bytes{}).error(), ProtocolError::kMissingVariant);
  EXPECT_EQ(decode_light_response(Bytes{0x0a, 0x03, 0x12}).error(),
            ProtocolError::kMalformedProtobuf);
}

TEST(StateRequest, SmoldotLayout) {
  // block(1) ‖ start(2) twice (child trie, then key within it) ‖ no_proof(3) = false, written
  // explicitly by smoldot; proto3 omits it when we encode.
  const Bytes child_key = text(":child_storage:default:abcd");
  const Bytes bytes = cat({field(0x0a, hash_bytes()), field(0x12, child_key),
                           field(0x12, Bytes{0x01}), Bytes{0x18, 0x00}});
  auto request = decode_state_request(bytes);
  ASSERT_TRUE(request) << to_string(request.error());
  EXPECT_EQ(request->block, kusama_one_hash());
  EXPECT_EQ(request->start, (std::vector<Bytes>{child_key, Bytes{0x01}}));
  EXPECT_FALSE(request->no_proof);
  const Bytes canonical(bytes.begin(), bytes.end() - 2);
  EXPECT_EQ(encode_state_request(*request), canonical);
  EXPECT_EQ(decode_state_request(encode_state_request(*request)).value(), *request);
}

TEST(StateRequest, RefusesBadRequests) {
  EXPECT_EQ(decode_state_request(field(0x0a, Bytes(31, 0))).error(),
            ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_state_request(Bytes{}).error(), ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_state_request(
                cat({field(0x0a, hash_bytes()), field(0x12, {}), field(0x12, {}), field(0x12, {})}))
                .error(),
            ProtocolError::kTooManyStartKeys);
  EXPECT_EQ(decode_state_request(Bytes{0x0a, 0x20}).error(), ProtocolError::kMalformedProtobuf);
  EXPECT_EQ(decode_state_request(Bytes(kMaxStateRequestSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

TEST(StateResponse, EntriesAndProofRoundTrip) {
  StateResponse response;
  response.entries.push_back(KeyValueStateEntry{{}, {{text(":code"), Bytes{0, 1}}}, false});
  response.entries.push_back(KeyValueStateEntry{Bytes(32, 7), {{Bytes{1}, Bytes{}}}, true});
  response.proof = Bytes{4, 0};
  const Bytes encoded = encode_state_response(response);
  // entries(1) { entries(2) { key(1) value(2) } } — the empty top-trie root is omitted.
  const Bytes first =
      field(0x0a, field(0x12, cat({field(0x0a, text(":code")), field(0x12, Bytes{0, 1})})));
  const Bytes second = field(0x0a, cat({field(0x0a, Bytes(32, 7)),
                                        field(0x12, field(0x0a, Bytes{1})), Bytes{0x18, 0x01}}));
  EXPECT_EQ(encoded, cat({first, second, field(0x12, Bytes{4, 0})}));
  EXPECT_EQ(decode_state_response(encoded).value(), response);
  EXPECT_EQ(decode_state_response(Bytes(kMaxStateResponseSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

WarpSyncProof real_proof() {
  WarpSyncProof proof;
  proof.proofs.push_back(WarpSyncFragment{testing::kusama_block_one(),
                                          scale::decode<consensus::grandpa::GrandpaJustification>(
                                              hex_bytes(testing::kRealJustificationHex))
                                              .value()});
  proof.is_finished = true;
  return proof;
}

TEST(WarpSync, RequestIsTheBlockHash) {
  const auto hash = kusama_one_hash();
  EXPECT_EQ(encode_warp_sync_request(hash), hash_bytes());
  EXPECT_EQ(decode_warp_sync_request(hash_bytes()).value(), hash);
  EXPECT_EQ(decode_warp_sync_request(Bytes(31, 0)).error(), ProtocolError::kInvalidBlockHash);
  EXPECT_EQ(decode_warp_sync_request(Bytes(33, 0)).error(), ProtocolError::kMessageTooLarge);
}

TEST(WarpSync, ProofOfRealParts) {
  // Compact(1) ‖ header ‖ justification ‖ is_finished.
  const Bytes bytes = cat({Bytes{0x04}, testing::kusama_block_one_bytes(),
                           hex_bytes(testing::kRealJustificationHex), Bytes{0x01}});
  auto proof = decode_warp_sync_proof(bytes);
  ASSERT_TRUE(proof) << to_string(proof.error());
  ASSERT_EQ(proof->proofs.size(), 1u);
  EXPECT_EQ(proof->proofs[0].header.number, 1u);
  EXPECT_EQ(proof->proofs[0].justification.round, 439559u);
  EXPECT_EQ(proof->proofs[0].justification.commit.target_number, 302592u);
  EXPECT_EQ(proof->proofs[0].justification.commit.precommits.size(), 5u);
  EXPECT_TRUE(proof->is_finished);
  EXPECT_EQ(*proof, real_proof());
  EXPECT_EQ(encode_warp_sync_proof(*proof), bytes);
  // The same through the generic decoder.
  EXPECT_EQ(scale::decode<WarpSyncProof>(bytes).value(), *proof);
}

TEST(WarpSync, RefusesBadProofs) {
  const Bytes bytes = encode_warp_sync_proof(real_proof());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(decode_warp_sync_proof(ByteSpan(bytes).first(cut))) << cut;
  }
  Bytes trailing = bytes;
  trailing.push_back(0);
  EXPECT_EQ(decode_warp_sync_proof(trailing).error(), ProtocolError::kTrailingBytes);
  Bytes bad_bool = bytes;
  bad_bool.back() = 2;
  EXPECT_EQ(decode_warp_sync_proof(bad_bool).error(), ProtocolError::kMalformedScale);
  // Counts the bytes cannot hold: 16383 fragments; 16383 precommits in a fragment.
  EXPECT_EQ(decode_warp_sync_proof(Bytes{0xfd, 0xff, 0x01}).error(), ProtocolError::kTruncated);
  Bytes precommits = cat({Bytes{0x04}, testing::kusama_block_one_bytes(), Bytes(8 + 32 + 4, 0),
                          Bytes{0xfd, 0xff}, Bytes(200, 0)});
  EXPECT_EQ(decode_warp_sync_proof(precommits).error(), ProtocolError::kTruncated);
  EXPECT_EQ(decode_warp_sync_proof(Bytes{0x00, 0x00}).value(), WarpSyncProof{});
  EXPECT_EQ(decode_warp_sync_proof(Bytes(kMaxWarpSyncResponseSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

TEST(GrandpaNotification, SmoldotNeighborPacket) {
  const Bytes bytes = {2, 1, 87, 14, 0, 0, 0, 0, 0, 0, 162, 13, 0, 0, 0, 0, 0, 0, 49, 231, 77, 0};
  auto message = decode_grandpa_notification(bytes);
  ASSERT_TRUE(message) << to_string(message.error());
  const auto& neighbor = std::get<consensus::grandpa::NeighborPacket>(*message);
  EXPECT_EQ(neighbor.round, 3671u);
  EXPECT_EQ(neighbor.set_id, 3490u);
  EXPECT_EQ(neighbor.commit_finalized_height, 5105457u);
  EXPECT_EQ(encode_grandpa_notification(*message), bytes);
  Bytes trailing = bytes;
  trailing.push_back(0);
  EXPECT_EQ(decode_grandpa_notification(trailing).error(), ProtocolError::kTrailingBytes);
  EXPECT_EQ(decode_grandpa_notification(ByteSpan(bytes).first(10)).error(),
            ProtocolError::kTruncated);
  Bytes bad_index = bytes;
  bad_index[0] = 5;
  EXPECT_EQ(decode_grandpa_notification(bad_index).error(), ProtocolError::kMalformedScale);
  EXPECT_EQ(decode_grandpa_notification(Bytes(kMaxGrandpaNotificationSize + 1, 0)).error(),
            ProtocolError::kMessageTooLarge);
}

}  // namespace
}  // namespace canary::network
