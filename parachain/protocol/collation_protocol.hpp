// The notifications of `/<genesis>/collation/2` (polkadot-sdk
// `polkadot/node/network/protocol/src/lib.rs` mod v2; parachain-facts §3.1), each inside a
// WireMessage:
//   CollationProtocol { CollatorProtocol(msg) = 0 }
//   CollatorProtocolMessage { Declare(CollatorId, ParaId, CollatorSignature) = 0,
//     AdvertiseCollation{relay_parent, candidate_hash, parent_head_data_hash} = 1,
//     CollationSeconded(relay_parent, UncheckedSigned<Statement> (full)) = 4 }
// A collator first declares which para it collates for, proving that its collator key belongs to
// the peer: the Declare signature is over the peer id's bytes ‖ "COLL". (Newer polkadot-sdk calls
// AdvertiseCollation's first field `scheduling_parent`; same bytes. A substream opened on the
// legacy fallback name `/polkadot/collation/1` carries v1 messages, whose AdvertiseCollation is
// only a relay parent: not decoded here.)
#pragma once

#include <cstdint>
#include <variant>

#include "parachain/protocol/signed.hpp"
#include "parachain/protocol/wire_error.hpp"
#include "parachain/protocol/wire_message.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

// The sr25519 public key of a collator's `coll` key, and its signature.
using CollatorId = crypto::sr25519::PublicKey;
using CollatorSignature = crypto::sr25519::Signature;

struct Declare {
  static constexpr uint8_t kScaleIndex = 0;
  CollatorId collator_id{};
  ParaId para_id = 0;
  CollatorSignature signature{};
  bool operator==(const Declare&) const = default;
  CANARY_SCALE_FIELDS(collator_id, para_id, signature)
};

struct AdvertiseCollation {
  static constexpr uint8_t kScaleIndex = 1;
  Hash256 relay_parent{};
  CandidateHash candidate_hash{};
  Hash256 parent_head_data_hash{};
  bool operator==(const AdvertiseCollation&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, candidate_hash, parent_head_data_hash)
};

// A validator tells the collator that its collation was seconded (with the full statement, so
// the collator can check it).
struct CollationSeconded {
  static constexpr uint8_t kScaleIndex = 4;
  Hash256 relay_parent{};
  UncheckedSignedFullStatement statement;
  bool operator==(const CollationSeconded&) const = default;
  CANARY_SCALE_FIELDS(relay_parent, statement)
};

using CollatorProtocolMessage = std::variant<Declare, AdvertiseCollation, CollationSeconded>;

struct CollatorProtocol {
  static constexpr uint8_t kScaleIndex = 0;
  CollatorProtocolMessage message;
  bool operator==(const CollatorProtocol&) const = default;
  CANARY_SCALE_FIELDS(message)
};
using CollationProtocol = std::variant<CollatorProtocol>;
using CollationWireMessage = WireMessage<CollationProtocol>;

// v1 `declare_signature_payload`: the peer id's bytes (libp2p PeerId::to_bytes, the multihash)
// followed by "COLL".
Bytes declare_signature_payload(ByteSpan peer_id_bytes);
Declare sign_declare(const crypto::sr25519::Keypair& collator_key, ParaId para_id,
                     ByteSpan peer_id_bytes);
// The signature by the declared collator key over the sending peer's id.
bool verify_declare(const Declare& declare, ByteSpan peer_id_bytes);

// A notification received on the collation peer set: at most kMaxNotificationSize bytes, one
// whole message.
Result<CollationWireMessage, WireError> decode_collation_message(ByteSpan bytes);
// Refused (kTooLarge) above kMaxNotificationSize (a CollationSeconded whose receipt carries new
// validation code can be).
Result<Bytes, WireError> encode_collation_message(const CollationWireMessage& message);

}  // namespace canary::parachain::protocol
