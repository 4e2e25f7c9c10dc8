#include "network/protocols/warp_sync.hpp"

#include <algorithm>

#include "primitives/scale/scale.hpp"

namespace canary::network {

namespace {

namespace grandpa = consensus::grandpa;

// The fewest bytes each repeated element can take: the generic decoder cannot know them for
// structs, and would reserve one element per remaining byte.
constexpr size_t kMinHeaderSize = 32 + 1 + 32 + 32 + 1;       // compact number, empty digest
constexpr size_t kSignedPrecommitSize = 32 + 4 + 64 + 32;     // target, signature, id
constexpr size_t kMinJustificationSize = 8 + 32 + 4 + 1 + 1;  // round, target, two counts
constexpr size_t kMinFragmentSize = kMinHeaderSize + kMinJustificationSize;

// A sequence length that the remaining bytes can hold, or a failed decoder.
size_t checked_count(scale::Decoder& in, size_t min_element) {
  const size_t count = scale::decode_length(in);
  if (in.ok() && count > in.remaining() / min_element) {
    in.fail(scale::DecodeError::kNotEnoughData);
    return 0;
  }
  return in.ok() ? count : 0;
}

template <class T>
void decode_sequence(scale::Decoder& in, size_t min_element, std::vector<T>& out,
                     void (*decode_one)(scale::Decoder&, T&)) {
  const size_t count = checked_count(in, min_element);
  out.clear();
  out.reserve(count);
  for (size_t i = 0; i < count && in.ok(); ++i) decode_one(in, out.emplace_back());
}

void decode_header(scale::Decoder& in, block::Header& header) {
  scale::decode_from(in, header);
}

void decode_precommit(scale::Decoder& in, grandpa::SignedPrecommit& precommit) {
  scale::decode_from(in, precommit);
}

void decode_justification(scale::Decoder& in, grandpa::GrandpaJustification& justification) {
  scale::decode_from(in, justification.round);
  scale::decode_from(in, justification.commit.target_hash);
  scale::decode_from(in, justification.commit.target_number);
  decode_sequence(in, kSignedPrecommitSize, justification.commit.precommits, &decode_precommit);
  decode_sequence(in, kMinHeaderSize, justification.votes_ancestries, &decode_header);
}

void decode_fragment(scale::Decoder& in, WarpSyncFragment& fragment) {
  decode_header(in, fragment.header);
  decode_justification(in, fragment.justification);
}

}  // namespace

Bytes encode_warp_sync_request(const block::BlockHash& begin) {
  return Bytes(begin.begin(), begin.end());
}

Result<block::BlockHash, ProtocolError> decode_warp_sync_request(ByteSpan bytes) {
  if (bytes.size() > kWarpSyncRequestSize) return unexpected(ProtocolError::kMessageTooLarge);
  if (bytes.size() < kWarpSyncRequestSize) return unexpected(ProtocolError::kInvalidBlockHash);
  block::BlockHash begin{};
  std::copy(bytes.begin(), bytes.end(), begin.begin());
  return begin;
}

Bytes encode_warp_sync_proof(const WarpSyncProof& proof) {
  return scale::encode(proof);
}

Result<WarpSyncProof, ProtocolError> decode_warp_sync_proof(ByteSpan bytes) {
  if (bytes.size() > kMaxWarpSyncResponseSize) return unexpected(ProtocolError::kMessageTooLarge);
  scale::Decoder in(bytes);
  WarpSyncProof proof;
  decode_sequence(in, kMinFragmentSize, proof.proofs, &decode_fragment);
  scale::decode_from(in, proof.is_finished);
  if (!in.ok()) return unexpected(from_scale_error(in.error()));
  if (in.remaining() != 0) return unexpected(ProtocolError::kTrailingBytes);
  return proof;
}

}  // namespace canary::network
