#include "parachain/protocol/collation_protocol.hpp"

namespace canary::parachain::protocol {

namespace {

constexpr ByteArray<4> kDeclareSuffix = {'C', 'O', 'L', 'L'};

}  // namespace

Bytes declare_signature_payload(ByteSpan peer_id_bytes) {
  return concat(peer_id_bytes, kDeclareSuffix);
}

Declare sign_declare(const crypto::sr25519::Keypair& collator_key, ParaId para_id,
                     ByteSpan peer_id_bytes) {
  return {collator_key.public_key, para_id,
          crypto::sr25519::sign(collator_key, declare_signature_payload(peer_id_bytes))};
}

bool verify_declare(const Declare& declare, ByteSpan peer_id_bytes) {
  return crypto::sr25519::verify(declare.signature, declare_signature_payload(peer_id_bytes),
                                 declare.collator_id);
}

Result<CollationWireMessage, WireError> decode_collation_message(ByteSpan bytes) {
  return decode_bounded<CollationWireMessage>(bytes, kMaxNotificationSize);
}

Result<Bytes, WireError> encode_collation_message(const CollationWireMessage& message) {
  return encode_bounded(message, kMaxNotificationSize);
}

}  // namespace canary::parachain::protocol
