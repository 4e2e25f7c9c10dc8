// The notifications of the `/<genesis>/grandpa/1` protocol (sc-consensus-grandpa
// communication/gossip.rs `GossipMessage`; spec chap-networking "GRANDPA Messages"): a SCALE enum
//   0 Vote      {round u64, set_id u64, SignedMessage}
//   1 Commit    {round u64, set_id u64, CompactCommit}
//   2 Neighbor  VersionedNeighborPacket: the byte 1 (V1) then {round, set_id, u32 finalized height}
//   3 CatchUpRequest {round, set_id}
//   4 CatchUp   {set_id, round, prevotes, precommits, base_hash, base_number}
// Decode network bytes with decode_gossip_message: unknown indices, an unknown neighbor version
// and trailing bytes are refused, and no length prefix may promise more elements than the bytes
// could hold.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "consensus/grandpa/commit.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "consensus/grandpa/vote_messages.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa {

struct VoteMessage {
  static constexpr uint8_t kScaleIndex = 0;
  RoundNumber round = 0;
  SetId set_id = 0;
  SignedMessage message;

  bool operator==(const VoteMessage&) const = default;
  CANARY_SCALE_FIELDS(round, set_id, message)
};

struct CommitMessage {
  static constexpr uint8_t kScaleIndex = 1;
  RoundNumber round = 0;
  SetId set_id = 0;
  CompactCommit message;

  bool operator==(const CommitMessage&) const = default;
  CANARY_SCALE_FIELDS(round, set_id, message)
};

// What a peer tells its neighbours about where it is, so they can filter gossip and decide on
// catch-up requests.
struct NeighborPacket {
  static constexpr uint8_t kScaleIndex = 2;
  static constexpr uint8_t kVersion1 = 1;  // VersionedNeighborPacket::V1 has codec index 1
  RoundNumber round = 0;
  SetId set_id = 0;
  BlockNumber commit_finalized_height = 0;

  bool operator==(const NeighborPacket&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(kVersion1);
    scale::encode_to(out, round);
    scale::encode_to(out, set_id);
    scale::encode_to(out, commit_finalized_height);
  }
  void scale_decode(scale::Decoder& in) {
    if (in.read_byte() != kVersion1) in.fail(scale::DecodeError::kInvalidVariantIndex);
    scale::decode_from(in, round);
    scale::decode_from(in, set_id);
    scale::decode_from(in, commit_finalized_height);
  }
};

struct CatchUpRequest {
  static constexpr uint8_t kScaleIndex = 3;
  RoundNumber round = 0;
  SetId set_id = 0;

  bool operator==(const CatchUpRequest&) const = default;
  CANARY_SCALE_FIELDS(round, set_id)
};

// The votes of a completed round, enough for a lagging peer to jump to the next round
// (finality-grandpa `CatchUp` wrapped in Substrate's `FullCatchUpMessage`, set id first).
struct CatchUpMessage {
  static constexpr uint8_t kScaleIndex = 4;
  SetId set_id = 0;
  RoundNumber round = 0;
  std::vector<SignedPrevote> prevotes;
  std::vector<SignedPrecommit> precommits;
  BlockHash base_hash{};
  BlockNumber base_number = 0;

  bool operator==(const CatchUpMessage&) const = default;
  CANARY_SCALE_FIELDS(set_id, round, prevotes, precommits, base_hash, base_number)
};

using GossipMessage =
    std::variant<VoteMessage, CommitMessage, NeighborPacket, CatchUpRequest, CatchUpMessage>;

// scale::decode<GossipMessage> with every sequence length capped at what the input can hold: the
// smallest sequence element of any gossip message is a 36-byte unsigned precommit, so a peer
// cannot make the decoder reserve room for millions of 132-byte signed votes with a few bytes.
Result<GossipMessage, scale::DecodeError> decode_gossip_message(ByteSpan bytes);

}  // namespace canary::consensus::grandpa
