#include "consensus/grandpa/signing.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

Bytes localized_payload(const Message& message, RoundNumber round, SetId set_id) {
  scale::Encoder out(1 + 32 + 4 + 8 + 8);
  scale::encode_to(out, message);
  scale::encode_to(out, round);
  scale::encode_to(out, set_id);
  return std::move(out).take();
}

SignedMessage sign_message(const crypto::ed25519::Keypair& keypair, const Message& message,
                           RoundNumber round, SetId set_id) {
  SignedMessage signed_message;
  signed_message.message = message;
  signed_message.signature =
      crypto::ed25519::sign(keypair, localized_payload(message, round, set_id));
  signed_message.id = keypair.public_key;
  return signed_message;
}

bool verify_signature(const Message& message, const AuthoritySignature& signature,
                      const AuthorityId& id, RoundNumber round, SetId set_id) {
  return crypto::ed25519::verify(signature, localized_payload(message, round, set_id), id);
}

bool verify_message(const SignedMessage& signed_message, RoundNumber round, SetId set_id) {
  return verify_signature(signed_message.message, signed_message.signature, signed_message.id,
                          round, set_id);
}

}  // namespace canary::consensus::grandpa
